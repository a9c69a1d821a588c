"""A TinyDB storage that serves reads from memory and makes every write durable before returning.

A write appends one line holding only the changed documents to the store's journal and fsyncs
it (`paperdesk.store.journal`): its cost does not grow with the store. The store file itself
(the snapshot) is rewritten atomically (temporary file, fsync, rename, fsync of the folder:
`paperdesk.atomic`) when the journal since the snapshot has grown past a bound, when a backup
is due, and at close, so the JSON file is current whenever no paperdesk has it open. Nothing
is delayed (unlike TinyDB's CachingMiddleware): once `write` returns, the change survives a
crash or power cut.

For the snapshot rewrite, the JSON text of each document is cached and only documents whose
object changed are serialised again. This relies on documents never being mutated in place:
`KeyedTable` (string document ids) offers `put`, which replaces a document with a new dict,
and marks the whole table for re-serialisation when TinyDB's in-place `update`/`upsert` are
used. The same identity test picks the documents a write puts in the journal.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from paperdesk.atomic import atomic_write_bytes
from paperdesk.errors import UserError
from paperdesk.store import backups as bk
from paperdesk.store import journal as jr
from paperdesk.store.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False).encode

Hints = Mapping[str, tuple[Iterable[str], Iterable[str]]]
FileId = tuple[int, int, int]   # (inode, size, mtime_ns): changes whenever the file is replaced
DiskState = tuple[FileId | None, jr.JournalId | None]
COMPACT_MIN_BYTES = 256 << 10   # rewrite the snapshot once the journal since it passes this...
COMPACT_SHARE = 16              # ...or 1/16 of the snapshot's size, whichever is larger
JOURNAL_VERSION = SCHEMA_VERSION   # journal records carry the schema of the documents they hold


class StoreReadOnly(UserError):
    """The store cannot be written (read-only file or folder, full disk, newer schema...).

    `reason` is the one-line explanation also kept in `AnnotationStore.read_only`.
    """

    def __init__(self, reason: str) -> None:
        """Carry the reason the change was not saved."""
        super().__init__(reason)
        self.reason = reason


def describe_os_error(exc: OSError) -> str:
    """A short human reason for a failed write ("the disk is full", "permission denied"...)."""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the disk is mounted read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the file or its folder is read-only)"
    return exc.strerror or str(exc)


def file_id(path: Path) -> FileId | None:
    """Return the identity of the file at `path` (None when absent)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):   # absent, or a file stands where its folder would
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def serialise(data: Mapping[str, Mapping[str, Any]]) -> bytes:
    """Serialise a whole database to compact JSON bytes (no cache)."""
    return _dumps(data).encode("ascii")


def generation(data: Mapping[str, Mapping[str, Any]]) -> int:
    """The journal generation a snapshot holds (0 for files written before the journal)."""
    doc = (data.get("meta") or {}).get("generation")
    n = doc.get("n") if isinstance(doc, dict) else None
    return n if isinstance(n, int) and n >= 0 else 0


