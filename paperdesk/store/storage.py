"""A TinyDB storage that serves reads from memory and makes every write durable before returning.

Each write serialises the database to compact JSON, writes it to a temporary file in the same
folder, flushes and fsyncs it, replaces the store atomically and fsyncs the folder
(`paperdesk.atomic`). Nothing is delayed (unlike TinyDB's CachingMiddleware): once `write`
returns, the change survives a crash or power cut.

To keep one write fast with many documents, the JSON text of each document is cached and only
documents whose object changed are serialised again. This relies on documents never being
mutated in place: `KeyedTable` (string document ids) offers `put`, which replaces a document
with a new dict, and marks the whole table for re-serialisation when TinyDB's in-place
`update`/`upsert` are used.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from paperdesk.atomic import atomic_write_bytes

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False).encode

Hints = Mapping[str, tuple[Iterable[str], Iterable[str]]]
FileId = tuple[int, int, int]   # (inode, size, mtime_ns): changes whenever the file is replaced


def file_id(path: Path) -> FileId | None:
    """Return the identity of the file at `path` (None when absent)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def serialise(data: Mapping[str, Mapping[str, Any]]) -> bytes:
    """Serialise a whole database to compact JSON bytes (no cache)."""
    return _dumps(data).encode("ascii")


class DurableStorage(Storage):
    """In-memory TinyDB storage with durable atomic writes to one JSON file."""

    def __init__(self, path: Path, data: dict[str, dict[str, Any]] | None = None,
                 on_written: Callable[[bytes], None] | None = None) -> None:
        """Serve `data` (already loaded and validated by the caller) and write to `path`."""
        self.path = Path(path)
        self._data: dict[str, dict[str, Any]] = data if data is not None else {}
        self._cache: dict[str, _TableText] = {}
        self._stale: set[str] = set()
        self.on_written = on_written
        self.written_id: FileId | None = file_id(self.path)
        self.writes = 0

    # TinyDB interface ---------------------------------------------------------------
    def read(self) -> dict[str, dict[str, Any]]:
        """Return the in-memory tables (never touches the disk)."""
        return self._data

    def write(self, data: dict[str, dict[str, Any]], changed: Hints | None = None) -> None:
        """Persist `data` durably, then make it the in-memory state.

        `changed` (table -> (ids put, ids removed)) may list exactly which documents differ from
        the previous write, so only those are serialised again; without it, documents are
        compared by identity (see the module docstring).
        """
        payload, cache = self._encode(data, changed)
        atomic_write_bytes(self.path, payload)
        self._data = data
        self._cache = cache
        self._stale.clear()
        self.written_id = file_id(self.path)
        self.writes += 1
        if self.on_written is not None:
            self.on_written(payload)

    def close(self) -> None:
        """Nothing to flush: every write is already on disk."""

    # paperdesk extensions -------------------------------------------------------------
    def replace_data(self, data: dict[str, dict[str, Any]]) -> None:
        """Swap in data freshly loaded from disk (after another process wrote the file)."""
        self._data = data
        self._cache = {}
        self._stale.clear()
        self.written_id = file_id(self.path)

    def mark_stale(self, table: str) -> None:
        """Force the next write to serialise every document of `table` again."""
        self._stale.add(table)

    def _encode(self, data: Mapping[str, Mapping[str, Any]],
                changed: Hints | None) -> tuple[bytes, dict[str, _TableText]]:
        cache: dict[str, _TableText] = {}
        parts: list[bytes] = [b"{"]
        for name, table in data.items():
            old = None if name in self._stale else self._cache.get(name)
            if old is not None and old.table is table:
                text = old                       # table untouched since the last write
            elif old is not None and changed is not None and name in changed:
                text = old.patched(table, *changed[name])
            else:
                text = _TableText.full(table, old)
            cache[name] = text
            parts += (text.encoded(name), b",")
        if len(parts) == 1:
            parts.append(b"}")
        else:
            parts[-1] = b"}"
        return b"".join(parts), cache


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

    def patched(self, table: Mapping[str, Any], put: Iterable[str], removed: Iterable[str]) -> _TableText:
        """Return the text of `table`, which differs from this one only in `put` and `removed`."""
        docs = dict(self.docs)
        fragments = dict(self.fragments)
        for doc_id in removed:
            docs.pop(doc_id, None)
            fragments.pop(doc_id, None)
        for doc_id in put:
            doc = table[doc_id]
            docs[doc_id] = doc
            fragments[doc_id] = _fragment(doc_id, doc)
        return _TableText(table, docs, fragments)

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


__all__ = ["DurableStorage", "KeyedTable", "KeyedTinyDB", "file_id", "open_db", "serialise"]
