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

import json
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paperdesk.atomic import atomic_write_bytes
from paperdesk.store import backups as bk
from paperdesk.store.storage import DurableStorage, FileId, Hints

log = logging.getLogger(__name__)

SYNC_DIR = ".paperdesk"
SYNC_FILE = "annotations.json"
Data = dict[str, dict[str, Any]]

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), sort_keys=True).encode
_MARKERS = (b"<<<<<<<", b"=======", b">>>>>>>", b"|||||||")


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
    """DurableStorage for the in-collection file: the line layout, rewritten whole on every change.

    There is no journal: Git (and the other machines) must find the file current after every
    change, and a journal of this machine's changes could not be replayed onto a file that
    `git pull` replaced. Each change is an atomic replace with fsync, as the store's rule says;
    rotating backups are taken as for any store. The journal generation is not written into the
    file (it would change one line at every write on every machine).
    """

    fold_every_write = True

    def __init__(self, path: Path, data: dict[str, dict[str, Any]] | None = None, **kwargs: Any) -> None:
        """As DurableStorage; a file not in the canonical layout (restored, migrated) is rewritten in it."""
        super().__init__(path, data, **kwargs)
        try:
            payload = self._encode(self._data)
            if self.path.exists() and self.path.read_bytes() != payload:
                atomic_write_bytes(self.path, payload)
                self._snapshot_payload = payload
                self.seen = self.disk_state()
        except OSError:
            log.warning("could not rewrite %s in the line layout", self.path, exc_info=True)

    def compact(self, backup: bool = False) -> None:
        """Every change is already in the file; only a due backup is written (never a journal)."""
        if backup:
            bk.make_backup(self.path, self._encode(self._data))
            self._last_backup = time.monotonic()

    def write(self, data: dict[str, dict[str, Any]], changed: Hints | None = None) -> None:
        """Rewrite the file with `data` (atomic, fsynced), then make it the in-memory state."""
        if not self._changes(data, changed):
            return
        payload = self._encode(data)
        atomic_write_bytes(self.path, payload)      # OSError: memory stays as it was
        self._data = data
        self._seen_tables = dict(data)
        self._stale_journal.clear()
        self._snapshot_payload = payload
        self.seen = self.disk_state()
        self.writes += 1
        if self.backup_interval is not None and time.monotonic() - self._last_backup >= self.backup_interval:
            self._last_backup = time.monotonic()
            try:
                bk.make_backup(self.path, payload)
            except OSError:
                log.exception("could not write a backup of the annotations file")

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
           "has_conflict_markers", "is_sync_path", "parse", "parse_lines", "sync_path"]
