"""Ranked full-text search: a SQLite FTS5 index per collection in the cache folder, BM25 over five fields."""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import NamedTuple, Protocol

from paperdesk.paths import cache_dir, collection_slug
from paperdesk.query.fts_text import (
    Passage,
    SearchTerm,
    best_passage,
    display_form,
    index_form,
    match_expression,
    readable,
    search_term,
)
from paperdesk.query.language import Query, Term

log = logging.getLogger("paperdesk")
SCHEMA_VERSION = "2"


class Field(Enum):
    """The indexed fields of an entry, in column order."""

    TITLE = "title"
    TAGS = "tags"
    QUOTES = "quotes"
    NOTES = "notes"
    BODY = "body"


# BM25 weight of each field (FTS5 column order): a word in the title counts most.
WEIGHTS: dict[Field, float] = {Field.TITLE: 10.0, Field.TAGS: 5.0, Field.QUOTES: 3.0, Field.NOTES: 3.0,
                               Field.BODY: 1.0}
# Where the snippet comes from, best first, when several fields hold the words.
SNIPPET_ORDER = (Field.BODY, Field.QUOTES, Field.NOTES, Field.TITLE, Field.TAGS)


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


def index_path(root: Path) -> Path:
    """Where the index of the collection at `root` lives: the cache folder, one file per collection."""
    return cache_dir() / "search" / f"{collection_slug(root)}.sqlite3"


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed in the index."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False   # the file was damaged or from another version, and was started again


@dataclass(frozen=True)
class RankedEntry:
    """An entry the index matched, best first: its id, BM25 score (higher is better) and fields."""

    entry_id: str
    score: float
    columns: tuple[str, str, str, str, str]


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, entry_id TEXT UNIQUE NOT NULL, digest TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, tags, quotes, notes, body, "
    "tokenize='unicode61 remove_diacritics 2')",
)


