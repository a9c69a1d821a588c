"""Ranked search with the filter language: words ranked by the full-text index, fields narrowed by the filter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from paperdesk.query.fts import FullTextIndex, RankedEntry
from paperdesk.query.fts_documents import Field
from paperdesk.query.fts_text import Passage, SearchTerm, best_passage, search_term
from paperdesk.query.language import Query, Term

# Where the snippet comes from, best first, when several fields hold the words.
SNIPPET_ORDER = (Field.BODY, Field.QUOTES, Field.NOTES, Field.TITLE, Field.TAGS)
_SNIPPET_COLUMNS = tuple((field, list(Field).index(field)) for field in SNIPPET_ORDER)


@dataclass(frozen=True)
class SearchHit:
    """One ranked result: the entry, its title, and the best passage with the words marked."""

    entry_id: str
    title: str
    score: float
    field: Field                              # where the passage is
    snippet: tuple[tuple[str, bool], ...]     # (piece, marked) pairs, plain text
    passage_start: int                        # offsets of the passage in that field's text
    passage_end: int


@dataclass(frozen=True)
class SearchResults:
    """The answer to one search: hits best first, how many matched, the terms, and problems."""

    hits: tuple[SearchHit, ...]
    total: int
    terms: tuple[SearchTerm, ...]
    problems: tuple[str, ...] = ()


class FilterSource(Protocol):
    """What ranked search needs from the filter index (query.index.SearchIndex)."""

    def parse(self, text: str) -> Query: ...
    def filter_query(self, query: Query) -> list[str]: ...


def _hit(entry: RankedEntry, terms: Sequence[SearchTerm]) -> SearchHit:
    title = entry.columns[0]
    for field, column in _SNIPPET_COLUMNS:
        text = entry.columns[column]
        passage = best_passage(text, terms) if text else None
        if passage is not None:
            return SearchHit(entry.entry_id, title, entry.score, field, passage.parts(text),
                             passage.start, passage.end)
    body = entry.columns[-1]
    opening = Passage(0, min(len(body), 180), (), 0)   # matched only as a prefix FTS saw: show the start
    return SearchHit(entry.entry_id, title, entry.score, Field.BODY, opening.parts(body), 0, opening.end)


class RankedSearch:
    """Search with the filter language: words ranked by the full-text index, fields narrowed by the filter."""

    def __init__(self, index: FullTextIndex, filters: FilterSource | None = None) -> None:
        """Search `index`; `filters` (the window's SearchIndex) evaluates tag:, year: and the other fields."""
        self.index = index
        self.filters = filters

    def search(self, text: str, limit: int = 50) -> SearchResults:
        """Ranked hits for `text` (words, "phrases", -words, fields); never raises on odd input."""
        query = self.filters.parse(text) if self.filters is not None else _parse(text)
        positive: list[SearchTerm] = []
        negative: list[SearchTerm] = []
        fields: list[Term] = []
        for term in query.terms:
            if term.kind != "text":
                fields.append(term)
                continue
            found = search_term(term.value)
            if found is not None:
                (negative if term.negated else positive).append(found)
        # Only the word being typed (the last, when the text does not end in a space) is a prefix.
        typing = bool(text) and not text[-1].isspace() and not text.endswith('"')
        positive = [replace(t, prefix=t.prefix and typing and k == len(positive) - 1) for k, t in enumerate(positive)]
        negative = [replace(t, prefix=False) for t in negative]
        problems = list(query.problems)
        if not positive:
            if query.terms:
                problems.append("type a word to search for")
            return SearchResults((), 0, (), tuple(problems))
        within: list[str] | None = None
        if fields:
            if self.filters is None:
                problems.append("filter fields are ignored: the filter index is not ready")
            else:   # a list: the index looks the matched entries up in it once, not every id
                within = self.filters.filter_query(Query(text, tuple(fields)))
        ranked, total = self.index.rank(positive, negative, within=within, limit=limit)
        hits = tuple(_hit(entry, positive) for entry in ranked)
        return SearchResults(hits, total, tuple(positive), tuple(problems))


def _parse(text: str) -> Query:
    from paperdesk.query.language import parse_query

    return parse_query(text)
