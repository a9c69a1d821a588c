"""A status-bar message too long for the window is elided before the entry count (a file warning in the
middle of its path), whole in the tooltip."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from paperdesk.gui.window.status_lines import ElidingStatusBar
from tests.gui.window.window_fixtures import TIMEOUT, Harness

pytestmark = pytest.mark.gui

LONG_FOLDER = "reading-group/2024-spring/week-07-efficient-transformers-and-state-space-models"


def test_a_long_file_warning_is_elided_at_800_px_and_whole_when_wide(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "coll"
    (folder / LONG_FOLDER).mkdir(parents=True)
    (folder / "a-first.md").write_text("# Alpha Paper\n\nPlain text about attention.\n", encoding="utf-8")
    (folder / LONG_FOLDER / "latin-one-notes.md").write_bytes(
        "# Beta Paper\n\nCaf\xe9 na\xefve r\xe9sum\xe9 notes.\n".encode("cp1252"))
    harness = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    try:
        window = harness.open()
        window.resize(800, 600)
        qtbot.waitUntil(lambda: window.width() == 800, timeout=TIMEOUT)
        bar = window.statusBar()
        beta = next(e for e in window.collection.entries if e.title == "Beta Paper")
        if window.current_id == beta.id:
            alpha = next(e for e in window.collection.entries if e.title == "Alpha Paper")
            _click(qtbot, window, alpha.id)
        bar.clearMessage()
        _click(qtbot, window, beta.id)

        shown = bar.shown_message()
        count = window.navigator.count_label
        assert shown.startswith("reading-group/") and count.isVisible()
        assert ElidingStatusBar.LEFT + bar.fontMetrics().horizontalAdvance(shown) <= count.x()   # not under the count
        assert "…" in shown
        assert isinstance(bar, ElidingStatusBar)
        full = bar.currentMessage()
        assert full == f"{beta.source}: not UTF-8; decoded as cp1252 (File › Scan Warnings lists them all)"
        head, tail = shown.split("…")
        assert full.startswith(head)
        assert tail.endswith("notes.md: not UTF-8; decoded as cp1252 (File › Scan Warnings lists them all)")
        assert beta.source in bar.toolTip() and "Scan Warnings" in bar.toolTip()
        window.grab().save(str(tmp_path / "window-800.png"))

        window.resize(1900, 600)
        qtbot.waitUntil(lambda: bar.shown_message() == full, timeout=TIMEOUT)   # room again: whole
        assert bar.toolTip() == ""
        window.resize(800, 600)
        qtbot.waitUntil(lambda: "…" in bar.shown_message(), timeout=TIMEOUT)
        assert bar.currentMessage() == full
        bar.clearMessage()
        assert bar.currentMessage() == "" and bar.toolTip() == ""
    finally:
        harness.close_all()


def _click(qtbot, window, entry_id: str) -> None:
    window.tree.expandAll()
    window.tree.scrollTo(window.model.index_for_entry(entry_id))
    rect = window.tree.visualRect(window.model.index_for_entry(entry_id))
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
