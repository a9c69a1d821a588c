"""The store's file format: schema version, validation of a loaded file, migrations from v1 and v2.

Version 3 (current) is version 2 with change stamps (`paperdesk.store.stamps`): every document
carries `"_s": {group: stamp}`; a tags document holds its add/remove set in `"_tags"` (the `tags`
list is derived from it); a deleted highlight stays as a tombstone (`deleted: true`, no text), a
removed tag colour as `color: null`, a deleted search as `query: null`.

Version 2 keys every document by what it is about:
  meta        {"schema": {"version": 2, "created": iso}}
  status      {paper_key: {"status": s, "history": [[iso, status], ...]}}
  tags        {paper_key: {"tags": [display, ...]}}      (unique case-insensitively)
  tag_colors  {folded tag: {"tag": display, "color": "#rrggbb"}}
  highlights  {id: Highlight fields}                    (colour index 0..4, text_hash, orphan)
  palette     {"0".."4": {"meaning": str}}
  searches    {name: {"query": str}}
  settings    {key: {"value": any JSON}}

Version 1 (paperdesk 0.0 development builds) was plain TinyDB with automatic integer ids:
status docs {"paper_key", "status", "updated"} without history; one tags doc per (paper_key, tag)
pair, duplicates differing in case possible; highlights with a colour *name*, no text_hash, no
orphan flag; no palette meanings; searches {"name", "query"}; settings {"key", "value"}; the
`meta` table held {"version": 1} or was missing altogether.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from paperdesk.store.hlc import ZERO, make_stamp
from paperdesk.store.model import now_iso
from paperdesk.store.stamps import STAMPS, TAG_STATES, stamp_all
from paperdesk.vocab import STATUSES

SCHEMA_VERSION = 3
V1_COLOR_NAMES = ("yellow", "green", "blue", "pink", "purple")
TABLES = ("meta", "status", "tags", "tag_colors", "highlights", "palette", "searches", "settings")
_HIGHLIGHT_FIELDS = {"id": str, "entry_id": str, "quote": str, "start": int, "end": int}

Data = dict[str, dict[str, Any]]


class CorruptStore(Exception):
    """The file is not a readable paperdesk store (truncated, not JSON, wrong shape)."""


class NewerStore(Exception):
    """The file was written by a newer paperdesk whose schema this version does not know."""


def empty_data() -> Data:
    """Return the tables of a new, empty store."""
    data: Data = {name: {} for name in TABLES}
    data["meta"]["schema"] = {"version": SCHEMA_VERSION, "created": now_iso()}
    return data


def schema_version(data: Data) -> int:
    """Return the schema version recorded in loaded data (1 when absent: the oldest format)."""
    meta = data.get("meta") or {}
    doc = meta.get("schema")
    if isinstance(doc, dict) and isinstance(doc.get("version"), int):
        return doc["version"]
    for doc in meta.values():
        if isinstance(doc, dict) and isinstance(doc.get("version"), int):
            return doc["version"]
    return 1


def check_shape(data: Any) -> Data:
    """Raise CorruptStore unless `data` is {table: {doc id: {...}}}; return it."""
    if not isinstance(data, dict):
        raise CorruptStore("the file does not hold a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptStore(f"table {name!r} is not an object")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise CorruptStore(f"document {doc_id!r} of table {name!r} is not an object")
    return data


def validate(data: Data) -> Data:
    """Check a current-version store in depth; raise CorruptStore on damage; fill missing tables."""
    for name in TABLES:
        data.setdefault(name, {})
    for doc_id, doc in data["highlights"].items():
        for field, kind in _HIGHLIGHT_FIELDS.items():
            if not isinstance(doc.get(field), kind):
                raise CorruptStore(f"highlight {doc_id!r} has no valid {field!r}")
        if doc["id"] != doc_id:
            raise CorruptStore(f"highlight {doc_id!r} is stored under the wrong id")
        color = doc.get("color", 0)
        if not isinstance(color, int) or not 0 <= color <= 4:
            raise CorruptStore(f"highlight {doc_id!r} has an invalid colour")
    for key, doc in data["status"].items():
        if not isinstance(doc.get("status"), str) or not isinstance(doc.get("history", []), list):
            raise CorruptStore(f"status of {key!r} is damaged")
    for key, doc in data["tags"].items():
        tags = doc.get("tags")
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise CorruptStore(f"tags of {key!r} are damaged")
        states = doc.get(TAG_STATES, {})
        if not isinstance(states, dict) or not all(isinstance(v, dict) for v in states.values()):
            raise CorruptStore(f"tags of {key!r} are damaged")
    for name in TABLES:
        for doc_id, doc in data[name].items():
            if not isinstance(doc.get(STAMPS, {}), dict):
                raise CorruptStore(f"the change stamps of {doc_id!r} in {name!r} are damaged")
    return data


def migrate(data: Data) -> tuple[Data, int]:
    """Bring loaded data to SCHEMA_VERSION; returns (data, version found). Raises NewerStore."""
    found = schema_version(data)
    if found > SCHEMA_VERSION:
        raise NewerStore(
            f"the store was written by a newer paperdesk (schema {found}; this version reads up to "
            f"{SCHEMA_VERSION})"
        )
    version = found
    if version < 1:
        raise CorruptStore(f"unknown schema version {version}")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return validate(data), found


def _v1_to_v2(old: Data) -> Data:
    """v1 (auto ids, colour names, no history/hash/orphan) -> v2 (keyed documents)."""
    new = empty_data()
    meta_created = None
    for doc in (old.get("meta") or {}).values():
        if isinstance(doc, dict) and isinstance(doc.get("created"), str):
            meta_created = doc["created"]
    if meta_created:
        new["meta"]["schema"]["created"] = meta_created
    new["meta"]["schema"]["migrated_from"] = 1
    for doc in _ordered(old.get("status")):
        key, status = doc.get("paper_key"), doc.get("status")
        if not isinstance(key, str) or status not in STATUSES:
            continue
        when = doc.get("updated") if isinstance(doc.get("updated"), str) else ""
        prior = new["status"].get(key, {"history": []})["history"]
        new["status"][key] = {"status": status, "history": [*prior, [when, status]]}
    for doc in _ordered(old.get("tags")):
        key, tag = doc.get("paper_key"), doc.get("tag")
        if not isinstance(key, str) or not isinstance(tag, str) or not tag.strip():
            continue
        tags = new["tags"].setdefault(key, {"tags": []})["tags"]
        if tag.strip().casefold() not in {t.casefold() for t in tags}:
            tags.append(tag.strip())
    for doc in _ordered(old.get("highlights")):
        try:
            hid, entry_id, quote = str(doc["id"]), str(doc["entry_id"]), str(doc["quote"])
            start, end = int(doc["start"]), int(doc["end"])
        except (KeyError, TypeError, ValueError):
            continue  # unusable even in v1; nothing to anchor
        color = doc.get("color", "yellow")
        index = V1_COLOR_NAMES.index(color) if color in V1_COLOR_NAMES else 0
        new["highlights"][hid] = {
            "id": hid, "entry_id": entry_id, "paper_key": str(doc.get("paper_key", "")),
            "color": index, "note": str(doc.get("note", "") or ""), "quote": quote,
            "prefix": str(doc.get("prefix", "") or ""), "suffix": str(doc.get("suffix", "") or ""),
            "start": start, "end": end,
            "text_hash": "",  # unknown in v1: anchoring skips the offsets shortcut
            "created": str(doc.get("created", "")), "updated": str(doc.get("updated", "")),
            "orphan": False,
        }
    for doc in _ordered(old.get("searches")):
        if isinstance(doc.get("name"), str) and isinstance(doc.get("query"), str):
            new["searches"][doc["name"]] = {"query": doc["query"]}
    for doc in _ordered(old.get("settings")):
        if isinstance(doc.get("key"), str):
            new["settings"][doc["key"]] = {"value": doc.get("value")}
    return new


def _ordered(table: Any) -> list[dict[str, Any]]:
    """Documents of a v1 table in insertion (integer id) order."""
    if not isinstance(table, dict):
        return []

    def key(item: tuple[str, Any]) -> tuple[int, str]:
        return (int(item[0]) if item[0].isdigit() else 1 << 62, item[0])

    return [doc for _, doc in sorted(table.items(), key=key) if isinstance(doc, dict)]


def _stamp_of_iso(iso: Any, counter: int = 0) -> str:
    """A migration stamp at the time an ISO date names (ZERO's time when it names none)."""
    try:
        ms = int(datetime.fromisoformat(str(iso)).timestamp() * 1000)
    except (TypeError, ValueError, OverflowError, OSError):
        ms = 0
    return make_stamp(max(ms, 0), counter, "0")


def _v2_to_v3(old: Data) -> Data:
    """v2 -> v3: stamp every document (from its own times where it has them), tags as add/remove sets."""
    new: Data = {name: dict(old.get(name, {})) for name in set(TABLES) | set(old)}
    schema = dict(new["meta"].get("schema") or {})
    schema["version"] = 3
    schema.setdefault("migrated_from", 2)
    new["meta"]["schema"] = schema
    for key, doc in old.get("status", {}).items():
        history = doc.get("history") if isinstance(doc.get("history"), list) else []
        last = history[-1][0] if history and isinstance(history[-1], list) and history[-1] else None
        new["status"][key] = stamp_all("status", doc, _stamp_of_iso(last))
    for key, doc in old.get("tags", {}).items():
        tags = [t for t in doc.get("tags", []) if isinstance(t, str)]
        states = {t.casefold(): {"tag": t, "on": True} for t in tags}
        stamps = {t.casefold(): make_stamp(0, i, "0") for i, t in enumerate(tags[:9999])}
        new["tags"][key] = {"tags": tags, TAG_STATES: states, STAMPS: stamps}
    for hid, doc in old.get("highlights", {}).items():
        new["highlights"][hid] = stamp_all("highlights", {**doc, "deleted": False},
                                           _stamp_of_iso(doc.get("updated")))
    for name in ("tag_colors", "palette", "searches", "settings"):
        for key, doc in old.get(name, {}).items():
            new[name][key] = stamp_all(name, doc, ZERO)
    return new


MIGRATIONS = {1: _v1_to_v2, 2: _v2_to_v3}
