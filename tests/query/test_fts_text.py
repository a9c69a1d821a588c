"""Tests of the passage finder: the fast term finder and window agree with their plain definitions."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.query.fts_text import (
    SearchTerm,
    _spans,
    _term_matches,
    best_passage,
    readable,
    same_length_fold,
    term_pattern,
)

# Letters, accents, digits, underscores, separators, CJK and characters whose folding is not a letter.
_ALPHABET = "aab AéE\u0301_1-.\n\t扩散模ßİ½ﬁ\u200b"
_texts = st.text(alphabet=_ALPHABET, max_size=60)
_words = st.text(alphabet="abé1扩散ß½_", min_size=1, max_size=3)
_terms = st.builds(SearchTerm, st.lists(_words, min_size=1, max_size=3).map(tuple), st.booleans())


@settings(max_examples=600, deadline=None)
@given(_texts, _terms)
def test_spans_are_the_full_patterns_matches(text: str, term: SearchTerm) -> None:
    folded = same_length_fold(text)
    assert list(_spans(folded, term)) == [m.span() for m in term_pattern(term).finditer(folded)]


def test_a_word_is_found_only_as_a_whole_token_and_a_prefix_runs_on() -> None:
    folded = same_length_fold("Aab aa_b ab, aabb aab")
    assert _term_matches(folded, SearchTerm(("aab",))) == [(0, 3), (18, 21)]
    assert _term_matches(folded, SearchTerm(("aab",), prefix=True)) == [(0, 3), (13, 17), (18, 21)]
    assert _term_matches(same_length_fold("x 扩散模型"), SearchTerm(("散", "模"))) == [(3, 5)]


def _reference_window(hits: list[tuple[int, int, int]], width: int) -> tuple[int, int, int]:
    """The best window by its definition: (first hit, last hit, distinct terms)."""
    best: tuple[int, int, int] | None = None
    span = (0, 0)
    right = 0
    for left in range(len(hits)):
        right = max(right, left)
        while right + 1 < len(hits) and hits[right + 1][1] - hits[left][0] <= width:
            right += 1
        window = hits[left:right + 1]
        key = (-len({h[2] for h in window}), -len(window), left)
        if best is None or key < best:
            best, span = key, (left, right)
    assert best is not None
    return span[0], span[1], -best[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ab", "cd", "ef", "x", "abab"]), min_size=1, max_size=40),
       st.integers(min_value=1, max_value=30))
def test_the_window_is_the_one_the_definition_gives(words: list[str], width: int) -> None:
    text = " ".join(words)
    terms = [SearchTerm(("ab",)), SearchTerm(("cd",)), SearchTerm(("ef",), prefix=True)]
    hits = sorted((s, e, n) for n, t in enumerate(terms)
                  for s, e in _term_matches(same_length_fold(text), t))
    passage = best_passage(text, terms, width)
    if not hits:
        assert passage is None
        return
    first, last, distinct = _reference_window(hits, width)
    assert passage is not None
    assert passage.marks == tuple((s, e) for s, e, _n in hits[first:last + 1])
    assert passage.terms_found == distinct


def _wikilink_shown(m: re.Match[str]) -> str:
    """A wikilink's alias (not an image size), else `name > heading` (no block id), else what is there."""
    alias = (m.group(2) or "").strip()
    if alias and not re.fullmatch(r"\d+(?:x\d+)?", alias):
        return alias
    name, _, heading = m.group(1).partition("#")
    heading = heading.split("#")[-1].strip()
    heading = "" if heading.startswith("^") else heading
    return " > ".join(part for part in (name.strip(), heading) if part)


_NOISE = (   # readable()'s definition: the four substitutions applied in turn
    (re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\n]|\([^)\n]*\))*\)"), r"\1"),
    (re.compile(r"(?<!\\)!?\[\[([^\[\]|\n]*?)(?:\\?\|([^\[\]\n]*))?\]\](?![(\[])"), _wikilink_shown),
    (re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|[*+-][ \t]+|>[ \t]?|```[^\n]*$)", re.MULTILINE), ""),
    (re.compile(r"\*\*|__|`"), ""),
)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["#", "##", "###", " ", "\t", "\n", "*", "-", "+", ">", "```", "`", "_", "__",
                                 "**", "[", "]", "(", ")", "![", "](", "x", "word", "\r", "[[", "]]", "|", "\\|",
                                 "#", "^", "300"]), max_size=40))
def test_readable_is_its_four_substitutions(pieces: list[str]) -> None:
    markdown = "".join(pieces)
    expected = markdown
    for pattern, replacement in _NOISE:
        expected = pattern.sub(replacement, expected)
    assert readable(markdown) == expected


def test_readable_shows_a_wikilink_as_its_alias_or_its_name() -> None:
    text = "See [[Beta]], [[Beta|the beta note]], [[Beta#Method#Loss]], [[#Own]], [[Beta#^b1]], ![[fig.png|300]]."
    assert readable(text) == "See Beta, the beta note, Beta > Loss, Own, Beta, fig.png."
    assert readable("[[1]](https://x.org) \\[[kept]]") == "[[1]](https://x.org) \\[[kept]]"


def test_readable_keeps_words_and_drops_marks() -> None:
    text = "# Title\n* a **bold** [link](http://x.org/a_(b)) and `code`\n  > quoted\n```py\nx = 1\n```"
    assert readable(text) == "Title\na bold link and code\nquoted\n\nx = 1\n"
