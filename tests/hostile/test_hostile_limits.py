"""The app's own limits engage on hostile notes, told by their outcome (a warning, a problem, text
shown as written), never by timing: structure, line length, entry size, the render watchdog,
formula length, data: URLs, the file-size cap, embeds, the export's map cap and YAML bombs."""

from __future__ import annotations

import os
from pathlib import Path

from hostile_pipeline import (
    FAST,
    active_content,
    export_all,
    files_opened,
    scan_and_render,
    write_tree,
)
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.collection.discover import MAX_NOTE_BYTES
from paperdesk.render import render_entry
from paperdesk.render.entry_html import MAX_FORMULA_CHARS
from paperdesk.render.source_view import MAX_RENDER_CHARS
from paperdesk.render.structure import MAX_LINE_CHARS, MAX_NESTING
from paperdesk.render.transclusion import MAX_EMBEDS

HEAD = "# Limits\n\nA paragraph that renders normally.\n\n"


def _one(tmp: Path, body: str, **kwargs: float):
    root = write_tree(tmp / "notes", {"note.md": (HEAD + body).encode()})
    through = scan_and_render(root, pages=False, **kwargs)
    (entry, rendered), = [(e, r) for e, r in through.renders if e.source == "note.md"]
    return through.collection, entry, rendered


def _said(rendered) -> list[str]:
    return [f"{p.kind}: {p.message}" for p in rendered.problems]


def test_nesting_past_the_limit_is_shown_as_written_and_the_rest_renders(tmp_path: Path) -> None:
    _c, _e, rendered = _one(tmp_path, "> " * (MAX_NESTING + 1) + "deep <script>x</script>\n\n**after**\n")
    assert any("part shown as written: lists or quotes nested" in s for s in _said(rendered))
    assert "<strong>after</strong>" in rendered.html and "renders normally" in rendered.text
    assert "&lt;script&gt;" in rendered.html and not active_content(rendered.html)


def test_nesting_at_the_limit_renders(tmp_path: Path) -> None:
    _c, _e, rendered = _one(tmp_path, "> " * MAX_NESTING + "deep\n")
    assert not _said(rendered)


def test_a_line_past_the_limit_is_shown_as_written(tmp_path: Path) -> None:
    _c, _e, rendered = _one(tmp_path, "*x* " * (MAX_LINE_CHARS // 4 + 1) + "\n")
    assert any("part shown as written: a line of" in s for s in _said(rendered))
    assert "<em>" not in rendered.html


def test_an_entry_past_the_render_cap_is_not_parsed(tmp_path: Path) -> None:
    collection, _entry, rendered = _one(tmp_path, ("*word* " * 1000 + "\n\n") * (MAX_RENDER_CHARS // 7000 + 1))
    assert any(f"more than the {MAX_RENDER_CHARS:,}" in s for s in _said(rendered))
    assert '<pre class="render-failed">' in rendered.html and "<em>" not in rendered.html
    report = export_all(collection, tmp_path / "out")
    assert not report.skipped


def test_the_watchdog_cuts_a_slow_render_off_and_remembers_it(tmp_path: Path) -> None:
    slow = "\n".join(f"word {i} *e{i}* `c{i}` **b{i}** ~~s{i}~~" for i in range(8000)) + "\n"   # one paragraph, short lines
    collection, entry, rendered = _one(tmp_path, slow, time_limit=0.01)
    assert rendered.cut_off
    assert any("rendering took longer than 0.01 s" in s for s in _said(rendered))
    again = render_entry(entry, collection)        # the default limit: known slow, not tried again
    assert again.cut_off and _said(again) == _said(rendered)


def test_a_formula_past_the_limit_is_shown_as_written(tmp_path: Path) -> None:
    _c, _e, rendered = _one(tmp_path, "$$" + "x+" * (MAX_FORMULA_CHARS // 2 + 1) + "x$$\n")
    assert any(f"formula longer than {MAX_FORMULA_CHARS:,}" in s for s in _said(rendered))
    assert '<code class="math-source">' in rendered.html


def test_a_data_url_is_cut_and_never_shown(tmp_path: Path) -> None:
    _c, _e, rendered = _one(tmp_path, "![x](data:image/png;base64," + "QUJD" * 250_000 + ")\n")
    assert any("embedded data: image not shown" in s for s in _said(rendered))
    assert "QUJD" * 100 not in rendered.html and not active_content(rendered.html)


def test_a_file_past_the_size_cap_is_never_opened(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "notes", {"ok.md": b"# Fine\n\nwords\n"})
    with open(root / "huge.md", "wb") as f:
        f.truncate(MAX_NOTE_BYTES + 1)                 # sparse: costs no disk
    with files_opened() as opened:
        through = scan_and_render(root, pages=False)
    assert [w.kind for w in through.collection.warnings if w.source == "huge.md"] == ["too-large"]
    assert not [p for p in opened if os.path.basename(p) == "huge.md"]
    assert [e.source for e in through.collection.entries] == ["ok.md"]


def test_embeds_past_the_limit_stay_links(tmp_path: Path) -> None:
    files = {f"part{i}.md": f"# Part {i}\n\nembedded words {i}\n".encode() for i in range(MAX_EMBEDS + 5)}
    files["note.md"] = (HEAD + "".join(f"![[part{i}]]\n\n" for i in range(MAX_EMBEDS + 5))).encode()
    root = write_tree(tmp_path / "notes", files)
    through = scan_and_render(root, pages=False)
    rendered = next(r for e, r in through.renders if e.source == "note.md")
    assert rendered.html.count('class="transclusion"') == MAX_EMBEDS
    assert f"embedded words {MAX_EMBEDS + 4}" not in rendered.text


def test_a_yaml_bomb_is_never_expanded(tmp_path: Path) -> None:
    levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = "\n".join(levels)
    root = write_tree(tmp_path / "notes", {
        "front.md": f"---\ntitle: Bomb\n{bomb}\n---\n# Bomb\n\nbody\n".encode(),
        "body.md": f"# Body bomb\n\nwords\n\n---\n{bomb}\n---\n\nmore words\n".encode(),
    })
    through = scan_and_render(root, pages=False)
    assert all(r.text.count("lol") <= 9 for _e, r in through.renders)
    for single in (False, True):
        report = export_all(through.collection, tmp_path / f"out{single}", single_file=single)
        assert not report.skipped
        for path in (tmp_path / f"out{single}").rglob("*.md"):
            assert path.read_text(encoding="utf-8").count("lol") <= 9, path     # as written, never expanded


@FAST
@given(piece=st.sampled_from(["> ", "- ", "[", "(", "<div>", "1. ", "  ", "*", "`", "_", "$", "{{< x >}}", "{% if %}"]),
       count=st.integers(MAX_NESTING + 1, 3000), tail=st.sampled_from(["x", "\n", "\n\nafter\n", "<script>y</script>"]))
def test_hostile_repetition_is_bounded_and_says_so_when_shown_as_written(tmp_path_factory, piece: str, count: int,
                                                                            tail: str) -> None:
    _c, _e, rendered = _one(tmp_path_factory.mktemp("rep"), piece * count + tail)
    assert not active_content(rendered.html)
    if '<pre class="source-shown"' in rendered.html or '<pre class="render-failed"' in rendered.html:
        assert any(p.kind == "render" for p in rendered.problems)      # never shown as written silently
    assert "renders normally" in rendered.text or rendered.cut_off or any(p.kind == "render" for p in rendered.problems)
