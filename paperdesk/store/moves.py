"""Moving a paper's annotations to another paper key (a note renamed or retitled): one durable write.

The move is written like any user change: under the lock, after catching up with the disk, as
one journal line, every touched group stamped anew. The old key keeps tombstones, never a gap:
its status goes back to "unread", each of its tags is removed (`on: false`), its highlights'
`origin` (entry id, paper key) points at the new key. A merge with a device that still has the
old key's data therefore keeps the move (greater stamps win) and brings nothing back; a device
that made the same move meets the same values under its own stamps (no duplicates: highlights
keep their ids, tags their folded names). The old key's status document records `moved_to`, so
what another device added to the old key before it saw the rename can follow later (`follow`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from paperdesk.store import stamps as st
from paperdesk.store.changes import Changes, Puts, StoreCore
from paperdesk.store.model import now_iso
from paperdesk.vocab import Status

MOVED_TO = "moved_to"   # field of an old key's status document: where its annotations went


def annotated_keys(core: StoreCore) -> set[str]:
    """Paper keys holding a status other than unread, a tag, or a live highlight."""
    keys = {k for k, doc in core.table("status").items() if doc.get("status") != Status.UNREAD}
    keys.update(k for k, doc in core.table("tags").items() if doc.get("tags"))
    keys.update(doc.get("paper_key", "") for doc in core.table("highlights").values() if not st.is_deleted(doc))
    keys.discard("")
    return keys


def highlighted_entries(core: StoreCore) -> set[str]:
    """Entry ids holding a live highlight."""
    return {doc["entry_id"] for doc in core.table("highlights").values() if not st.is_deleted(doc)}


def moved_to(core: StoreCore, key: str) -> str | None:
    """The key an earlier move took `key`'s annotations to (its status document says), or None."""
    doc = core.table("status").get(key)
    target = doc.get(MOVED_TO) if doc is not None else None
    return target if isinstance(target, str) and target else None


def moved_entry_id(entry_id: str, entry_ids: Mapping[str, str], target: str) -> str:
    """The entry id a highlight of a moved key gets: its entry's new id, else the move's entry."""
    return entry_ids.get(entry_id, target)


def _leads_to(core: StoreCore, old_key: str, new_key: str) -> bool:
    """Whether the earlier moves of `old_key` (one after another) end at `new_key`."""
    key, seen = moved_to(core, old_key), {old_key}
    while key is not None and key not in seen and len(seen) < 16:
        if key == new_key:
            return True
        seen.add(key)
        key = moved_to(core, key)
    return False


def move_paper(core: StoreCore, old_key: str, new_key: str, entry_ids: Mapping[str, str],
               reindex: Callable[[], None], *, follow: bool = False) -> bool:
    """Move the status, tags and highlights of `old_key` to `new_key`; False when there was nothing.

    `entry_ids` maps the old entry ids to the new one: highlights of `old_key` get the new id (one
    they hold not listed gets the first value), and the "last_entry" and "opened" settings follow.
    Refuses (ValueError) when the new key already holds annotations: a move never merges two papers,
    unless `follow`: `old_key` was moved to `new_key` before (`moved_to`, maybe through later moves) and holds what another
    device added to it since; then they join the new key's (its status kept unless the old one's is
    newer, tags added, highlights moved). `old_key`'s status document records `moved_to: new_key`.
    `reindex` rebuilds the store's indexes once the write is done (before anyone is notified).
    """
    if old_key == new_key or not entry_ids:
        raise ValueError("a move needs two different keys and the new entry id")
    target = next(iter(entry_ids.values()))
    with core.change():
        annotated = annotated_keys(core)
        if old_key not in annotated:
            return False
        if follow and not _leads_to(core, old_key, new_key):
            raise ValueError(f"{old_key!r} was not moved to {new_key!r} before")
        if new_key in annotated and not follow:
            raise ValueError(f"{new_key!r} already holds annotations")
        changes: Changes = {}
        _move_status(core, old_key, new_key, changes)
        _move_tags(core, old_key, new_key, changes)
        moved_entries = _move_highlights(core, old_key, new_key, entry_ids, target, changes)
        _move_settings(core, entry_ids, changes)
        core.write(changes)
        reindex()
    for kind, table in (("status", "status"), ("tags", "tags")):
        if table in changes:
            core.notify(kind, old_key)
            core.notify(kind, new_key)
    if "highlights" in changes:
        for entry_id in dict.fromkeys([*moved_entries, target]):
            core.notify("highlight", entry_id)
    for name in changes.get("settings", ({}, []))[0]:
        core.notify("setting", name)
    return True


