"""Export, then scan the exported folder: each entry keeps its title, and every highlight's quote
(found or orphaned) is in the exported entry's rendered text, whatever the note held."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_pipeline import FAST, export_all, scan_and_render, write_tree
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.collection import scan
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore

TITLE_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffd")
TITLES = st.one_of(
    st.text(TITLE_CHARS, min_size=1, max_size=40),
    st.lists(st.sampled_from(["Attention", "*is*", "all", "`you`", "need:", "[link](x)", "---", "title:", "#",
                              "<b>", "&amp;", "$x$", "{{ y }}", "{% z %}", "\\", "|", "==", "[[w]]", "✓", "中文",
                              "'", '"', "- ", "> ", "1.", "(2021)", "Paper Review:", "ResNet", "v2"]),
             min_size=1, max_size=8).map(" ".join),
)
BODIES = st.lists(st.sampled_from([
    "Plain prose about the method and its results. ", "\n\n", "**bold** and *it* ", "`code` ", "$a+b$ ",
    "- item one\n- item two\n", "> quoted words\n", "---\n", "title: hijack\n", "## Section\n", "[x](y.md) ",
    "<span>html</span> ", "| a | b |\n|---|---|\n| c | d |\n", "```\ncode block\n```\n", "==marked== ", "[^1]\n\n[^1]: f\n",
    "{{< notice >}}inside{{< /notice >}}\n", "a\\*b ", "#tag ", "<!-- hidden -->", "é中文✓ ",
]), min_size=1, max_size=12).map("".join)
SPANS = st.lists(st.tuples(st.floats(0, 1), st.integers(1, 40)), min_size=0, max_size=4)


def _squash(text: str) -> str:
    return " ".join(text.split())


@FAST
@given(title=TITLES, body=BODIES, spans=SPANS, single=st.booleans())
def test_export_then_rescan_keeps_titles_and_quotes(tmp_path_factory, title: str, body: str,
                                                    spans: list[tuple[float, int]], single: bool) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    root = write_tree(tmp / "notes", {"note.md": f"# {title}\n\n{body}\n".encode("utf-8", "surrogatepass")})
    through = scan_and_render(root, pages=False)
    with AnnotationStore.open(tmp / "store.json") as store:
        quotes: dict[str, list[str]] = {}
        for entry, rendered in through.renders:
            text = rendered.text
            for where, size in spans:
                start = int(where * max(0, len(text) - 1))
                end = min(len(text), start + size)
                if text[start:end].strip():
                    quotes.setdefault(entry.id, []).append(text[start:end])
                    store.add_highlight(entry.id, entry.paper_key, text, start, end)
        report = export_all(through.collection, tmp / "out", store, single_file=single)
    assert not report.skipped, report.warnings
    if single:
        return      # the combined file is one document: its entries are not meant to be scanned apart
    again = scan(tmp / "out", use_cache=False)
    for entry in through.collection.entries:
        rel = next(f for f in report.files if f.endswith(".md") and f != "index.md"
                   and f"entry_id: {entry.id}" in (tmp / "out" / f).read_text(encoding="utf-8"))
        exported = [e for e in again.entries if e.source == rel]
        assert exported, (rel, [w.message for w in again.warnings])
        assert exported[0].title == entry.title
        shown = _squash("".join(render_entry(e, again).text for e in exported))
        for quote in quotes.get(entry.id, []):
            assert _squash(quote) in shown, (quote, shown)


def test_a_plain_note_round_trips(tmp_path: Path) -> None:
    # the property above on one known note: its title, and a highlight shown in the exported list
    root = write_tree(tmp_path / "notes", {"note.md": b"# Deep Residual Learning\n\nIdentity shortcuts ease optimisation.\n"})
    through = scan_and_render(root, pages=False)
    (entry, rendered), = through.renders
    with AnnotationStore.open(tmp_path / "store.json") as store:
        start = rendered.text.index("shortcuts")
        store.add_highlight(entry.id, entry.paper_key, rendered.text, start, start + len("shortcuts ease"))
        export_all(through.collection, tmp_path / "out", store)
    again = scan(tmp_path / "out", use_cache=False)
    (exported,) = [e for e in again.entries if e.source != "index.md"]
    assert exported.title == "Deep Residual Learning"
    assert "==shortcuts ease==" in exported.body


@pytest.mark.parametrize(("heading", "title", "year"), [
    ("== (2021) ---", "==", 2021),                                        # found by a x3 hunt (r13.md)
    ("Attention Is All You Need (NeurIPS 2017) —", "Attention Is All You Need", 2017),
    ("Plain Title (2021)", "Plain Title", 2021),
])
def test_a_year_suffix_bared_by_cleaning_is_read_alike_before_and_after_export(tmp_path: Path, heading: str,
                                                                              title: str, year: int) -> None:
    # the heading's trailing "---" was cut after the "(2021)" suffix was looked for: the scan kept
    # "== (2021)" as the title, which the exported front matter then read back as "=="
    root = write_tree(tmp_path / "notes", {"note.md": f"# {heading}\n\nPlain prose.\n".encode()})
    through = scan_and_render(root, pages=False)
    (entry, _rendered), = through.renders
    assert (entry.title, entry.year) == (title, year)
    with AnnotationStore.open(tmp_path / "store.json") as store:
        export_all(through.collection, tmp_path / "out", store)
    (exported,) = [e for e in scan(tmp_path / "out", use_cache=False).entries if e.source != "index.md"]
    assert (exported.title, exported.year) == (title, year)
