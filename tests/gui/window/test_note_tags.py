"""Tags written in a note: read-only chips apart from the user's own, and groups of Group By Tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness

pytestmark = pytest.mark.gui

NOTES = """## Vision

### 2021 - [Gamma Paper](https://arxiv.org/abs/2101.00003)

**Tags**: GAN, segmentation

Gamma sees images with convolutional features.

### 2023 - [Delta Paper](https://arxiv.org/abs/2301.00004)

Delta segments anything in images.
"""


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    h = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    yield h
    h.close_all()


def open_entry(qtbot, window, title: str) -> None:
    entry = next(e for e in window.collection.entries if e.title == title)
    if window.current_id != entry.id:
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            window.show_entry(entry.id)


def group_labels(window) -> list[str]:
    model = window.model
    return [model.data(model.index(r, 0)).split("  ")[0] for r in range(model.rowCount())]


def test_note_tags_are_read_only_chips_and_the_users_tag_of_the_same_name_wins(harness, qtbot):
    window = harness.open()
    open_entry(qtbot, window, "Gamma Paper")
    panel = window.side_panel
    qtbot.waitUntil(lambda: panel.note_chip_tags() == ["GAN", "segmentation"], timeout=TIMEOUT)
    assert panel.chip_tags() == []                       # none of them can be removed from here
    qtbot.keyClick(window.tree, Qt.Key.Key_T)
    qtbot.waitUntil(panel.tag_editor.hasFocus, timeout=TIMEOUT)
    qtbot.keyClicks(panel.tag_editor, "gan, mine")
    qtbot.keyClick(panel.tag_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.chip_tags() == ["gan", "mine"], timeout=TIMEOUT)
    assert panel.note_chip_tags() == ["segmentation"]    # "GAN" is now the user's own tag
    entry = window.current_entry()
    assert window.store.tags(entry.paper_key) == ["gan", "mine"]   # the note's tags are not copied in


def test_group_by_tag_uses_the_notes_tags(harness, qtbot):
    window = harness.open()
    window.actions_by_name["group-tag"].trigger()
    qtbot.waitUntil(lambda: group_labels(window) == ["GAN", "segmentation", "(no tags)"], timeout=TIMEOUT)
    delta = next(e for e in window.collection.entries if e.title == "Delta Paper")
    window.store.add_tag(delta.paper_key, "segmentation")
    qtbot.waitUntil(lambda: window.model.tags_of(delta.id) == ("segmentation",), timeout=TIMEOUT)
    assert group_labels(window) == ["GAN", "segmentation"]
    segmentation = window.model.index(1, 0)
    assert window.model.rowCount(segmentation) == 2       # the note's tag and the user's, one group
    gamma = next(e for e in window.collection.entries if e.title == "Gamma Paper")
    tip = window.model.data(window.model.index_for_entry(gamma.id, 2), Qt.ItemDataRole.ToolTipRole)
    assert "GAN (in the note)" in tip
    # filters see them too
    window.filter_box.set_text("tag:gan")
    qtbot.waitUntil(lambda: window.model.visible_entry_ids() == [gamma.id], timeout=TIMEOUT)
