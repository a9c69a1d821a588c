"""The store's append-only journal: one durable line per change since the last backup.

Each committed change is appended to `<store>.journal` as one JSON line
`{"g": generation, "v": schema, "c": {table: [{id: doc put}, [ids removed]]}}` and fsynced
before the call returns, so a change costs one small append however large the store is. The
store file itself (the snapshot, which records the generation it holds in
`meta.generation`) is rewritten only now and then (`storage.DurableStorage.compact`).
Loading replays the records newer than the snapshot (or, after damage, newer than the
backup that was restored); generations must follow one another, so a missing record is
noticed rather than silently skipped. A line torn by a crash is ignored: it was never
acknowledged. A journal started after a backup opens with a header `{"b": generation}`, so a
restore from an older backup knows which changes it cannot bring back; a rewrite of the
snapshot appends `{"s": [its file id]}`, so another process sees that the new snapshot holds
nothing it does not already have and need not reload it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperdesk.atomic import atomic_write_bytes

_dumps = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), check_circular=False).encode

Docs = dict[str, dict[str, Any]]
Data = dict[str, Docs]
Change = dict[str, tuple[Mapping[str, Mapping[str, Any]], Iterable[str]]]
JournalId = tuple[int, int]     # (inode, size)


def journal_path(store: Path) -> Path:
    """Return the journal file of a store."""
    return store.with_name(store.name + ".journal")


@dataclass(frozen=True)
class Record:
    """One committed change: the generation it produced and the documents put and removed."""

    gen: int
    version: int
    changes: dict[str, tuple[Docs, list[str]]]


@dataclass
class Replay:
    """What reading a journal found: the usable records in order and what was wrong."""

    records: list[Record] = field(default_factory=list)
    base: int | None = None      # the journal holds the changes after this generation (its header)
    snapshot: tuple[int, ...] | None = None   # file id of the last snapshot a mark line announced
    snapshot_end: int = 0        # byte offset just after that mark line
    end: int = 0                 # byte offset after the last complete line read
    torn: int = 0                # lines that could not be read (a crash mid-append)


def encode(gen: int, version: int, changes: Change) -> bytes:
    """Return the journal line of one change."""
    body = {name: [dict(puts), list(removed)] for name, (puts, removed) in changes.items()}
    return _dumps({"g": gen, "v": version, "c": body}).encode("ascii") + b"\n"


def parse(blob: bytes, offset: int = 0, after: int | None = None) -> Replay:
    """Read the records of `blob` (journal bytes starting at `offset`).

    Complete record lines of generation <= `after` (already in the snapshot) are skipped
    without being decoded.
    """
    out = Replay(end=offset)
    pos = 0
    while pos < len(blob):
        nl = blob.find(b"\n", pos)
        line = blob[pos:] if nl < 0 else blob[pos:nl]
        if after is not None and nl >= 0 and _old(line, after):
            pos = nl + 1
            out.end = offset + pos
            continue
        record = _record(line)
        header = _header(line) if record is None else None
        if header is not None:
            kind, value = header
            if kind == "b" and isinstance(value, int):
                out.base = value
            elif kind == "s" and isinstance(value, tuple):
                out.snapshot = value
                out.snapshot_end = offset + (len(blob) if nl < 0 else nl + 1)
        elif record is None:
            if line.strip():
                out.torn += 1
        else:
            out.records.append(record)
        if nl < 0:
            if record is not None or header is not None:
                out.end = offset + len(blob)
            break
        pos = nl + 1
        out.end = offset + pos
    return out


def _old(line: bytes, after: int) -> bool:
    """True for a record line whose generation is <= `after` (read from its prefix only)."""
    if not line.startswith(b'{"g":'):
        return False
    comma = line.find(b",", 5, 30)
    digits = line[5:comma] if comma > 0 else b""
    return digits.isdigit() and int(digits) <= after


def _record(line: bytes) -> Record | None:
    try:
        obj = json.loads(line)
        if not isinstance(obj, dict) or "g" not in obj:
            return None
        gen, version, body = obj["g"], obj["v"], obj["c"]
        if not (isinstance(gen, int) and isinstance(version, int) and isinstance(body, dict)):
            return None
        changes: dict[str, tuple[Docs, list[str]]] = {}
        for name, (puts, removed) in body.items():
            if not isinstance(puts, dict) or not isinstance(removed, list):
                return None
            if not all(isinstance(d, dict) for d in puts.values()):
                return None
            changes[str(name)] = (puts, [str(r) for r in removed])
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError):
        return None
    return Record(gen, version, changes)


def _header(line: bytes) -> tuple[str, int | tuple[int, ...]] | None:
    """A `{"b": generation}` header or a `{"s": [snapshot file id]}` mark, else None."""
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(obj, dict) or "g" in obj:
        return None
    base, mark = obj.get("b"), obj.get("s")
    if isinstance(base, int) and not isinstance(base, bool):
        return ("b", base)
    if isinstance(mark, list) and all(isinstance(x, int) for x in mark):
        return ("s", tuple(mark))
    return None


def mark_line(snapshot_id: tuple[int, ...]) -> bytes:
    """The line announcing that the snapshot was rewritten by paperdesk (other processes need not reload)."""
    return _dumps({"s": list(snapshot_id)}).encode("ascii") + b"\n"


def apply(data: Data, record: Record) -> None:
    """Apply one record to loaded data in place (a put replaces the whole document)."""
    for name, (puts, removed) in record.changes.items():
        table = data.setdefault(name, {})
        for doc_id in removed:
            table.pop(doc_id, None)
        table.update(puts)


def read(path: Path, after: int | None = None) -> tuple[Replay, JournalId | None]:
    """Read the whole journal at `path` (an absent journal is empty); see `parse` for `after`."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            blob = handle.read()
    except FileNotFoundError:
        return Replay(), None
    return parse(blob, after=after), (st.st_ino, st.st_size)


def identity(path: Path) -> JournalId | None:
    """Return (inode, size) of the journal, None when absent."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_ino, st.st_size)


def read_from(path: Path, offset: int) -> tuple[Replay, JournalId | None]:
    """Read the records appended after byte `offset` (by another process)."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            handle.seek(offset)
            blob = handle.read()
    except FileNotFoundError:
        return Replay(end=offset), None
    return parse(blob, offset), (st.st_ino, st.st_size)


def append(path: Path, line: bytes) -> JournalId:
    """Append one record line durably; on failure the journal is cut back to where it was.

    A line left without its newline by a crash is closed first, so it stays one torn line.
    """
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        size = os.fstat(fd).st_size
        try:
            lead = b""
            if size and _last_byte(fd, size) != b"\n":
                lead = b"\n"
            _write_all(fd, lead + line)
            _sync_data(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
        st = os.fstat(fd)
    finally:
        os.close(fd)
    if created and os.name == "posix":
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return (st.st_ino, st.st_size)


def _last_byte(fd: int, size: int) -> bytes:
    os.lseek(fd, size - 1, os.SEEK_SET)    # (no os.pread on Windows; O_APPEND writes at the end anyway)
    return os.read(fd, 1)


def _sync_data(fd: int) -> None:
    """Flush the appended bytes and the new length (fdatasync where it exists: no mtime flush)."""
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:   # pragma: no cover - macOS, Windows
        os.fsync(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def reset_line(base: int) -> bytes:
    """The header of a journal holding the changes after generation `base`."""
    return _dumps({"b": base}).encode("ascii") + b"\n"


def reset(path: Path, base: int) -> JournalId | None:
    """Start a new journal for the changes after generation `base` (a backup holds the rest)."""
    atomic_write_bytes(path, reset_line(base))
    return identity(path)
