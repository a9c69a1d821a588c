"""Sync from the window: the Settings checkbox, an adopted store told once, a pulled file picked up live."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from window_fixtures import TIMEOUT, Harness, select_text, two_paper_folder

from paperdesk.gui.settings_dialog import SYNC_LABEL, SettingsDialog
from paperdesk.paths import legacy_store_path
from paperdesk.store import AnnotationStore
from paperdesk.store.sync_file import sync_path
from paperdesk.store.sync_setup import enable_sync

pytestmark = pytest.mark.gui



@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = two_paper_folder(tmp_path)
    h = Harness(qtbot, folder.resolve(), None, tmp_path / "window.ini")
    yield h
    h.close_all()


def in_settings(qtbot, act) -> None:
    """Run `act(dialog)` on the settings dialog once it is open (it runs modal)."""
    def later() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(20, later)
            return
        act(dialog)
    QTimer.singleShot(0, later)


def test_the_settings_checkbox_keeps_the_annotations_in_the_collection(harness, qtbot):
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(harness.collection)], check=True)
    window = harness.open()
    entry = window.current_entry()
    qtbot.keyClick(window.tree, Qt.Key.Key_R)
    assert window.store.status(entry.paper_key) == "reading"
    local = window.store.path
    seen: list[bool] = []

    def turn_on(dialog: SettingsDialog) -> None:
        assert dialog.sync_box.text() == SYNC_LABEL and dialog.sync_box.isEnabled()
        seen.append(dialog.sync_box.isChecked())
        qtbot.mouseClick(dialog.sync_box, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    in_settings(qtbot, turn_on)
    qtbot.keyClick(window.tree, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    target = sync_path(harness.collection)
    qtbot.waitUntil(lambda: window.store is not None and window.store.path == target, timeout=TIMEOUT)
    assert seen == [False] and local != target
    qtbot.waitUntil(lambda: window.current_id == entry.id, timeout=TIMEOUT)
    assert window.store.status(entry.paper_key) == "reading"            # nothing left behind
    assert (target.parent / ".gitattributes").read_text().strip() == "annotations.json merge=paperdesk"
    assert "kept in" in window.last_message.text()
    if shutil.which("git"):
        driver = subprocess.run(["git", "-C", str(harness.collection), "config", "merge.paperdesk.driver"],
                                capture_output=True, text=True).stdout
        assert "merge-annotations" in driver
    window.last_message.close()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=TIMEOUT)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_R)                          # and edits go to the file
    with AnnotationStore.open(target) as store:
        assert store.status(entry.paper_key) == "read"
    # once on, the box says so and cannot be unticked by mistake
    states: list[tuple[bool, bool]] = []

    def look(dialog: SettingsDialog) -> None:
        states.append((dialog.sync_box.isChecked(), dialog.sync_box.isEnabled()))
        dialog.reject()

    in_settings(qtbot, look)
    qtbot.keyClick(window.tree, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert states == [(True, False)]


def test_a_store_kept_under_the_old_path_is_adopted_with_one_message(harness, qtbot):
    old = legacy_store_path(harness.collection)
    old.parent.mkdir(parents=True, exist_ok=True)
    with AnnotationStore.open(old) as store:
        store.set_status("arxiv:2201.00002", "read")
    window = harness.open()
    assert window.last_message is not None and "follow the folder" in window.last_message.text()
    assert window.store.status("arxiv:2201.00002") == "read"
    window.last_message.close()
    harness.close_all()
    again = harness.open()
    assert again.last_message is None                                    # told once


def test_a_pull_that_replaces_the_annotations_file_is_picked_up_and_undo_stays_valid(harness, qtbot, tmp_path):
    enable_sync(harness.collection, [])
    window = harness.open()
    target = sync_path(harness.collection)
    assert window.store.path == target
    window.session._store_timer.stop()          # only the file watcher can notice the pull now
    entry = window.current_entry()
    text = window.reader.plain_text
    start = text.index("attention heads")
    select_text(qtbot, window, start, start + len("attention heads"))
    qtbot.keyClick(window.reader.focusProxy() or window.reader, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: window.side_panel.highlight_list.count() == 1, timeout=TIMEOUT)
    made = window.store.all_highlights()[0].id
    assert window.undo_stack.count() == 1
    qtbot.waitUntil(lambda: made.encode() in target.read_bytes(), timeout=TIMEOUT)   # the idle fold: Git sees it
    # another clone: its file (with our highlight deleted and the paper marked read) arrives by a pull
    other = tmp_path / "clone" / ".paperdesk" / "annotations.json"
    other.parent.mkdir(parents=True)
    shutil.copyfile(target, other)
    with AnnotationStore.open(other) as theirs:
        theirs.remove_highlight(made)
        theirs.set_status(entry.paper_key, "read")
        theirs.add_tag(entry.paper_key, "pulled")
    os.replace(other, target)                    # as git checkout writes it: a new file
    qtbot.waitUntil(lambda: window.model.status_of(entry.id) == "read", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.side_panel.highlight_list.count() == 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.side_panel.chip_tags() == ["pulled"], timeout=TIMEOUT)
    # undoing the highlight the pull already deleted: refused cleanly, the step is dropped
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.count() == 0
    assert "changed meanwhile" in window.statusBar().currentMessage()
    assert window.store.highlight(made) is None
    qtbot.keyClick(window.tree, Qt.Key.Key_R)                           # and the window keeps working
    assert window.store.status(entry.paper_key) == "unread"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_pull_without_the_driver_leaves_conflict_markers_that_are_repaired_and_told_once(harness, qtbot, tmp_path):
    enable_sync(harness.collection, [])
    target = sync_path(harness.collection)
    window = harness.open()
    window.session._store_timer.stop()
    entry = window.current_entry()
    base = tmp_path / "base.json"
    shutil.copyfile(target, base)
    qtbot.keyClick(window.tree, Qt.Key.Key_R)                       # ours: reading
    qtbot.waitUntil(lambda: b'"reading"' in target.read_bytes(), timeout=TIMEOUT)   # folded into the file
    other = tmp_path / "clone" / ".paperdesk" / "annotations.json"
    other.parent.mkdir(parents=True)
    shutil.copyfile(base, other)
    with AnnotationStore.open(other) as theirs:                     # theirs, later: read
        theirs.set_status(entry.paper_key, "read")
    merged = subprocess.run(["git", "merge-file", "-p", str(target), str(base), str(other)],
                            capture_output=True).stdout
    assert b"<<<<<<<" in merged
    pulled = tmp_path / "pulled.json"
    pulled.write_bytes(merged)
    os.replace(pulled, target)
    qtbot.waitUntil(lambda: window.model.status_of(entry.id) == "read", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.last_message is not None and window.last_message.isVisible(), timeout=TIMEOUT)
    told = window.last_message
    assert "conflict" in told.text().lower()
    assert b"<<<<<<<" not in target.read_bytes()
    told.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    qtbot.keyClick(window.tree, Qt.Key.Key_R)                       # a later change: nothing told again
    qtbot.waitUntil(lambda: window.model.status_of(entry.id) == "unread", timeout=TIMEOUT)
    assert window.last_message is told
