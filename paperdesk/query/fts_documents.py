"""What the full-text index holds of an entry: its fields' texts, built from an entry and its annotations."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple, Protocol

from paperdesk.query.fts_text import readable


class Field(Enum):
    """The indexed fields of an entry, in column order."""

    TITLE = "title"
    TAGS = "tags"
    QUOTES = "quotes"
    NOTES = "notes"
    BODY = "body"


@dataclass(frozen=True)
class SearchDocument:
    """The searchable text of one entry: its note and its annotations."""

    entry_id: str
    title: str
    tags: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    body: str = ""

    def columns(self) -> tuple[str, str, str, str, str]:
        """The five column texts as written (title, tags, quotes, notes, body)."""
        return (self.title, "\n".join(self.tags), "\n".join(self.quotes), "\n".join(self.notes), self.body)

    def digest(self) -> str:
        """A hash of every column: the index rewrites an entry only when it changes."""
        h = hashlib.blake2b(digest_size=16)
        for column in self.columns():
            h.update(column.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


class _EntryLike(Protocol):
    id: str
    title: str
    paper_key: str
    body: str
    short_name: str | None
    note_tags: tuple[str, ...]


class _HighlightLike(Protocol):
    entry_id: str
    quote: str
    note: str


class AnnotationSource(Protocol):
    """The reading half of AnnotationStore that the index uses."""

    def tags(self, paper_key: str) -> list[str]: ...
    def all_highlights(self) -> Sequence[_HighlightLike]: ...
    def highlights(self, entry_id: str) -> Sequence[_HighlightLike]: ...


def document_for(entry: _EntryLike, store: AnnotationSource | None,
                 highlights: Iterable[_HighlightLike] | None = None) -> SearchDocument:
    """The SearchDocument of one entry (store tags then note tags; its highlights' quotes and notes)."""
    tags = list(store.tags(entry.paper_key)) if store is not None else []
    seen = {t.casefold() for t in tags}
    tags += [t for t in entry.note_tags or () if t.casefold() not in seen]
    if highlights is None:
        highlights = store.highlights(entry.id) if store is not None else ()
    quotes, notes = [], []
    for hl in highlights:
        quotes.append(hl.quote or "")
        if (hl.note or "").strip():
            notes.append(hl.note)
    title = entry.title + (f" ({entry.short_name})" if entry.short_name else "")
    aliases = getattr(entry, "aliases", ())   # the note's other names rank like its title
    if aliases:
        title += " · " + ", ".join(aliases)
    return SearchDocument(entry.id, title, tuple(tags), tuple(quotes), tuple(notes), readable(entry.body))


def iter_documents(entries: Iterable[_EntryLike], store: AnnotationSource | None) -> Iterator[SearchDocument]:
    """The SearchDocuments of every entry, one at a time, reading the store's highlights once."""
    by_entry: dict[str, list[_HighlightLike]] = {}
    if store is not None:
        for hl in store.all_highlights():
            by_entry.setdefault(hl.entry_id, []).append(hl)
    return (document_for(e, store, by_entry.get(e.id, ())) for e in entries)


def documents_for(entries: Iterable[_EntryLike], store: AnnotationSource | None) -> list[SearchDocument]:
    """The SearchDocuments of every entry, reading the store's highlights once."""
    return list(iter_documents(entries, store))


class _Quote(NamedTuple):
    entry_id: str
    quote: str
    note: str


@dataclass(frozen=True)
class AnnotationSnapshot:
    """What the index reads of a store (tags, highlight quotes and notes), copied so that another
    thread can build documents while the store stays on the GUI thread."""

    tag_map: dict[str, tuple[str, ...]]
    quote_map: dict[str, tuple[_Quote, ...]]

    @classmethod
    def of(cls, store: AnnotationSource | None, entries: Iterable[_EntryLike]) -> AnnotationSnapshot:
        """Copy the annotations of `entries` from `store` (None: no annotations)."""
        if store is None:
            return cls({}, {})
        quotes: dict[str, list[_Quote]] = {}
        for hl in store.all_highlights():
            quotes.setdefault(hl.entry_id, []).append(_Quote(hl.entry_id, hl.quote or "", hl.note or ""))
        keys = {e.paper_key for e in entries}
        return cls({k: tuple(store.tags(k)) for k in keys}, {k: tuple(v) for k, v in quotes.items()})

    def tags(self, paper_key: str) -> list[str]:
        """Tags of a paper."""
        return list(self.tag_map.get(paper_key, ()))

    def highlights(self, entry_id: str) -> list[_Quote]:
        """Quote and note of each highlight of an entry."""
        return list(self.quote_map.get(entry_id, ()))

    def all_highlights(self) -> list[_Quote]:
        """Quote and note of every highlight."""
        return [q for quotes in self.quote_map.values() for q in quotes]
