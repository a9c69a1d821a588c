"""The whole window: a tag and a highlight made before the note was renamed on disk are undone and
redone on the renamed note (the undo steps follow the re-key instead of being dropped)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness, select_text

pytestmark = pytest.mark.gui

RESNET = """# ResNet

Deeper neural networks are more difficult to train. We present a residual learning
framework to ease the training of networks that are substantially deeper.
"""
OTHER = "# Batch Normalization\n\nTraining deep networks is complicated by shifting inputs.\n"

CTRL = Qt.KeyboardModifier.ControlModifier


def test_undo_and_redo_after_a_rename_act_on_the_renamed_note(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "resnet.md").write_text(RESNET, encoding="utf-8")
    (folder / "bn.md").write_text(OTHER, encoding="utf-8")
    harness = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    try:
        window = harness.open()
        old = next(e for e in window.collection.entries if e.title == "ResNet")
        if window.current_id != old.id:
            with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
                window.show_entry(old.id)
        panel = window.side_panel
        qtbot.keyClick(window.tree, Qt.Key.Key_T)                 # tag it with the keyboard
        qtbot.waitUntil(panel.tag_editor.hasFocus, timeout=TIMEOUT)
        qtbot.keyClicks(panel.tag_editor, "cv")
        qtbot.keyClick(panel.tag_editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.chip_tags() == ["cv"], timeout=TIMEOUT)
        text = window.reader.plain_text
        start = text.index("residual learning")
        select_text(qtbot, window, start, start + len("residual learning"))
        qtbot.keyClick(window.reader.focusProxy() or window.reader, Qt.Key.Key_2)   # and highlight
        qtbot.waitUntil(lambda: len(window.store.highlights(old.id)) == 1, timeout=TIMEOUT)
        steps = window.undo_stack.count()
        assert steps == 2

        with qtbot.waitSignals([window.session.reloaded, window.entryShown], timeout=TIMEOUT, order="strict"):
            (folder / "resnet.md").rename(folder / "2016-resnet.md")
        new = next(e for e in window.collection.entries if e.title == "ResNet")
        assert window.current_id == new.id and new.paper_key != old.paper_key
        assert window.undo_stack.count() == steps                 # kept, not cleared

        window.tree.setFocus()
        qtbot.keyClick(window.tree, Qt.Key.Key_Z, CTRL)           # undo the highlight: on the new entry
        qtbot.waitUntil(lambda: window.store.highlights(new.id) == [], timeout=TIMEOUT)
        qtbot.keyClick(window.tree, Qt.Key.Key_Z, CTRL)           # undo the tag: on the new key
        qtbot.waitUntil(lambda: panel.chip_tags() == [], timeout=TIMEOUT)
        assert window.store.tags(new.paper_key) == []
        assert old.paper_key not in window.store.annotated_keys()  # nothing went back to the old key
        assert window.store.highlights(old.id) == []

        qtbot.keyClick(window.tree, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)   # redo both
        qtbot.keyClick(window.tree, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: panel.chip_tags() == ["cv"], timeout=TIMEOUT)
        [h] = window.store.highlights(new.id)
        assert (h.quote, h.paper_key) == ("residual learning", new.paper_key)
        assert window.store.tags(new.paper_key) == ["cv"] and "cv" in window.model.tags_of(new.id)
        assert old.paper_key not in window.store.annotated_keys()
    finally:
        harness.close_all()
