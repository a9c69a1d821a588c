"""Folding for the filter: case, accents, whitespace, and typographic punctuation as ASCII."""

from __future__ import annotations

import pytest

from paperdesk.bench.synthetic_entries import SyntheticEntry
from paperdesk.query.fold import fold, text_fold
from paperdesk.query.index import SearchIndex


@pytest.mark.parametrize(("text", "folded"), [
    ("Café  Crème", "cafe creme"),
    ("don\u2019t \u201cquote\u201d", "don't \"quote\""),
    ("1990\u20132000 \u2014 a \u2212b", "1990-2000 - a -b"),
    ("\u2018single\u2019 \u201alow\u201b", "'single' 'low'"),
    ("θ \u2192 σ", "θ \u2192 σ"),        # no ASCII form: kept
    ("ÄSCII\u00a0space", "ascii space"),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_a_note_whose_only_non_ascii_is_punctuation_folds_to_ascii() -> None:
    assert text_fold("It\u2019s the **model\u2019s** \u201cbest\u201d result \u2014 by far").isascii()


def test_straight_and_curly_punctuation_find_each_other() -> None:
    entries = [SyntheticEntry("a", "A", "Cat", 2020, "k1", "we don\u2019t know \u2014 yet"),
               SyntheticEntry("b", "B", "Cat", 2020, "k2", "we don't know - yet")]
    index = SearchIndex(entries, None)
    assert index.filter("don't") == ["a", "b"]
    assert index.filter("don\u2019t") == ["a", "b"]
    assert index.filter('"know - yet"') == ["a", "b"]
