"""SearchIndex: every field against known entries, refresh after store changes, never raising."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.query import SearchIndex
from paperdesk.query.synthetic import (
    MemoryAnnotations,
    SyntheticEntry,
    SyntheticHighlight,
    synthetic_collection,
)


def make_entries() -> list[SyntheticEntry]:
    return [
        SyntheticEntry("a", "Denoising Diffusion Probabilistic Models", "Generative Models", 2020,
                       "arxiv:2006.11239", "## DDPM\nWe train with a **variational** bound.",
                       short_name="DDPM", venue="NeurIPS 2020"),
        SyntheticEntry("b", "Decision Transformer", "Reinforcement Learning", 2021, "arxiv:2106.01345",
                       "Offline RL as sequence modelling.", venue="NeurIPS 2021", note_tags=("Offline",)),
        SyntheticEntry("c", "Video Diffusion Models", "Video", 2022, "arxiv:2204.03458",
                       "Extends diffusion to vidéo with a 3D U-Net."),
        SyntheticEntry("d", "An undated note", "Uncategorised", None, "file:x.md#undated",
                       "Nothing about models here."),
        SyntheticEntry("e", "Café au lait", "Misc", 2019, "url:example.org/cafe",
                       "Résumé of the café study."),
    ]


@pytest.fixture
def index() -> SearchIndex:
    notes = MemoryAnnotations(
        statuses={"arxiv:2006.11239": "read", "arxiv:2106.01345": "reading"},
        tag_map={"arxiv:2006.11239": ["Diffusion", "important"], "arxiv:2204.03458": ["diffusion"]},
        highlight_map={
            "b": [SyntheticHighlight("h1", "b", "sequence modelling", note="like GPT")],
            "c": [SyntheticHighlight("h2", "c", "3D U-Net", orphan=True)],
        },
    )
    return SearchIndex(make_entries(), notes)


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["a", "b", "c", "d", "e"]),
    ("diffusion", ["a", "c"]),
    ("DIFFUSION models", ["a", "c"]),
    ("diffusion -video", ["a"]),
    ('"diffusion models"', ["c"]),
    ('"models diffusion"', []),
    ("variational", ["a"]),          # body, across ** markup
    ("ddpm", ["a"]),                 # short name
    ("neurips", ["a", "b"]),         # venue
    ("arxiv:2106.01345", ["b"]),     # unknown field -> word -> paper key
    ("like gpt", ["b"]),             # highlight note
    ('"sequence modelling"', ["b"]),
    ("important", ["a"]),            # tag as a word
    ("cafe resume", ["e"]),          # accent-insensitive both ways
    ("café", ["e"]),
    ("video", ["c"]),                # "vidéo" in body and title
    ("tag:diffusion", ["a", "c"]),
    ("tag:DIFFUSION", ["a", "c"]),
    ("tag:diff", []),                # exact tag names
    ("tag:diff*", ["a", "c"]),
    ("tag:offline", ["b"]),          # tags written in the note
    ("-tag:diffusion", ["b", "d", "e"]),
    ("status:read", ["a"]),
    ("status:reading", ["b"]),
    ("status:unread", ["c", "d", "e"]),
    ("-status:unread", ["a", "b"]),
    ("year:2020", ["a"]),
    ("year:2020..2021", ["a", "b"]),
    ("year:..2020", ["a", "e"]),
    ("year:2021..", ["b", "c"]),
    ("year:none", ["d"]),
    ("-year:none", ["a", "b", "c", "e"]),
    ("cat:video", ["c"]),
    ("cat:learn", ["b"]),
    ("venue:neurips year:2021", ["b"]),
    ("has:highlights", ["b", "c"]),
    ("has:notes", ["b"]),
    ("has:tags", ["a", "b", "c"]),
    ("-has:tags", ["d", "e"]),
    ("has:orphans", ["c"]),
    ("is:orphan", ["c"]),
    ("diffusion tag:diffusion status:unread year:2020..2022", ["c"]),
    ("year:abc diffusion", ["a", "c"]),   # a malformed term is dropped, the rest applies
])
def test_filter(index: SearchIndex, query: str, expected: list[str]) -> None:
    assert index.filter(query) == expected


def test_phrase_does_not_span_two_fields(index: SearchIndex) -> None:
    # title "Decision Transformer" then venue "NeurIPS 2021": no match across the boundary
    assert index.filter('"transformer neurips"') == []


def test_refresh_annotations_picks_up_store_changes() -> None:
    notes = MemoryAnnotations()
    index = SearchIndex(make_entries(), notes)
    assert index.filter("tag:rl") == []
    assert index.filter("status:read") == []
    notes.tag_map["arxiv:2106.01345"] = ["RL"]
    notes.statuses["arxiv:2204.03458"] = "read"
    notes.highlight_map["d"] = [SyntheticHighlight("h9", "d", "Nothing", note="empty note")]
    assert index.filter("tag:rl") == []            # not refreshed yet: the index is a snapshot
    index.refresh_annotations(["arxiv:2106.01345"])
    assert index.filter("tag:rl") == ["b"]
    assert index.filter("status:read") == []       # only the named paper was refreshed
    index.refresh_annotations(["arxiv:2204.03458", "d"])  # paper keys or entry ids
    assert index.filter("status:read") == ["c"]
    assert index.filter("has:notes") == ["d"]
    notes.tag_map.clear()
    index.refresh_annotations()
    assert index.filter("tag:rl") == []


def test_typing_char_by_char_matches_fresh_index() -> None:
    entries, notes = synthetic_collection(400, seed=3)
    typed = SearchIndex(entries, notes)
    query = "diffusion policy tag:rl -status:read year:2015..2022"
    for end in range(1, len(query) + 1):
        fresh = SearchIndex(entries, notes)
        assert typed.filter(query[:end]) == fresh.filter(query[:end]), query[:end]


def test_filter_agrees_with_brute_force_on_synthetic_data() -> None:
    entries, notes = synthetic_collection(300, seed=11)
    index = SearchIndex(entries, notes)
    got = index.filter("reward -tag:rl year:2016..2020")
    expected = [
        e.id for e in entries
        if ("reward" in e.body.lower() or "reward" in e.title.lower()
            or any("reward" in h.quote.lower() or "reward" in h.note.lower() for h in notes.highlights(e.id)))
        and "rl" not in [t.lower() for t in notes.tags(e.paper_key)]
        and e.year is not None and 2016 <= e.year <= 2020
    ]
    assert got == expected
    assert 0 < len(got) < len(entries)


def test_without_store_everything_is_unread_and_untagged() -> None:
    index = SearchIndex(make_entries(), None)
    assert index.filter("status:unread") == ["a", "b", "c", "d", "e"]
    assert index.filter("has:tags") == ["b"]  # note tags still count
    assert index.filter("has:highlights") == []


def test_nul_bytes_never_join_entries() -> None:
    entries = [
        SyntheticEntry("x", "first", "c", None, "k1", "ends with ab\x00"),
        SyntheticEntry("y", "\x00cd second", "c", None, "k2", "body"),
    ]
    index = SearchIndex(entries, None)
    assert index.filter("ab") == ["x"]
    assert index.filter("cd") == ["y"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_filter_never_raises(text: str) -> None:
    index = _SHARED_INDEX
    result = index.filter(text)
    assert set(result) <= set(index.ids)


_SHARED_INDEX = SearchIndex(*synthetic_collection(200, seed=5))


def test_emphasis_and_code_marks_do_not_break_phrases() -> None:
    entries = [SyntheticEntry("m", "Markup", "c", None, "k", "We **reverse a** `noising` process.")]
    index = SearchIndex(entries, None)
    assert index.filter('"reverse a noising process"') == ["m"]
    assert index.filter("**reverse**") == ["m"]
    assert index.filter("*") == ["m"]   # nothing left to look for: no condition
