"""The importer's rates on a generated messy collection (the goals of issue 10)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest
from messy_collection import build

from paperdesk.collection import EntryKind, scan


@pytest.fixture(scope="module", params=[1, 2])
def measured(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    root = tmp_path_factory.mktemp(f"messy{request.param}")
    truths = build(root, papers=400, seed=request.param)
    collection = scan(root, use_cache=False)
    by_source = defaultdict(list)
    for e in collection.entries:
        by_source[e.source].append(e)
    papers = [t for t in truths if t.role == "paper"]
    one = [t for t in papers if len(by_source[t.rel]) == 1]
    own_title = [t for t in one if by_source[t.rel][0].title == t.title]
    stated = [t for t in papers if t.year is not None and len(by_source[t.rel]) == 1]
    right = [t for t in stated if by_source[t.rel][0].year == t.year]
    wrong = [t for t in stated if by_source[t.rel][0].year not in (None, t.year)]
    lines_total = sum(len(t.lines) for t in papers)
    covered = 0
    for t in papers:
        spans = [e.lines for e in by_source[t.rel]]
        covered += sum(1 for n in t.lines if any(a <= n <= b for a, b in spans))
    index_sources = {t.rel for t in truths if t.role in ("index", "template")}
    index_entries = [e for e in collection.entries if e.source in index_sources]
    keys = Counter(e.paper_key for e in collection.entries if not e.paper_key.startswith("file:"))
    docs = [t for t in truths if t.role == "doc"]
    return {
        "one_entry": len(one) / len(papers),
        "own_title": len(own_title) / len(papers),
        "year_right": len(right) / len(stated),
        "year_wrong": len(wrong) / len(stated),
        "lines": covered / lines_total,
        "index_entries": len(index_entries),
        "templates_warned": sum(1 for w in collection.warnings if w.kind == "template"),
        "docs_one_doc_entry": sum(1 for t in docs if [e.kind for e in by_source[t.rel]] == [EntryKind.DOC]) / len(docs),
        "paper_kind": sum(1 for t in one if by_source[t.rel][0].kind == EntryKind.PAPER) / len(one),
        "shared_keys": sum(1 for n in keys.values() if n > 1),
        "stated": len(stated),
    }


def test_paper_files_give_exactly_one_entry(measured: dict[str, float]) -> None:
    assert measured["one_entry"] >= 0.98


def test_titles_are_the_notes_own(measured: dict[str, float]) -> None:
    assert measured["own_title"] >= 0.97


def test_stated_publication_years_are_found_and_rarely_wrong(measured: dict[str, float]) -> None:
    assert measured["stated"] >= 100  # the generator states a year in most notes
    assert measured["year_right"] >= 0.95
    assert measured["year_wrong"] <= 0.01


def test_note_lines_belong_to_entries(measured: dict[str, float]) -> None:
    assert measured["lines"] >= 0.98


def test_indexes_and_templates_give_no_entries(measured: dict[str, float]) -> None:
    assert measured["index_entries"] == 0
    assert measured["templates_warned"] == 2


def test_tutorials_are_documents_and_notes_are_papers(measured: dict[str, float]) -> None:
    assert measured["docs_one_doc_entry"] == 1.0
    assert measured["paper_kind"] >= 0.98


def test_no_paper_key_is_shared_by_unrelated_notes(measured: dict[str, float]) -> None:
    # every generated paper has its own link, so any shared key is a citation mistaken for the paper
    assert measured["shared_keys"] == 0


def test_generator_is_deterministic(tmp_path: Path) -> None:
    a = build(tmp_path / "a", papers=30, seed=5)
    b = build(tmp_path / "b", papers=30, seed=5)
    assert [(t.rel, t.title, t.year) for t in a] == [(t.rel, t.title, t.year) for t in b]
