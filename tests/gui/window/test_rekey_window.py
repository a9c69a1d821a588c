"""A note renamed on disk while the window shows it keeps its tag and highlight (the re-scan re-keys)."""

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


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "resnet.md").write_text(RESNET, encoding="utf-8")
    (folder / "bn.md").write_text(OTHER, encoding="utf-8")
    h = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    yield h
    h.close_all()


def page_value(qtbot, window, script: str):
    box: list = []
    window.reader.run_in_page(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=TIMEOUT)
    return box[0]


def test_a_renamed_note_keeps_its_tag_and_highlight(harness, qtbot):
    window = harness.open()
    old = next(e for e in window.collection.entries if e.title == "ResNet")
    if window.current_id != old.id:
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            window.show_entry(old.id)
    # tag it and highlight a passage, as a user does
    panel = window.side_panel
    qtbot.keyClick(window.tree, Qt.Key.Key_T)
    qtbot.waitUntil(panel.tag_editor.hasFocus, timeout=TIMEOUT)
    qtbot.keyClicks(panel.tag_editor, "cv")
    qtbot.keyClick(panel.tag_editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.chip_tags() == ["cv"], timeout=TIMEOUT)
    text = window.reader.plain_text
    start = text.index("residual learning")
    select_text(qtbot, window, start, start + len("residual learning"))
    qtbot.keyClick(window.reader.focusProxy() or window.reader, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: len(window.store.highlights(old.id)) == 1, timeout=TIMEOUT)
    hid = window.store.highlights(old.id)[0].id

    # the file is renamed on disk: the watcher's re-scan finds the note under a new key
    with qtbot.waitSignals([window.session.reloaded, window.entryShown], timeout=TIMEOUT, order="strict"):
        (harness.collection / "resnet.md").rename(harness.collection / "2016-resnet.md")
    new = next(e for e in window.collection.entries if e.title == "ResNet")
    assert new.source == "2016-resnet.md" and new.id != old.id
    assert window.current_id == new.id                      # the open note stays open
    assert "re-linked annotations of 1 renamed note" in window.statusBar().currentMessage()

    # the side panel and the tree show the tag, the page still paints the highlight
    qtbot.waitUntil(lambda: panel.chip_tags() == ["cv"], timeout=TIMEOUT)
    assert "cv" in window.model.tags_of(new.id)
    assert page_value(qtbot, window, f"document.querySelector('mark[data-id=\"{hid}\"]').textContent") \
        == "residual learning"
    qtbot.keyClicks(window.filter_box.edit, "tag:cv")
    qtbot.waitUntil(lambda: window.model.visible_entry_ids() == [new.id], timeout=TIMEOUT)


def test_a_note_renamed_while_the_window_was_closed_is_re_linked_on_open(harness, qtbot):
    from paperdesk.collection import scan
    from paperdesk.store import AnnotationStore

    before = scan(harness.collection, use_cache=False)
    old = next(e for e in before.entries if e.title == "ResNet")
    with AnnotationStore.open(harness.db) as store:
        store.add_tag(old.paper_key, "cv")
        store.set_status(old.paper_key, "reading")
    (harness.collection / "resnet.md").rename(harness.collection / "2016-resnet.md")
    window = harness.open()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=TIMEOUT)
    new = next(e for e in window.collection.entries if e.title == "ResNet")
    assert "re-linked annotations of 1 renamed note" in window.statusBar().currentMessage()
    assert "cv" in window.model.tags_of(new.id) and window.model.status_of(new.id) == "reading"
    assert window.store.tags(old.paper_key) == []
