"""Paint times of a reader view: each entry shown in turn, timed from show_entry() to pageReady."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry
    from paperdesk.gui.reader.view import ReaderView


def measure_paint(view: ReaderView, entries: list[Entry], collection: Collection, *,
                  timeout_ms: int = 30_000) -> list[float]:
    """Show each entry in turn and return its paint time in ms (show_entry() until pageReady)."""
    times: list[float] = []
    for entry in entries:
        loop = QEventLoop()
        view.pageReady.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        view.show_entry(entry, collection)
        loop.exec()
        view.pageReady.disconnect(loop.quit)
        if view.last_paint_ms is not None and view.current_entry is entry:
            times.append(view.last_paint_ms)
    return times
