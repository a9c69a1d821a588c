"""The real main window, offscreen with the real web page: keys, filter, status, tags, highlights, undo, reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from paperdesk.gui.safe_text import tip
from paperdesk.gui.window.main_window import MainWindow
from paperdesk.render import render_entry
from tests.gui.window import window_fixtures

pytestmark = pytest.mark.gui

NOTES = """## LLM

### 2023 - [Alpha Paper](https://arxiv.org/abs/2301.00001)

Alpha studies attention heads in depth. The loss is $x^2 + y$ and the method is simple to follow.

### 2022 - [Beta Paper](https://arxiv.org/abs/2201.00002)

Beta is about scaling laws for language models.

## Vision

### 2021 - [Gamma Paper](https://arxiv.org/abs/2101.00003)

Gamma sees images with convolutional features.

### 2023 - [Delta Paper](https://arxiv.org/abs/2301.00004)

Delta segments anything in images.
"""
TIMEOUT = 20000


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """A small collection: two categories, three years, four papers."""
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    return folder


@pytest.fixture
def no_stray_windows(qapp: QApplication):
    """Fail when a test leaves a visible top-level window behind."""
    before = {id(w) for w in qapp.topLevelWidgets() if w.isVisible()}
    yield
    qapp.processEvents()
    stray = [w for w in qapp.topLevelWidgets() if w.isVisible() and id(w) not in before]
    for w in stray:
        w.close()
    assert not stray, f"stray windows left open: {[type(w).__name__ for w in stray]}"


class Harness(window_fixtures.Harness):
    """The shared harness on this module's collection, its store and window state under tmp_path."""

    def __init__(self, qtbot, collection: Path, tmp_path: Path) -> None:
        super().__init__(qtbot, collection, tmp_path / "store.json", tmp_path / "window.ini")


@pytest.fixture
def harness(qtbot, collection: Path, tmp_path: Path, no_stray_windows):
    h = Harness(qtbot, collection, tmp_path)
    yield h
    for window in list(h.windows):
        h.close(window)


def shown(qtbot, window: MainWindow, key, widget=None) -> None:
    """Press a key and wait until the newly chosen entry is painted."""
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(widget or window.tree, key)


def titles_shown(window: MainWindow) -> set[str]:
    """Titles of the entries the tree shows."""
    return {window.collection.entry(i).title for i in window.model.visible_entry_ids()}


def select_text(qtbot, window: MainWindow, start: int, end: int) -> None:
    """Select a range of the page's plain text, as a user's drag would."""
    script = ("(function(){var c=document.getElementById('content')||document.body;"
              f"var r=window.paperdesk.rangeFromOffsets(c,{start},{end});"
              "var s=window.getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString();})()")
    result = []
    window.reader.run_in_page(script, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=TIMEOUT)


def test_opens_collection_and_moves_with_keys(harness, qtbot):
    window = harness.open()
    ids = window.model.visible_entry_ids()
    titles = [window.collection.entry(i).title for i in ids]
    assert sorted(titles) == ["Alpha Paper", "Beta Paper", "Delta Paper", "Gamma Paper"]
    assert window.current_id == ids[0]
    first = window.collection.entry(ids[0])
    assert window.reader.plain_text == render_entry(first, window.collection).text   # the first entry is on the page
    assert window.windowTitle() == "coll — paperdesk"
    shown(qtbot, window, Qt.Key.Key_J)
    assert window.current_id == ids[1]
    shown(qtbot, window, Qt.Key.Key_J)
    assert window.current_id == ids[2]
    shown(qtbot, window, Qt.Key.Key_K)
    assert window.current_id == ids[1]
    assert window.model.entry_id(window.tree.currentIndex()) == ids[1]
    # n skips entries that are not unread
    window.store.set_status(window.collection.entry(ids[2]).paper_key, "read")
    qtbot.waitUntil(lambda: window.model.status_of(ids[2]) == "read", timeout=TIMEOUT)
    shown(qtbot, window, Qt.Key.Key_N)
    assert window.current_id == ids[3]
    shown(qtbot, window, Qt.Key.Key_P)
    assert window.current_id == ids[1]


