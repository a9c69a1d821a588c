"""Tests of the ranked full-text index: ranking, snippets, CJK, filter fields, incremental sync, damage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paperdesk.bench.synthetic_entries import MemoryAnnotations, SyntheticEntry, SyntheticHighlight
from paperdesk.query.fts import FullTextIndex, index_path
from paperdesk.query.fts_documents import Field, SearchDocument, documents_for
from paperdesk.query.index import SearchIndex
from paperdesk.query.ranked import RankedSearch


def _entry(i: int, title: str, body: str, **kw: object) -> SyntheticEntry:
    return SyntheticEntry(id=f"e{i}", title=title, category=str(kw.pop("category", "ML")),
                          year=kw.pop("year", 2020), paper_key=f"doi:10.1/{i}", body=body, **kw)  # type: ignore[arg-type]


@pytest.fixture
def corpus() -> tuple[list[SyntheticEntry], MemoryAnnotations]:
    entries = [
        _entry(1, "Sparse attention for long documents", "We study efficient transformers.", year=2019),
        _entry(2, "Policy gradients revisited", "Mentions sparse attention once in passing. " + "filler " * 80
               + "Later the attention mechanism is sparse again.", year=2021),
        _entry(3, "扩散模型的采样方法", "本文研究扩散模型的快速采样。we also test diffusion.", year=2023),
        _entry(4, "Café au lait reward models", "A note on naïve reward shaping.", year=2022),
        _entry(5, "Unrelated robotics note", "grasping and manipulation", year=2018),
    ]
    notes = MemoryAnnotations()
    notes.tag_map["doi:10.1/5"] = ["attention-free"]
    notes.highlight_map["e5"] = [SyntheticHighlight(id="h1", entry_id="e5", quote="grasping",
                                                    note="compare with sparse attention")]
    return entries, notes


def _search(tmp_path: Path, corpus: tuple[list[SyntheticEntry], MemoryAnnotations]) -> RankedSearch:
    entries, notes = corpus
    index = FullTextIndex(tmp_path / "index.sqlite3")
    index.sync(documents_for(entries, notes))
    return RankedSearch(index, SearchIndex(entries, notes))


def _ids(results: object) -> list[str]:
    return [h.entry_id for h in results.hits]  # type: ignore[attr-defined]


def test_title_ranks_above_body_and_highlight_notes(tmp_path: Path, corpus: tuple) -> None:
    results = _search(tmp_path, corpus).search("sparse attention")
    assert _ids(results)[0] == "e1"
    assert set(_ids(results)) == {"e1", "e2", "e5"}   # e5 through its highlight note
    assert results.total == 3
    e5 = next(h for h in results.hits if h.entry_id == "e5")
    assert e5.field is Field.NOTES


def test_snippet_marks_the_words_of_the_best_passage(tmp_path: Path, corpus: tuple) -> None:
    hit = next(h for h in _search(tmp_path, corpus).search("sparse attention").hits if h.entry_id == "e2")
    marked = [piece.lower() for piece, is_mark in hit.snippet if is_mark]
    assert marked and set(marked) <= {"sparse", "attention"}
    body = corpus[0][1].body
    # the passage is a real span of the body and holds both words
    passage = body[hit.passage_start:hit.passage_end].lower()
    assert "sparse" in passage and "attention" in passage
    assert "".join(p for p, _m in hit.snippet).strip("…").split()[0] in body


def test_cjk_words_are_found_inside_unspaced_text(tmp_path: Path, corpus: tuple) -> None:
    search = _search(tmp_path, corpus)
    for query in ("扩散", "采样", "模型的采样", "快速"):
        results = search.search(query)
        assert _ids(results) == ["e3"], query
    hit = search.search("快速采样").hits[0]
    assert hit.field is Field.BODY
    assert "".join(p for p, m in hit.snippet if m) == "快速采样"
    assert search.search("采扩").hits == ()   # characters in the wrong order are not a match


def test_case_accents_and_prefixes(tmp_path: Path, corpus: tuple) -> None:
    search = _search(tmp_path, corpus)
    assert _ids(search.search("CAFE")) == ["e4"]
    assert _ids(search.search("naive")) == ["e4"]
    assert _ids(search.search("manipul")) == ["e5"]     # a word being typed
    assert _ids(search.search("ma")) == []               # too short to be a prefix


def test_filter_fields_and_negation_narrow_the_search(tmp_path: Path, corpus: tuple) -> None:
    search = _search(tmp_path, corpus)
    assert set(_ids(search.search("attention year:2020.."))) == {"e2"}
    assert _ids(search.search("attention tag:attention-free")) == ["e5"]
    assert set(_ids(search.search("attention -policy"))) == {"e1", "e5"}
    results = search.search("year:2020")
    assert results.hits == () and results.problems


def test_odd_queries_never_raise(tmp_path: Path, corpus: tuple) -> None:
    search = _search(tmp_path, corpus)
    for query in ('"', '""', "AND OR NOT", 'sparse" OR "x', "*", "-", "NEAR(a b)", "title:x", "\x00", "((("):
        search.search(query)
    assert _ids(search.search("AND")) == ["e5"]   # a word of the note, never an operator
    assert _ids(search.search('"sparse" OR "grasping"')) == []


def test_sync_rewrites_only_changed_entries(tmp_path: Path, corpus: tuple) -> None:
    entries, notes = corpus
    index = FullTextIndex(tmp_path / "index.sqlite3")
    assert index.sync(documents_for(entries, notes)).added == 5
    assert index.sync(documents_for(entries, notes)) == type(index.sync([], complete=False))()
    notes.highlight_map["e4"] = [SyntheticHighlight(id="h2", entry_id="e4", quote="reward", note="zebra crossing")]
    report = index.sync(documents_for(entries, notes))
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    search = RankedSearch(index)
    assert _ids(search.search("zebra")) == ["e4"]
    # an annotation change: only that entry is handed over
    report = index.sync([SearchDocument("e4", "Café au lait reward models", notes=("okapi",))], complete=False)
    assert report.updated == 1 and len(index) == 5
    assert _ids(search.search("okapi")) == ["e4"] and _ids(search.search("zebra")) == []
    # an entry gone from the collection is removed
    report = index.sync(documents_for(entries[:4], notes))
    assert report.removed == 1 and _ids(search.search("grasping")) == []


def test_index_survives_reopening(tmp_path: Path, corpus: tuple) -> None:
    entries, notes = corpus
    FullTextIndex(tmp_path / "i.sqlite3").sync(documents_for(entries, notes))
    again = FullTextIndex(tmp_path / "i.sqlite3")
    assert not again.needs_sync and len(again) == 5
    assert again.sync(documents_for(entries, notes)).added == 0
    assert _ids(RankedSearch(again).search("grasping")) == ["e5"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign"])
def test_damaged_index_is_rebuilt_silently(tmp_path: Path, corpus: tuple, damage: str) -> None:
    entries, notes = corpus
    path = tmp_path / "i.sqlite3"
    first = FullTextIndex(path)
    first.sync(documents_for(entries, notes))
    first.close()
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3] + b"\xff" * 5000)
    else:
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value='999' WHERE key='version'")
        conn.commit()
        conn.close()
    index = FullTextIndex(path, source=lambda: documents_for(entries, notes))
    report = index.sync(documents_for(entries, notes))
    assert report.rebuilt and report.added == 5
    assert _ids(RankedSearch(index).search("grasping")) == ["e5"]


def test_damage_found_while_searching_refills_from_source(tmp_path: Path, corpus: tuple) -> None:
    entries, notes = corpus
    path = tmp_path / "i.sqlite3"
    index = FullTextIndex(path, source=lambda: documents_for(entries, notes))
    index.sync(documents_for(entries, notes))
    index._conn.execute("DROP TABLE fts")  # simulate a file damaged under a running index
    assert _ids(RankedSearch(index).search("grasping")) == ["e5"]


def test_index_path_is_in_the_cache_folder_per_collection(tmp_path: Path) -> None:
    a, b = index_path(tmp_path / "a"), index_path(tmp_path / "b")
    assert a != b and a.parent == b.parent and a.suffix == ".sqlite3"
    from paperdesk.paths import cache_dir

    assert cache_dir() in a.parents


def test_markdown_link_targets_are_not_searched_and_snippets_read_as_text(tmp_path: Path) -> None:
    entry = _entry(9, "Links", "* See **[the great paper](https://example.org/zzqq)** and ![a chart](img/plot.png).")
    index = FullTextIndex(tmp_path / "i.sqlite3")
    index.sync(documents_for([entry], None))
    search = RankedSearch(index)
    assert _ids(search.search("zzqq")) == [] and _ids(search.search("plot")) == []
    hit = search.search("great chart").hits[0]
    text = "".join(piece for piece, _m in hit.snippet)
    assert text == "See the great paper and a chart."


def test_snapshot_and_streamed_documents_match_the_store(tmp_path: Path, corpus: tuple) -> None:
    from paperdesk.query.fts_documents import AnnotationSnapshot, iter_documents

    entries, notes = corpus
    snapshot = AnnotationSnapshot.of(notes, entries)
    assert list(iter_documents(entries, snapshot)) == documents_for(entries, notes)
    index = FullTextIndex(tmp_path / "i.sqlite3")
    made: list[int] = []

    def documents() -> object:
        made.append(1)
        return iter_documents(entries, snapshot)

    assert index.sync(documents).added == 5 and made == [1]   # written as they come, made once
    assert _ids(RankedSearch(index).search("grasping")) == ["e5"]


def test_a_notes_aliases_are_found_by_the_filter_and_rank_like_its_title(tmp_path: Path) -> None:
    from paperdesk.collection import scan

    root = tmp_path / "vault"
    root.mkdir()
    (root / "gan.md").write_text("---\naliases: [Goodfellow 2014, GAN paper]\n---\n# Generative Adversarial Nets\n\n"
                                 "Two networks play a game.\n", encoding="utf-8")
    (root / "other.md").write_text("# A survey\n\nAdversarial training appears here, and nets too.\n", encoding="utf-8")
    collection = scan(root, use_cache=False)
    gan = next(e for e in collection.entries if e.aliases)
    flat = SearchIndex(collection.entries, None)
    assert flat.filter('"goodfellow 2014"') == [gan.id]
    assert flat.filter('"gan paper"') == [gan.id]
    index = FullTextIndex(tmp_path / "index.sqlite3")
    index.sync(documents_for(collection.entries, None))
    assert _ids(RankedSearch(index, flat).search("goodfellow"))[0] == gan.id
    assert _ids(RankedSearch(index, flat).search("gan paper"))[0] == gan.id
