"""The collection's folder renamed or deleted while the window is open: said plainly, annotations kept, back when it returns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness, two_paper_folder

pytestmark = pytest.mark.gui


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    h = Harness(qtbot, two_paper_folder(tmp_path), None, tmp_path / "window.ini")
    yield h
    h.close_all()


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_the_folder_going_away_is_said_and_its_return_is_read_again(harness, qtbot, tmp_path, how):
    window = harness.open()
    shown = window.current_id
    key = window.current_entry().paper_key
    qtbot.keyClick(window.tree, Qt.Key.Key_R)
    assert window.store.status(key) == "reading"
    folder = harness.collection
    away = tmp_path / "moved-away"
    if how == "renamed":   # before: nothing at all was said (only the parent folder sees a rename)
        folder.rename(away)
    else:
        shutil.copytree(folder, away)
        shutil.rmtree(folder)
    qtbot.waitUntil(lambda: window.dialogs.last_message is not None and window.dialogs.last_message.isVisible(),
                    timeout=TIMEOUT)
    box = window.dialogs.last_message
    assert box.windowTitle().endswith("The collection's folder is gone")
    assert f"{folder} is gone (renamed, moved or deleted)" in box.text()
    assert window.current_id == shown and window.current_entry() is not None   # still readable
    window.grab().save(str(tmp_path / f"folder-{how}.png"))
    box.grab().save(str(tmp_path / f"folder-{how}-message.png"))
    qtbot.keyClick(box, Qt.Key.Key_Escape)    # the user closes the message
    qtbot.waitUntil(lambda: not shiboken6.isValid(box) or not box.isVisible(), timeout=TIMEOUT)
    # the store was never touched; the folder back under its name is read again by itself
    with qtbot.waitSignal(window.session.reloaded, timeout=TIMEOUT):
        away.rename(folder)
    assert window.current_id == shown and window.store.status(key) == "reading"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    window.tree.setFocus()
    qtbot.waitUntil(window.tree.hasFocus, timeout=TIMEOUT)
    qtbot.keyClick(window.tree, Qt.Key.Key_R)    # and editing goes on
    assert window.store.status(key) == "read"


def test_other_changes_beside_the_folder_do_not_rescan(harness, qtbot, tmp_path):
    window = harness.open()
    reloads: list[object] = []
    window.session.reloaded.connect(reloads.append)
    window.session.failed.connect(reloads.append)
    (tmp_path / "unrelated.txt").write_text("a file saved next to the collection\n", encoding="utf-8")
    (harness.collection / "notes.md").write_text((harness.collection / "notes.md").read_text(encoding="utf-8")
                                                 + "\nOne more line.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(reloads) >= 1, timeout=TIMEOUT)   # the note's change, once
    assert [type(r).__name__ for r in reloads] == ["Collection"]
