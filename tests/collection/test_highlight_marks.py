"""Highlight marks (`==text==`, Obsidian's and the export's own) are no part of a title."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.collection.markers import clean_inline


@pytest.mark.parametrize(("text", "title"), [
    ("==Attention== Is All You Need", "Attention Is All You Need"),
    ("hijac==k==", "hijack"),
    ("A ==Sparse== and ==Fast== Model", "A Sparse and Fast Model"),
])
def test_paired_marks_are_dropped_keeping_their_text(text: str, title: str) -> None:
    assert clean_inline(text) == title


@pytest.mark.parametrize("text", ["a == b == c", "== (2021)", "Title ==", "====", "A==B", "== x"])
def test_equals_signs_that_mark_nothing_stay(text: str) -> None:
    assert clean_inline(text) == " ".join(text.split()).strip(" :-–—|#")


def test_a_highlighted_heading_and_a_highlighted_title_line_give_plain_titles(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("# ==Key== Ideas of Sparse Routing\n\nSome text about it.\n", encoding="utf-8")
    (tmp_path / "two.md").write_text("Title: Dense ==Retrieval== at Scale\nYear: 2021\n\nNotes here.\n",
                                     encoding="utf-8")
    titles = sorted(e.title for e in scan(tmp_path, use_cache=False).entries)
    assert titles == ["Dense Retrieval at Scale", "Key Ideas of Sparse Routing"]