class FullTextIndex:
    """The FTS5 index file of one collection; open one per thread, sync it, then search it.

    A damaged or foreign file is deleted and started again; `source` (when given) refills it.
    """

    def __init__(self, path: Path, source: Callable[[], Iterable[SearchDocument]] | None = None) -> None:
        """Open (or create) the index at `path`."""
        self.path = Path(path)
        self.source = source
        self.needs_sync = False
        self.rebuilt = False   # the file was damaged or foreign and was started again
        self._ids: dict[int, str] = {}
        self._conn = self._connect()

    @classmethod
    def for_collection(cls, root: Path, source: Callable[[], Iterable[SearchDocument]] | None = None,
                       ) -> FullTextIndex:
        """Open the index of the collection at `root` in the cache folder."""
        return cls(index_path(root), source)

    def __len__(self) -> int:
        return len(self._ids)

    def reload_ids(self) -> None:
        """Re-read which entries the file holds (after another connection synced it)."""
        try:
            self._ids = dict(self._conn.execute("SELECT id, entry_id FROM docs").fetchall())
        except sqlite3.DatabaseError as exc:
            self._reset(exc)

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    # -- the file --------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = self._open_checked()
        except sqlite3.DatabaseError as exc:
            log.info("search index %s unusable (%s): rebuilding it", self.path, exc)
            self._delete_files()
            conn = self._open_checked()
            self.needs_sync = self.rebuilt = True
        return conn

    def _open_checked(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10.0, check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")   # a cache: a lost write only means a rebuild
            conn.execute("PRAGMA cache_size=-16384")  # 16 MB of pages: FTS5 merges segments faster
            for statement in _SCHEMA:
                conn.execute(statement)
            row = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES('version', ?)", (SCHEMA_VERSION,))
                self.needs_sync = True
            elif row[0] != SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"index version {row[0]}")
            self._ids = dict(conn.execute("SELECT id, entry_id FROM docs").fetchall())
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _reset(self, error: sqlite3.DatabaseError) -> None:
        """Start the file again, empty, after `error` showed it damaged."""
        log.info("search index %s damaged (%s): rebuilding it", self.path, error)
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._delete_files()
        self._conn = self._open_checked()
        self.needs_sync = self.rebuilt = True

    # -- writing ---------------------------------------------------------------------------

    def sync(self, documents: Iterable[SearchDocument] | Callable[[], Iterable[SearchDocument]], *,
             complete: bool = True) -> SyncReport:
        """Bring the index up to date with `documents`, rewriting only entries that changed.

        complete=True: `documents` are the whole collection (entries not among them are removed);
        complete=False: only these entries changed (e.g. after an annotation edit). A callable is
        called for the documents (again if the file turns out damaged): they are then written as
        they come, never all held at once.
        """
        if callable(documents):
            make = documents
        else:
            held = list(documents)
            make = lambda: held  # noqa: E731 - the same documents again after a reset
        try:
            report = self._write(make(), complete)
        except sqlite3.DatabaseError as exc:
            self._reset(exc)
            if not complete and self.source is not None:
                make, complete = self.source, True
            report = self._write(make(), complete)
        if complete:
            self.needs_sync = False
        rebuilt, self.rebuilt = self.rebuilt, False
        return SyncReport(report.added, report.updated, report.removed, rebuilt)

    def _write(self, docs: Iterable[SearchDocument], complete: bool) -> SyncReport:
        conn = self._conn
        if not complete:
            docs = list(docs)
        if complete:
            known = dict(conn.execute("SELECT entry_id, id || ' ' || digest FROM docs").fetchall())
        else:   # a few changed entries: look only them up
            known = {}
            for doc in docs:
                row = conn.execute("SELECT id || ' ' || digest FROM docs WHERE entry_id = ?", (doc.entry_id,)).fetchone()
                if row is not None:
                    known[doc.entry_id] = row[0]
        added = updated = 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            seen: set[str] = set()
            for doc in docs:
                seen.add(doc.entry_id)
                digest = doc.digest()
                row = known.get(doc.entry_id)
                columns = tuple(index_form(c) for c in doc.columns())
                if row is None:
                    cursor = conn.execute("INSERT INTO docs(entry_id, digest) VALUES(?, ?)", (doc.entry_id, digest))
                    conn.execute("INSERT INTO fts(rowid, title, tags, quotes, notes, body) VALUES(?, ?, ?, ?, ?, ?)",
                                 (cursor.lastrowid, *columns))
                    added += 1
                    continue
                rowid_text, old_digest = row.split(" ", 1)
                if old_digest == digest:
                    continue
                rowid = int(rowid_text)
                conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
                conn.execute("INSERT INTO fts(rowid, title, tags, quotes, notes, body) VALUES(?, ?, ?, ?, ?, ?)",
                             (rowid, *columns))
                conn.execute("UPDATE docs SET digest = ? WHERE id = ?", (digest, rowid))
                updated += 1
            gone = [int(row.split(" ", 1)[0]) for eid, row in known.items() if eid not in seen] if complete else []
            for rowid in gone:
                conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
                conn.execute("DELETE FROM docs WHERE id = ?", (rowid,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if added or gone:
            self._ids = dict(conn.execute("SELECT id, entry_id FROM docs").fetchall())
        return SyncReport(added, updated, len(gone))

    # -- reading ---------------------------------------------------------------------------

    def rank(self, positive: Sequence[SearchTerm], negative: Sequence[SearchTerm] = (), *,
             within: Collection[str] | None = None, limit: int = 50) -> tuple[list[RankedEntry], int]:
        """The best `limit` entries holding every positive term and no negative one (only entries
        in `within` when given), and how many entries matched in all."""
        if not positive:
            return [], 0
        weights = ", ".join(str(WEIGHTS[f]) for f in Field)
        sql = f"SELECT rowid, bm25(fts, {weights}) FROM fts WHERE fts MATCH ?"
        expression = match_expression(positive, negative)
        try:
            rows = self._conn.execute(sql, (expression,)).fetchall()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "fts5" in str(exc):
                return [], 0   # a query FTS5 refuses (should not happen: terms are quoted)
            self._reset(exc)
            if self.source is None:
                return [], 0
            self.sync(self.source())
            rows = self._conn.execute(sql, (expression,)).fetchall()
        ids = self._ids
        if within is not None:
            rows = [r for r in rows if ids.get(r[0]) in within]
        best = heapq.nsmallest(limit, rows, key=lambda r: (r[1], r[0]))
        if not best:
            return [], len(rows)
        marks = ",".join("?" * len(best))
        found = {row[0]: row[1:] for row in self._conn.execute(
            f"SELECT rowid, title, tags, quotes, notes, body FROM fts WHERE rowid IN ({marks})",
            [r[0] for r in best])}
        ranked = [RankedEntry(ids[rowid], -score, tuple(display_form(c) for c in found[rowid]))  # type: ignore[arg-type]
                  for rowid, score in best if rowid in found and rowid in ids]
        return ranked, len(rows)


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
    for field in SNIPPET_ORDER:
        text = entry.columns[list(Field).index(field)]
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
        within: set[str] | None = None
        if fields:
            if self.filters is None:
                problems.append("filter fields are ignored: the filter index is not ready")
            else:
                within = set(self.filters.filter_query(Query(text, tuple(fields))))
        ranked, total = self.index.rank(positive, negative, within=within, limit=limit)
        hits = tuple(_hit(entry, positive) for entry in ranked)
        return SearchResults(hits, total, tuple(positive), tuple(problems))


def _parse(text: str) -> Query:
    from paperdesk.query.language import parse_query

    return parse_query(text)
