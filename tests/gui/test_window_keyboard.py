"""Keyboard-first reading in the whole window: the filter box's Enter, Down and Escape."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.window.test_main_window import TIMEOUT, titles_shown

pytestmark = pytest.mark.gui




def focused(widget) -> bool:
    """True when keyboard focus is on the widget or inside it (the reader focuses its render child)."""
    current = QApplication.focusWidget()
    while current is not None:
        if current is widget:
            return True
        current = current.parentWidget()
    return False


def test_enter_in_the_filter_opens_the_first_match_and_moves_to_the_tree(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.waitUntil(lambda: focused(window.filter_box.edit), timeout=TIMEOUT)
    qtbot.keyClicks(window.filter_box.edit, "gamma")
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Return)
    assert window.collection.entry(window.current_id).title == "Gamma Paper"
    assert titles_shown(window) == {"Gamma Paper"}
    assert focused(window.tree)


def test_escape_clears_the_filter_then_returns_to_the_reader(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.filter_box.edit, "beta")
    qtbot.waitUntil(lambda: titles_shown(window) == {"Beta Paper"}, timeout=TIMEOUT)
    qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Escape)
    assert window.filter_box.text() == ""
    qtbot.waitUntil(lambda: len(titles_shown(window)) == 4, timeout=TIMEOUT)
    assert focused(window.filter_box.edit)
    qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused(window.reader), timeout=TIMEOUT)


def test_down_in_the_filter_moves_into_the_results(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.filter_box.edit, "delta")
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Down)
    assert focused(window.tree)
    assert window.collection.entry(window.current_id).title == "Delta Paper"


def test_enter_with_no_match_says_so_and_keeps_the_entry(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    before = window.current_id
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.filter_box.edit, "zzzznothing")
    qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Return)
    assert window.current_id == before
    assert "No entry matches" in window.statusBar().currentMessage()