def test_group_counts_and_bold_unread(harness, qtbot):
    window = harness.open()
    model = window.model
    top = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert top == ["LLM  0/2", "Vision  0/2"]
    alpha = next(e for e in window.collection.entries if e.title == "Alpha Paper")
    index = model.index_for_entry(alpha.id)
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    window.store.set_status(alpha.paper_key, "read")
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == "LLM  1/2", timeout=TIMEOUT)
    assert model.data(model.index_for_entry(alpha.id), Qt.ItemDataRole.FontRole) is None
    window.set_grouping("status")
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert labels == ["unread  0/3", "read  1/1"]


def test_filter_with_query_language_and_typing_does_not_trigger_shortcuts(harness, qtbot):
    window = harness.open()
    start = window.current_id
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.waitUntil(lambda: window.filter_box.edit.hasFocus(), timeout=TIMEOUT)
    qtbot.keyClicks(window.filter_box.edit, "year:2023")
    qtbot.waitUntil(lambda: titles_shown(window) == {"Alpha Paper", "Delta Paper"}, timeout=TIMEOUT)
    assert window.current_id == start  # j, k, r... typed in the box are text, not shortcuts
    window.filter_box.set_text("")
    qtbot.keyClicks(window.filter_box.edit, "cat:vision -gamma")
    qtbot.waitUntil(lambda: titles_shown(window) == {"Delta Paper"}, timeout=TIMEOUT)
    window.filter_box.set_text('"unbalanced')
    qtbot.waitUntil(lambda: window.filter_box.problem.isVisibleTo(window), timeout=TIMEOUT)
    window.filter_box.set_text("")
    qtbot.waitUntil(lambda: len(window.model.visible_entry_ids()) == 4, timeout=TIMEOUT)
    assert not window.filter_box.problem.isVisibleTo(window)


def test_mark_read_with_r_and_undo_redo(harness, qtbot):
    window = harness.open()
    key = window.current_entry().paper_key
    qtbot.keyClick(window.tree, Qt.Key.Key_R)
    assert window.store.status(key) == "reading"
    qtbot.keyClick(window.tree, Qt.Key.Key_R)
    assert window.store.status(key) == "read"
    qtbot.waitUntil(lambda: window.side_panel.status_buttons["read"].isChecked(), timeout=TIMEOUT)
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.status(key) == "reading"
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.store.status(key) == "read"


