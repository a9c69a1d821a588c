"""Ranked full-text search: a SQLite FTS5 index per collection in the cache folder, BM25 over five fields."""

from __future__ import annotations

import contextlib
import heapq
import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paperdesk.paths import cache_dir, collection_slug
from paperdesk.query.fts_documents import Field, SearchDocument
from paperdesk.query.fts_text import SearchTerm, display_form, index_form, match_expression

log = logging.getLogger("paperdesk")
SCHEMA_VERSION = "2"
HASH_BYTES = 8 << 20   # FTS5's buffer of pending terms (1 MB by default)

# BM25 weight of each field (FTS5 column order): a word in the title counts most.
WEIGHTS: dict[Field, float] = {Field.TITLE: 10.0, Field.TAGS: 5.0, Field.QUOTES: 3.0, Field.NOTES: 3.0,
                               Field.BODY: 1.0}


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


_BM25 = f"bm25(fts, {', '.join(str(WEIGHTS[f]) for f in Field)})"
_ALL_ROWS = f"SELECT rowid, {_BM25} FROM fts WHERE fts MATCH ?"
# Scored once into a temporary table, then counted and cut to the best rows (ties: lower rowid first).
_TOP_ROWS = (f"WITH m AS MATERIALIZED (SELECT rowid AS r, {_BM25} AS s FROM fts WHERE fts MATCH ?) "
             "SELECT r, s, (SELECT count(*) FROM m) FROM m ORDER BY s, r LIMIT ?")


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
                with contextlib.suppress(sqlite3.OperationalError):   # an SQLite without the option
                    # FTS5 writes its pending terms as a segment every `hashsize` bytes: fewer,
                    # larger segments to merge make the first build ~1.5x faster (kept in the file).
                    conn.execute("INSERT INTO fts(fts, rank) VALUES('hashsize', ?)", (HASH_BYTES,))
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
        expression = match_expression(positive, negative)
        try:
            rows = self._ranked_rows(expression, within, limit)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "fts5" in str(exc):
                return [], 0   # a query FTS5 refuses (should not happen: terms are quoted)
            self._reset(exc)
            if self.source is None:
                return [], 0
            self.sync(self.source)   # streamed: the documents are never all held at once
            rows = self._ranked_rows(expression, within, limit)
        best, total = rows
        if not best:
            return [], total
        ids = self._ids
        marks = ",".join("?" * len(best))
        found = {row[0]: row[1:] for row in self._conn.execute(
            f"SELECT rowid, title, tags, quotes, notes, body FROM fts WHERE rowid IN ({marks})",
            [r[0] for r in best])}
        ranked = [RankedEntry(ids[rowid], -score, tuple(display_form(c) for c in found[rowid]))  # type: ignore[arg-type]
                  for rowid, score in best if rowid in found and rowid in ids]
        return ranked, total

    def _ranked_rows(self, expression: str, within: Collection[str] | None, limit: int,
                     ) -> tuple[list[tuple[int, float]], int]:
        """The best `limit` (rowid, bm25) rows matching `expression`, best first, and how many matched."""
        if within is None:   # SQLite keeps the best rows and counts them: no row goes to Python
            rows = self._conn.execute(_TOP_ROWS, (expression, max(limit, 1))).fetchall()
            return [(r[0], r[1]) for r in rows[:max(limit, 0)]], (rows[0][2] if rows else 0)
        ids = self._ids
        rows = self._conn.execute(_ALL_ROWS, (expression,)).fetchall()
        # The matched entries are fewer than `within` (often half the collection): look those up in it.
        allowed = {ids.get(r[0]) for r in rows}.intersection(within)
        matched = [r for r in rows if ids.get(r[0]) in allowed]
        return heapq.nsmallest(limit, matched, key=lambda r: (r[1], r[0])), len(matched)
