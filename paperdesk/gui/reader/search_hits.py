"""Which words of the current filter the reader marks as search hits, and the "hit i of n" text."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperdesk.query import Query


MIN_WORD = 2  # a one-letter word would mark half the page


def filter_words(query: Query | None) -> tuple[str, ...]:
    """The text words and phrases of a parsed filter (not field terms, not negated ones), each once."""
    if query is None:
        return ()
    words = (t.value for t in query.terms if t.kind == "text" and not t.negated and len(t.value) >= MIN_WORD)
    return tuple(dict.fromkeys(words))


def hit_message(index: int, count: int) -> str:
    """The status-bar text for the hit at `index` (0-based) of `count`."""
    return f"hit {index + 1} of {count}" if count and index >= 0 else "no hits in this entry"
