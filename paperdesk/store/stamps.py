"""Per-field change stamps of stored documents: which fields change together, and stamping a change.

Every document of a stamped table carries `"_s": {group: stamp}` (see `paperdesk.store.hlc`).
A group is a set of fields that only make sense together (a highlight's quote and offsets);
a field not listed below is a group of its own. A paper's tags are an add/remove set: each
tag (by its case-folded key) has its own stamp, and `"_tags": {folded: {"tag": display, "on": bool}}`
holds its state; the `tags` list is derived from it (present tags in the order they were added).
A deleted highlight is a tombstone: its id, `deleted: true`, and every group stamped with the
time of the deletion and emptied of text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paperdesk.store.hlc import ZERO

Doc = dict[str, Any]

STAMPS = "_s"
TAG_STATES = "_tags"
HIGHLIGHT_GROUPS: dict[str, tuple[str, ...]] = {
    "origin": ("entry_id", "paper_key", "created"),
    "anchor": ("quote", "prefix", "suffix", "start", "end", "text_hash", "orphan",
               "rival_context", "rival_similarity"),
    "color": ("color",),
    "note": ("note",),
    "deleted": ("deleted",),
}
GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "highlights": HIGHLIGHT_GROUPS,
    "tag_colors": {"color": ("tag", "color")},
}
# Fields never merged as groups: identity, the stamps themselves, derived or merged specially.
SPECIAL = frozenset({"id", STAMPS, TAG_STATES, "tags", "history", "updated"})
_TOMBSTONE_VALUES: Doc = {
    "quote": "", "prefix": "", "suffix": "", "start": 0, "end": 0, "text_hash": "", "orphan": False,
    "rival_context": None, "rival_similarity": None, "color": 0, "note": "", "deleted": True,
}


_GROUP_OF: dict[str, dict[str, str]] = {
    table: {field: name for name, fields in groups.items() for field in fields} for table, groups in GROUPS.items()
}
_NO_GROUPS: dict[str, str] = {}


def group_of(table: str, field: str) -> str:
    """Return the name of the group a field of `table` belongs to."""
    return _GROUP_OF.get(table, _NO_GROUPS).get(field, field)


def groups_of(table: str, doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Split a document's mergeable fields into {group: {field: value}}."""
    known = _GROUP_OF.get(table, _NO_GROUPS)
    out: dict[str, dict[str, Any]] = {}
    for field, value in doc.items():
        if field not in SPECIAL:
            group = known.get(field, field)
            if group in out:
                out[group][field] = value
            else:
                out[group] = {field: value}
    return out


def stamps_of(doc: Mapping[str, Any]) -> dict[str, str]:
    """Return a document's stamps ({} for an unstamped one)."""
    stamps = doc.get(STAMPS)
    return stamps if isinstance(stamps, dict) else {}


def stamped(table: str, old: Mapping[str, Any] | None, fields: Mapping[str, Any], stamp: str) -> Doc:
    """Return `old` with `fields` set and every group they touch stamped `stamp` (a new dict)."""
    doc: Doc = dict(old or {})
    doc.update(fields)
    stamps = dict(stamps_of(doc))
    for field in fields:
        if field not in SPECIAL:
            stamps[group_of(table, field)] = stamp
    doc[STAMPS] = stamps
    return doc


def stamp_all(table: str, doc: Mapping[str, Any], stamp: str) -> Doc:
    """Return `doc` with every one of its groups stamped `stamp` (a document written whole)."""
    return stamped(table, doc, {k: v for k, v in doc.items() if k not in SPECIAL}, stamp)


def highlight_tombstone(doc: Mapping[str, Any], stamp: str) -> Doc:
    """Return the tombstone of a highlight: id, origin and `deleted`; every group stamped now."""
    kept = {k: doc[k] for k in ("id", "entry_id", "paper_key", "created", "updated") if k in doc}
    out = stamped("highlights", kept, _TOMBSTONE_VALUES, stamp)
    for group in HIGHLIGHT_GROUPS:
        out[STAMPS][group] = stamp
    return out


def is_deleted(doc: Mapping[str, Any]) -> bool:
    """True for the tombstone of a deleted highlight."""
    return doc.get("deleted") is True


def tag_states(doc: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Return {folded tag: {"tag": display, "on": bool}} of a tags document."""
    states = (doc or {}).get(TAG_STATES)
    if isinstance(states, dict):
        return states
    tags = (doc or {}).get("tags")     # a document written without its set: every tag is on
    return {t.casefold(): {"tag": t, "on": True} for t in tags if isinstance(t, str)} if isinstance(tags, list) else {}


def visible_tags(states: Mapping[str, Mapping[str, Any]], stamps: Mapping[str, str]) -> list[str]:
    """The present tags of an add/remove set, in the order they were (last) added."""
    on = [(stamps.get(key, ZERO), key) for key, state in states.items() if state.get("on")]
    return [str(states[key]["tag"]) for _stamp, key in sorted(on)]


def with_tag(doc: Mapping[str, Any] | None, folded: str, display: str, on: bool, stamp: str) -> Doc:
    """Return a tags document with one tag added (on) or removed, stamped `stamp`."""
    out: Doc = dict(doc or {})
    states = dict(tag_states(doc))
    states[folded] = {"tag": display, "on": on}
    stamps = dict(stamps_of(doc or {}))
    stamps[folded] = stamp
    out[TAG_STATES] = states
    out[STAMPS] = stamps
    out["tags"] = visible_tags(states, stamps)
    return out


def newest_stamp(data: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> str:
    """Return the greatest stamp found anywhere in the data (ZERO when none)."""
    best = ZERO
    for table in data.values():
        for doc in table.values():
            stamps = doc.get(STAMPS) if isinstance(doc, dict) else None
            if isinstance(stamps, dict) and stamps:
                top = max((s for s in stamps.values() if isinstance(s, str)), default=ZERO)
                if top > best:
                    best = top
    return best
