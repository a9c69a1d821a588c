"""AnnotationStore: reading status, tags, highlights, palette, saved searches and settings.

All reads come from memory; every change takes the inter-process lock, reloads the file if
another process replaced it, writes durably (DurableStorage) and then notifies subscribers.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from paperdesk.atomic import atomic_write_bytes
from paperdesk.errors import UserError
from paperdesk.store import backups as bk
from paperdesk.store import conflicts, sync_file
from paperdesk.store import stamps as st
from paperdesk.store.anchoring import Selectors, locate, selectors_for, text_hash
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
from paperdesk.store.schema import (
    SCHEMA_VERSION,
    CorruptStore,
    Data,
    NewerStore,
    check_shape,
    empty_data,
    migrate,
)
from paperdesk.store.storage import DurableStorage, KeyedTinyDB, file_id, open_db, serialise

log = logging.getLogger(__name__)
Callback = Callable[[str, str], None]
Puts = dict[str, Mapping[str, Any]]


def load_file(path: Path) -> tuple[Data, int, bytes]:
    """Read, check and migrate a store file: (data, version found, raw bytes).

    Raises CorruptStore for anything unreadable and NewerStore for a newer schema.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:   # permissions, I/O: not damage, never moved aside
        raise UserError(f"cannot read the annotation store {path}: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise CorruptStore("the file is empty")
    try:
        obj = sync_file.parse(raw) if sync_file.is_sync_path(path) else json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CorruptStore(f"the file is not valid JSON ({str(exc)[:80]})") from exc
    data, found = migrate(check_shape(obj))
    return data, found, raw


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

    def __init__(self, path: Path, data: Data, lock: StoreLock, recovered: str | None,
                 backup_interval: float) -> None:
        """Use `AnnotationStore.open`; this wires already-loaded data."""
        self.path = path
        self.recovered = recovered
        self.backup_interval = backup_interval
        self._lock = lock
        self._guard = threading.RLock()
        self._subscribers: list[Callback] = []
        self._closed = False
        self._writing = False
        self._last_backup = time.monotonic()
        self._clock = Clock(device_id())
        self._clock_synced = False
        storage_class = sync_file.LineStorage if sync_file.is_sync_path(path) else DurableStorage
        self._storage = storage_class(path, data, on_written=self._after_write)
        self._db: KeyedTinyDB = open_db(self._storage)
        self._index()

    # opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, backup_interval: float = bk.BACKUP_INTERVAL_S,
             lock_timeout: float = 15.0) -> AnnotationStore:
        """Open (or create) the store at `path`; recovers a damaged file from the newest good backup."""
        path = Path(path).expanduser().absolute()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create the folder for the annotation store {path}: {exc.strerror}") from exc
        if path.is_dir():
            raise UserError(f"the annotation store {path} is a folder, not a file")
        lock = StoreLock(path, timeout=lock_timeout)
        try:
            with lock:
                bk.remove_stale_temp_files(path)
                repaired = conflicts.repair(path) if sync_file.is_sync_path(path) else None
                data, recovered, backup_payload = cls._load_or_recover(path)
                recovered = " ".join(m for m in (repaired, recovered) if m) or None
                if backup_payload is not None and bk.backup_due(path, backup_interval):
                    try:
                        bk.make_backup(path, backup_payload)
                    except OSError:
                        log.exception("could not write a backup of the annotation store")
                store = cls(path, data, lock, recovered, backup_interval)
        except OSError as exc:
            lock.close()
            raise UserError(f"cannot open the annotation store {path}: {exc.strerror or exc}") from exc
        except BaseException:
            lock.close()
            raise
        return store

    @classmethod
    def _load_or_recover(cls, path: Path) -> tuple[Data, str | None, bytes | None]:
        """Return (data, recovery message, bytes of a good current file to back up)."""
        if not path.exists():
            data = empty_data()
            payload = serialise(data)
            atomic_write_bytes(path, payload)
            return data, None, None
        try:
            data, found, raw = load_file(path)
        except NewerStore as exc:
            raise UserError(f"{exc}: {path}") from None
        except CorruptStore as exc:
            return cls._recover(path, str(exc))
        if found < SCHEMA_VERSION:
            kept = path.with_name(f"{path.name}.schema{found}-{time.strftime('%Y%m%dT%H%M%S')}")
            n = 1
            while kept.exists():
                kept = kept.with_name(f"{kept.name}-{n}")
                n += 1
            atomic_write_bytes(kept, raw)      # the pre-migration file is kept as it was
            raw = serialise(data)
            atomic_write_bytes(path, raw)
        return data, None, raw

    @classmethod
    def _recover(cls, path: Path, problem: str) -> tuple[Data, str, bytes | None]:
        aside = bk.move_aside(path)
        for backup in bk.backups(path):
            try:
                data, _found, _raw = load_file(backup)
            except (CorruptStore, NewerStore):
                continue
            payload = serialise(data)
            atomic_write_bytes(path, payload)
            n = len(data["highlights"])
            message = (
                f"The annotation store was damaged ({problem}). It was kept as {aside.name} and the "
                f"backup of {bk.backup_time(backup)} was restored ({n} highlight{'s' if n != 1 else ''}); "
                f"changes made after that backup are missing."
            )
            log.warning(message)
            return data, message, None
        data = empty_data()
        atomic_write_bytes(path, serialise(data))
        message = (
            f"The annotation store was damaged ({problem}) and no backup could be read. It was kept "
            f"as {aside.name}; paperdesk started with an empty store."
        )
        log.warning(message)
        return data, message, None

    def close(self) -> None:
        """Release the lock file; the data is already on disk."""
        with self._guard:
            if not self._closed:
                self._closed = True
                self._db.close()
                self._lock.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # change machinery -----------------------------------------------------------------
    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call `callback(kind, key)` after every committed change; returns an unsubscribe function.

        kind: "status" | "tags" | "highlight" | "palette" | "search" | "setting", or "reload"
        (key "") when changes by another process were loaded.
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def _notify(self, kind: str, key: str) -> None:
        for callback in list(self._subscribers):
            try:
                callback(kind, key)
            except Exception:  # a broken listener must not make a committed change look failed
                log.exception("annotation store subscriber failed")

    @contextmanager
    def _change(self) -> Iterator[None]:
        """Hold the lock, bring memory up to date with the file, and restore it if a write fails."""
        if self._closed:
            raise RuntimeError("the annotation store is closed")
        with self._guard, self._lock:
            self._sync()
            self._writing = False
            try:
                yield
            except BaseException:
                if self._writing:     # a write failed part-way: the file on disk is the truth
                    self._reload(notify=False)
                raise

    def _write(self, changes: dict[str, tuple[Puts, list[str]]]) -> None:
        self._writing = True
        self._db.apply(changes)

    def _after_write(self, payload: bytes) -> None:
        if time.monotonic() - self._last_backup >= self.backup_interval:
            self._last_backup = time.monotonic()
            try:
                bk.make_backup(self.path, payload)
            except OSError:
                log.exception("could not write a backup of the annotation store")

    def refresh(self) -> bool:
        """Load changes another process wrote since our last read or write; True if any."""
        with self._guard, self._lock:
            return self._sync()

    def _sync(self) -> bool:
        current = file_id(self.path)
        if current is None or current == self._storage.written_id:
            return False  # unchanged (or deleted: our next write recreates it from memory)
        self._reload(notify=True)
        return True

    def _reload(self, notify: bool) -> None:
        if not self.path.exists():
            return
        repaired = conflicts.repair(self.path) if sync_file.is_sync_path(self.path) else None
        if repaired:
            self.recovered = repaired    # said once: the file is clean afterwards
        try:
            data, _found, _raw = load_file(self.path)
        except (CorruptStore, NewerStore) as exc:
            raise UserError(f"the annotation store {self.path} changed on disk and cannot be read: {exc}") from None
        self._storage.replace_data(data)
        for name in data:
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
    def status(self, paper_key: str) -> str:
        """Return the reading status of a paper ("unread" by default)."""
        doc = self._table("status").get(paper_key)
        return doc["status"] if doc else "unread"

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

    def anchor_highlights(self, entry_id: str, text: str) -> list[Anchor]:
        """Find an entry's highlights in its current plain text; persists moves and orphan flags.

        The matching runs without the inter-process lock; only the write of what changed holds it
        (a highlight changed meanwhile by someone else is left as they wrote it).
        """
        self.refresh()
        digest = text_hash(text)
        anchors: list[Anchor] = []
        changed: dict[str, tuple[Highlight, Highlight]] = {}
        for h in self.highlights(entry_id):
            sel = Selectors(h.quote, h.prefix, h.suffix, h.start, h.end, h.text_hash,
                            rival_context=h.rival_context, rival_similarity=h.rival_similarity)
            match = locate(text, sel, digest=digest)
            if match.start is None or match.end is None:
                new = h if h.orphan else replace(h, orphan=True)
                anchors.append(Anchor(new, None, None, "orphan"))
            else:
                if match.method == "offsets" and h.rival_context is not None:
                    new = replace(h, orphan=False)
                else:   # moved, or stored before rivals were noted: take the selectors afresh
                    kept = h.rival_similarity if match.method == "exact" else None   # (the costly part)
                    fresh = selectors_for(text, match.start, match.end, digest=digest, rival_similarity=kept)
                    new = replace(h, quote=fresh.quote, prefix=fresh.prefix, suffix=fresh.suffix,
                                  start=fresh.start, end=fresh.end, text_hash=digest, orphan=False,
                                  rival_context=fresh.rival_context, rival_similarity=fresh.rival_similarity)
                anchors.append(Anchor(new, match.start, match.end, match.method))
            if new != h:
                changed[h.id] = (h, new)
        if changed:
            with self._change():
                still = [new for hid, (old, new) in changed.items() if self.highlight(hid) == old]
                if still:   # re-anchoring is no user edit: the stamps stay (it never outranks one)
                    self._put_highlights(still, locked=True, restamp=False)
            self._notify("highlight", entry_id)
        return anchors

    def relink_highlight(self, highlight_id: str, text: str, start: int, end: int) -> Highlight:
        """Attach a (typically orphaned) highlight to text[start:end] of its entry's current text."""
        sel = selectors_for(text, start, end)
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


def _check_color(color: int) -> None:
    if not isinstance(color, int) or isinstance(color, bool) or not 0 <= color < len(PALETTE_COLORS):
        raise ValueError(f"palette colour index must be 0..{len(PALETTE_COLORS) - 1}, not {color!r}")


def _is_hex_color(color: str) -> bool:
    return (isinstance(color, str) and len(color) == 7 and color[0] == "#"
            and all(c in "0123456789abcdefABCDEF" for c in color[1:]))
