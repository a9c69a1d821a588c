"""Every main action by keyboard in the whole window, with real key events where the focus is:
menus name the keys; the list, the reader and the side panel answer them; Ctrl+Z / Ctrl+Shift+Z
undo and redo status, tag and highlight changes from wherever the focus is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from tests.gui.test_window_keyboard import focused
from tests.gui.window.test_main_window import TIMEOUT
from tests.gui.window.window_fixtures import select_text

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

#: the actions a reader reaches for in an hour of reading; each must have a key shown in a menu
MAIN_ACTIONS = ("next", "previous", "next-unread", "previous-unread", "status", "mark-unread", "mark-reading",
                "mark-read", "tags", *(f"highlight-{n}" for n in range(1, 6)), "highlight-paragraph", "undo", "redo",
                "filter", "search", "export", "dark", "zoom-in", "zoom-out", "zoom-reset", "focus-list",
                "next-pane", "previous-pane", "focus", "all-highlights", "shortcuts")


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key on the widget that has the keyboard focus, as a user would."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def focus_reader(qtbot, window) -> None:
    """Put the keyboard focus in the page, as a click on it would."""
    window.reader.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: focused(window.reader), timeout=TIMEOUT)


def menu_actions(menu: QMenu) -> list[QAction]:
    """Every action of a menu and its submenus."""
    found: list[QAction] = []
    for action in menu.actions():
        found.append(action)
        if action.menu() is not None:
            found.extend(menu_actions(action.menu()))
    return found


def test_every_main_action_sits_in_a_menu_with_its_key(notes_harness) -> None:
    window = notes_harness.open()
    in_menus = [a for top in window.menuBar().actions() for a in menu_actions(top.menu())]
    for name in MAIN_ACTIONS:
        action = window.actions_by_name[name]
        assert action in in_menus, f"{name} is in no menu"
        assert not action.shortcut().isEmpty(), f"{name} has no key"
    keys = {window.actions_by_name[n].shortcut().toString() for n in MAIN_ACTIONS}
    assert len(keys) == len(MAIN_ACTIONS), "two main actions share a key"


def test_arrows_in_the_list_open_entries_and_j_k_move_from_the_reader(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    ids = window.model.visible_entry_ids()
    assert window.current_id == ids[0] and focused(window.tree)
    for _ in range(4):   # past the group rows between two entries
        press(qtbot, Qt.Key.Key_Down)
        if window.current_id != ids[0]:
            break
    qtbot.waitUntil(lambda: window.reader.current_entry is not None and window.reader.current_entry.id == ids[1],
                    timeout=TIMEOUT)
    assert window.current_id == ids[1]
    focus_reader(qtbot, window)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_J)
    assert window.current_id == ids[2]
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_K)
    assert window.current_id == ids[1]
    assert window.model.entry_id(window.tree.currentIndex()) == ids[1]   # the list follows


def test_status_keys_in_the_reader_then_undo_and_redo(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    key = window.current_entry().paper_key
    focus_reader(qtbot, window)
    press(qtbot, Qt.Key.Key_3, ALT)
    assert window.store.status(key) == "read"
    press(qtbot, Qt.Key.Key_2, ALT)
    assert window.store.status(key) == "reading"
    qtbot.waitUntil(lambda: window.side_panel.status_buttons["reading"].isChecked(), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.store.status(key) == "read"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.store.status(key) == "unread"
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.store.status(key) == "read"
    press(qtbot, Qt.Key.Key_1, ALT)
    assert window.store.status(key) == "unread"
    assert focused(window.reader)


def test_a_tag_typed_in_the_editor_is_undone_with_ctrl_z_there(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    key = window.current_entry().paper_key
    press(qtbot, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: focused(window.side_panel.tag_editor), timeout=TIMEOUT)
    qtbot.keyClicks(QApplication.focusWidget(), "rl")
    press(qtbot, Qt.Key.Key_Return)
    assert window.store.tags(key) == ["rl"]
    assert window.side_panel.tag_editor.text() == ""
    press(qtbot, Qt.Key.Key_Z, CTRL)   # the editor is empty: the window's undo
    assert window.store.tags(key) == []
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.store.tags(key) == ["rl"]
    qtbot.keyClicks(QApplication.focusWidget(), "ab")
    press(qtbot, Qt.Key.Key_Z, CTRL)   # text typed in the editor: the editor's own undo
    assert window.store.tags(key) == ["rl"]
    assert window.side_panel.tag_editor.text() != "ab"
    press(qtbot, Qt.Key.Key_Escape)    # clears what is typed, then goes back to the page
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused(window.reader), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_Z, CTRL)   # and from the page
    assert window.store.tags(key) == []


def test_a_highlight_made_with_a_key_is_undone_and_redone_from_the_page(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    entry = window.current_entry()
    text = window.reader.plain_text
    start = text.index("attention heads")
    select_text(qtbot, window, start, start + len("attention heads"))
    focus_reader(qtbot, window)
    press(qtbot, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: len(window.store.highlights(entry.id)) == 1, timeout=TIMEOUT)
    assert window.store.highlights(entry.id)[0].color == 1
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert window.store.highlights(entry.id) == []
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert len(window.store.highlights(entry.id)) == 1
    qtbot.waitUntil(lambda: window.side_panel.highlight_list.count() == 1, timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_F6)   # the page -> the side panel's highlights
    qtbot.waitUntil(lambda: focused(window.side_panel.highlight_list), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Delete)
    assert window.store.highlights(entry.id) == []
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert len(window.store.highlights(entry.id)) == 1


def test_zoom_keys_in_the_page(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    focus_reader(qtbot, window)
    assert window.reader.zoomFactor() == pytest.approx(1.0)
    press(qtbot, Qt.Key.Key_Equal, CTRL)
    assert window.reader.zoomFactor() > 1.0
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert window.reader.zoomFactor() == pytest.approx(1.0)
    press(qtbot, Qt.Key.Key_Minus, CTRL)
    assert window.reader.zoomFactor() < 1.0
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert window.reader.zoomFactor() == pytest.approx(1.0)


def test_ctrl_shift_d_toggles_dark_mode(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    assert window.looks.theme_name == "light"
    with qtbot.waitSignal(window.reader.pageReady, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    assert window.looks.theme_name == "dark" and window.reader.effective_theme() == "dark"
    assert window.palette().window().color().lightness() < 80
    assert window.actions_by_name["theme-dark"].isChecked() and window.actions_by_name["dark"].isChecked()
    with qtbot.waitSignal(window.reader.pageReady, timeout=TIMEOUT):
        press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    assert window.looks.theme_name == "light" and window.reader.effective_theme() == "light"
    assert not window.actions_by_name["dark"].isChecked()


def test_f6_cycles_the_panes_and_ctrl_l_comes_back_to_the_list(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    assert focused(window.tree)
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: focused(window.reader), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_F6)   # no highlights yet: the tag editor
    qtbot.waitUntil(lambda: focused(window.side_panel.tag_editor), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: focused(window.tree), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_F6, SHIFT)
    qtbot.waitUntil(lambda: focused(window.side_panel), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused(window.reader), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_L, CTRL)
    qtbot.waitUntil(lambda: focused(window.tree), timeout=TIMEOUT)
    assert window.model.entry_id(window.tree.currentIndex()) == window.current_id


def test_the_page_shows_when_it_has_the_keyboard_focus(notes_harness, qtbot, wait_js) -> None:
    window = notes_harness.open()
    page = window.reader.page()
    focus_reader(qtbot, window)
    assert wait_js(page, "document.documentElement.classList.contains('pd-focused')")
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert wait_js(page, "!document.documentElement.classList.contains('pd-focused')")


def test_search_key_from_the_page_opens_the_search_with_its_query_focused(notes_harness, qtbot) -> None:
    window = notes_harness.open()
    focus_reader(qtbot, window)
    press(qtbot, Qt.Key.Key_F, CTRL | SHIFT)
    search = window.window_actions.search
    assert search is not None
    qtbot.waitUntil(lambda: search.isVisible() and focused(search.panel.query), timeout=TIMEOUT)
    press(qtbot, Qt.Key.Key_Slash)   # typed into the query, not the filter's key
    assert search.panel.query.text() == "/"
