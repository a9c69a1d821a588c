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
    return _assemble({name: [doc_line(k, table[k]) for k in sorted(table)] for name, table in data.items()})


def _assemble(tables: Mapping[str, list[bytes]]) -> bytes:
    out: list[bytes] = [b"{"]
    names = sorted(tables)
    for i, name in enumerate(names):
        out.append(_dumps(name).encode("ascii") + b":{")
        lines = tables[name]
        if lines:
            out.append(b",\n".join(lines))
        out.append(b"}," if i < len(names) - 1 else b"}")
    out.append(b"}")
    return b"\n".join(out) + b"\n"


def has_conflict_markers(raw: bytes) -> bool:
    """True when the text holds Git conflict markers at the start of a line."""
    starts = {line[:7] for line in raw.splitlines()}
    return b"<<<<<<<" in starts and b">>>>>>>" in starts


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
    """Read an annotations file without conflict markers: the line layout, else any JSON object."""
    try:
        return parse_lines(raw.splitlines())
    except NotLineFormat:
        obj = json.loads(raw)     # ValueError for text that is not JSON at all
        if not isinstance(obj, dict):
            raise ValueError("the file does not hold a JSON object") from None
        return obj


class LineStorage(DurableStorage):
    """DurableStorage writing the line layout; each document's line is cached until it changes."""

    def __init__(self, path: Path, data: Data | None = None, on_written: Any = None) -> None:
        """Serve `data` and write to `path` like DurableStorage, in the line layout."""
        super().__init__(path, data, on_written=on_written)
        self._lines: dict[str, dict[str, tuple[Any, bytes]]] = {}
        self._order: dict[str, tuple[Any, list[str], set[str]]] = {}

    def _encode(self, data: Mapping[str, Mapping[str, Any]], changed: Hints | None) -> tuple[bytes, dict]:
        tables: dict[str, list[bytes]] = {}
        for name, table in data.items():
            cached = self._lines.setdefault(name, {})
            entry = self._order.get(name)
            if entry is None or entry[0] is not table:
                hint = changed.get(name) if changed is not None else None
                if (entry is not None and hint is not None and len(entry[2]) == len(table)
                        and all(k in entry[2] for k in hint[0])):
                    entry = (table, entry[1], entry[2])     # same ids: only documents changed
                else:
                    ids = sorted(table)
                    entry = (table, ids, set(ids))
                self._order[name] = entry
            lines = []
            for doc_id in entry[1]:
                doc = table[doc_id]
                hit = cached.get(doc_id)
                if hit is None or hit[0] is not doc:
                    hit = (doc, doc_line(doc_id, doc))
                    cached[doc_id] = hit
                lines.append(hit[1])
            tables[name] = lines
        return _assemble(tables), {}

    def replace_data(self, data: dict[str, dict[str, Any]]) -> None:
        """Swap in data loaded from disk; the line cache starts afresh."""
        super().replace_data(data)
        self._lines = {}
        self._order = {}


__all__ = ["SYNC_DIR", "SYNC_FILE", "FileId", "LineStorage", "NotLineFormat", "conflict_sides", "encode",
           "has_conflict_markers", "is_sync_path", "parse", "parse_lines", "sync_path"]
