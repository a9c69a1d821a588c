"""The all-highlights view in the whole window, driven by keys: open, filter, Enter, orphans."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.window.test_main_window import TIMEOUT

pytestmark = pytest.mark.gui




def highlight(qtbot, window, title: str, word: str, color: int = 0, note: str = ""):
    """Add a highlight of `word` in the entry titled `title`, through the store, from the page's text."""
    entry = next(e for e in window.collection.entries if e.title == title)
    if window.current_id != entry.id:
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            window.show_entry(entry.id)
    text = window.reader.plain_text
    start = text.index(word)
    return window.store.add_highlight(entry.id, entry.paper_key, text, start, start + len(word), color, note)


def test_ctrl_shift_h_lists_filters_and_opens_highlights(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    alpha = highlight(qtbot, window, "Alpha Paper", "attention heads", 1, "key idea")
    gamma = highlight(qtbot, window, "Gamma Paper", "convolutional features", 2)
    window.annotations.set_status("read")  # Gamma is read
    qtbot.waitUntil(lambda: window.index.filter("status:read") == [gamma.entry_id], timeout=TIMEOUT)
    qtbot.keyClick(window.tree, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(window, "highlights_dialog", None) is not None, timeout=TIMEOUT)
    dialog = window.highlights_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    assert dialog.proxy.rowCount() == 2
    quotes = {dialog.proxy.index(r, 1).data() for r in range(2)}
    assert quotes == {"attention heads", "convolutional features"}
    dialog.filter_edit.setFocus()
    qtbot.keyClicks(dialog.filter_edit, "status:read")
    assert dialog.proxy.rowCount() == 1
    assert dialog.proxy.index(0, 1).data() == "convolutional features"
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.filter_edit, "key idea")  # words match the highlight's own note
    assert dialog.proxy.rowCount() == 1 and dialog.proxy.index(0, 2).data() == "key idea"
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)
    assert window.current_id == alpha.entry_id
    assert gamma.entry_id != alpha.entry_id
    dialog.close()


def test_an_orphan_is_listed_and_enter_opens_it_for_relinking(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    kept = highlight(qtbot, window, "Beta Paper", "scaling laws")
    lost = highlight(qtbot, window, "Delta Paper", "segments anything")
    window.store.anchor_highlights(lost.entry_id, "Delta now says something else entirely.")
    assert [h.id for h in window.store.orphans()] == [lost.id]
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        window.show_entry(kept.entry_id)
    window.commands.show_all_highlights()
    dialog = window.highlights_dialog
    rows = {dialog.proxy.index(r, 1).data(): dialog.proxy.index(r, 4).data() for r in range(dialog.proxy.rowCount())}
    assert rows == {"scaling laws": "in place", "segments anything": "orphaned"}
    dialog.view.setFocus()
    target = next(r for r in range(dialog.proxy.rowCount()) if dialog.proxy.index(r, 4).data() == "orphaned")
    dialog.view.setCurrentIndex(dialog.proxy.index(target, 1))
    assert dialog.relink_button.isEnabled()
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert window.current_id == lost.entry_id
    assert "Relink" in window.statusBar().currentMessage()
    QApplication.processEvents()
    dialog.close()
