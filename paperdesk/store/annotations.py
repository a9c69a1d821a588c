"""AnnotationStore: reading status, tags, highlights, palette, saved searches and settings.

All reads come from memory; every change takes the inter-process lock, reloads the file if
another process replaced it, writes durably (DurableStorage) and then notifies subscribers.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any

from paperdesk.errors import UserError
from paperdesk.store import backups as bk
from paperdesk.store import conflicts, recovery, sync_file
from paperdesk.store import stamps as st
from paperdesk.store.access import WriteAccess
from paperdesk.store.anchor_text_store import AnchorTexts
from paperdesk.store.anchoring import reanchor, selectors_for, text_hash
from paperdesk.store.hlc import Clock, device_id
from paperdesk.store.lock import StoreLock
from paperdesk.store.model import (
    DEFAULT_MEANINGS,
    PALETTE_COLORS,
    STATUSES,
    Anchor,
    Highlight,
    now_iso,
)
from paperdesk.store.storage import (
    DurableStorage,
    KeyedTinyDB,
    StoreReadOnly,
    open_db,
)
from paperdesk.vocab import ChangeKind, Status

log = logging.getLogger(__name__)
Callback = Callable[[str, str], None]
Puts = dict[str, Mapping[str, Any]]


def fold_tag(tag: str) -> str:
    """Return the case-insensitive key of a tag."""
    return tag.casefold()


def clean_tag(tag: str) -> str:
    """Normalise a tag's spacing; raise ValueError when nothing is left."""
    cleaned = " ".join(str(tag).split())
    if not cleaned:
        raise ValueError("a tag cannot be empty")
    return cleaned


