"""Merging two annotations files line by line: only the documents that differ are parsed.

Files in the canonical line layout (`paperdesk.store.sync_file`) of the current schema hold one
document per line; a line equal on both sides is kept as it is and only differing documents go
through `merge_doc`. Anything else (an older schema, a hand-edited layout) takes the full path:
parse, migrate, `merge_data`, encode. Both give the same bytes for canonical inputs.
"""

from __future__ import annotations

import json

from paperdesk.store.merge import merge_data, merge_doc
from paperdesk.store.schema import SCHEMA_VERSION, CorruptStore, check_shape, migrate
from paperdesk.store.sync_file import assemble, doc_line, encode, parse

Lines = dict[str, dict[str, bytes]]
_decoder = json.JSONDecoder()


def split_lines(raw: bytes) -> Lines | None:
    """Return {table: {id: line}} of a canonical file, or None when it is not one."""
    rows = raw.split(b"\n")
    if len(rows) < 3 or rows[0] != b"{" or rows[-1] != b"" or rows[-2] != b"}":
        return None
    tables: Lines = {}
    current: dict[str, bytes] | None = None
    try:
        for row in rows[1:-2]:
            if current is None:
                if not row.endswith(b":{"):
                    return None
                current = tables.setdefault(json.loads(row[:-2]), {})
            elif row in (b"}", b"},"):
                current = None
            else:
                line = row[:-1] if row.endswith(b",") else row
                current[_key(line)] = line
    except (ValueError, UnicodeDecodeError):
        return None
    return tables if current is None else None


def _key(line: bytes) -> str:
    """The id a document line starts with (ValueError when the line does not start with one)."""
    end = line.find(b'":{')
    if line[:1] == b'"' and end > 0 and b"\\" not in line[:end]:
        return line[1:end].decode("ascii")        # no escapes: the common case, without a decoder
    key, end = _decoder.raw_decode(line.decode("ascii"))
    if not isinstance(key, str) or line[end:end + 2] != b":{":
        raise ValueError("not a document line")
    return key


def _version(lines: Lines) -> int | None:
    schema = lines.get("meta", {}).get("schema")
    if schema is None:
        return None
    version = _doc(schema).get("version")
    return version if isinstance(version, int) else None


def merge_bytes(ours: bytes, theirs: bytes) -> bytes:
    """Merge two annotations files (no conflict markers) into the bytes of the merged file.

    Raises CorruptStore for a side that cannot be read and NewerStore for a newer schema.
    """
    a, b = split_lines(ours), split_lines(theirs)
    if a is None or b is None or _version(a) != SCHEMA_VERSION or _version(b) != SCHEMA_VERSION:
        return encode(merge_data(*(_full(raw) for raw in (ours, theirs))))
    tables: dict[str, list[bytes]] = {}
    for name in set(a) | set(b):
        la, lb = a.get(name, {}), b.get(name, {})
        out: list[bytes] = []
        for doc_id in sorted(set(la) | set(lb)):
            x, y = la.get(doc_id), lb.get(doc_id)
            if y is None or x == y:
                out.append(x)  # type: ignore[arg-type]
            elif x is None:
                out.append(y)
            else:
                out.append(doc_line(doc_id, merge_doc(name, _doc(x), _doc(y))))
        tables[name] = out
    return assemble(tables)


def _doc(line: bytes) -> dict:
    """The document of one line (its id is decoded to find where the document starts)."""
    _key, end = _decoder.raw_decode(line.decode("ascii"))
    return json.loads(line[end + 1:])


def _full(raw: bytes) -> dict:
    try:
        return migrate(check_shape(parse(raw)))[0]
    except ValueError as exc:
        raise CorruptStore(f"not valid JSON ({str(exc)[:80]})") from None