def _move_status(core: StoreCore, old_key: str, new_key: str, changes: Changes) -> None:
    """The new key takes the old one's status (unless its own is set and newer); the old key keeps
    "unread" and `moved_to`, written even when it had no status, so a later sync can follow."""
    old = core.table("status").get(old_key)
    puts: Puts = {}
    if old is not None and old.get("status") != Status.UNREAD:
        new = core.table("status").get(new_key)
        ours = st.stamps_of(new or {}).get("status", "")
        if new is None or new.get("status") == Status.UNREAD or st.stamps_of(old).get("status", "") > ours:
            history = [*(new or {}).get("history", []), *old.get("history", [])]
            history.sort(key=lambda item: str(item[0]) if isinstance(item, list) and item else "")
            puts[new_key] = st.stamped("status", new, {"status": old["status"], "history": history}, core.stamp())
    history = list((old or {}).get("history", []))
    if old is not None and old.get("status") != Status.UNREAD:
        history.append([now_iso(), str(Status.UNREAD)])
    puts[old_key] = st.stamped("status", old, {"status": str(Status.UNREAD), "history": history,
                                               MOVED_TO: new_key}, core.stamp())
    changes["status"] = (puts, [])


def _move_tags(core: StoreCore, old_key: str, new_key: str, changes: Changes) -> None:
    old = core.table("tags").get(old_key)
    if not old or not old.get("tags"):
        return
    new: Mapping[str, Any] | None = core.table("tags").get(new_key)
    have = {t.casefold() for t in (new or {}).get("tags", [])}
    removed: Mapping[str, Any] = old
    for display in old["tags"]:          # one stamp each, in order: the new key lists them in the same order
        folded = display.casefold()
        stamp = core.stamp()
        if folded not in have:
            new = st.with_tag(new, folded, display, True, stamp)
        removed = st.with_tag(removed, folded, display, False, stamp)
    puts: Puts = {old_key: removed}
    if new is not None and new is not core.table("tags").get(new_key):
        puts[new_key] = new
    changes["tags"] = (puts, [])


def _move_highlights(core: StoreCore, old_key: str, new_key: str, entry_ids: Mapping[str, str], target: str,
                     changes: Changes) -> list[str]:
    """Point the live highlights of `old_key` at the new key and entry; returns their old entry ids."""
    puts: Puts = {}
    old_entries: dict[str, None] = {}
    stamp = core.stamp()
    for hid, doc in core.table("highlights").items():
        if doc.get("paper_key") != old_key or st.is_deleted(doc):
            continue
        old_entries[doc["entry_id"]] = None
        new_entry = moved_entry_id(doc["entry_id"], entry_ids, target)
        puts[hid] = st.stamped("highlights", doc, {"entry_id": new_entry, "paper_key": new_key}, stamp)
    if puts:
        changes["highlights"] = (puts, [])
    return list(old_entries)


def _move_settings(core: StoreCore, entry_ids: Mapping[str, str], changes: Changes) -> None:
    """The reading position follows the entry: "last_entry" and the "opened" times."""
    settings = core.table("settings")
    puts: Puts = {}
    last = settings.get("last_entry")
    if last is not None and last.get("value") in entry_ids:
        puts["last_entry"] = st.stamped("settings", last, {"value": entry_ids[last["value"]]}, core.stamp())
    opened = settings.get("opened")
    value = opened.get("value") if opened is not None else None
    if isinstance(value, dict) and any(k in entry_ids for k in value):
        moved = {entry_ids.get(k, k): v for k, v in value.items()}
        puts["opened"] = st.stamped("settings", opened, {"value": moved}, core.stamp())
    if puts:
        changes["settings"] = (puts, [])
