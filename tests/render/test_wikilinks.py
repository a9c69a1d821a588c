"""Obsidian-style wikilinks: resolved by note name across the collection into ordinary links and images."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.render import render_entry
from paperdesk.render.wikilinks import WikiIndex, index_for, parse

PNG = b"\x89PNG\r\n\x1a\n" + (13).to_bytes(4, "big") + b"IHDR" + (40).to_bytes(4, "big") + (30).to_bytes(4, "big") + b"\0" * 20


def vault(tmp_path: Path, files: dict[str, str | bytes]):
    """Write `files` under tmp_path/vault and scan it (a real scan: its walk lists every file)."""
    root = tmp_path / "vault"
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return scan(root, use_cache=False)


def render_of(collection, title: str):
    entry = next(e for e in collection.entries if e.title == title)
    return render_entry(entry, collection)


def open_link(collection, title: str, anchor: str = "") -> str:
    entry = next(e for e in collection.entries if e.title == title)
    return f"paperdesk://open/{entry.id}" + (f"#{anchor}" if anchor else "")


def anchors(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link in the HTML."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html)]


BETA = "# Beta paper\n\nBeta text.\n\n## Method Details\n\nHow it works.\n"


@pytest.fixture
def notes(tmp_path: Path):
    return vault(tmp_path, {
        "papers/alpha.md": "# Alpha paper\n\nPLACEHOLDER\n",
        "papers/deep/Beta.md": BETA,
        "att/figure one.png": PNG,
    })


def render_body(tmp_path: Path, body: str, extra: dict[str, str | bytes] | None = None):
    collection = vault(tmp_path, {"papers/alpha.md": "# Alpha paper\n\n" + body + "\n",
                                  "papers/deep/Beta.md": BETA, "att/figure one.png": PNG, **(extra or {})})
    return collection, render_of(collection, "Alpha paper")


def test_a_note_name_becomes_the_same_link_as_an_ordinary_relative_link(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "See [[Beta]] and [the same](deep/Beta.md).")
    (wiki, text), (ordinary, _) = anchors(out.html)
    assert wiki == ordinary == open_link(collection, "Beta paper")
    assert text == "Beta"
    assert 'class="note-link"' in out.html and not out.problems


def test_the_name_matches_case_insensitively_and_md_is_optional(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "[[beta]] [[BETA.md]] [[Beta.MD]]")
    assert [h for h, _ in anchors(out.html)] == [open_link(collection, "Beta paper")] * 3
    assert [t for _, t in anchors(out.html)] == ["beta", "BETA.md", "Beta.MD"]


def test_an_alias_is_the_shown_text(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "Read [[Beta|the beta note]] first.")
    assert anchors(out.html) == [(open_link(collection, "Beta paper"), "the beta note")]
    assert "Read the beta note first." in out.text


def test_a_heading_fragment_links_to_the_heading_anchor(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "[[Beta#Method Details]] and [[Beta#Method Details|how]]")
    target = open_link(collection, "Beta paper", "method-details")
    assert anchors(out.html) == [(target, "Beta &gt; Method Details"), (target, "how")]
    assert "Beta > Method Details" in out.text


def test_a_heading_of_the_note_itself(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "Up to [[#Alpha paper]].")
    assert anchors(out.html) == [("#alpha-paper", "Alpha paper")]


def test_a_path_form_matches_the_end_of_a_path(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "[[deep/Beta]] [[papers/deep/Beta]] [[/papers/deep/Beta.md]] [[other/Beta]]")
    beta = open_link(collection, "Beta paper")
    hrefs = [h for h, _ in anchors(out.html)]
    assert hrefs[:3] == [beta] * 3
    assert hrefs[3].startswith("paperdesk://broken/")     # no Beta under a folder "other"


def test_a_relative_path_form_is_taken_from_the_note(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "[[./deep/Beta]] [[../papers/deep/Beta]]")
    assert [h for h, _ in anchors(out.html)] == [open_link(collection, "Beta paper")] * 2


def test_the_shortest_path_wins_when_names_tie(tmp_path: Path) -> None:
    collection = vault(tmp_path, {
        "a/b/c/Topic.md": "# Deep topic\n\nDeep.\n",
        "x/Topic.md": "# Shallow topic\n\nShallow.\n",
        "y/topic.md": "# Other shallow\n\nOther.\n",   # same length as x/Topic.md: the path's order decides
        "start.md": "# Start\n\n[[Topic]] and [[c/Topic]]\n",
    })
    out = render_of(collection, "Start")
    assert [h for h, _ in anchors(out.html)] == [open_link(collection, "Shallow topic"),
                                                 open_link(collection, "Deep topic")]


def test_the_index_rules_directly() -> None:
    index = WikiIndex(["n/Note.md", "Note.md", "deep/er/Note.md", "t/plain.txt"],
                      ["img/pic.PNG", "n/Note.md", "a/pic.png"])
    assert index.resolve("note") == "Note.md"              # shortest path of the tie
    assert index.resolve("er/note") == "deep/er/Note.md"
    assert index.resolve("plain") is None                  # only Markdown notes drop their suffix
    assert index.resolve("plain.txt") == "t/plain.txt"
    assert index.resolve("pic.png") == "a/pic.png"
    assert index.resolve("img/pic.png") == "img/pic.PNG"
    assert index.resolve("../Note", "n/x.md") == "Note.md"
    for outside in ("../Note", "../../etc/passwd", "n/../../Note", "/etc/passwd", "a\0b", ""):
        assert index.resolve(outside, "x.md") is None, outside


def test_an_unresolved_wikilink_is_a_broken_link_like_a_broken_ordinary_link(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "[[No such note]] and [a lost note](gone.md)")
    (wiki, text), (ordinary, _) = anchors(out.html)
    assert wiki == "paperdesk://broken/No%20such%20note" and text == "No such note"
    assert ordinary == "paperdesk://broken/gone.md"
    assert out.html.count('class="broken-link"') == 2
    assert [(p.kind, p.message) for p in out.problems] == [("link", "broken link: [[No such note]]"),
                                                          ("link", "broken link: gone.md")]
    assert out.problems[0].line == 3


def test_an_embedded_image_is_found_by_file_name_anywhere(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "![[figure one.png]]\n\n![](../att/figure%20one.png)")
    images = re.findall(r"<img [^>]*>", out.html)
    assert len(images) == 2
    for image in images:   # the same image the ordinary relative reference gives, its size read from the file
        assert 'src="paperdesk://note/att/figure%20one.png"' in image
        assert 'width="40"' in image and 'height="30"' in image
    assert not out.problems


def test_an_embedded_image_takes_a_width_or_a_size(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "![[figure one.png|300]] ![[figure one.png|120x80]] ![[figure one.png|a plot]]")
    images = re.findall(r"<img [^>]*>", out.html)
    assert 'width="300"' in images[0] and "height" not in images[0]
    assert 'width="120"' in images[1] and 'height="80"' in images[1]
    assert 'alt="a plot"' in images[2] and 'width="40"' in images[2]


def test_a_missing_embedded_image_is_a_missing_image_placeholder(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "![[nowhere.png]]")
    assert "<img" not in out.html
    figure = re.search(r'<figure class="missing-image"[^>]*>.*?</figure>', out.html).group(0)
    assert "nowhere.png" in figure
    assert [(p.kind, p.message) for p in out.problems] == [("image", "image not found: nowhere.png")]


def test_an_embedded_note_or_other_attachment_is_a_link(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "![[Beta]] [[paper.pdf]]", {"files/paper.pdf": b"%PDF-1.4"})
    assert anchors(out.html) == [(open_link(collection, "Beta paper"), "Beta"),
                                 ("paperdesk://note/files/paper.pdf", "paper.pdf")]


def test_wikilinks_in_code_stay_text(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "`[[Beta]]` and `![[figure one.png]]`\n\n```\n[[Beta]]\n```\n\n    [[Beta]]\n")
    assert "<a " not in out.html and "<img" not in out.html
    assert out.html.count("[[Beta]]") == 3 and "![[figure one.png]]" in out.html


def test_an_escaped_bracket_is_not_a_wikilink(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, r"\[[Beta]] stays")
    assert "<a " not in out.html


def test_an_ordinary_link_whose_text_is_in_brackets_stays_one(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "Cited as [[1]](https://example.org/paper) and [[2]][ref].\n\n[ref]: https://example.org/two")
    assert anchors(out.html) == [("https://example.org/paper", "[1]"), ("https://example.org/two", "[2]")]
    assert not out.problems


def test_a_wikilink_inside_a_table_cell_with_an_escaped_bar(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "| a | b |\n|---|---|\n| [[Beta\\|the note]] | x |")
    assert anchors(out.html) == [(open_link(collection, "Beta paper"), "the note")]
    assert "<td>x</td>" in out.html


@pytest.mark.parametrize("target", ["../../etc/passwd", "../../../../../../etc/passwd", "/etc/passwd",
                                    "..%2F..%2Fetc%2Fpasswd", "papers/../../../etc/passwd"])
def test_a_path_out_of_the_collection_never_resolves(tmp_path: Path, target: str) -> None:
    _, out = render_body(tmp_path, f"[[{target}]] ![[{target}]] ![[{target}.png]]")
    assert "paperdesk://open/" not in out.html and "paperdesk://note/" not in out.html
    assert "passwd" not in "".join(h for h, _ in anchors(out.html) if not h.startswith("paperdesk://broken/"))


def test_a_name_that_looks_like_html_is_shown_as_text(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "[[<img src=x onerror=alert(1)>]] and [[x|<script>alert(1)</script>]]")
    assert "<img" not in out.html and "<script" not in out.html and "onerror=" not in out.html.replace(
        "onerror%3D", "").replace("onerror=alert(1)&gt;", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in out.html
    assert "<img src=x onerror=alert(1)>" in out.text and "<script>alert(1)</script>" in out.text


def test_plain_text_shows_the_alias_or_the_name_without_brackets(tmp_path: Path) -> None:
    _, out = render_body(tmp_path, "One [[Beta]], two [[Beta|aliased]], three ![[figure one.png]], four [[Gone]].")
    assert "One Beta, two aliased, three , four Gone." in out.text
    assert "[[" not in out.text


def test_parse_forms() -> None:
    assert parse("Note") == parse(" Note ")
    link = parse("folder/Note#Sec#Sub|shown", embed=False)
    assert (link.target, link.heading, link.alias, link.anchor(), link.shown()) == \
        ("folder/Note", "Sec#Sub", "shown", "sub", "shown")
    assert parse("Note#^block1").anchor() == "" and parse("Note#^block1").shown() == "Note"
    assert parse("fig.png|300", embed=True).size == ("300", None)
    assert parse("fig.png|300", embed=False).size is None
    assert parse("") is None and parse("|alias") is None


def test_the_index_is_built_once_per_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.render import wikilinks

    collection = vault(tmp_path, {"a.md": "# A\n\n[[B]] [[C]]\n", "b.md": "# B\n\n[[A]]\n", "c.md": "# C\n\nc\n"})
    built: list[int] = []
    real = wikilinks.WikiIndex.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(wikilinks.WikiIndex, "__init__", counting)
    for entry in collection.entries:
        render_entry(entry, collection)
    render_entry(collection.entries[0], collection)
    assert len(built) == 1
    assert index_for(collection) is index_for(collection)
    other = vault(tmp_path / "again", {"a.md": "# A\n\n[[B]]\n", "b.md": "# B\n\nb\n"})
    render_entry(other.entries[0], other)
    assert len(built) == 2


def test_the_index_does_not_walk_the_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    collection = vault(tmp_path, {"a.md": "# A\n\n[[B]] ![[pic.png]]\n", "b.md": "# B\n\nb\n", "img/pic.png": PNG})
    import os

    def no_walk(*args, **kwargs):
        raise AssertionError("the disk was walked")

    monkeypatch.setattr(os, "scandir", no_walk)
    monkeypatch.setattr(os, "walk", no_walk)
    out = render_of(collection, "A")
    assert "paperdesk://note/img/pic.png" in out.html and "paperdesk://open/" in out.html


GAMMA = "---\naliases:\n  - GAN paper\n  - \"Goodfellow 2014\"\n---\n# Generative Adversarial Nets\n\nTwo networks.\n"


def test_a_name_among_a_notes_front_matter_aliases_links_to_that_note(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "See [[GAN paper]], [[goodfellow  2014|the GAN]] and [[GAN paper#Two]].",
                                  {"ideas/gan-notes.md": GAMMA})
    target = open_link(collection, "Generative Adversarial Nets")
    assert [h for h, _ in anchors(out.html)] == [target, target, target + "#two"]
    assert [t for _, t in anchors(out.html)] == ["GAN paper", "the GAN", "GAN paper &gt; Two"]
    assert not out.problems
    assert [e.aliases for e in collection.entries if e.aliases] == [("GAN paper", "Goodfellow 2014")]


def test_a_file_name_wins_over_an_alias_and_a_path_form_never_reads_aliases(tmp_path: Path) -> None:
    collection, out = render_body(tmp_path, "[[Beta]] [[ideas/GAN paper]]",
                                  {"ideas/gan-notes.md": GAMMA.replace("GAN paper", "Beta")})
    assert anchors(out.html) == [(open_link(collection, "Beta paper"), "Beta"),
                                 ("paperdesk://broken/ideas%2FGAN%20paper", "ideas/GAN paper")]


def test_the_index_reads_aliases_of_listed_notes_only() -> None:
    index = WikiIndex(["a/gan.md"], None, [("GAN paper", "a/gan.md"), ("Ghost", "elsewhere/ghost.md")])
    assert index.resolve("gan PAPER") == "a/gan.md"
    assert index.resolve("Ghost") is None
