"""The merge of two annotation stores: field by field, last writer wins, nothing lost or resurrected.

Each group of fields (see `paperdesk.store.stamps`) is taken from the side whose stamp is
greater; equal stamps are decided by the value itself, so the result never depends on which
side is "ours". Tag sets merge tag by tag the same way (a tag added on one side and never
removed survives), status histories are united, `updated` is the later of the two. Every rule
picks the maximum of a total order, so the merge is commutative, associative and idempotent,
and the BASE version is not needed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from paperdesk.store.hlc import ZERO
from paperdesk.store.stamps import (
    STAMPS,
    TAG_STATES,
    Doc,
    groups_of,
    stamps_of,
    tag_states,
    visible_tags,
)

Data = dict[str, dict[str, Any]]
_canon = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), sort_keys=True).encode


def merge_data(ours: Mapping[str, Mapping[str, Any]], theirs: Mapping[str, Mapping[str, Any]]) -> Data:
    """Merge two whole stores (already migrated to the current schema)."""
    out: Data = {}
    for name in sorted(set(ours) | set(theirs)):
        out[name] = merge_table(name, ours.get(name, {}), theirs.get(name, {}))
    return out


def merge_table(table: str, ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> dict[str, Any]:
    """Merge the documents of one table by id."""
    if ours is theirs:
        return dict(ours)
    out = dict(ours)
    for doc_id, doc in theirs.items():
        mine = out.get(doc_id)
        if mine is None:
            out[doc_id] = doc
        elif mine is not doc and mine != doc:
            out[doc_id] = merge_doc(table, mine, doc)
    return out


def merge_doc(table: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> Doc:
    """Merge two versions of one document of `table`."""
    sa, sb = stamps_of(a), stamps_of(b)
    ga, gb = groups_of(table, a), groups_of(table, b)
    out: Doc = {}
    stamps: dict[str, str] = {}
    for group in sorted(set(ga) | set(gb)):
        va, vb = ga.get(group, {}), gb.get(group, {})
        ka, kb = sa.get(group, ZERO), sb.get(group, ZERO)
        take_a = ka > kb or (ka == kb and (va == vb or _canon(va) >= _canon(vb)))
        out.update(va if take_a else vb)
        stamps[group] = ka if take_a else kb
    if "id" in a or "id" in b:
        out["id"] = a.get("id", b.get("id"))
    if "updated" in a or "updated" in b:
        out["updated"] = max(str(a.get("updated", "")), str(b.get("updated", "")))
    if "history" in a or "history" in b:
        out["history"] = _union_history(a.get("history"), b.get("history"))
    if TAG_STATES in a or TAG_STATES in b:
        states = _merge_tag_states(tag_states(a), tag_states(b), sa, sb, stamps)
        out[TAG_STATES] = states
        out["tags"] = visible_tags(states, stamps)
    if STAMPS in a or STAMPS in b:
        out[STAMPS] = {k: stamps[k] for k in sorted(stamps)}
    return out


def _merge_tag_states(a: Mapping[str, Any], b: Mapping[str, Any], sa: Mapping[str, str],
                      sb: Mapping[str, str], stamps: dict[str, str]) -> dict[str, Any]:
    """Merge two add/remove tag sets tag by tag; records each tag's winning stamp in `stamps`."""
    out: dict[str, Any] = {}
    for key in sorted(set(a) | set(b)):
        va, vb = a.get(key), b.get(key)
        ka, kb = sa.get(key, ZERO), sb.get(key, ZERO)
        if vb is None or (va is not None and (ka > kb or (ka == kb and _canon(va) >= _canon(vb)))):
            out[key], stamps[key] = va, ka
        else:
            out[key], stamps[key] = vb, kb
    return out


def _union_history(a: Any, b: Any) -> list[list[str]]:
    """Status changes of both sides, each once, oldest first."""
    seen: dict[str, list[str]] = {}
    for item in [*(a if isinstance(a, list) else []), *(b if isinstance(b, list) else [])]:
        if isinstance(item, list) and len(item) == 2:
            pair = [str(item[0]), str(item[1])]
            seen.setdefault(_canon(pair), pair)
    return [seen[k] for k in sorted(seen, key=lambda k: (seen[k][0], seen[k][1]))]
