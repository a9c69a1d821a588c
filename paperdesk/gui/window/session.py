"""The open collection's life: its store, scans in a worker, the search index, live reload and store changes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, SignalInstance

from paperdesk import config
from paperdesk.collection import Collection
from paperdesk.errors import UserError
from paperdesk.gui.reader.page_render import ShownPage
from paperdesk.gui.window.first_page import save_page
from paperdesk.gui.window.last_entry import Preview, load_preview, record_path, save_record
from paperdesk.gui.window.live_reload import LiveReload
from paperdesk.gui.workers import ScanWorker
from paperdesk.store import Anchor, AnnotationStore
from paperdesk.store.identity import default_store_path, take_message
from paperdesk.vocab import ChangeKind

if TYPE_CHECKING:
    from paperdesk.query import SearchIndex

log = logging.getLogger(__name__)
RELOAD_DEBOUNCE_MS = 150
STORE_POLL_MS = 3000
STORE_WATCH_DEBOUNCE_MS = 50   # a `git pull` or another process wrote the store: read it at once
OPENED_SAVE_MS = 3000
MAX_OPENED = 500
SCAN_AFTER_PREVIEW_MS = 2000   # a first scan held for a preview's paint (hold_first_scan) waits at most this long


@dataclass(frozen=True)
class ChangeSet:
    """Store changes gathered over one turn of the event loop."""

    kinds: frozenset[ChangeKind]
    paper_keys: frozenset[str] | None   # the papers touched; None: any paper may be
    anchors_only: bool = False          # nothing but anchors the reader found being saved (no repaint needed)

    def any(self, *kinds: ChangeKind) -> bool:
        """Whether one of these kinds of change happened."""
        return not self.kinds.isdisjoint(kinds)

    def touches(self, paper_key: str) -> bool:
        """Whether this paper's annotations may have changed."""
        return self.paper_keys is None or paper_key in self.paper_keys


def change_set(changes: list[tuple[ChangeKind, str]], collection: Collection, *,
               anchors_only: bool = False) -> ChangeSet:
    """Sum up (kind, key) notifications: which kinds, and which of the collection's papers."""
    paper_keys = {e.paper_key for e in collection.entries}
    keys: set[str] | None = set()
    for kind, key in changes:
        if kind in (ChangeKind.STATUS, ChangeKind.TAGS) and key in paper_keys:
            keys.add(key)
        elif kind == ChangeKind.HIGHLIGHT and (entry := collection.entry(key)) is not None:
            keys.add(entry.paper_key)
        elif kind in (ChangeKind.STATUS, ChangeKind.TAGS, ChangeKind.HIGHLIGHT, ChangeKind.RELOAD):
            keys = None  # a tag's colour or name, a highlight of another collection, a reload
            break
    return ChangeSet(frozenset(k for k, _ in changes), None if keys is None else frozenset(keys), anchors_only)


