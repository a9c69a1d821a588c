"""The noted: and kind: filter fields, over entries scanned from real-shaped notes."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan
from paperdesk.query import SearchIndex, parse_query

NOTES = {
    "a.md": "# Planning With Learned Models\n\n_Feb 2019_\n\n**Year**: 2018\n\n## Summary\ntext\n",
    "b.md": "# Offline Policies From Logs\n\nDate: 2021-03-04\n\n**Year**: 2020\n\n## Summary\ntext\n",
    "c.md": "# Masks For Everything\n\n**Year**: 2023\n\n## Summary\ntext\n",
    "course.md": "# Lecture notes: a course on convex optimisation\n\n## Sets\ntext\n\n## Functions\ntext\n",
}


def _index(tmp_path: Path) -> SearchIndex:
    for rel, text in NOTES.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return SearchIndex(scan(tmp_path, use_cache=False).entries, None)


def _sources(index: SearchIndex, query: str) -> set[str]:
    ids = set(index.filter(query))
    return {e.source for e in index._entries if e.id in ids}


def test_noted_filters_by_the_date_read_like_year(tmp_path: Path) -> None:
    index = _index(tmp_path)
    assert _sources(index, "noted:2019") == {"a.md"}
    assert _sources(index, "noted:2019..2021") == {"a.md", "b.md"}
    assert _sources(index, "noted:2021-03") == {"b.md"}
    assert _sources(index, "noted:none") == {"c.md", "course.md"}
    assert _sources(index, "year:2018") == {"a.md"}  # the publication year is a separate field


def test_kind_filters_papers_and_documents(tmp_path: Path) -> None:
    index = _index(tmp_path)
    assert _sources(index, "kind:doc") == {"course.md"}
    assert _sources(index, "-kind:doc") == {"a.md", "b.md", "c.md"}
    assert _sources(index, "kind:paper") == {"a.md", "b.md", "c.md"}


def test_bad_values_are_problems_not_errors() -> None:
    assert parse_query("kind:poem").problems and parse_query("noted:soon").problems
    assert "noted:" in parse_query("noted:soon").problems[0]
