"""The write plumbing of the annotation store: lock, reload from disk, durable writes, stamps, notification."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from paperdesk.errors import UserError
from paperdesk.store import backups as bk
from paperdesk.store import recovery, sync_file
from paperdesk.store import stamps as st
from paperdesk.store.access import WriteAccess
from paperdesk.store.hlc import Clock, device_id
from paperdesk.store.lock import StoreLock
from paperdesk.store.storage import DurableStorage, KeyedTinyDB, StoreReadOnly, open_db
from paperdesk.vocab import ChangeKind

log = logging.getLogger(__name__)
Callback = Callable[[str, str], None]
Puts = dict[str, Mapping[str, Any]]
Changes = dict[str, tuple[Puts, list[str]]]


class StoreCore:
    """One store file held open: its data in memory, the lock, writes, stamps and subscribers.

    The parts of `AnnotationStore` (tags, highlights, ...) read tables and write changes through it;
    `on_load` is called whenever the data were replaced from disk, so they can rebuild their indexes.
    """

    def __init__(self, path: Path, loaded: recovery.Loaded, lock: StoreLock, backup_interval: float,
                 on_load: Callable[[], None]) -> None:
        """Wire already-loaded data; `on_load` rebuilds the callers' indexes after a reload."""
        self.path = path
        self.recovered = loaded.recovered
        self.access = WriteAccess(path, loaded.read_only, loaded.soft_read_only,
                                  lambda: self.notify("access", ""))
        self.lock = lock
        self.guard = threading.RLock()
        self._on_load = on_load
        self._subscribers: list[Callback] = []
        self.closed = False
        self._writing = False
        self._clock = Clock(device_id())
        self._clock_synced = False
        storage_class = sync_file.LineStorage if sync_file.is_sync_path(path) else DurableStorage
        self.storage = storage_class(path, loaded.data, gen=loaded.gen, backup_interval=backup_interval,
                                     snapshot_payload=loaded.snapshot_payload)
        self._db: KeyedTinyDB = open_db(self.storage)
        self._fresh = loaded.fresh
        self._fold_delay: float | None = getattr(self.storage, "fold_delay", None)
        self._fold_timer: threading.Timer | None = None

    def backup_if_due(self, backup_interval: float) -> None:
        """Write a rotating backup when the last one is older than `backup_interval` (writable stores)."""
        if self.access.reason is None and not self._fresh and bk.backup_due(self.path, backup_interval):
            try:
                self.storage.compact(backup=True)
            except OSError:
                log.exception("could not write a backup of the annotation store")

    def close(self) -> None:
        """Bring the store file up to date with the journal (when writable) and release the lock."""
        with self.guard:
            if self.closed:
                return
            self.closed = True
            if self._fold_timer is not None:
                self._fold_timer.cancel()
            if self.access.reason is None:
                try:
                    with self.lock:
                        if self._fold_delay is not None and self.storage.changed_on_disk():
                            self.reload(notify=False)     # a synced file: merge, then fold below
                        if not self.storage.changed_on_disk() and self.storage.pending_bytes():
                            self.storage.compact()
                except (OSError, UserError):   # the journal already holds every change
                    log.warning("could not rewrite the annotation store at close", exc_info=True)
            self._db.close()
            self.lock.close()

    # notification ---------------------------------------------------------------------
    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call `callback(kind, key)` after every committed change; returns an unsubscribe function."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def notify(self, kind: ChangeKind | str, key: str) -> None:
        """Tell every subscriber about a committed change; a failing subscriber is logged, not raised."""
        kind = ChangeKind(kind)
        for callback in list(self._subscribers):
            try:
                callback(kind, key)
            except Exception:  # a broken listener must not make a committed change look failed
                log.exception("annotation store subscriber failed")

    # changes --------------------------------------------------------------------------
    @contextmanager
    def change(self) -> Iterator[None]:
        """Hold the lock, bring memory up to date with the disk, refuse when read-only."""
        if self.closed:
            raise RuntimeError("the annotation store is closed")
        with self.guard, self.lock:
            self.sync()
            self.access.refuse_if_read_only()
            self._writing = False
            try:
                yield
            except StoreReadOnly:
                raise
            except BaseException:
                if self._writing:     # failed after the write: the disk is the truth
                    self.reload(notify=False)
                raise

    def write(self, changes: Changes) -> None:
        """Apply table changes durably (inside `change()`); an OSError leaves memory unchanged."""
        try:
            self._db.apply(changes)
        except OSError as exc:   # nothing was written: memory is unchanged
            raise self.access.failed(exc) from exc
        self._writing = True
        self.access.succeeded()
        if self._fold_delay is not None:
            self._schedule_fold(self._fold_delay)

    def _schedule_fold(self, delay: float) -> None:
        """(Re)start the idle timer that folds a synced file's journal `delay` seconds from now."""
        if self._fold_timer is not None:
            self._fold_timer.cancel()
        timer = threading.Timer(delay, self.fold)
        timer.daemon = True
        timer.start()
        self._fold_timer = timer

    def fold(self) -> bool:
        """Fold a synced file's journal into the file now, under the lock; True when it was rewritten.

        Runs on the idle timer's thread, so it never reloads (that would notify subscribers from
        that thread): when another process or `git pull` changed the files, the next refresh or
        write reloads, merging the journal, and folds.
        """
        with self.guard:
            if self.closed or self.access.reason is not None:
                return False
            try:
                with self.lock:
                    if self.storage.changed_on_disk() or not self.storage.pending_bytes():
                        return False
                    self.storage.compact()
                    return True
            except (OSError, UserError):     # the journal holds every change; tried again later
                log.warning("could not fold the journal into %s", self.path, exc_info=True)
                return False

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        """Return the stored documents of one table (key -> document), read from memory."""
        return self.storage.read().get(name, {})

    def stamp(self) -> str:
        """A new change stamp, later than every stamp in the store (call while holding the lock)."""
        if not self._clock_synced:
            self._clock.observe(st.newest_stamp(self.storage.read()))
            self._clock_synced = True
        return self._clock.now()

    # loading --------------------------------------------------------------------------
    def sync(self) -> bool:
        """Load what another process wrote since our last read or write (hold the lock); True if any."""
        if not self.storage.changed_on_disk():
            return False
        if self.storage.catch_up():      # records appended by another process
            self._after_load(notify=True)
        else:                            # the snapshot was rewritten, or the journal restarted
            self.reload(notify=True)
        return True

    def reload(self, notify: bool) -> None:
        """Read the whole file again (repairing or recovering it as at open)."""
        repaired = None
        if sync_file.is_sync_path(self.path):   # a store in a sync folder: its merge modules load only then
            from paperdesk.store import conflicts

            repaired = conflicts.repair(self.path)
        loaded = recovery.load_or_recover(self.path)
        if repaired:
            loaded.recovered = " ".join(m for m in (repaired, loaded.recovered) if m)
        self.storage.replace_data(loaded.data, loaded.gen, loaded.snapshot_payload)
        if loaded.recovered is not None:
            self.recovered = loaded.recovered
        self.access.reset(loaded.read_only, loaded.soft_read_only)
        if self._fold_delay is not None and self.access.reason is None and self.storage.pending_bytes():
            try:                           # a synced file: the merged journal goes into the file now
                self.storage.compact()
            except OSError:
                log.warning("could not fold the journal into %s", self.path, exc_info=True)
        self._after_load(notify)

    def _after_load(self, notify: bool) -> None:
        for name in self.storage.read():
            self._db.table(name).clear_cache()
        self._clock_synced = False
        self._on_load()
        if notify:
            self.notify("reload", "")
