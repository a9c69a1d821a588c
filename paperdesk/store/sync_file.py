"""The in-collection annotations file: TinyDB JSON written one document per line, sorted by id.

    {
    "highlights":{
    "0a1b...":{...},
    "9f8e...":{...}
    },
    "meta":{
    ...
    }
    }

Tables are sorted by name and documents by id, each document's keys sorted, so equal data give
equal bytes and a Git diff shows one line per changed annotation. The reader is tolerant of what
a textual merge leaves (a missing or extra comma, the same id twice: merged by the merge rules)
and splits a file with Git conflict markers into its two sides.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paperdesk.atomic import atomic_write_bytes
from paperdesk.store import backups as bk
from paperdesk.store import journal as jr
from paperdesk.store.storage import DurableStorage, FileId

log = logging.getLogger(__name__)

SYNC_DIR = ".paperdesk"
SYNC_FILE = "annotations.json"
Data = dict[str, dict[str, Any]]
FOLD_DELAY_S = 1.0    # an idle store folds its journal into the file this long after the last write

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), sort_keys=True).encode


class NotLineFormat(ValueError):
    """The text is not in the one-document-per-line layout (or is damaged)."""


def sync_path(root: Path) -> Path:
    """Return where a collection keeps its annotations when sync is on."""
    return Path(root) / SYNC_DIR / SYNC_FILE


def is_sync_path(path: Path) -> bool:
    """True when `path` names a collection's in-collection annotations file."""
    path = Path(path)
    return path.name == SYNC_FILE and path.parent.name == SYNC_DIR


def doc_line(doc_id: str, doc: Any) -> bytes:
    """Return one document's line, without the separating comma."""
    return f"{_dumps(doc_id)}:{_dumps(doc)}".encode("ascii")


def encode(data: Mapping[str, Mapping[str, Any]]) -> bytes:
    """Serialise a whole store in the line layout (the canonical bytes of `data`).

    The journal generation of a local store (`meta.generation`) is never written: it means
    nothing on another machine and would change one line at every write.
    """
    return assemble({name: [doc_line(k, table[k]) for k in sorted(table) if not _local_only(name, k)]
                     for name, table in data.items()})


def _local_only(table: str, doc_id: str) -> bool:
    return table == "meta" and doc_id == "generation"


def assemble(tables: Mapping[str, list[bytes]]) -> bytes:
    """Join tables of ready document lines (each table's lines sorted by id) into the file's bytes."""
    return _assemble_joined({name: b",\n".join(lines) for name, lines in tables.items()})


def has_conflict_markers(raw: bytes) -> bool:
    """True when the text holds Git conflict markers at the start of a line."""
    def at_line_start(mark: bytes) -> bool:
        return raw.startswith(mark) or b"\n" + mark in raw

    return at_line_start(b"<<<<<<<") and at_line_start(b">>>>>>>")


def conflict_sides(raw: bytes) -> tuple[list[bytes], list[bytes]]:
    """Split a conflicted file into the lines of "ours" and of "theirs" (common lines in both)."""
    ours: list[bytes] = []
    theirs: list[bytes] = []
    where = "both"
    for line in raw.splitlines():
        mark = line[:7]
        if mark == b"<<<<<<<":
            where = "ours"
        elif mark == b"|||||||" and where == "ours":
            where = "base"
        elif mark == b"=======" and where in ("ours", "base"):
            where = "theirs"
        elif mark == b">>>>>>>" and where == "theirs":
            where = "both"
        else:
            if where in ("both", "ours"):
                ours.append(line)
            if where in ("both", "theirs"):
                theirs.append(line)
    return ours, theirs