def test_mark_a_selection_read_in_one_undoable_step(harness, qtbot):
    window = harness.open()
    ids = window.model.visible_entry_ids()
    selection = window.tree.selectionModel()
    for eid in ids[:3]:
        selection.select(window.model.index_for_entry(eid), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    assert window.navigator.selected_entry_ids() == ids[:3]
    window.annotations.set_status_of(window.navigator.selected_entry_ids(), "read")
    keys = [window.collection.entry(i).paper_key for i in ids[:3]]
    assert [window.store.status(k) for k in keys] == ["read"] * 3
    window.undo_stack.undo()
    assert [window.store.status(k) for k in keys] == ["unread"] * 3


def test_tag_with_the_tag_editor(harness, qtbot):
    window = harness.open()
    key = window.current_entry().paper_key
    qtbot.keyClick(window.tree, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: window.side_panel.tag_editor.hasFocus(), timeout=TIMEOUT)
    qtbot.keyClicks(window.side_panel.tag_editor, "rl")
    qtbot.keyClick(window.side_panel.tag_editor, Qt.Key.Key_Return)
    assert window.store.tags(key) == ["rl"]
    assert window.store.status(key) == "unread"  # "r" typed in the editor is not the status key
    qtbot.waitUntil(lambda: window.side_panel.chip_tags() == ["rl"], timeout=TIMEOUT)
    window.side_panel.tagRemoved.emit("rl")
    assert window.store.tags(key) == []
    window.undo_stack.undo()
    assert window.store.tags(key) == ["rl"]


def test_highlight_through_the_page_then_undo_and_redo(harness, qtbot):
    window = harness.open()
    entry = window.current_entry()
    text = window.reader.plain_text
    word = "attention heads" if "attention heads" in text else text.strip().split()[0]
    start = text.index(word)
    select_text(qtbot, window, start, start + len(word))
    qtbot.keyClick(window.reader.focusProxy() or window.reader, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: len(window.store.highlights(entry.id)) == 1, timeout=TIMEOUT)
    h = window.store.highlights(entry.id)[0]
    assert (h.quote, h.start, h.end, h.color) == (word, start, start + len(word), 2)
    qtbot.waitUntil(lambda: window.side_panel.highlight_list.count() == 1, timeout=TIMEOUT)
    counts = window.model.data(window.model.index_for_entry(entry.id, 1))
    assert counts == "1"
    window.undo_stack.undo()
    assert window.store.highlights(entry.id) == []
    window.undo_stack.redo()
    assert [x.id for x in window.store.highlights(entry.id)] == [h.id]
    window.annotations.edit_highlight(h.id, note="why it works")
    assert window.store.highlights(entry.id)[0].note == "why it works"
    window.undo_stack.undo()
    assert window.store.highlights(entry.id)[0].note == ""


def test_everything_persists_after_reopening(harness, qtbot):
    window = harness.open()
    entry = window.current_entry()
    window.annotations.set_status("read")
    window.annotations.add_tag("Favourite")
    text = window.reader.plain_text
    start = text.index("simple")
    select_text(qtbot, window, start, start + len("simple"))
    window.reader.apply_highlight_color(0)
    qtbot.waitUntil(lambda: len(window.store.highlights(entry.id)) == 1, timeout=TIMEOUT)
    shown(qtbot, window, Qt.Key.Key_J)
    last = window.current_id
    window.splitter.setSizes([300, 700, 200])
    sizes = window.splitter.sizes()
    harness.close(window)

    again = harness.open()
    assert again.current_id == last  # reopens where the user was
    assert again.splitter.sizes() == sizes
    assert again.store.status(entry.paper_key) == "read"
    assert again.store.tags(entry.paper_key) == ["Favourite"]
    [h] = again.store.highlights(entry.id)
    assert h.quote == "simple"
    shown(qtbot, again, Qt.Key.Key_K)
    assert again.current_id == entry.id
    assert again.side_panel.chip_tags() == ["Favourite"]
    assert again.side_panel.status_buttons["read"].isChecked()
    qtbot.waitUntil(lambda: again.side_panel.highlight_list.count() == 1, timeout=TIMEOUT)


def test_live_reload_keeps_entry_and_reanchors(harness, qtbot, collection):
    window = harness.open()
    entry = window.current_entry()
    text = window.reader.plain_text
    start = text.index("method is simple")
    window.store.add_highlight(entry.id, entry.paper_key, text, start, start + len("method is simple"))
    note = collection / "notes.md"
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        note.write_text(NOTES.replace("Alpha studies", "Alpha (revised) studies")
                        .replace("Beta Paper", "Beta Paper Revisited"), encoding="utf-8")
    assert window.current_id == entry.id
    assert "Alpha (revised) studies" in window.reader.plain_text
    titles = {window.collection.entry(i).title for i in window.model.visible_entry_ids()}
    assert "Beta Paper Revisited" in titles
    [anchor] = [a for a in window.reader.anchors if a.highlight.entry_id == entry.id]
    assert anchor.start is not None
    assert window.reader.plain_text[anchor.start:anchor.end] == "method is simple"


def test_moved_highlights_are_saved_by_the_session_without_a_second_paint(harness, qtbot, collection):
    window = harness.open()
    entry = window.current_entry()
    text = window.reader.plain_text
    start = text.index("method is simple")
    window.store.add_highlight(entry.id, entry.paper_key, text, start, start + len("method is simple"))
    qtbot.waitUntil(lambda: len(window.reader.anchors) == 1, timeout=TIMEOUT)
    anchorings: list[list] = []
    window.reader.highlightsAnchored.connect(anchorings.append)
    with qtbot.waitSignal(window.session.changed, timeout=TIMEOUT,
                          check_params_cb=lambda changes: changes.anchors_only) as saved:
        (collection / "notes.md").write_text(NOTES.replace("Alpha studies", "Alpha (revised) studies"),
                                             encoding="utf-8")
    # The reader found the highlight further on (a read); the session wrote it; the change came
    # back marked as the reader's own, and the window did not anchor and paint the page again.
    assert saved.args[0].touches(entry.paper_key)
    assert len(anchorings) == 1
    [stored] = window.store.highlights(entry.id)
    moved = window.reader.plain_text.index("method is simple")
    assert moved > start and (stored.start, stored.end) == (moved, moved + len("method is simple"))
    window.store.update_highlight(stored.id, note="a real edit")   # any other change repaints
    qtbot.waitUntil(lambda: len(anchorings) == 2, timeout=TIMEOUT)


def test_every_action_has_an_icon_and_shortcuts_dialog_lists_them(harness, qtbot):
    from paperdesk.gui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

    window = harness.open()
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if not action.isSeparator():
                assert not action.icon().isNull(), action.text()
    rows = shortcut_rows(window.window_actions.shortcut_actions())
    keys = " ".join(k for k, _ in rows)
    for needed in ("J", "K", "N", "P", "/", "R", "T", "1", "5", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+E", "F11", "?"):
        assert needed in keys.split(" ") or needed in keys, needed
    dialog = ShortcutsDialog(window.window_actions.shortcut_actions(), window)
    assert dialog.table.rowCount() == len(rows)
    dialog.deleteLater()


def test_theme_menu_switches_to_dark_and_back(harness, qtbot):
    window = harness.open()
    light_icon = window.actions_by_name["next"].icon().pixmap(16, 16).toImage()
    light_sort = window.actions_by_name["sort-title"].icon().pixmap(16, 16).toImage()
    window.actions_by_name["theme-dark"].trigger()
    assert window.looks.theme_name == "dark"
    assert window.reader.effective_theme() == "dark"
    assert window.palette().window().color().lightness() < 80
    dark_icon = window.actions_by_name["next"].icon().pixmap(16, 16).toImage()
    assert dark_icon != light_icon, "toolbar icons must be redrawn in the dark theme's colour"
    assert window.actions_by_name["sort-title"].icon().pixmap(16, 16).toImage() != light_sort
    window.actions_by_name["theme-light"].trigger()
    assert window.looks.theme_name == "light"
    assert window.palette().window().color().lightness() > 200


def test_distraction_free_hides_navigator_and_panel(harness, qtbot):
    window = harness.open()
    qtbot.keyClick(window.tree, Qt.Key.Key_F11)
    assert not window.navigator.isVisible() and not window.side_panel.isVisible()
    window.looks.toggle_distraction_free()
    assert window.navigator.isVisible() and window.side_panel.isVisible()


def test_missing_collection_is_a_message_not_a_crash(harness, qtbot, tmp_path):
    window = harness.open()
    assert not window.open_collection(tmp_path / "nope")
    assert window.last_message is not None and "does not exist" in window.last_message.text()
    window.last_message.close()


def test_auto_reading_after_the_delay(harness, qtbot):
    window = harness.open()
    key = window.current_entry().paper_key
    window.settings.setValue("auto_reading_delay", 1)
    shown(qtbot, window, Qt.Key.Key_J)
    key = window.current_entry().paper_key
    assert window.store.status(key) == "unread"
    qtbot.waitUntil(lambda: window.store.status(key) == "reading", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.side_panel.status_buttons["reading"].isChecked(), timeout=TIMEOUT)
    window.undo_stack.undo()   # the automatic mark is an edit like the others: it can be undone
    assert window.store.status(key) == "unread"


def test_saved_searches_are_smart_folders(harness, qtbot):
    window = harness.open()
    window.filter_box.set_text("cat:vision")
    window.filter_box.saveRequested.emit("Vision papers", "cat:vision")
    assert window.store.saved_searches() == {"Vision papers": "cat:vision"}
    window.filter_box.set_text("")
    window.filter_box.choose_folder("Vision papers")
    assert window.filter_box.text() == "cat:vision"
    qtbot.waitUntil(lambda: titles_shown(window) == {"Gamma Paper", "Delta Paper"}, timeout=TIMEOUT)
    window.filter_box.deleteRequested.emit("Vision papers")
    assert window.store.saved_searches() == {}


def test_orphaned_highlight_is_listed_and_relinked_to_the_selection(harness, qtbot):
    window = harness.open()
    entry = window.current_entry()
    other = "Some passage that was deleted from the note long ago, quoted at length."
    window.store.add_highlight(entry.id, entry.paper_key, other, 5, 40, color=1, note="lost")
    window.reader.refresh_highlights()
    qtbot.waitUntil(lambda: window.side_panel.orphan_list.count() == 1, timeout=TIMEOUT)
    assert window.side_panel.orphan_list.isVisibleTo(window)
    hid = window.store.highlights(entry.id)[0].id
    text = window.reader.plain_text
    start = text.index("attention heads")
    select_text(qtbot, window, start, start + len("attention heads"))
    window.annotations.relink_highlight(hid)
    qtbot.waitUntil(lambda: window.side_panel.orphan_list.count() == 0
                    and window.side_panel.highlight_list.count() == 1, timeout=TIMEOUT)
    [h] = window.store.highlights(entry.id)
    assert (h.quote, h.note, h.orphan) == ("attention heads", "lost", False)
    window.undo_stack.undo()   # relinking is an edit like any other: undo gives the orphan back
    [h] = window.store.highlights(entry.id)
    assert (h.quote, h.orphan) == (other[5:40], True)
    qtbot.waitUntil(lambda: window.side_panel.orphan_list.count() == 1, timeout=TIMEOUT)


def test_tag_colour_shows_in_tree_and_chips(harness, qtbot):
    window = harness.open()
    entry = window.current_entry()
    window.annotations.add_tag("rl")
    qtbot.waitUntil(lambda: window.side_panel.chip_tags() == ["rl"], timeout=TIMEOUT)
    window.side_panel.tagColorChosen.emit("rl", "#3fb27f")
    assert window.store.tag_color("rl") == "#3fb27f"
    assert window.undo_stack.undoText() == "Colour tag rl"   # tag colours are undoable too
    assert window.model.data(window.model.index_for_entry(entry.id, 2), Qt.ItemDataRole.ToolTipRole) == tip("rl")
    qtbot.waitUntil(lambda: window.model.tag_color("rl") == "#3fb27f", timeout=TIMEOUT)
    chip = window.side_panel.chips_layout.itemAt(0).widget()
    qtbot.waitUntil(lambda: "#3fb27f" in window.side_panel.chips_layout.itemAt(0).widget().styleSheet(),
                    timeout=TIMEOUT)
    assert chip is not None


def test_damaged_store_is_restored_with_a_message(harness, qtbot):
    window = harness.open()
    key = window.current_entry().paper_key
    window.annotations.set_status("read")
    harness.close(window)
    again = harness.open()  # opening makes a backup
    harness.close(again)
    harness.db.write_text("{not json", encoding="utf-8")
    third = harness.open()
    assert third.last_message is not None and "restored" in third.last_message.text()
    third.last_message.close()
    assert third.store.status(key) == "read"


def test_two_windows_on_one_store_see_each_others_changes(harness, qtbot):
    first = harness.open()
    second = harness.open()
    key = first.current_entry().paper_key
    first.annotations.set_status("read")
    first.annotations.add_tag("shared")
    assert second.refresh_store()
    qtbot.waitUntil(lambda: second.model.status_of(first.current_id) == "read", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: second.side_panel.chip_tags() == ["shared"], timeout=TIMEOUT)
    second.annotations.remove_tag("shared")
    assert first.refresh_store()
    assert first.store.tags(key) == []
    assert not first.refresh_store()  # nothing new


def test_question_mark_opens_the_shortcuts_dialog(harness, qtbot):
    from PySide6.QtCore import QTimer

    from paperdesk.gui.shortcuts_dialog import ShortcutsDialog

    window = harness.open()
    seen: list[int] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ShortcutsDialog):
            seen.append(dialog.table.rowCount())
            dialog.reject()

    for modifier in (Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier):
        QTimer.singleShot(300, close_it)
        qtbot.keyClick(window.tree, Qt.Key.Key_Question, modifier)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    assert len(seen) == 2 and seen[0] > 20


def test_ctrl_e_opens_export_with_the_filter_scope_and_recent_menu_lists_the_collection(harness, qtbot, collection):
    from PySide6.QtCore import QTimer

    from paperdesk.gui.export_dialog import ExportDialog

    window = harness.open()
    window.filter_box.set_text("cat:vision")
    qtbot.waitUntil(lambda: len(window.model.visible_entry_ids()) == 2, timeout=TIMEOUT)
    seen: list[tuple[str, int]] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ExportDialog):
            seen.append((dialog.scope.currentData(), len(dialog.entries())))
            dialog.reject()

    QTimer.singleShot(300, close_it)
    qtbot.keyClick(window.tree, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen == [("filter", 2)]
    window.window_actions.fill_recent()
    assert str(collection.resolve()) in [a.text() for a in window.recent_menu.actions()]


def test_window_and_command_line_share_the_collections_store(qtbot, collection, tmp_path, no_stray_windows):
    from paperdesk.cli import main

    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, theme_override="light")
    window.show()
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        window.open_collection(collection / "notes.md")  # a single file: its folder's store
    key = window.current_entry().paper_key
    assert main(["mark", str(collection), key, "--status", "read"]) == 0
    assert window.refresh_store()
    assert window.store.status(key) == "read"
    window.close()
    window.deleteLater()


