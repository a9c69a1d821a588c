"""Background work for the window: scanning a collection off the GUI thread."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal


class ScanWorker(QThread):
    """Runs `paperdesk.collection.scan(path)` in a thread; emits loaded(collection) or failed(message)."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.elapsed = 0.0

    def run(self) -> None:
        """Scan (in the worker thread)."""
        started = time.perf_counter()
        try:
            from paperdesk.collection import scan

            collection: Any = scan(self.path)
        except Exception as exc:  # shown to the user, never a traceback
            self.failed.emit(str(exc) or type(exc).__name__)
            return
        finally:
            self.elapsed = time.perf_counter() - started
        self.loaded.emit(collection)
