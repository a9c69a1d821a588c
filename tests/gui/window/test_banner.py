"""A read-only store in the real window: the banner, "Try again", refused edits that leave no undo step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness, two_paper_folder

from paperdesk.store import AnnotationStore, journal

pytestmark = pytest.mark.gui



@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = two_paper_folder(tmp_path)
    h = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    yield h
    h.close_all()


def refuse_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the disk refuse every write of the store (as a read-only file or a full disk would)."""

    def denied(_path: Path, _line: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(journal, "append", denied)


def message(window) -> str:
    return window.statusBar().currentMessage()


def test_a_refused_edit_shows_the_banner_and_leaves_no_undo_step(harness, qtbot, monkeypatch):
    window = harness.open()
    key = window.current_entry().paper_key
    qtbot.keyClick(window.tree, Qt.Key.Key_R)                 # a change that is saved
    assert window.store.status(key) == "reading" and window.undo_stack.count() == 1
    assert not window.banner.isVisible()
    refuse_writes(monkeypatch)
    qtbot.keyClick(window.tree, Qt.Key.Key_R)                 # refused
    assert window.store.status(key) == "reading"
    assert window.undo_stack.count() == 1 and window.undo_stack.index() == 1
    assert "not saved" in message(window) and "permission denied" in message(window)
    qtbot.waitUntil(window.banner.isVisible, timeout=TIMEOUT)
    text = window.banner.label.text()
    assert text.startswith("Annotations are read-only: ") and "permission denied" in text
    assert window.banner.label.textFormat() == Qt.TextFormat.PlainText
    # t and a tag: refused too, nothing shown as if it were saved
    qtbot.keyClick(window.tree, Qt.Key.Key_T)
    qtbot.waitUntil(window.side_panel.tag_editor.hasFocus, timeout=TIMEOUT)
    qtbot.keyClicks(window.side_panel.tag_editor, "kept-back")
    qtbot.keyClick(window.side_panel.tag_editor, Qt.Key.Key_Return)
    assert window.store.tags(key) == [] and window.undo_stack.count() == 1
    qtbot.waitUntil(lambda: window.side_panel.chip_tags() == [], timeout=TIMEOUT)
    # undoing the saved change is refused: the step is dropped, the status stays what the disk says
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.status(key) == "reading"
    assert window.undo_stack.count() == 0 and not window.undo_stack.canRedo()
    assert "not saved" in message(window)
    # the disk takes writes again: "Try again" hides the banner and editing works
    monkeypatch.undo()
    qtbot.mouseClick(window.banner.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=TIMEOUT)
    qtbot.keyClick(window.tree, Qt.Key.Key_R)
    assert window.store.status(key) == "read" and window.undo_stack.count() == 1


def test_a_search_saved_while_read_only_is_refused_with_a_message(harness, qtbot, monkeypatch):
    window = harness.open()
    refuse_writes(monkeypatch)
    window.filter_box.saveRequested.emit("mine", "year:2023")
    assert window.store.saved_searches() == {}
    assert "not saved" in message(window).lower()


def _chattr(path: Path, flag: str) -> bool:
    return os.system(f"chattr {flag} '{path}' 2>/dev/null") == 0


def test_an_immutable_store_opens_with_the_banner_and_refuses_edits(harness, qtbot):
    with AnnotationStore.open(harness.db) as store:      # a store file with something in it
        store.set_status("arxiv:2201.00002", "read")
    journal_file = harness.db.with_name(harness.db.name + ".journal")
    made = [p for p in (harness.db, journal_file, harness.db.parent) if p.exists()]
    if not _chattr(harness.db, "+i"):
        pytest.skip("chattr +i is not available here (needs root and a file system with the flag)")
    try:
        for path in made[1:]:
            _chattr(path, "+i")
        window = harness.open()
        qtbot.waitUntil(window.banner.isVisible, timeout=TIMEOUT)
        assert "read-only" in window.banner.label.text()
        key = window.current_entry().paper_key
        before = window.store.status(key)
        qtbot.keyClick(window.tree, Qt.Key.Key_R)
        assert window.store.status(key) == before and window.undo_stack.count() == 0
        assert "not saved" in message(window)
        qtbot.mouseClick(window.banner.retry_button, Qt.MouseButton.LeftButton)
        assert window.banner.isVisible() and "Still read-only" in message(window)
        harness.close_all()
    finally:
        for path in made:
            _chattr(path, "-i")
