"""Background work for the window: scanning a collection and building its filter index off the GUI thread."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from paperdesk.query import SearchIndex


class ScanWorker(QThread):
    """Scans a collection, hands it over, then builds its filter index in the same thread.

    Emits loaded(collection) as soon as the scan is done, then indexed(collection, index) once the
    index of its text is built (index None if it could not be), or failed(message) instead of both. The
    index is built without the annotation store (which the GUI thread may be writing meanwhile):
    the receiver attaches the store on its own thread (`SearchIndex.use_store`).
    """

    loaded = Signal(object)
    indexed = Signal(object, object)
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None, *, build_index: bool = True) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.build_index = build_index
        self.elapsed = 0.0        # seconds the scan took
        self.index_elapsed = 0.0  # seconds the index took

    def run(self) -> None:
        """Scan, then index (in the worker thread)."""
        started = time.perf_counter()
        try:
            from paperdesk.collection import scan

            collection = scan(self.path)
        except Exception as exc:  # shown to the user, never a traceback
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        finally:
            self.elapsed = time.perf_counter() - started
        self.loaded.emit(collection)
        if not self.build_index:
            return
        started = time.perf_counter()
        index: SearchIndex | None = None
        try:
            from paperdesk.query import SearchIndex

            index = SearchIndex(collection.entries, None)
        except Exception:  # the window filters without it
            index = None
        self.index_elapsed = time.perf_counter() - started
        self.indexed.emit(collection, index)