class AnnotationStore:
    """The annotations of one collection, kept in one durable TinyDB JSON file."""

    def __init__(self, path: Path, loaded: recovery.Loaded, lock: StoreLock, backup_interval: float) -> None:
        """Use `AnnotationStore.open`; this wires already-loaded data."""
        self.path = path
        self.recovered = loaded.recovered
        self._access = WriteAccess(path, loaded.read_only, loaded.soft_read_only,
                                   lambda: self._notify("access", ""))
        self.backup_interval = backup_interval
        self._lock = lock
        self._guard = threading.RLock()
        self._subscribers: list[Callback] = []
        self._closed = False
        self._writing = False
        self._clock = Clock(device_id())
        self._clock_synced = False
        storage_class = sync_file.LineStorage if sync_file.is_sync_path(path) else DurableStorage
        self._storage = storage_class(path, loaded.data, gen=loaded.gen, backup_interval=backup_interval,
                                      snapshot_payload=loaded.snapshot_payload)
        self._db: KeyedTinyDB = open_db(self._storage)
        self._index()
        if self.read_only is None and not loaded.fresh and bk.backup_due(path, backup_interval):
            try:
                self._storage.compact(backup=True)
            except OSError:
                log.exception("could not write a backup of the annotation store")

    # opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, backup_interval: float = bk.BACKUP_INTERVAL_S,
             lock_timeout: float = 15.0) -> AnnotationStore:
        """Open (or create) the store at `path`; restores damage or opens read-only (`store.recovery`)."""
        path = Path(path).expanduser().absolute()
        repaired = conflicts.repair_locked(path, lock_timeout) if sync_file.is_sync_path(path) else None

        def build(loaded: recovery.Loaded, lock: StoreLock) -> AnnotationStore:
            if repaired:     # Git conflict markers were merged away: said once, with any restore
                loaded.recovered = " ".join(m for m in (repaired, loaded.recovered) if m)
            return cls(path, loaded, lock, backup_interval)

        return recovery.open_locked(path, build, lock_timeout=lock_timeout)

    def close(self) -> None:
        """Bring the store file up to date with the journal (when writable) and release the lock."""
        with self._guard:
            if self._closed:
                return
            self._closed = True
            if self.read_only is None:
                try:
                    with self._lock:
                        if not self._storage.changed_on_disk() and self._storage.pending_bytes():
                            self._storage.compact()
                except (OSError, UserError):   # the journal already holds every change
                    log.warning("could not rewrite the annotation store at close", exc_info=True)
            self._db.close()
            self._lock.close()

    @property
    def read_only(self) -> str | None:
        """Why changes cannot be saved now (every change raises StoreReadOnly), or None."""
        return self._access.reason

    def check_writable(self) -> str | None:
        """Look again whether changes can be saved (e.g. after freeing disk space); returns `read_only`."""
        with self._guard:
            return self._access.check()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # change machinery -----------------------------------------------------------------
    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call `callback(kind, key)` after every committed change; returns an unsubscribe function.

        kind: "status" | "tags" | "highlight" | "palette" | "search" | "setting", "reload"
        (key "") when changes by another process were loaded, or "access" (key "") when
        `read_only` changed (the store became read-only, or writable again).
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def _notify(self, kind: ChangeKind | str, key: str) -> None:
        kind = ChangeKind(kind)
        for callback in list(self._subscribers):
            try:
                callback(kind, key)
            except Exception:  # a broken listener must not make a committed change look failed
                log.exception("annotation store subscriber failed")

    @contextmanager
    def _change(self) -> Iterator[None]:
        """Hold the lock, bring memory up to date with the disk, refuse when read-only."""
        if self._closed:
            raise RuntimeError("the annotation store is closed")
        with self._guard, self._lock:
            self._sync()
            self._access.refuse_if_read_only()
            self._writing = False
            try:
                yield
            except StoreReadOnly:
                raise
            except BaseException:
                if self._writing:     # failed after the write: the disk is the truth
                    self._reload(notify=False)
                raise

    def _write(self, changes: dict[str, tuple[Puts, list[str]]]) -> None:
        try:
            self._db.apply(changes)
        except OSError as exc:   # nothing was written: memory is unchanged
            raise self._access.failed(exc) from exc
        self._writing = True
        self._access.succeeded()

    def refresh(self) -> bool:
        """Load changes another process wrote since our last read or write; True if any."""
        with self._guard, self._lock:
            return self._sync()

    def _sync(self) -> bool:
        if not self._storage.changed_on_disk():
            return False
        if self._storage.catch_up():      # records appended by another process
            self._after_load(notify=True)
        else:                             # the snapshot was rewritten, or the journal restarted
            self._reload(notify=True)
        return True

    def _reload(self, notify: bool) -> None:
        repaired = conflicts.repair(self.path) if sync_file.is_sync_path(self.path) else None
        loaded = recovery.load_or_recover(self.path)
        if repaired:
            loaded.recovered = " ".join(m for m in (repaired, loaded.recovered) if m)
        self._storage.replace_data(loaded.data, loaded.gen, loaded.snapshot_payload)
        if loaded.recovered is not None:
            self.recovered = loaded.recovered
        self._access.reset(loaded.read_only, loaded.soft_read_only)
        self._after_load(notify)

    def _after_load(self, notify: bool) -> None:
        for name in self._storage.read():
            self._db.table(name).clear_cache()
        self._clock_synced = False
        self._index()
        if notify:
            self._notify("reload", "")

    def _table(self, name: str) -> dict[str, dict[str, Any]]:
        return self._storage.read().get(name, {})

    def _stamp(self) -> str:
        """A new change stamp, later than every stamp in the store (call while holding the lock)."""
        if not self._clock_synced:
            self._clock.observe(st.newest_stamp(self._storage.read()))
            self._clock_synced = True
        return self._clock.now()

    def _index(self) -> None:
        # Highlight objects are built on demand from the stored documents (fast open).
        self._hl_cache: dict[str, Highlight] = {}
        self._by_entry: dict[str, dict[str, None]] = {}     # entry id -> ordered set of ids
        for doc_id, doc in self._table("highlights").items():
            if not st.is_deleted(doc):
                self._by_entry.setdefault(doc["entry_id"], {})[doc_id] = None
        self._tag_display: dict[str, str] = {}
        for doc in self._table("tags").values():
            for tag in doc.get("tags", []):
                self._tag_display.setdefault(fold_tag(tag), tag)

    # reading status -------------------------------------------------------------------
    def status(self, paper_key: str) -> Status:
        """Return the reading status of a paper ("unread" by default)."""
        doc = self._table("status").get(paper_key)
        return Status(doc["status"]) if doc else Status.UNREAD

    def set_status(self, paper_key: str, status: str) -> None:
        """Set a paper's reading status, recording the time of the change (no-op if unchanged)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; choose from {', '.join(STATUSES)}")
        with self._change():
            doc = self._table("status").get(paper_key)
            if (doc["status"] if doc else "unread") == status:
                return
            history = [*(doc.get("history", []) if doc else []), [now_iso(), status]]
            new = st.stamped("status", doc, {"status": status, "history": history}, self._stamp())
            self._write({"status": ({paper_key: new}, [])})
        self._notify("status", paper_key)

    def status_history(self, paper_key: str) -> list[tuple[str, str]]:
        """Return [(iso time, status), ...] of a paper's status changes, oldest first."""
        doc = self._table("status").get(paper_key)
        return [(str(t), str(s)) for t, s in doc.get("history", [])] if doc else []

    def statuses(self) -> dict[str, str]:
        """Return paper key -> status for every paper whose status was ever set."""
        return {key: doc["status"] for key, doc in self._table("status").items()}

    # tags -----------------------------------------------------------------------------
    def tags(self, paper_key: str) -> list[str]:
        """Return a paper's tags in the order they were added."""
        doc = self._table("tags").get(paper_key)
        return list(doc["tags"]) if doc else []

    def all_tags(self) -> dict[str, int]:
        """Return tag -> number of papers carrying it, sorted case-insensitively."""
        counts: dict[str, int] = {}
        for doc in self._table("tags").values():
            for tag in doc["tags"]:
                counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: fold_tag(kv[0])))

    def papers_with_tag(self, tag: str) -> list[str]:
        """Return the paper keys carrying `tag` (case-insensitive)."""
        key = fold_tag(clean_tag(tag))
        return [k for k, doc in self._table("tags").items() if key in {fold_tag(t) for t in doc["tags"]}]

    def add_tag(self, paper_key: str, tag: str) -> bool:
        """Add a tag to a paper; False if it already has it (in any case). Existing spelling wins."""
        tag = clean_tag(tag)
        with self._change():
            current = self.tags(paper_key)
            key = fold_tag(tag)
            if key in {fold_tag(t) for t in current}:
                return False
            display = self._tag_display.get(key, tag)
            doc = st.with_tag(self._table("tags").get(paper_key), key, display, True, self._stamp())
            self._write({"tags": ({paper_key: doc}, [])})
            self._tag_display.setdefault(key, display)
        self._notify("tags", paper_key)
        return True

    def remove_tag(self, paper_key: str, tag: str) -> bool:
        """Remove a tag (any case) from a paper; False if it did not have it."""
        key = fold_tag(clean_tag(tag))
        with self._change():
            current = self.tags(paper_key)
            gone = [t for t in current if fold_tag(t) == key]
            if not gone:
                return False
            doc = st.with_tag(self._table("tags").get(paper_key), key, gone[0], False, self._stamp())
            self._write({"tags": ({paper_key: doc}, [])})
            self._forget_unused_tag(key)
        self._notify("tags", paper_key)
        return True

    def _forget_unused_tag(self, key: str) -> None:
        if not any(key in {fold_tag(t) for t in doc["tags"]} for doc in self._table("tags").values()):
            self._tag_display.pop(key, None)

    def tag_color(self, tag: str) -> str | None:
        """Return the colour given to a tag, or None."""
        doc = self._table("tag_colors").get(fold_tag(clean_tag(tag)))
        return doc.get("color") if doc else None   # None also for a removed colour (tombstone)

    def set_tag_color(self, tag: str, color: str | None) -> None:
        """Give a tag a colour ("#rrggbb"), or remove its colour with None."""
        tag = clean_tag(tag)
        key = fold_tag(tag)
        if color is not None and not _is_hex_color(color):
            raise ValueError(f"not a colour: {color!r} (use #rrggbb)")
        with self._change():
            old = self._table("tag_colors").get(key)
            if color is None and (old is None or old.get("color") is None):
                return
            display = self._tag_display.get(key, tag) if color is not None else (old or {}).get("tag", tag)
            doc = st.stamped("tag_colors", old, {"tag": display, "color": color}, self._stamp())
            self._write({"tag_colors": ({key: doc}, [])})
        self._notify("tags", tag)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag on every paper, merging into `new` where it exists; returns papers changed."""
        old_key, new_tag = fold_tag(clean_tag(old)), clean_tag(new)
        new_key = fold_tag(new_tag)
        with self._change():
            if new_key != old_key and new_key in self._tag_display:
                new_tag = self._tag_display[new_key]   # merging: the existing spelling wins
            puts: Puts = {}
            stamp = self._stamp()
            for paper, doc in self._table("tags").items():
                folded = [fold_tag(t) for t in doc["tags"]]
                if old_key not in folded:
                    continue
                new_doc: Mapping[str, Any] = doc
                if old_key != new_key:
                    new_doc = st.with_tag(new_doc, old_key, doc["tags"][folded.index(old_key)], False, stamp)
                if new_key not in folded or old_key == new_key:
                    new_doc = st.with_tag(new_doc, new_key, new_tag, True, stamp)
                if new_doc["tags"] != doc["tags"]:
                    puts[paper] = new_doc
            changes: dict[str, tuple[Puts, list[str]]] = {"tags": (puts, [])}
            colors = self._table("tag_colors")
            old_color = colors.get(old_key)
            if old_color is not None and old_color.get("color") is not None:
                color_puts: Puts = {}
                if old_key != new_key:
                    color_puts[old_key] = st.stamped("tag_colors", old_color, {"color": None}, stamp)
                new_color = colors.get(new_key)
                if old_key == new_key or new_color is None or new_color.get("color") is None:
                    color_puts[new_key] = st.stamped("tag_colors", new_color,
                                                     {"tag": new_tag, "color": old_color["color"]}, stamp)
                changes["tag_colors"] = (color_puts, [])
            if not puts and "tag_colors" not in changes:
                return 0
            self._write(changes)
            self._tag_display.pop(old_key, None)
            self._tag_display[new_key] = new_tag
        for paper in puts:
            self._notify("tags", paper)
        return len(puts)

    # highlights -----------------------------------------------------------------------
    def highlights(self, entry_id: str) -> list[Highlight]:
        """Return the highlights of one entry, in text order (orphans last)."""
        found = self._by_entry.get(entry_id)
        if not found:
            return []
        return sorted((self._hl(hid) for hid in found), key=lambda h: (h.orphan, h.start, h.end, h.created))

    def all_highlights(self) -> list[Highlight]:
        """Return every highlight of the collection."""
        return [self._hl(hid) for hid, doc in self._table("highlights").items() if not st.is_deleted(doc)]

    def _hl(self, highlight_id: str) -> Highlight:
        h = self._hl_cache.get(highlight_id)
        if h is None:
            h = Highlight.from_doc(self._table("highlights")[highlight_id])
            self._hl_cache[highlight_id] = h
        return h

    def orphans(self) -> list[Highlight]:
        """Return the highlights that could not be found in their entry's current text."""
        return [self._hl(hid) for hid, doc in self._table("highlights").items()
                if doc.get("orphan") and not st.is_deleted(doc)]

    def highlight(self, highlight_id: str) -> Highlight | None:
        """Return one highlight by id, or None."""
        doc = self._table("highlights").get(highlight_id)
        return self._hl(highlight_id) if doc is not None and not st.is_deleted(doc) else None

    def add_highlight(self, entry_id: str, paper_key: str, text: str, start: int, end: int,
                      color: int = 0, note: str = "") -> Highlight:
        """Highlight text[start:end] of an entry's plain text; returns the new highlight."""
        _check_color(color)
        sel = selectors_for(text, start, end)
        self._keep_text(text, sel.text_hash)
        when = now_iso()
        h = Highlight(
            id=uuid.uuid4().hex, entry_id=entry_id, paper_key=paper_key, color=color, note=note,
            quote=sel.quote, prefix=sel.prefix, suffix=sel.suffix, start=sel.start, end=sel.end,
            text_hash=sel.text_hash, created=when, updated=when,
            rival_context=sel.rival_context, rival_similarity=sel.rival_similarity,
        )
        self._put_highlights([h], stamp_all=True)
        return h

    def update_highlight(self, highlight_id: str, *, note: str | None = None,
                         color: int | None = None) -> Highlight:
        """Change a highlight's note and/or colour; returns the new version (KeyError if unknown)."""
        if color is not None:
            _check_color(color)
        with self._change():
            old = self._require(highlight_id)
            new = replace(old, note=old.note if note is None else note,
                          color=old.color if color is None else color, updated=now_iso())
            self._put_highlights([new], locked=True)   # stamps the fields that changed
        self._notify("highlight", new.entry_id)
        return new

    def remove_highlight(self, highlight_id: str) -> Highlight:
        """Delete a highlight and return it (for undo: restore_highlight)."""
        with self._change():
            old = self._require(highlight_id)
            tomb = st.highlight_tombstone(self._table("highlights")[highlight_id], self._stamp())
            self._write({"highlights": ({highlight_id: tomb}, [])})
            self._hl_cache.pop(highlight_id, None)
            group = self._by_entry.get(old.entry_id, {})
            group.pop(highlight_id, None)
            if not group:
                self._by_entry.pop(old.entry_id, None)
        self._notify("highlight", old.entry_id)
        return old

    def restore_highlight(self, highlight: Highlight) -> None:
        """Put back a removed (or older) highlight with the same id: the undo of a change."""
        _check_color(highlight.color)
        self._put_highlights([highlight], stamp_all=True)

    def reanchor(self, entry_id: str, text: str) -> list[Anchor]:
        """Find an entry's highlights in its current plain text: a pure read (no write, no notification).

        Each anchor says how its highlight was found (`Anchor.method`); its highlight carries the
        selectors to keep (taken afresh when it moved) for `save_anchors`.
        """
        return reanchor(self.highlights(entry_id), text, self._texts.get)

    def save_anchors(self, anchors: list[Anchor], text: str) -> None:
        """Persist what `reanchor(entry_id, text)` found: moved selectors and orphan flags; notifies once.

        Takes the inter-process lock only for the write; a highlight changed meanwhile (note,
        colour, removed) by someone else is left as they wrote it. `text` is kept as the snapshot
        the next anchoring maps from; snapshots no highlight refers to any more are dropped.
        """
        digest = text_hash(text)
        if any(a.start is not None and a.highlight.text_hash != digest for a in anchors):
            raise ValueError("these anchors were not found in this text")
        if any(a.start is not None for a in anchors):
            self._keep_text(text, digest)
        changed = [a.highlight for a in anchors if self.highlight(a.highlight.id) != a.highlight]
        if not changed:
            return
        written: list[Highlight] = []
        with self._change():
            old_hashes = set()
            for new in changed:
                current = self.highlight(new.id)
                if current is not None and current != new and _same_but_anchoring(current, new):
                    written.append(new)
                    old_hashes.add(current.text_hash)
            if written:   # re-anchoring is no user edit: the stamps stay (it never outranks one)
                self._put_highlights(written, locked=True, restamp=False)
                used = {doc.get("text_hash") for doc in self._table("highlights").values()}
                self._texts.discard(old_hashes - used)
        for entry_id in dict.fromkeys(h.entry_id for h in written):
            self._notify("highlight", entry_id)

    def anchor_highlights(self, entry_id: str, text: str) -> list[Anchor]:
        """Reload, `reanchor` and `save_anchors` in one call (for callers that want both)."""
        self.refresh()
        anchors = self.reanchor(entry_id, text)
        self.save_anchors(anchors, text)
        return anchors

    @cached_property
    def _texts(self) -> AnchorTexts:
        """The snapshots of the texts highlights were anchored to, in `<store>.texts/`."""
        return AnchorTexts(self.path.with_name(self.path.name + ".texts"))

    def _keep_text(self, text: str, digest: str) -> None:
        """Keep a snapshot of `text`; a failure only costs the next anchoring its diff."""
        try:
            self._texts.put(text, digest)
        except OSError:
            log.warning("could not keep the text snapshot for re-anchoring", exc_info=True)

    def relink_highlight(self, highlight_id: str, text: str, start: int, end: int) -> Highlight:
        """Attach a (typically orphaned) highlight to text[start:end] of its entry's current text."""
        sel = selectors_for(text, start, end)
        self._keep_text(text, sel.text_hash)
        with self._change():
            old = self._require(highlight_id)
            new = replace(old, quote=sel.quote, prefix=sel.prefix, suffix=sel.suffix, start=sel.start,
                          end=sel.end, text_hash=sel.text_hash, orphan=False, updated=now_iso(),
                          rival_context=sel.rival_context, rival_similarity=sel.rival_similarity)
            self._put_highlights([new], locked=True)
        self._notify("highlight", new.entry_id)
        return new

    def _require(self, highlight_id: str) -> Highlight:
        found = self.highlight(highlight_id)
        if found is None:
            raise KeyError(f"no highlight {highlight_id!r}")
        return found

    def _put_highlights(self, items: list[Highlight], locked: bool = False, *,
                        stamp_all: bool = False, restamp: bool = True) -> None:
        """Write highlights; the groups whose fields differ from the stored version are stamped
        (all of them with `stamp_all`: a new or restored highlight; none without `restamp`)."""
        def put() -> None:
            stored = self._table("highlights")
            before = {h.id: stored[h.id]["entry_id"] for h in items if h.id in stored}
            stamp = self._stamp()
            docs: Puts = {}
            for h in items:
                fields = {**h.to_doc(), "deleted": False}
                old = stored.get(h.id)
                if stamp_all or old is None:
                    docs[h.id] = st.stamp_all("highlights", {**(old or {}), **fields}, stamp)
                elif restamp:
                    docs[h.id] = st.stamped("highlights", old,
                                            {k: v for k, v in fields.items() if old.get(k) != v}, stamp)
                else:
                    docs[h.id] = {**old, **fields}
            self._write({"highlights": (docs, [])})
            for h in items:
                old_entry = before.get(h.id)
                if old_entry is not None and old_entry != h.entry_id:
                    self._by_entry.get(old_entry, {}).pop(h.id, None)
                self._hl_cache[h.id] = h
                self._by_entry.setdefault(h.entry_id, {})[h.id] = None

        if locked:
            put()
            return
        with self._change():
            put()
        for entry_id in dict.fromkeys(h.entry_id for h in items):
            self._notify("highlight", entry_id)

    # palette, saved searches, settings --------------------------------------------------
    def palette(self) -> list[tuple[str, str]]:
        """Return the five (colour hex, meaning) pairs of the highlight palette."""
        table = self._table("palette")
        return [
            (color, str(table.get(str(i), {}).get("meaning", DEFAULT_MEANINGS[i])))
            for i, color in enumerate(PALETTE_COLORS)
        ]

    def set_palette_meaning(self, index: int, meaning: str) -> None:
        """Name what a palette colour means (e.g. "method", "result")."""
        _check_color(index)
        with self._change():
            doc = st.stamped("palette", self._table("palette").get(str(index)),
                             {"meaning": " ".join(meaning.split())}, self._stamp())
            self._write({"palette": ({str(index): doc}, [])})
        self._notify("palette", str(index))

    def saved_searches(self) -> dict[str, str]:
        """Return name -> query of the saved searches."""
        return {name: doc["query"] for name, doc in self._table("searches").items() if doc.get("query") is not None}

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) a named search."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a saved search needs a name")
        with self._change():
            doc = st.stamped("searches", self._table("searches").get(name), {"query": query}, self._stamp())
            self._write({"searches": ({name: doc}, [])})
        self._notify("search", name)

    def delete_search(self, name: str) -> None:
        """Delete a saved search (no error if absent)."""
        with self._change():
            old = self._table("searches").get(name)
            if old is None or old.get("query") is None:
                return
            self._write({"searches": ({name: st.stamped("searches", old, {"query": None}, self._stamp())}, [])})
        self._notify("search", name)

    def setting(self, key: str, default: Any = None) -> Any:
        """Return a per-collection setting, or `default`."""
        doc = self._table("settings").get(key)
        return doc["value"] if doc else default

    def set_setting(self, key: str, value: Any) -> None:
        """Set a per-collection setting to a JSON-serialisable value."""
        json.dumps(value)  # refuse what cannot be stored before touching the file
        with self._change():
            doc = st.stamped("settings", self._table("settings").get(key), {"value": value}, self._stamp())
            self._write({"settings": ({key: doc}, [])})
        self._notify("setting", key)


_ANCHORING_FIELDS = ("quote", "prefix", "suffix", "start", "end", "text_hash", "orphan", "rival_context",
                     "rival_similarity")


def _same_but_anchoring(a: Highlight, b: Highlight) -> bool:
    """Do two versions of a highlight differ only in where and how it is anchored?"""
    return replace(a, **{f: getattr(b, f) for f in _ANCHORING_FIELDS}) == b


def _check_color(color: int) -> None:
    if not isinstance(color, int) or isinstance(color, bool) or not 0 <= color < len(PALETTE_COLORS):
        raise ValueError(f"palette colour index must be 0..{len(PALETTE_COLORS) - 1}, not {color!r}")


def _is_hex_color(color: str) -> bool:
    return (isinstance(color, str) and len(color) == 7 and color[0] == "#"
            and all(c in "0123456789abcdefABCDEF" for c in color[1:]))