def parse_lines(lines: list[bytes]) -> Data:
    """Read the line layout; the same id twice is merged. Raises NotLineFormat."""
    from paperdesk.store.merge import merge_doc

    data: Data = {}
    table: str | None = None
    depth = 0
    for number, raw_line in enumerate(lines, 1):
        line = raw_line.strip().rstrip(b",").strip()
        if not line:
            continue
        if line in (b"{", b"}"):
            if line == b"}" and table is not None:
                table = None
            else:
                depth += 1 if line == b"{" else -1
            continue
        try:
            item = json.loads(b"{" + line + (b"}}" if line.endswith(b"{") else b"}"))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise NotLineFormat(f"line {number} is not a document ({str(exc)[:60]})") from None
        (key, value), = item.items()
        if not isinstance(value, dict):
            raise NotLineFormat(f"line {number} is not a document")
        if line.endswith(b"{"):            # a table opens
            if table is not None:
                raise NotLineFormat(f"line {number}: a table opens inside table {table!r}")
            table = key
            data.setdefault(table, {})
        elif line.endswith(b"{}") and table is None:
            data.setdefault(key, {})       # an empty table on one line
        elif table is None:
            raise NotLineFormat(f"line {number}: a document outside any table")
        else:
            old = data[table].get(key)
            data[table][key] = value if old is None else merge_doc(table, old, value)
    if table is not None or depth != 0:
        raise NotLineFormat("the file ends inside a table")
    return data


def parse(raw: bytes) -> Data:
    """Read an annotations file without conflict markers (ValueError when it cannot be read).

    Valid JSON is read as such (fast); otherwise the line layout is read tolerantly (what a text
    merge leaves: a comma missing or left over, one id twice).
    """
    try:
        obj = json.loads(raw)
    except ValueError as exc:
        try:
            return parse_lines(raw.splitlines())
        except NotLineFormat:
            raise exc from None
    if not isinstance(obj, dict):
        raise ValueError("the file does not hold a JSON object")
    return obj


def merge_journal(data: Data, replay: jr.Replay) -> tuple[Data, int]:
    """Merge this machine's journaled documents into a file's data (never a plain put): (data, generation).

    Documents with stamps are merged with `merge.merge_doc` (idempotent, so replaying onto a
    file that already holds them, or that `git pull` replaced, loses nothing on either side);
    a document without stamps on either side is put. Records of another schema are skipped.
    """
    from paperdesk.store.merge import merge_doc
    from paperdesk.store.schema import SCHEMA_VERSION
    from paperdesk.store.stamps import STAMPS

    out = dict(data)
    copied: set[str] = set()
    gen = replay.base or 0
    for record in replay.records:
        gen = max(gen, record.gen)
        if record.version != SCHEMA_VERSION:
            log.warning("journal record %d has schema %d: skipped", record.gen, record.version)
            continue
        for name, (puts, removed) in record.changes.items():
            if name not in copied:
                out[name] = dict(out.get(name, {}))
                copied.add(name)
            table = out[name]
            for doc_id in removed:
                table.pop(doc_id, None)
            for doc_id, doc in puts.items():
                old = table.get(doc_id)
                stamped = old is not None and (STAMPS in old or STAMPS in doc)
                table[doc_id] = merge_doc(name, old, doc) if stamped else doc
    return out, gen


class _TableLines:
    """The lines of one table, sorted by id, with the documents they were made from."""

    __slots__ = ("ids", "joined", "lines", "table")

    def __init__(self, table: Mapping[str, Any], ids: list[str], lines: dict[str, tuple[Any, bytes]]) -> None:
        self.table, self.ids, self.lines = table, ids, lines
        self.joined = b",\n".join(lines[k][1] for k in ids)

    @classmethod
    def build(cls, table: Mapping[str, Any], old: _TableLines | None) -> _TableLines:
        """The lines of `table`, re-encoding only documents that are not the very objects of `old`."""
        ids = old.ids if old is not None and len(old.ids) == len(table) and all(k in table for k in old.ids) \
            else sorted(table)
        cached = old.lines if old is not None else {}
        lines: dict[str, tuple[Any, bytes]] = {}
        for doc_id in ids:
            doc = table[doc_id]
            hit = cached.get(doc_id)
            lines[doc_id] = hit if hit is not None and hit[0] is doc else (doc, doc_line(doc_id, doc))
        return cls(table, ids, lines)


