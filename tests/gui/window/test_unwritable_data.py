"""A data folder that cannot be created (read-only disk, a file in its place): the notes still open, read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness, two_paper_folder

pytestmark = pytest.mark.gui


@pytest.fixture
def blocked_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_DATA_HOME under a plain file: no folder can be made there, for root as for anyone."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder would go\n", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    return blocker


def test_the_window_opens_the_notes_and_says_nothing_can_be_saved(qtbot, tmp_path, blocked_data, caplog):
    harness = Harness(qtbot, two_paper_folder(tmp_path), None, tmp_path / "window.ini")
    try:
        window = harness.open()                          # before: an error box and no notes at all
        assert len(window.session.collection.entries) == 2
        key = window.current_entry().paper_key
        qtbot.waitUntil(window.banner.isVisible, timeout=TIMEOUT)
        text = window.banner.label.text()
        assert text.startswith("Annotations are read-only: ") and str(blocked_data / "data") in text
        assert "cannot be created" in text
        qtbot.keyClick(window.tree, Qt.Key.Key_R)        # a change: refused and said, not lost silently
        assert window.store.status(key) == "unread" and window.undo_stack.count() == 0
        assert "not saved" in window.statusBar().currentMessage()
        window.grab().save(str(tmp_path / "unwritable-data.png"))
        caplog.clear()
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            qtbot.keyClick(window.tree, Qt.Key.Key_J)    # reading on: the position is not saved...
        window.session.save_opened()
        assert [r.getMessage() for r in caplog.records if "reading position" in r.getMessage()] == []  # ...nor re-said
    finally:
        harness.close_all()
    assert blocked_data.read_text(encoding="utf-8").startswith("a file")   # nothing written over it