class SessionError(Exception):
    """A collection could not be opened: `title` and `message` for the user."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(f"{title}: {message}")
        self.title, self.message = title, message


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CollectionSession(QObject):
    """One open collection: path, store, scanned collection, search index, scan workers and file watcher."""

    scanStarted = Signal(str)        # the collection's name: a first scan began
    loaded = Signal(object)          # Collection, first scan done (its filter index follows: indexReady)
    indexReady = Signal(object)      # SearchIndex of the collection just loaded or re-scanned
    reloaded = Signal(object)        # Collection, re-scan after a change on disk (index ready)
    failed = Signal(str)             # the scan failed: message
    changed = Signal(object)         # ChangeSet, after the store changed (index already refreshed)
    storeProblem = Signal(str)       # the store could not be re-read or saved: message
    accessChanged = Signal()         # the store became read-only or writable, or was reloaded from disk

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.db_given = False                # the store was named (--db), not found from the collection
        self.store: AnnotationStore | None = None
        self.collection: Collection | None = None
        self.index: SearchIndex | None = None
        self.preview: Preview | None = None  # the last entry from its record, until the first scan is done
        self.opened: dict[str, str] = {}     # entry id -> when it was last opened
        self.notice: str | None = None       # said once on open: the store followed a moved folder
        self.current_id: str | None = None   # remembered as the collection's last entry
        self.rekeyed: dict[str, str] = {}     # old entry id -> new, of notes the last scan found renamed
        self.rekey_message: str | None = None   # what that re-keying did, for the status bar
        self._quote_memo: object | None = None   # query.rekey.QuoteMemo of the open collection
        self._rekey_said: set[frozenset[str]] = set()   # notes whose "could not re-link" was said
        self.shown_page: Callable[[], ShownPage | None] = lambda: None   # the reader's page on show
        self._worker: ScanWorker | None = None
        self._old_workers: list[ScanWorker] = []
        self._connections: list[tuple[SignalInstance, Callable[..., None]]] = []
        self._pending: list[tuple[ChangeKind, str]] = []
        self._pending_own_anchors = 0   # of the pending changes, those save_anchors made
        self._saving_anchors = False
        self.live = LiveReload(self, lambda: self._reload_timer.start())
        # the first scan starts on the next turn of the event loop (or later: hold_first_scan)
        self._scan_timer = QTimer(self, singleShot=True, interval=0)
        self._scan_timer.timeout.connect(lambda: self._start_scan(first=True))
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DEBOUNCE_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._flush_timer = QTimer(self, singleShot=True, interval=0)
        self._flush_timer.timeout.connect(self._flush_changes)
        self._opened_timer = QTimer(self, singleShot=True, interval=OPENED_SAVE_MS)
        self._opened_timer.timeout.connect(self.save_opened)
        # Another paperdesk (or `paperdesk mark/tag`) may write the same store: pick its changes up.
        self._store_timer = QTimer(self, interval=STORE_POLL_MS)
        self._store_timer.timeout.connect(self.refresh_store)
        self._store_timer.start()
        # ...and at once when its file or folder changes (a pull replaces the synced file: a new inode)
        self.store_watcher = QFileSystemWatcher(self)
        self._store_changed_timer = QTimer(self, singleShot=True, interval=STORE_WATCH_DEBOUNCE_MS)
        self._store_changed_timer.timeout.connect(self._store_file_changed)
        self.store_watcher.fileChanged.connect(lambda _path: self._store_changed_timer.start())
        self.store_watcher.directoryChanged.connect(lambda _path: self._store_changed_timer.start())

    # ----- opening and closing ---------------------------------------------------------------------
    def open(self, path: Path, db: Path | None = None) -> AnnotationStore:
        """Open a folder or note file with its store and start scanning; raises SessionError."""
        path = Path(path).expanduser()
        if not path.exists():
            raise SessionError("Cannot open collection", f"{path} does not exist.")
        self.save_opened()
        try:
            # One store per collection root (a single file's folder), as the command line does.
            root = path if path.is_dir() else path.parent
            store = AnnotationStore.open(Path(db) if db else default_store_path(root))
        except (OSError, UserError, ValueError) as exc:
            raise SessionError("Cannot open the annotation store", str(exc)) from None
        self.notice = None if db else take_message(root)
        self.close_store()
        self.store = store
        store.subscribe(self._note_change)
        self._watch_store(store.path)
        self.path = path
        self.db_given = db is not None
        self._drop_worker()   # the last collection's scan, if it still runs
        self.collection = None
        self.index = None
        self.current_id = None
        self._quote_memo = None
        self._rekey_said = set()
        self.opened = dict(store.setting("opened", {}) or {})
        self.preview = load_preview(path)
        try:
            config.remember_collection(path)
        except OSError as exc:
            log.warning("could not remember the collection: %s", exc)
        self.live.clear()
        self.scanStarted.emit(path.name)
        self._scan_timer.start(0)
        return store

    def close(self) -> None:
        """Stop timers and workers, save the reading position and close the store (releasing its lock)."""
        self._scan_timer.stop()
        self._reload_timer.stop()
        self._store_timer.stop()
        self.save_opened()
        for worker in [self._worker, *self._old_workers]:
            if worker is not None:
                worker.wait(5000)
        self.close_store()

    def _watch_store(self, path: Path) -> None:
        """Follow the store file and its folder (re-added after each change: a replaced file is a new one)."""
        old = self.store_watcher.files() + self.store_watcher.directories()
        if old:
            self.store_watcher.removePaths(old)
        existing = [str(p) for p in (path, path.parent) if p.exists()]
        if existing:
            self.store_watcher.addPaths(existing)

    def _store_file_changed(self) -> None:
        if self.store is not None and self.collection is not None:   # the first scan reads the store itself
            self._watch_store(self.store.path)
            self.refresh_store()

    def close_store(self) -> None:
        """Close the store of the collection, if one is open."""
        self._store_changed_timer.stop()
        if self.store_watcher.files() or self.store_watcher.directories():
            self.store_watcher.removePaths(self.store_watcher.files() + self.store_watcher.directories())
        if self.store is not None:
            try:
                self.store.close()
            except OSError as exc:
                log.warning("closing the store failed: %s", exc)
            self.store = None

    def refresh_store(self) -> bool:
        """Load annotation changes written by another process; True when there were some."""
        if self.store is None:
            return False
        try:
            return bool(self.store.refresh())
        except (OSError, UserError, ValueError) as exc:  # a damaged file written by someone else
            self.storeProblem.emit(f"Could not re-read the annotation store: {exc}")
            return False

    # ----- anchors ------------------------------------------------------------------------------------
    def save_anchors(self, anchors: list[Anchor], text: str) -> None:
        """Persist where the reader found the open entry's highlights (moved selectors, orphan flags).

        The reader only reads (`store.reanchor`); this is the explicit write that follows. The
        change it makes reaches the views like any other, marked so the page is not repainted."""
        if self.store is None:
            return
        self._saving_anchors = True
        try:
            self.store.save_anchors(anchors, text)
        except (OSError, UserError, ValueError) as exc:   # read-only store, or the entry changed meanwhile
            log.warning("could not save the highlights' new places: %s", exc)
        finally:
            self._saving_anchors = False

    # ----- reading position ----------------------------------------------------------------------------
    def mark_opened(self, entry_id: str) -> str:
        """Record that an entry was opened now (saved a little later); returns the time."""
        when = _now()
        self.opened[entry_id] = when
        self.current_id = entry_id
        self._opened_timer.start()
        return when

    def save_opened(self) -> None:
        """Save when entries were opened and the last one, in the collection's store."""
        if self.store is None:
            return
        # read-only (the banner says why): nothing to try, and no stderr line per entry opened
        writable = not (self.store.read_only and self.store.check_writable())
        try:
            if writable and self.opened:
                recent = dict(sorted(self.opened.items(), key=lambda kv: kv[1])[-MAX_OPENED:])
                self.store.set_setting("opened", recent)
            if writable and self.current_id:
                self.store.set_setting("last_entry", self.current_id)
        except (OSError, UserError, ValueError) as exc:
            log.warning("could not save the reading position: %s", exc)
        entry = self.collection.entry(self.current_id) if self.collection and self.current_id else None
        if entry is not None and self.path is not None:
            save_record(self.path, self.collection, entry)
            shown = self.shown_page()
            if shown is not None and shown.entry_id == entry.id and shown.render.error is None:
                save_page(record_path(self.path), shown)   # painted without rendering next time

    # ----- scanning ------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-scan the collection (after a change on disk); the first scan again if none succeeded."""
        if self.path is None:
            return
        if self.collection is None:
            self.scanStarted.emit(self.path.name)
        self._start_scan(first=self.collection is None)

    def hold_first_scan(self) -> None:
        """Let the first scan wait (for a preview being painted) until scan_now, or SCAN_AFTER_PREVIEW_MS."""
        if self._scan_timer.isActive():
            self._scan_timer.start(SCAN_AFTER_PREVIEW_MS)

    def scan_now(self) -> None:
        """Start the first scan now if it is still waiting (the preview was painted)."""
        if self._scan_timer.isActive():
            self._scan_timer.stop()
            self._start_scan(first=True)

    def _start_scan(self, first: bool) -> None:
        assert self.path is not None
        self._scan_timer.stop()
        self._drop_worker()
        # The worker never reads the store (the window may edit annotations as soon as the
        # collection is shown): it indexes the notes' text, and the store is attached here.
        worker = ScanWorker(self.path, self)
        # a first scan hands its collection over before its index; a re-scan swaps both in together
        self._connections = [(worker.loaded, self._on_loaded), (worker.indexed, self._on_indexed)] if first \
            else [(worker.indexed, self._on_reloaded)]
        self._connections.append((worker.failed, self._on_failed))
        for signal, slot in self._connections:
            signal.connect(slot)
        worker.finished.connect(self._reap_workers)
        self._worker = worker
        worker.start()

    def _drop_worker(self) -> None:
        """Stop listening to the last scan (still running, or its results still on their way): they would be stale."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        if self._worker is not None and self._worker.isRunning():
            self._old_workers.append(self._worker)
        self._worker, self._connections = None, []

    def _current(self) -> bool:
        """Whether the signal being answered comes from the scan this session waits for."""
        return self.sender() is self._worker

    def _reap_workers(self) -> None:
        self._old_workers = [w for w in self._old_workers if w.isRunning()]

    def _on_failed(self, message: str) -> None:
        if not self._current():
            return
        self.preview = None
        self.failed.emit(message)

    def _on_loaded(self, collection: Collection) -> None:
        if not self._current():
            return
        self.collection = collection
        self._rekey(collection)
        self.loaded.emit(collection)

    def _on_indexed(self, collection: Collection, index: SearchIndex | None) -> None:
        if not self._current() or collection is not self.collection:
            return
        self.index = self._with_store(index, collection)
        self.watch()   # after the first paint and the tree, which do not wait for it
        self.indexReady.emit(self.index)

    def _on_reloaded(self, collection: Collection, index: SearchIndex | None) -> None:
        if not self._current():
            return
        self.collection = collection
        self._rekey(collection)
        self.index = self._with_store(index, collection)
        self.watch()
        self.reloaded.emit(collection)
        self.indexReady.emit(self.index)

    def _rekey(self, collection: Collection) -> None:
        """Move the annotations of notes renamed or retitled since to their new keys (`query.rekey`),
        before the views read them; the reading position follows (`rekeyed`, `rekey_message`)."""
        self.rekeyed, self.rekey_message = {}, None
        if self.store is None:
            return
        from paperdesk.query.rekey import QuoteMemo, rekey

        if not isinstance(self._quote_memo, QuoteMemo):
            self._quote_memo = QuoteMemo()
        try:
            result = rekey(collection, self.store, self._quote_memo)
        except Exception:   # never lose a scan over it: the annotations stay where they were
            log.exception("re-keying the annotations of renamed notes failed")
            return
        self.rekey_message = result.message(self._rekey_said)   # a refusal once per set of notes
        self.rekeyed = result.entry_ids()
        for old, new in self.rekeyed.items():
            if old in self.opened:
                self.opened[new] = self.opened.pop(old)
            if self.current_id == old:
                self.current_id = new

    def _with_store(self, index: SearchIndex | None, collection: Collection) -> SearchIndex:
        """The worker's index of the notes' text with this session's annotations (built here when
        the worker could not)."""
        if index is None:
            from paperdesk.query import SearchIndex

            return SearchIndex(collection.entries, self.store)
        index.use_store(self.store)
        return index

    # ----- live reload ---------------------------------------------------------------------------------
    def watch(self) -> None:
        """Follow the collection's note files and folders for live reload (`live_reload.LiveReload`)."""
        if self.collection is not None:
            self.live.follow(self.collection, bool(self.path and self.path.is_dir()))

    # ----- store changes -------------------------------------------------------------------------------
    def _note_change(self, kind: str, key: str) -> None:
        self._pending.append((ChangeKind(kind), key))
        self._pending_own_anchors += self._saving_anchors
        self._flush_timer.start()

    def _flush_changes(self) -> None:
        changes, self._pending = self._pending, []
        own, self._pending_own_anchors = self._pending_own_anchors, 0
        if self.store is not None and any(k in (ChangeKind.ACCESS, ChangeKind.RELOAD) for k, _ in changes):
            self.accessChanged.emit()
        if self.store is None or self.collection is None or not changes:
            return
        summary = change_set(changes, self.collection, anchors_only=own == len(changes))
        if self.index is not None:
            if summary.any(ChangeKind.STATUS, ChangeKind.TAGS, ChangeKind.HIGHLIGHT, ChangeKind.RELOAD):
                self.index.refresh_annotations(summary.paper_keys)
            if ChangeKind.PALETTE in summary.kinds:   # color:<meaning> follows renames
                self.index.refresh_annotations(set())
        self.changed.emit(summary)