class LineStorage(DurableStorage):
    """DurableStorage for the in-collection file: writes go to a journal, folded into the file on idle.

    A write appends only the changed documents to the journal beside the file
    (`annotations.json.journal`, git-ignored) and fsyncs it before returning, exactly as the local
    store does, so every acknowledged write survives a crash. The journal is folded into the file
    (the file rewritten atomically in the line layout, then the journal deleted) about
    `fold_delay` seconds after the last write (`StoreCore`'s idle timer), when the journal grows
    past the local store's bound, when a backup is due, at close, and after every reload.

    Why this is safe against `git pull`: the journal holds this machine's changes as whole
    documents carrying their HLC stamps, and it is never *put* over the file: opening or
    reloading merges each journaled document into the file's version with the merge rules
    (`merge.merge_doc`, field-wise last writer wins; idempotent), so a file that a pull replaced
    keeps the other machine's newer fields and gains only this machine's newer ones. A crash
    between the fold's rewrite and the journal's deletion merely merges the same documents twice.
    The journal generation is not written into the file (it would change one line at every write
    on every machine).
    """

    fold_delay: float | None = FOLD_DELAY_S

    def __init__(self, path: Path, data: dict[str, dict[str, Any]] | None = None, **kwargs: Any) -> None:
        """As DurableStorage; a file not in the canonical layout or with a journal beside it is folded now."""
        super().__init__(path, data, **kwargs)
        try:
            payload = self._encode(self._data)
            if self.path.exists() and (self.journal.exists() or self.path.read_bytes() != payload):
                self._fold(payload)
        except OSError:
            log.warning("could not rewrite %s in the line layout", self.path, exc_info=True)

    def pending_bytes(self) -> int:
        """Bytes of journal not yet folded into the file (the whole journal: a fold deletes it)."""
        journal_id = self.seen[1]
        return journal_id[1] if journal_id else 0

    def compact(self, backup: bool = False) -> None:
        """Fold the journal into the file when it holds changes; with `backup`, also write a backup."""
        payload = self._snapshot_payload
        if payload is None or self.pending_bytes() or self.seen[0] is None:
            payload = self._encode(self._data)
            self._fold(payload)
        if backup:
            bk.make_backup(self.path, payload)
            self._last_backup = time.monotonic()

    def _fold(self, payload: bytes) -> None:
        """Rewrite the file with `payload` (atomic, fsynced), then delete the journal it now holds."""
        atomic_write_bytes(self.path, payload)
        self.compactions += 1
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.journal)
        self._snapshot_payload = payload
        self.seen = self.disk_state()
        self._snapshot_journal = 0

    def catch_up(self) -> bool:
        """Another process (or `git pull`) changed the file: always a full reload."""
        return False

    def _encode(self, data: Mapping[str, Mapping[str, Any]]) -> bytes:
        cache: dict[str, _TableLines] = {}
        for name, table in data.items():
            if name == "meta":
                table = {k: v for k, v in table.items() if not _local_only(name, k)}
            old = None if name in self._stale else self._text.get(name)
            keep = isinstance(old, _TableLines) and (old.table is table or (name == "meta" and old.table == table))
            cache[name] = old if keep else _TableLines.build(table, old if isinstance(old, _TableLines) else None)
        self._text = cache   # type: ignore[assignment]
        self._stale.clear()
        return _assemble_joined({name: t.joined for name, t in cache.items()})


def _assemble_joined(tables: Mapping[str, bytes]) -> bytes:
    out: list[bytes] = [b"{"]
    names = sorted(tables)
    for i, name in enumerate(names):
        out.append(_dumps(name).encode("ascii") + b":{")
        if tables[name]:
            out.append(tables[name])
        out.append(b"}," if i < len(names) - 1 else b"}")
    out += (b"}", b"")                 # the empty last part ends the file with a newline
    return b"\n".join(out)


__all__ = ["SYNC_DIR", "SYNC_FILE", "FileId", "LineStorage", "NotLineFormat", "assemble", "conflict_sides", "encode",
           "has_conflict_markers", "is_sync_path", "merge_journal", "parse", "parse_lines", "sync_path"]
