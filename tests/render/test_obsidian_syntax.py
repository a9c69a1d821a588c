"""Obsidian notes: callouts as boxes, ==marks==, %%comments%% hidden, and note embeds shown inline, bounded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.render import render_entry
from paperdesk.render.transclusion import MAX_EMBED_CHARS

SITES = Path(__file__).parents[1] / "fixtures" / "sites"


def vault(tmp_path: Path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return scan(tmp_path, use_cache=False)


def render_titled(collection, title: str):
    return render_entry(next(e for e in collection.entries if e.title == title), collection)


@pytest.mark.parametrize(("written", "kind", "title"), [
    ("[!note] Key idea", "note", "Key idea"), ("[!WARNING]", "warning", "Warning"), ("[!faq] Why?", "question", "Why?"),
    ("[!tldr]", "abstract", "Tldr"), ("[!my-own] Custom", "note", "Custom"),
])
def test_callouts_are_boxes(render_md, written, kind, title):
    result = render_md(f"> {written}\n> Body *text*.")
    assert result.html.startswith(f'<blockquote class="callout callout-{kind}"><p class="callout-title">{title}</p>'
                                  "<p>Body <em>text</em>.</p>")
    assert "[!" not in result.html


def test_foldable_callouts_are_details(render_md):
    closed = render_md("> [!tip]- Hidden\n> Inside.").html
    opened = render_md("> [!tip]+ Shown\n> Inside.").html
    assert closed.startswith('<details class="callout callout-tip"><summary class="callout-title">Hidden</summary>')
    assert opened.startswith('<details class="callout callout-tip" open=""><summary class="callout-title">Shown</summary>')
    assert closed.rstrip().endswith("</details>")


def test_callouts_one_after_another_and_nested(render_md):
    html = render_md("> [!note] One\n> a\n\n> [!tip] Two\n> b\n> > [!bug] Inner\n> > c").html
    assert re.findall(r'class="callout callout-(\w+)"><p class="callout-title">(\w+)', html) == [
        ("note", "One"), ("tip", "Two"), ("bug", "Inner")]


def test_an_ordinary_quote_stays_a_quote(render_md):
    assert render_md("> Just a quote [!note] inside.").html.startswith("<blockquote>\n<p>Just a quote [!note]")


def test_marks_and_comments(render_md):
    result = render_md("A ==key point== here. %%private%% Visible.\n\n%%\nblock comment\n%%\n\nEnd `%%code%%`.")
    assert "<mark>key point</mark>" in result.html
    assert "private" not in result.text and "block comment" not in result.text
    assert "Visible." in result.text and "<code>%%code%%</code>" in result.html


def test_an_unclosed_comment_is_text(render_md):
    assert "50%% off" in render_md("Only 50%% off.").html


NOTES = {
    "Papers/Main.md": "# Main\n\nIntro.\n\n![[Other]]\n\n![[Other#Method]]\n\n![[Other#^key]]\n",
    "Concepts/Other.md": ("---\ntags: [x]\n---\n# Other\n\nOther text with ![pic](../att/p.png).\n\n## Method\n\n"
                          "Method body. ^key\n\n## Results\n\nResult body.\n"),
    "att/p.png": "\x89PNG",
}


def test_a_note_embed_shows_the_other_notes_text(tmp_path):
    collection = vault(tmp_path, NOTES)
    html = render_titled(collection, "Main").html
    other = next(e for e in collection.entries if e.title == "Other")
    boxes = re.findall(r'<blockquote class="transclusion">(.*?)</blockquote>', html, flags=re.S)
    assert len(boxes) == 3
    assert f'<a href="paperdesk://open/{other.id}"' in boxes[0] and "Other text with" in boxes[0]
    assert "Result body." in boxes[0] and "tags:" not in boxes[0]            # whole note, front matter left out
    assert 'src="paperdesk://note/att/p.png"' in boxes[0]                  # its image resolved from its own folder
    assert "Method body." in boxes[1] and "Result body." not in boxes[1] and "Other text" not in boxes[1]
    assert f"paperdesk://open/{other.id}#method" in boxes[1]
    assert "Method body." in boxes[2] and "^key" not in boxes[2] and "Result" not in boxes[2]


def test_embeds_never_loop_and_stop_at_depth_two(tmp_path):
    collection = vault(tmp_path, {
        "A.md": "# A\n\nA text.\n\n![[B]]\n", "B.md": "# B\n\nB text.\n\n![[C]]\n\n![[A]]\n",
        "C.md": "# C\n\nC text.\n\n![[D]]\n", "D.md": "# D\n\nD text.\n",
    })
    html = render_titled(collection, "A").html
    assert html.count('class="transclusion"') == 2                           # B in A, C in B
    assert "B text." in html and "C text." in html and "D text." not in html  # D: a link at depth 3
    assert html.count("A text.") == 1                                         # B's embed of A is a link
    assert re.search(r'<a href="paperdesk://open/[^"]+"[^>]*>D</a>', html)


def test_a_note_embedding_itself_is_a_link(tmp_path):
    collection = vault(tmp_path, {"Self.md": "# Self\n\nOnce.\n\n![[Self]]\n"})
    html = render_titled(collection, "Self").html
    assert html.count("Once.") == 1 and "transclusion" not in html


def test_an_embed_is_cut_at_its_size_cap(tmp_path):
    big = "# Big\n\n" + "A line of the big note.\n" * (MAX_EMBED_CHARS // 20)
    collection = vault(tmp_path, {"Main.md": "# Main\n\n![[Big]]\n", "Big.md": big})
    result = render_titled(collection, "Main")
    assert "transclusion-cut" in result.html
    assert result.text.count("A line of the big note.") < MAX_EMBED_CHARS // 20


def test_embeds_in_code_images_and_missing_notes_keep_their_old_meaning(tmp_path):
    collection = vault(tmp_path, {"Main.md": "# Main\n\n```\n![[Other]]\n```\n\n![[Nowhere]]\n\n![[p.png]]\n",
                                  "Other.md": "# Other\n\nText.\n", "p.png": "\x89PNG"})
    result = render_titled(collection, "Main")
    assert "![[Other]]" in result.html and "transclusion" not in result.html
    assert "broken-link" in result.html and 'src="paperdesk://note/p.png"' in result.html


def test_the_vault_fixture_renders_clean():
    collection = scan(SITES / "vault", use_cache=False)
    result = render_titled(collection, "Chain of thought prompting")
    assert not result.problems
    assert re.findall(r'class="callout callout-(\w+)"', result.html) == ["note", "warning", "quote", "tip"]
    assert result.html.count('class="transclusion"') == 2
    assert "GSM8K" not in result.text and "reviewers asked" not in result.text
    assert "<mark>improves arithmetic accuracy</mark>" in result.html


def test_a_tag_line_is_text_and_a_heading_needs_its_space(render_md):
    """`#paper #nlp` (Obsidian tags) and `#!` are text, as in Obsidian, GitHub and the scan; `# Title` is a heading."""
    out = render_md("#paper #nlp\n\n# Sparse Routing\n\n#! https://example.org/x\n\n####### seven\n")
    assert "<h1" in out.html and out.html.count("<h1") == 1 and "Sparse Routing</h1>" in out.html
    assert "<p>#paper #nlp</p>" in out.html
    assert "<p>####### seven</p>" in out.html
