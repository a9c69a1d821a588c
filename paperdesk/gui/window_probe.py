"""The window side of the GUI bench (run by paperdesk.bench.gui in a subprocess): paint every entry
of the given collections, then type queries into the real filter box; prints the timings as JSON.

Only gui imports Qt, so this half of the benchmark lives here; the app never runs it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

TYPED = ("diffusion tag:rl status:unread year:2020..2022", "policy reward -tag:survey has:highlights")


def _inner(args: list[str]) -> dict[str, Any]:
    """Run inside the subprocess: paint every entry of the collections, then time filtering."""
    from paperdesk.gui.qt_env import prepare_qt

    prepare_qt()
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["paperdesk-bench"])
    from paperdesk.gui.window.main_window import MainWindow

    passes = int(args[0])
    home = Path(args[1])
    collections = [Path(a) for a in args[2:]]
    settings = QSettings(str(home / "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    window = MainWindow(settings, theme_override="light")
    window.resize(1300, 850)
    window.show()

    def wait(signal: Any, timeout_ms: int = 30000) -> bool:
        loop = QEventLoop()
        fired: list[bool] = []
        signal.connect(lambda *_: (fired.append(True), loop.quit()))
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        return bool(fired)

    cold: list[float] = []
    warm: list[float] = []
    for i, collection in enumerate(collections):
        window.open_collection(collection, home / f"store-{i}.json")
        wait(window.entryShown)
        for entry in list(window.collection.entries):
            for n in range(passes):
                loop = QEventLoop()
                window.entryShown.connect(loop.quit)
                t0 = time.perf_counter()
                window.show_entry(entry.id)
                QTimer.singleShot(30000, loop.quit)
                loop.exec()
                window.entryShown.disconnect(loop.quit)
                (cold if n == 0 else warm).append((time.perf_counter() - t0) * 1000.0)

    from paperdesk.bench.synthetic_entries import synthetic_collection
    from paperdesk.query.index import SearchIndex

    entries, notes = synthetic_collection(10_000)
    window.model.set_entries(entries, notes)
    window.tree.expandToDepth(0)
    window.index = SearchIndex(entries, notes)
    keystrokes: list[float] = []
    for query in TYPED:
        for end in range(1, len(query) + 1):
            t0 = time.perf_counter()
            window.filter_box.set_text(query[:end])
            app.processEvents()
            keystrokes.append((time.perf_counter() - t0) * 1000.0)
        window.filter_box.set_text("")
    window.close()
    return {"cold": cold, "warm": warm, "keystrokes": keystrokes}


if __name__ == "__main__":
    print(json.dumps(_inner(sys.argv[1:])), flush=True)
    os._exit(0)
