"""Shared set-up of the window tests added with the store's read-only mode, anchor methods and note tags."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings

from paperdesk.gui.window.main_window import MainWindow

TIMEOUT = 20000

TWO_PAPERS = """## Methods

### 2023 - [Alpha Paper](https://arxiv.org/abs/2301.00001)

Alpha studies attention heads in depth and the method is simple to follow.

### 2022 - [Beta Paper](https://arxiv.org/abs/2201.00002)

Beta is about scaling laws for language models.
"""


def two_paper_folder(tmp_path: Path) -> Path:
    """A collection folder under tmp_path holding TWO_PAPERS as notes.md."""
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(TWO_PAPERS, encoding="utf-8")
    return folder


class Harness:
    """Opens real windows on one collection and store (offscreen, real page), and closes them;
    `db` None: the store the collection's identity finds (tests run with private XDG folders)."""

    def __init__(self, qtbot, collection: Path, db: Path | None, ini: Path) -> None:
        self.qtbot, self.collection, self.db, self.ini = qtbot, collection, db, ini
        self.windows: list[MainWindow] = []

    def open(self) -> MainWindow:
        """Show a window on the collection and wait until its first entry is painted."""
        settings = QSettings(str(self.ini), QSettings.Format.IniFormat)
        settings.setValue("auto_reading_delay", 0)
        window = MainWindow(settings, theme_override="light")
        self.windows.append(window)
        window.resize(1200, 800)
        window.show()
        with self.qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            assert window.open_collection(self.collection, self.db)
        window.activateWindow()
        window.tree.setFocus()
        return window

    def close(self, window: MainWindow) -> None:
        """Close one window (saving its state and releasing the store) and wait until it is deleted."""
        window.close()
        window.deleteLater()
        self.qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=TIMEOUT)
        if window in self.windows:
            self.windows.remove(window)

    def close_all(self) -> None:
        """Close every window and wait until each is deleted."""
        for window in list(self.windows):
            self.close(window)


def select_text(qtbot, window: MainWindow, start: int, end: int) -> None:
    """Select a range of the page's plain text, as a user's drag would."""
    script = ("(function(){var c=document.getElementById('content')||document.body;"
              f"var r=window.paperdesk.rangeFromOffsets(c,{start},{end});"
              "var s=window.getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString();})()")
    result: list[object] = []
    window.reader.run_in_page(script, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=TIMEOUT)