def test_zoom_keys_work_from_the_tree_and_are_remembered(harness, qtbot):
    window = harness.open()
    qtbot.keyClick(window.tree, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.reader.zoomFactor() > 1.0
    zoom = window.reader.zoomFactor()
    harness.close(window)
    again = harness.open()
    assert again.reader.zoomFactor() == pytest.approx(zoom)
    qtbot.keyClick(again.tree, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.reader.zoomFactor() == pytest.approx(1.0)


def test_scan_warnings_are_listed(harness, qtbot, collection):
    (collection / "broken.md").write_text("# Broken\n\n![figure](missing/figure.png)\n", encoding="utf-8")
    window = harness.open()
    assert window.collection.warnings
    assert window.actions_by_name["warnings"].isEnabled()
    window.dialogs.warnings(window.collection)
    box = window.last_message
    assert box is not None and "missing/figure.png" in box.detailedText()
    assert "1 × image not found" in box.text()   # counted by kind, in words
    box.close()


def test_a_large_collection_loads_in_the_background(qtbot, tmp_path, no_stray_windows):
    folder = tmp_path / "big"
    folder.mkdir()
    for f in range(4):
        parts = [f"## Topic {f}\n"]
        for i in range(500):
            parts.append(f"### {2000 + i % 24} - [Paper {f}-{i} on diffusion {i}](https://arxiv.org/abs/2001.{f}{i:04d})\n\n"
                         f"Notes on paper {i}: a method, a result and $x_{{{i}}}$.\n")
        (folder / f"topic{f}.md").write_text("\n".join(parts), encoding="utf-8")
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, theme_override="light")
    window.show()
    try:
        assert window.open_collection(folder, tmp_path / "store.json")
        assert window.collection is None and window.progress.isVisible()  # returned before the scan ended
        with qtbot.waitSignal(window.entryShown, timeout=60000):
            pass
        assert len(window.collection.entries) == 2000
        assert not window.progress.isVisible()
        window.filter_box.set_text("tag:none-such")
        qtbot.waitUntil(lambda: window.model.visible_entry_ids() == [], timeout=TIMEOUT)
        window.filter_box.set_text("year:2023")
        expected = 4 * sum(1 for i in range(500) if i % 24 == 23)
        qtbot.waitUntil(lambda: len(window.model.visible_entry_ids()) == expected, timeout=TIMEOUT)
    finally:
        window.close()
        window.deleteLater()


def test_auto_theme_follows_the_system_colour_scheme(harness, qtbot, monkeypatch):
    from paperdesk.gui import theme

    window = harness.open()
    window.looks.set_theme("auto")
    hints = QApplication.styleHints()
    # Offscreen Qt ignores colour scheme requests: stand in for the desktop's answer, then
    # announce the change the way the desktop does.
    monkeypatch.setattr(theme, "system_is_dark", lambda: True)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: window.looks.theme_name == "dark", timeout=TIMEOUT)
    monkeypatch.setattr(theme, "system_is_dark", lambda: False)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: window.looks.theme_name == "light", timeout=TIMEOUT)
    window.looks.set_theme("dark")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window.looks.theme_name == "dark"  # an explicit choice wins over the system
    theme.apply_theme("light")  # leave the application as the other tests expect it


