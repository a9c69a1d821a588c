"""The filter language parser: fields, ranges, negation, phrases, lenient errors."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.query import Term, parse_query


def kinds(text: str) -> list[tuple[str, str, bool]]:
    return [(t.kind, t.value, t.negated) for t in parse_query(text).terms]


def test_words_are_folded_text_terms() -> None:
    assert kinds("Diffusion  Policy") == [("text", "diffusion", False), ("text", "policy", False)]


def test_accents_and_case_are_folded() -> None:
    assert kinds("Édouard RÉSUMÉ") == [("text", "edouard", False), ("text", "resume", False)]


def test_quoted_phrase_is_one_term_with_spaces_collapsed() -> None:
    assert kinds('"Latent   Flow" model') == [("text", "latent flow", False), ("text", "model", False)]


def test_unbalanced_quote_runs_to_end_and_is_reported() -> None:
    q = parse_query('"latent flow')
    assert [t.value for t in q.terms] == ["latent flow"]
    assert q.problems and "quote" in q.problems[0]


def test_each_field() -> None:
    assert kinds("tag:RL") == [("tag", "rl", False)]
    assert kinds("tags:rl") == [("tag", "rl", False)]
    assert kinds("status:read") == [("status", "read", False)]
    assert kinds("cat:Video") == [("cat", "video", False)]
    assert kinds("category:video") == [("cat", "video", False)]
    assert kinds("venue:NeurIPS") == [("venue", "neurips", False)]
    assert kinds("has:highlights has:notes has:tags has:orphans") == [
        ("has", "highlights", False), ("has", "notes", False), ("has", "tags", False), ("has", "orphans", False),
    ]
    assert kinds("is:orphan") == [("has", "orphans", False)]
    assert kinds("is:unread") == [("status", "unread", False)]


def test_field_names_are_case_insensitive_and_values_may_be_quoted() -> None:
    assert kinds('TAG:"to read"') == [("tag", "to read", False)]


def test_status_prefix_while_typing() -> None:
    assert kinds("status:unr") == [("status", "unread", False)]
    assert kinds("status:reading") == [("status", "reading", False)]
    q = parse_query("status:re")  # read or reading: ambiguous, dropped with a message
    assert q.terms == () and q.problems


def test_year_forms() -> None:
    def year(text: str) -> tuple[int | None, int | None, str]:
        (term,) = parse_query(text).terms
        return term.low, term.high, term.value

    assert year("year:2020")[:2] == (2020, 2020)
    assert year("year:2020..2022")[:2] == (2020, 2022)
    assert year("year:2022..2020")[:2] == (2020, 2022)
    assert year("year:..2019")[:2] == (None, 2019)
    assert year("year:2021..")[:2] == (2021, None)
    assert year("year:>2020")[:2] == (2021, None)
    assert year("year:<=2019")[:2] == (None, 2019)
    assert year("year:none")[2] == "none"


def test_malformed_years_are_dropped_with_problems() -> None:
    for text in ("year:20", "year:abc", "year:..", "year:2020..20x", "year:>x"):
        q = parse_query(text)
        assert q.terms == (), text
        assert q.problems, text


def test_negation() -> None:
    assert kinds("-tag:survey -word -\"two words\"") == [
        ("tag", "survey", True), ("text", "word", True), ("text", "two words", True),
    ]


def test_lone_dash_and_empty_field_values_are_ignored() -> None:
    q = parse_query("- tag: status:")
    assert q.terms == ()
    assert len(q.problems) == 2


def test_unknown_fields_are_words() -> None:
    assert kinds("foo:bar https://arxiv.org/abs/2005.10821") == [
        ("text", "foo:bar", False), ("text", "https://arxiv.org/abs/2005.10821", False),
    ]


def test_unknown_has_and_is_values_are_problems() -> None:
    q = parse_query("has:wings is:blue")
    assert q.terms == () and len(q.problems) == 2


def test_empty_query_is_empty() -> None:
    assert parse_query("   ").is_empty
    assert not parse_query("x").is_empty


def test_duplicate_field_terms_collapse() -> None:
    assert parse_query("tag:rl tag:RL").terms == (Term("tag", "rl"),)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_parse_never_raises(text: str) -> None:
    q = parse_query(text)
    assert isinstance(q.problems, tuple)
    for term in q.terms:
        assert term.kind in {"text", "tag", "status", "cat", "venue", "has", "year"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["tag:", "status:", "year:", "-", '"', "..", "2020", "has:", "is:", "cat:", " ", "x", "é", "\x00", ":"]
), max_size=12))
def test_parse_never_raises_on_query_fragments(parts: list[str]) -> None:
    parse_query("".join(parts))


def test_color_field_by_number_and_name_is_a_palette_number() -> None:
    assert kinds("color:2 colour:Blue -color:PURPLE") == [
        ("color", "2", False), ("color", "3", False), ("color", "5", True)]
    assert kinds("colour:yellow") == kinds("color:1")


def test_color_name_order_follows_the_palette() -> None:
    from paperdesk.query.language import COLOR_NAMES
    from paperdesk.store.model import PALETTE_COLORS

    # yellow, green, blue, pink, purple: the hues of the fixed palette, in its order
    assert len(COLOR_NAMES) == len(PALETTE_COLORS)
    hues = [(int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16)) for h in PALETTE_COLORS]
    assert hues[0][0] > hues[0][2] and hues[0][1] > hues[0][2]           # yellow: red+green, little blue
    assert hues[1][1] > hues[1][0] and hues[1][1] > hues[1][2]           # green
    assert hues[2][2] > hues[2][0] and hues[2][2] > hues[2][1]           # blue
    assert hues[3][0] > hues[3][1] and hues[3][0] > hues[3][2]           # pink: red first
    assert hues[4][2] > hues[4][1] and hues[4][0] > hues[4][1]           # purple: red+blue


def test_color_meaning_prefix_is_kept_folded_for_the_index() -> None:
    assert kinds("color:Quéstion") == [("color", "question", False)]
    q = parse_query("color:question", meanings=["", "", "", "Question", ""])
    assert q.problems == () and [t.value for t in q.terms] == ["question"]


def test_color_out_of_range_or_empty_is_a_problem() -> None:
    for text in ("color:0", "color:6", "colour:42", "color:"):
        q = parse_query(text)
        assert q.terms == () and len(q.problems) == 1, text


def test_color_naming_no_meaning_is_a_problem_when_meanings_are_known() -> None:
    q = parse_query("color:answer tag:x", meanings=["Method", "", "", "Question", ""])
    assert [t.kind for t in q.terms] == ["tag"]
    assert len(q.problems) == 1 and "color:answer" in q.problems[0] and "4 Question" in q.problems[0]
    assert parse_query("color:answer", meanings=[""] * 5).problems  # no meanings set at all