class DurableStorage(Storage):
    """In-memory TinyDB storage: durable journal appends, snapshot rewritten now and then.

    A subclass may write another file layout by overriding `_encode(data) -> bytes` (and
    `replace_data` to drop its caches); one whose file must be current after every change (a
    file other tools read while paperdesk runs, such as a synced copy) sets
    `fold_every_write = True`: each write then also rewrites the snapshot, as before the journal.
    """

    fold_every_write = False

    def __init__(self, path: Path, data: dict[str, dict[str, Any]] | None = None, *, gen: int = 0,
                 backup_interval: float | None = None, snapshot_payload: bytes | None = None) -> None:
        """Serve `data` (already loaded by the caller: snapshot plus journal up to `gen`).

        `backup_interval` (seconds) enables rotating backups (None: never). `snapshot_payload`,
        the raw bytes of a snapshot that already equals `data`, lets a due backup skip a rewrite.
        """
        self.path = Path(path)
        self.journal = jr.journal_path(self.path)
        self._data: dict[str, dict[str, Any]] = data if data is not None else {}
        self.gen = gen
        self.backup_interval = backup_interval
        self._seen_tables: dict[str, dict[str, Any]] = dict(self._data)
        self._text: dict[str, _TableText] = {}
        self._stale: set[str] = set()        # tables mutated in place since the snapshot
        self._stale_journal: set[str] = set()   # ...since the last write
        self._snapshot_payload = snapshot_payload
        self._last_backup = time.monotonic()
        self.seen: DiskState = self.disk_state()
        self._snapshot_journal = self.seen[1][1] if self.seen[1] else 0
        self.writes = 0
        self.compactions = 0

    # TinyDB interface ---------------------------------------------------------------
    def read(self) -> dict[str, dict[str, Any]]:
        """Return the in-memory tables (never touches the disk; the mapping is a fresh copy)."""
        return dict(self._data)

    def write(self, data: dict[str, dict[str, Any]], changed: Hints | None = None) -> None:
        """Persist `data` durably, then make it the in-memory state.

        `changed` (table -> (ids put, ids removed)) may list exactly which documents differ from
        the previous write; without it, documents are compared by identity (module docstring).
        Raises OSError when the change could not be made durable (memory is then unchanged).
        """
        changes = self._changes(data, changed)
        if not changes:
            return
        line = jr.encode(self.gen + 1, JOURNAL_VERSION, changes)
        journal_id = jr.append(self.journal, line)
        self.gen += 1
        self._stale_journal.clear()
        self._data = data
        self._seen_tables = dict(data)
        self._snapshot_payload = None
        self.seen = (self.seen[0], journal_id)
        self.writes += 1
        self._maintain()

    def close(self) -> None:
        """Nothing to flush (every write is on disk); `compact` brings the snapshot up to date."""

    # paperdesk extensions -------------------------------------------------------------
    def disk_state(self) -> DiskState:
        """Identity of the snapshot and the journal as they are on disk now."""
        return (file_id(self.path), jr.identity(self.journal))

    def changed_on_disk(self) -> bool:
        """True when another process wrote since our last read or write."""
        return self.disk_state() != self.seen

    def catch_up(self) -> bool:
        """Apply records another process appended to the journal; False when a full reload is needed."""
        snap, journal_id = self.seen
        now_snap, now_journal = self.disk_state()
        if journal_id is None or now_journal is None:
            return False
        if now_journal[0] != journal_id[0] or now_journal[1] < journal_id[1]:
            return False
        found, _ = jr.read_from(self.journal, journal_id[1])
        if now_snap != snap and (now_snap is None or found.snapshot != now_snap):
            return False      # replaced by something other than a paperdesk rewrite: reload it
        data = dict(self._data)
        copied: set[str] = set()
        for record in found.records:
            if record.gen <= self.gen:
                continue
            if record.gen != self.gen + 1 or record.version != JOURNAL_VERSION:
                return False
            for name in record.changes:
                if name not in copied:
                    data[name] = dict(data.get(name, {}))
                    copied.add(name)
            jr.apply(data, record)
            self.gen = record.gen
        self._data = data
        self._seen_tables = dict(data)
        self._snapshot_payload = None
        self.seen = (now_snap, (now_journal[0], found.end))
        if now_snap != snap:       # the other process's rewrite holds everything up to its mark
            self._snapshot_journal = found.snapshot_end
        return True

    def replace_data(self, data: dict[str, dict[str, Any]], gen: int,
                     snapshot_payload: bytes | None = None) -> None:
        """Swap in data freshly loaded from disk (after another process wrote the files)."""
        self._data = data
        self.gen = gen
        self._seen_tables = dict(data)
        self._text = {}
        self._stale.clear()
        self._stale_journal.clear()
        self._snapshot_payload = snapshot_payload
        self.seen = self.disk_state()
        self._snapshot_journal = self.seen[1][1] if self.seen[1] else 0

    def mark_stale(self, table: str) -> None:
        """Force the next write to treat every document of `table` as changed."""
        self._stale.add(table)
        self._stale_journal.add(table)

    def pending_bytes(self) -> int:
        """Bytes of journal written since the snapshot was last rewritten."""
        journal_id = self.seen[1]
        return max(0, (journal_id[1] if journal_id else 0) - self._snapshot_journal)

    def compact(self, backup: bool = False) -> None:
        """Rewrite the snapshot from memory if the journal holds changes beyond it.

        With `backup`, also write a rotating backup and start an empty journal (the backup
        holds everything the journal had). Raises OSError when a file cannot be written.
        """
        payload = self._snapshot_payload
        if payload is None or self.seen[0] is None:
            meta = dict(self._data.get("meta", {}))
            meta["generation"] = {"n": self.gen}
            self._data = {**self._data, "meta": meta}
            self._seen_tables["meta"] = meta
            payload = self._encode(self._data)
            atomic_write_bytes(self.path, payload)
            self.compactions += 1
            snap = file_id(self.path)
            if not backup and snap is not None and self.seen[1] is not None:
                try:
                    jr.append(self.journal, jr.mark_line(snap))
                except OSError:
                    log.warning("could not mark the snapshot rewrite in the journal", exc_info=True)
        self._snapshot_payload = None
        self.seen = self.disk_state()
        self._snapshot_journal = self.seen[1][1] if self.seen[1] else 0
        if backup:
            bk.make_backup(self.path, payload)
            self._last_backup = time.monotonic()
            self.seen = (self.seen[0], jr.reset(self.journal, self.gen))
            self._snapshot_journal = self.seen[1][1] if self.seen[1] else 0

    def _maintain(self) -> None:
        """After a write: rewrite the snapshot or take a backup when one is due (errors logged)."""
        due = (self.backup_interval is not None
               and time.monotonic() - self._last_backup >= self.backup_interval)
        snap = self.seen[0]
        bound = max(COMPACT_MIN_BYTES, (snap[1] if snap else 0) // COMPACT_SHARE)
        if not due and not self.fold_every_write and self.pending_bytes() < bound:
            return
        try:
            self.compact(backup=due)
        except OSError:
            # The change itself is safe in the journal; the rewrite is tried again later.
            log.exception("could not rewrite the annotation store snapshot")
            self._last_backup = time.monotonic()

    def _changes(self, data: Mapping[str, Mapping[str, Any]],
                 hints: Hints | None) -> dict[str, tuple[dict[str, Any], list[str]]]:
        """The documents put and removed per table relative to the last written state."""
        out: dict[str, tuple[dict[str, Any], list[str]]] = {}
        for name in dict.fromkeys([*self._seen_tables, *data]):
            table = data.get(name, {})
            if hints is not None and name in hints:
                put_ids, removed_ids = hints[name]
                puts = {doc_id: table[doc_id] for doc_id in put_ids}
                removed = [doc_id for doc_id in removed_ids if doc_id not in puts]
            else:
                old = self._seen_tables.get(name, {})
                stale = name in self._stale_journal
                if table is old and not stale:
                    continue
                puts = {k: d for k, d in table.items() if stale or old.get(k) is not d}
                removed = [k for k in old if k not in table]
            if puts or removed:
                out[name] = (puts, removed)
        return out

    def _encode(self, data: Mapping[str, Mapping[str, Any]]) -> bytes:
        cache: dict[str, _TableText] = {}
        parts: list[bytes] = [b"{"]
        for name, table in data.items():
            old = None if name in self._stale else self._text.get(name)
            text = old if old is not None and old.table is table else _TableText.full(table, old)
            cache[name] = text
            parts += (text.encoded(name), b",")
        if len(parts) == 1:
            parts.append(b"}")
        else:
            parts[-1] = b"}"
        self._text = cache
        self._stale.clear()
        return b"".join(parts)


def _fragment(doc_id: str, doc: Any) -> bytes:
    """`"id":{...}` of one document as ASCII bytes."""
    return f"{_dumps(doc_id)}:{_dumps(doc)}".encode("ascii")


class _TableText:
    """The JSON text of one table, kept per document so a change re-serialises only that document."""

    __slots__ = ("_encoded", "docs", "fragments", "table")

    def __init__(self, table: Mapping[str, Any], docs: dict[str, Any], fragments: dict[str, bytes]) -> None:
        self.table = table
        self.docs = docs
        self.fragments = fragments
        self._encoded: tuple[str, bytes] | None = None

    @classmethod
    def full(cls, table: Mapping[str, Any], old: _TableText | None) -> _TableText:
        """Serialise a table, reusing fragments of documents that are the very same objects."""
        docs: dict[str, Any] = {}
        fragments: dict[str, bytes] = {}
        old_docs = old.docs if old is not None else {}
        old_fragments = old.fragments if old is not None else {}
        for doc_id, doc in table.items():
            key = str(doc_id)
            docs[key] = doc
            fragments[key] = (old_fragments[key] if old_docs.get(key) is doc
                              else _fragment(key, doc))
        return cls(table, docs, fragments)

    def encoded(self, name: str) -> bytes:
        """Return `"name":{documents}` as ASCII bytes (cached)."""
        if self._encoded is None or self._encoded[0] != name:
            head = f"{_dumps(name)}:{{".encode("ascii")
            self._encoded = (name, b"".join((head, b",".join(self.fragments.values()), b"}")))
        return self._encoded[1]


class KeyedTable(Table):
    """A TinyDB table whose document ids are strings chosen by the caller (paper key, id, name)."""

    document_id_class = str

    def put(self, doc_id: str, document: Mapping[str, Any]) -> None:
        """Insert or replace the document `doc_id` (as a new dict, never mutated in place)."""
        new = dict(document)

        def updater(table: dict) -> None:
            table[doc_id] = new

        self._update_table(updater)

    def put_many(self, documents: Mapping[str, Mapping[str, Any]], removed: Iterable[str] = ()) -> None:
        """Replace several documents and remove others in one durable write."""
        news = {k: dict(v) for k, v in documents.items()}
        gone = list(removed)

        def updater(table: dict) -> None:
            for k in gone:
                table.pop(k, None)
            table.update(news)

        self._update_table(updater)

    def doc(self, doc_id: str) -> dict[str, Any] | None:
        """Return the stored document `doc_id` (read-only: do not mutate) or None."""
        return self._read_table().get(doc_id)

    def docs(self) -> dict[str, dict[str, Any]]:
        """Return all stored documents by id (read-only view: do not mutate)."""
        return self._read_table()

    def update(self, *args: Any, **kwargs: Any) -> list:  # type: ignore[override]
        """TinyDB's in-place update; marks the table for full re-serialisation."""
        self._mark_stale()
        return super().update(*args, **kwargs)

    def update_multiple(self, *args: Any, **kwargs: Any) -> list:  # type: ignore[override]
        """TinyDB's in-place update_multiple; marks the table for full re-serialisation."""
        self._mark_stale()
        return super().update_multiple(*args, **kwargs)

    def _mark_stale(self) -> None:
        storage = self.storage
        if isinstance(storage, DurableStorage):
            storage.mark_stale(self.name)

    def _get_next_id(self) -> str:  # type: ignore[override]
        raise TypeError("KeyedTable documents need an explicit id: use put(doc_id, document)")


Changes = dict[str, tuple[Mapping[str, Mapping[str, Any]], Iterable[str]]]


class KeyedTinyDB(TinyDB):
    """TinyDB whose tables are KeyedTables, plus one-write changes across several tables."""

    table_class = KeyedTable

    def apply(self, changes: Changes) -> None:
        """Put and remove documents in several tables with ONE durable write.

        `changes` maps table name -> (documents to put by id, ids to remove). The in-memory state
        is only replaced once the write succeeded (tables are copied, never mutated).
        """
        storage = self.storage
        data = dict(storage.read() or {})
        hints: dict[str, tuple[list[str], list[str]]] = {}
        for name, (puts, removed) in changes.items():
            table = dict(data.get(name, {}))
            gone = [doc_id for doc_id in removed if doc_id not in puts]
            for doc_id in gone:
                table.pop(doc_id, None)
            for doc_id, doc in puts.items():
                table[doc_id] = dict(doc)
            data[name] = table
            hints[name] = (list(puts), gone)
        if isinstance(storage, DurableStorage):
            storage.write(data, hints)
        else:
            storage.write(data)
        for name in changes:
            self.table(name).clear_cache()


def open_db(storage: DurableStorage) -> KeyedTinyDB:
    """Wrap an already-built DurableStorage in a TinyDB instance."""
    return KeyedTinyDB(storage=_Given(storage))


class _Given:
    """TinyDB instantiates its storage class itself; this hands it an existing instance."""

    def __init__(self, storage: DurableStorage) -> None:
        self._storage = storage

    def __call__(self) -> DurableStorage:
        return self._storage


__all__ = ["DurableStorage", "KeyedTable", "KeyedTinyDB", "StoreReadOnly", "file_id", "generation", "open_db",
           "serialise"]