def test_dropping_a_folder_opens_it(harness, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    window = harness.open()
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.md").write_text("## Misc\n\n### 2019 - [Omega Paper](https://example.org/omega)\n\nOmega.\n",
                                  encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        window.dropEvent(event)
    assert [e.title for e in window.collection.entries] == ["Omega Paper"]


def test_removing_the_open_entry_on_disk_moves_to_another(harness, qtbot, collection):
    window = harness.open()
    gone = window.current_entry()
    assert gone.title == "Alpha Paper"
    start = NOTES.index("### 2023 - [Alpha Paper]")
    end = NOTES.index("### 2022 - [Beta Paper]")
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        (collection / "notes.md").write_text(NOTES[:start] + NOTES[end:], encoding="utf-8")
    assert window.current_id != gone.id
    assert window.collection.entry(gone.id) is None
    assert "Alpha Paper" not in titles_shown(window)


def test_filter_by_highlight_colour_and_its_meaning(harness, qtbot):
    window = harness.open()
    entry = window.current_entry()
    text = window.reader.plain_text
    word = text.strip().split()[0]
    start = text.index(word)
    select_text(qtbot, window, start, start + len(word))
    qtbot.keyClick(window.reader.focusProxy() or window.reader, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: len(window.store.highlights(entry.id)) == 1, timeout=TIMEOUT)
    window.filter_box.set_text("color:4")
    qtbot.waitUntil(lambda: titles_shown(window) == {entry.title}, timeout=TIMEOUT)
    window.filter_box.set_text("color:question")
    qtbot.waitUntil(lambda: window.filter_box.problem.isVisibleTo(window), timeout=TIMEOUT)
    window.store.set_palette_meaning(3, "Question")
    qtbot.waitUntil(lambda: titles_shown(window) == {entry.title}, timeout=TIMEOUT)
    assert not window.filter_box.problem.isVisibleTo(window)
    others = {e.title for e in window.collection.entries} - {entry.title}
    window.filter_box.set_text("-colour:pink")
    qtbot.waitUntil(lambda: titles_shown(window) == others, timeout=TIMEOUT)
