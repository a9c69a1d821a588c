"""Background work for the window: scanning a collection off the GUI thread."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from paperdesk.query import SearchIndex
    from paperdesk.store import AnnotationStore


class ScanWorker(QThread):
    """Scans a collection and builds its search index in a thread.

    Emits loaded(collection, index) (index None if it could not be built) or failed(message).
    The caller must not write to `store` until then (the window holds its edits and refreshes).
    """

    loaded = Signal(object, object)
    failed = Signal(str)

    def __init__(self, path: Path, store: AnnotationStore | None = None, parent: QObject | None = None, *,
                 build_index: bool = True) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.store = store
        self.build_index = build_index
        self.elapsed = 0.0

    def run(self) -> None:
        """Scan (in the worker thread)."""
        started = time.perf_counter()
        try:
            from paperdesk.collection import scan

            collection = scan(self.path)
        except Exception as exc:  # shown to the user, never a traceback
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        finally:
            self.elapsed = time.perf_counter() - started
        index: SearchIndex | None = None
        if self.build_index:
            try:
                from paperdesk.query import SearchIndex

                index = SearchIndex(collection.entries, self.store)
            except Exception:  # the window builds it again, or filters without it
                index = None
        self.loaded.emit(collection, index)
