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

import bisect
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paperdesk.store.storage import DurableStorage, FileId, Hints

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
    """Serialise a whole store in the line layout (the canonical bytes of `data`)."""
    return assemble({name: [doc_line(k, table[k]) for k in sorted(table)] for name, table in data.items()})


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
    """The lines of one table, sorted by id, and their joined bytes."""

    __slots__ = ("docs", "ids", "joined", "lines", "table")

    def __init__(self, table: Mapping[str, Any], ids: list[str], lines: list[bytes], docs: list[Any]) -> None:
        self.table, self.ids, self.lines, self.docs = table, ids, lines, docs
        self.joined = b",\n".join(lines)

    @classmethod
    def full(cls, table: Mapping[str, Any]) -> _TableLines:
        ids = sorted(table)
        docs = [table[k] for k in ids]
        return cls(table, ids, [doc_line(k, d) for k, d in zip(ids, docs, strict=True)], docs)

    def patched(self, table: Mapping[str, Any], put: Any, removed: Any) -> _TableLines:
        """The lines of `table`, which differs from this one only in `put` and `removed` ids."""
        ids, lines, docs = list(self.ids), list(self.lines), list(self.docs)
        for doc_id in removed:
            at = bisect.bisect_left(ids, doc_id)
            if at < len(ids) and ids[at] == doc_id:
                del ids[at], lines[at], docs[at]
        for doc_id in put:
            doc = table[doc_id]
            at = bisect.bisect_left(ids, doc_id)
            if at < len(ids) and ids[at] == doc_id:
                lines[at], docs[at] = doc_line(doc_id, doc), doc
            else:
                ids.insert(at, doc_id)
                lines.insert(at, doc_line(doc_id, doc))
                docs.insert(at, doc)
        return _TableLines(table, ids, lines, docs)


class LineStorage(DurableStorage):
    """DurableStorage writing the line layout; only the lines of changed documents are re-encoded."""

    def _encode(self, data: Mapping[str, Mapping[str, Any]], changed: Hints | None) -> tuple[bytes, dict]:
        cache: dict[str, _TableLines] = {}
        for name, table in data.items():
            old = None if name in self._stale else self._cache.get(name)
            hint = changed.get(name) if changed is not None else None
            if isinstance(old, _TableLines) and old.table is table:
                cache[name] = old
            elif isinstance(old, _TableLines) and hint is not None:
                cache[name] = old.patched(table, *hint)
            else:
                cache[name] = _TableLines.full(table)
        return _assemble_joined({name: t.joined for name, t in cache.items()}), cache


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
