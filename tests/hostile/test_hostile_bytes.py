"""Any bytes, in any encoding, damaged anyhow, under any file name: scan, render, page, highlight,
re-anchor and export never raise, never hide the collection's other notes, and show nothing active."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from hostile_pipeline import (
    FAST,
    active_content,
    export_all,
    page_active_content,
    scan_and_render,
    write_tree,
)
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.collection.discover import display_name
from paperdesk.query.index import SearchIndex
from paperdesk.render import entry_page
from paperdesk.store import AnnotationStore

FINE = b"# A fine note\n\nplain words that must stay readable\n"
MARKUP = st.sampled_from(["# ", "\n", "\n\n", "- ", "> ", "```", "$", "$$", "<!--", "<div>", "*", "_", "`", "[", "](",
                          "---\n", "+++\n", "{{<", "{%", "|", "\\", "\x00", "\r", "\u202e", "\ufeff", "\u2028", "é", "中",
                          "😀", "\ud800", "\udfff", "title: ", "<script>", "words "])
TEXTS = st.lists(MARKUP | st.text(max_size=8), max_size=40).map("".join)
CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "cp1252", "latin-1",
          "gb18030", "shift_jis", "euc-kr", "big5", "koi8-r"]
BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """Text in some encoding, maybe behind a BOM that lies, with bytes cut, inserted or zeroed."""
    data = draw(st.sampled_from(BOMS)) + _encode(draw(TEXTS), draw(st.sampled_from(CODECS)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["cut", "insert", "nul", "truncate"]))
        if how == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 3)):]
        elif how == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
        elif how == "nul":
            data = data[:at] + b"\x00" * draw(st.integers(1, 4)) + data[at:]
        else:
            data = data[:at]
    return data


def _encode(text: str, codec: str) -> bytes:
    try:
        return text.encode(codec, "surrogatepass")
    except (UnicodeEncodeError, LookupError):
        return text.encode(codec, "replace")


def _through(tmp: Path, files: dict[str, bytes]) -> None:
    root = write_tree(tmp / "notes", {"fine.md": FINE, **files})
    through = scan_and_render(root, pages=False)
    assert any(e.source == "fine.md" for e in through.collection.entries)
    for warning in through.collection.warnings:
        assert "\n" not in display_name(warning.source)
    with AnnotationStore.open(tmp / "store.json") as store:
        for entry, rendered in through.renders:
            assert not active_content(rendered.html)
            assert not page_active_content(entry_page(entry, through.collection, rendered))
            if len(rendered.text) >= 6 and not rendered.cut_off:
                store.add_highlight(entry.id, entry.paper_key, rendered.text, 1, 6, note=entry.title)
                assert store.reanchor(entry.id, rendered.text)[0].start == 1
        index = SearchIndex(through.collection.entries, store)    # the filter box over the same notes
        ids = {e.id for e in through.collection.entries}
        for entry, rendered in through.renders:
            for typed in (entry.title, rendered.text[:80], f'title:"{entry.title[:20]}"', entry.source):
                assert set(index.filter(typed)) <= ids
        report = export_all(through.collection, tmp / "out", store)
        export_all(through.collection, tmp / "one", store, single_file=True)
    assert not report.skipped, report.warnings
    for path in (tmp / "out").rglob("*"):
        if path.is_file():
            path.read_bytes().decode("utf-8")      # the export writes UTF-8, whatever came in


@FAST
@given(data=st.binary(max_size=3000))
def test_random_bytes(tmp_path_factory, data: bytes) -> None:
    _through(tmp_path_factory.mktemp("bytes"), {"note.md": data})


@FAST
@given(data=damaged())
def test_damaged_text_in_any_encoding(tmp_path_factory, data: bytes) -> None:
    _through(tmp_path_factory.mktemp("enc"), {"note.md": data, "sub/other.txt": data[::-1]})


NAME_PIECES = st.sampled_from(["a", "note", " ", "\n", "\r", "\t", "\u202e", "\u2066", "\u200f", "\x1b[31m", "\x7f",
                               "\x85", "é", "中", "😀", "..", ".", "-", "#", "%", "?", "*", ":", "\\", "CON", "nul",
                               "\udcff", "\udc80", "[[", "]]", "$", "<script>", "'", '"'])


@FAST
@given(stems=st.lists(st.lists(NAME_PIECES, min_size=1, max_size=6).map("".join), min_size=1, max_size=3, unique=True),
       body=st.sampled_from([b"", b"no heading, just words\n", b"# \xff\xfe title\n\nbody\n", FINE]))
def test_hostile_file_names(tmp_path_factory, stems: list[str], body: bytes) -> None:
    files = {}
    for stem in stems:
        name = stem.replace("/", "_").lstrip(".") + ".md"
        if len(os.fsencode(name)) < 200:
            files[name] = body
    _through(tmp_path_factory.mktemp("names"), files)
