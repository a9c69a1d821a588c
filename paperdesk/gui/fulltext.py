"""Keeps a collection's full-text index in step with the window: synced in a thread after each scan,
updated for the papers whose annotations changed, and searched through RankedSearch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from paperdesk.collection.model import Collection as NoteCollection
from paperdesk.collection.model import Entry
from paperdesk.query.fts import FullTextIndex, SyncReport, index_path
from paperdesk.query.fts_documents import (
    AnnotationSnapshot,
    AnnotationSource,
    SearchDocument,
    document_for,
    iter_documents,
)
from paperdesk.query.ranked import FilterSource, RankedSearch

log = logging.getLogger("paperdesk")


class FullTextSync(QThread):
    """Brings an index file up to date with a collection in a thread (its own SQLite connection).

    The documents are made in the thread, one at a time, from the entries and an
    AnnotationSnapshot taken on the GUI thread; emits synced(report) or failed(message).
    """

    synced = Signal(object)
    failed = Signal(str)

    def __init__(self, index_file: Path, entries: Sequence[Entry], annotations: AnnotationSnapshot,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index_file = Path(index_file)
        self.entries = list(entries)
        self.annotations = annotations

    def run(self) -> None:
        """Sync (in the worker thread)."""
        try:
            index = FullTextIndex(self.index_file)
            try:
                report = index.sync(lambda: iter_documents(self.entries, self.annotations))
            finally:
                index.close()
        except Exception as exc:  # the search panel says the index is not ready; filtering still works
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        self.synced.emit(report)


class FullTextKeeper(QObject):
    """The window's full-text index: call collection_changed() after every scan and
    annotations_changed() after store changes; searcher() is what SearchPanel asks for.

    `filters()` gives the window's current filter index (for tag:, year: ... in searches).
    """

    ready = Signal(object)    # SyncReport: the index is up to date and can be searched
    failed = Signal(str)

    def __init__(self, filters: Callable[[], FilterSource | None],
                 index_file: Callable[[Path], Path] = index_path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filters = filters
        self._index_file = index_file
        self._collection: NoteCollection | None = None
        self._store: AnnotationSource | None = None
        self._index: FullTextIndex | None = None
        self._worker: FullTextSync | None = None
        self._queued = False   # a scan arrived while a sync ran

    def searcher(self) -> RankedSearch | None:
        """A RankedSearch over the index, or None while the first sync runs."""
        if self._index is None:
            return None
        return RankedSearch(self._index, self._filters())

    def collection_changed(self, collection: NoteCollection, store: AnnotationSource | None) -> None:
        """A (re)scan finished: sync the whole collection in a thread (only changed entries are written)."""
        self._collection, self._store = collection, store
        path = self._index_file(Path(collection.root))
        if self._index is not None and self._index.path != path:   # another collection
            self._index.close()
            self._index = None
        if self._index is None and path.exists():   # last session's index: searchable while it syncs
            self._index = self._open(path)
        if self._worker is not None and self._worker.isRunning():
            self._queued = True   # one sync at a time: the next starts when this one is done
            return
        self._queued = False
        worker = FullTextSync(path, collection.entries, AnnotationSnapshot.of(store, collection.entries), self)
        worker.synced.connect(self._on_synced)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        worker.start()

    def annotations_changed(self, paper_keys: Collection[str] | None) -> None:
        """Store changes: rewrite the entries of these papers (None: any paper may have changed)."""
        collection, index = self._collection, self._index
        if collection is None:
            return
        if index is None or paper_keys is None:
            self.collection_changed(collection, self._store)
            return
        entries = [e for e in collection.entries if e.paper_key in paper_keys]
        if entries:
            try:
                index.sync([document_for(e, self._store) for e in entries], complete=False)
            except Exception as exc:  # a broken cache file must not break an annotation edit
                log.warning("search index not updated: %s", exc)

    def close(self) -> None:
        """Wait for the sync thread and close the index."""
        self._queued = False
        self._collection = None
        if self._worker is not None:
            self._worker.wait(30_000)
        if self._index is not None:
            self._index.close()
            self._index = None

    def _documents(self) -> Iterator[SearchDocument]:
        """The collection's documents one at a time (bodies are read back from the files as they go)."""
        collection = self._collection
        return iter_documents(collection.entries, self._store) if collection is not None else iter(())

    def _open(self, path: Path) -> FullTextIndex | None:
        try:
            index = FullTextIndex(path, source=self._documents)
        except Exception as exc:  # unreadable cache folder: the sync thread will say so
            log.warning("search index unavailable: %s", exc)
            return None
        if index.needs_sync:   # new, damaged or foreign: wait for the sync
            index.close()
            return None
        return index

    def _on_synced(self, report: SyncReport) -> None:
        if self._index is None and self._collection is not None:
            self._index = self._open(self._index_file(Path(self._collection.root)))
        elif self._index is not None:
            self._index.reload_ids()
        self.ready.emit(report)

    def _on_failed(self, message: str) -> None:
        log.warning("search index unavailable: %s", message)
        self.failed.emit(message)

    def _on_finished(self) -> None:
        if self._queued and self._collection is not None:
            self.collection_changed(self._collection, self._store)
