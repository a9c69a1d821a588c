"""SearchIndex: every field against known entries, refresh after store changes, never raising."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.bench.synthetic_entries import (
    MemoryAnnotations,
    SyntheticEntry,
    SyntheticHighlight,
    synthetic_collection,
)
from paperdesk.query import SearchIndex, parse_query


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


@pytest.fixture
def colored() -> tuple[SearchIndex, MemoryAnnotations]:
    notes = MemoryAnnotations(
        highlight_map={
            "a": [SyntheticHighlight("h1", "a", "variational", color=0),
                  SyntheticHighlight("h2", "a", "bound", color=3)],
            "b": [SyntheticHighlight("h3", "b", "sequence modelling", color=1)],
            "c": [SyntheticHighlight("h4", "c", "3D U-Net", color=3, orphan=True)],
            "e": [SyntheticHighlight("h6", "e", "café study", color=4)],
        },
        meanings=["Method", "Result", "", "Question", "Questionable claim"],
    )
    return SearchIndex(make_entries(), notes), notes


@pytest.mark.parametrize(("query", "expected"), [
    ("color:1", ["a"]),
    ("color:4", ["a", "c"]),
    ("color:3", []),
    ("colour:green", ["b"]),
    ("color:PINK", ["a", "c"]),
    ("color:yellow diffusion", ["a"]),
    ("color:res", ["b"]),                      # prefix of "Result"
    ("color:question", ["a", "c"]),            # exact meaning wins over "Questionable claim"
    ("color:questionable", ["e"]),
    ('color:"Questionable  Claim"', ["e"]),
    ("color:quest", ["a", "c", "e"]),          # prefix of both 4 and 5: either colour
    ("-color:4", ["b", "d", "e"]),
    ("-color:pink has:highlights", ["b", "e"]),
    ("color:1 color:4", ["a"]),
])
def test_color_field(colored: tuple[SearchIndex, MemoryAnnotations], query: str, expected: list[str]) -> None:
    index, _notes = colored
    assert index.filter(query) == expected


def test_color_meaning_renamed_then_index_refreshed(colored: tuple[SearchIndex, MemoryAnnotations]) -> None:
    index, notes = colored
    assert index.filter("color:method") == ["a"]
    notes.set_palette_meaning(0, "Background")
    notes.set_palette_meaning(1, "Method")
    index.refresh_annotations(set())          # a palette change touches no entry
    assert index.filter("color:method") == ["b"]
    assert index.filter("color:back") == ["a"]
    assert index.parse("color:back").problems == ()


def test_color_unknown_value_is_a_problem_and_matches_nothing(
        colored: tuple[SearchIndex, MemoryAnnotations]) -> None:
    index, _notes = colored
    query = index.parse("color:answer")
    assert query.terms == () and len(query.problems) == 1
    assert "color:answer" in query.problems[0]
    # parsed without meanings, the value stays a term: the index finds no such colour, never raises
    assert index.filter_query(parse_query("color:answer")) == []
    assert index.filter_query(parse_query("-color:answer")) == ["a", "b", "c", "d", "e"]
    assert index.filter_query(parse_query("color:claim")) == []   # a meaning's middle is no prefix


def test_color_follows_highlight_changes(colored: tuple[SearchIndex, MemoryAnnotations]) -> None:
    index, notes = colored
    assert index.filter("color:3") == []
    notes.highlight_map["d"] = [SyntheticHighlight("h5", "d", "models", color=2)]
    index.refresh_annotations({"file:x.md#undated"})
    assert index.filter("color:blue") == ["d"]


def test_color_without_a_palette_matches_numbers_and_names() -> None:
    class NoPalette:
        def status(self, key: str) -> str:
            return "unread"

        def tags(self, key: str) -> list[str]:
            return []

        def highlights(self, entry_id: str) -> list[SyntheticHighlight]:
            return []

        def all_highlights(self) -> list[SyntheticHighlight]:
            return [SyntheticHighlight("h1", "b", "x", color=4)]

    index = SearchIndex(make_entries(), NoPalette())
    assert index.filter("color:purple") == ["b"]
    assert index.filter("color:5") == ["b"]
    assert index.parse("color:method").problems


def test_words_across_chunk_boundaries_match_like_brute_force() -> None:
    # More entries than one chunk of the index holds (256), with words at the ends of each text:
    # every entry is found wherever it sits, and no match spans two neighbouring entries.
    entries = [
        SyntheticEntry(f"n{i}", f"Note {i}", "Cat", 2020, f"file:n{i}.md",
                       ("alpha " if i % 3 == 0 else "") + f"middle{i % 7} " + ("omega" if i % 5 == 0 else "zeta"))
        for i in range(600)
    ]
    index = SearchIndex(entries, None)
    for word in ("alpha", "omega", "zeta", "middle3", "a", "om", "omeg", "alph", "zeta alpha", "omega -alpha"):
        words = word.split()
        expected = [
            e.id for e in entries
            if all((w[1:] not in (e.title + " " + e.body).lower()) if w.startswith("-")
                   else (w in (e.title + " " + e.body).lower()) for w in words)
        ]
        assert index.filter(word) == expected, word
    assert index.filter("zetaalpha") == [] and index.filter("omeganote") == []
    typed = SearchIndex(entries, None)
    for end in range(1, len("omega") + 1):  # the cached-prefix path narrows the same way
        assert typed.filter("omega"[:end]) == SearchIndex(entries, None).filter("omega"[:end])


def test_haystack_finds_each_text_in_place_like_brute_force() -> None:
    import random

    from paperdesk.query.index import _Haystack

    rng = random.Random(5)
    texts = ["".join(rng.choice("abc ") for _ in range(rng.randint(0, 12))) for _ in range(700)]
    hay = _Haystack(iter(texts))
    assert len(hay) == len(texts)
    for needle in ("a", "ab", "cab", "abc a", "bb", "c c"):
        assert hay.find_all(needle) == {i for i, t in enumerate(texts) if needle in t}, needle
        assert [hay.contains(i, needle) for i in range(len(texts))] == [needle in t for t in texts], needle


def test_haystack_groups_texts_by_width_and_still_finds_them_in_place() -> None:
    import random

    from paperdesk.query.index import _CHUNK, _Haystack

    rng = random.Random(7)
    letters = ["a", "b", " ", "θ", "é", "\U0001f600", "中"]
    texts = []
    for i in range(3 * _CHUNK):
        pool = letters[:3] if i % 50 else letters   # one text in fifty has wide characters
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(0, 10))))
    hay = _Haystack(iter(texts))
    assert len(hay) == len(texts)
    for needle in ("a", "ab", "θ", "中a", "\U0001f600", "é b", "ba "):
        assert hay.find_all(needle) == {i for i, t in enumerate(texts) if needle in t}, needle
        assert [hay.contains(i, needle) for i in range(len(texts))] == [needle in t for t in texts], needle
    def one_byte(text: str) -> bool:   # CPython keeps such a string at 1 byte per character
        return all(ord(ch) < 256 for ch in text)

    narrow = [c for c in hay.chunks if one_byte(c.joined)]
    # every 1-byte text sits in a 1-byte chunk: the few wide ones do not widen their neighbours
    assert sum(len(c.members) for c in narrow) == sum(1 for t in texts if one_byte(t))
    assert len(hay.chunks) <= 3 + 3


def test_entries_with_the_same_annotations_share_their_facts_and_filter_as_before() -> None:
    notes = MemoryAnnotations(statuses={"arxiv:2006.11239": "read", "arxiv:2204.03458": "read"},
                              tag_map={"arxiv:2006.11239": ["x"], "arxiv:2204.03458": ["x"]})
    index = SearchIndex(make_entries(), notes)
    facts = index._facts
    assert facts[0] is facts[2]                       # a and c: same tag and status
    assert facts[3] is facts[4] and facts[3] is not facts[0]   # d and e: nothing
    assert index.filter("tag:x status:read") == ["a", "c"]
    assert index.filter("-tag:x") == ["b", "d", "e"]
    notes.tag_map["arxiv:2204.03458"] = ["y"]
    index.refresh_annotations({"arxiv:2204.03458"})   # one entry's facts change, not the one it shared
    assert index.filter("tag:x") == ["a"] and index.filter("tag:y") == ["c"]
