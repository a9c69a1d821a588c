"""AnnotationActions: every edit of the open entry goes through the undo stack, the automatic "reading" too."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from paperdesk.gui.reader.view import ReaderView
from paperdesk.gui.window.annotation_actions import AnnotationActions
from paperdesk.gui.window.session import CollectionSession
from paperdesk.vocab import Status

NOTES = "## Vision\n\n### 2021 - [Gamma Paper](https://arxiv.org/abs/2101.00003)\n\nGamma sees images.\n"


@pytest.fixture
def actions(qtbot, tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    parent = QWidget()
    qtbot.addWidget(parent)
    session = CollectionSession(parent)
    with qtbot.waitSignal(session.loaded, timeout=20_000):
        session.open(folder, tmp_path / "store.json")
    entry = session.collection.entries[0]
    edits = AnnotationActions(session, ReaderView(parent), lambda: entry, parent)
    yield edits, entry
    session.close()


def test_status_edits_are_undoable_and_an_unchanged_status_pushes_nothing(actions) -> None:
    edits, entry = actions
    assert edits.set_status(Status.READ) is True
    assert edits.set_status(Status.READ) is False
    assert edits.undo_stack.count() == 1
    edits.cycle_status()   # read -> unread
    assert edits.status(entry.paper_key) == Status.UNREAD
    edits.undo_stack.undo()
    edits.undo_stack.undo()
    assert edits.status(entry.paper_key) == Status.UNREAD and edits.undo_stack.index() == 0


def test_the_automatic_reading_mark_is_undoable_and_only_for_unread_entries(actions, qtbot) -> None:
    edits, entry = actions
    with qtbot.waitSignal(edits.message) as said:
        edits.auto_reading()
    assert said.args == ["Marked reading", 2000]
    assert edits.status(entry.paper_key) == Status.READING
    edits.auto_reading()   # already reading: nothing more
    assert edits.undo_stack.count() == 1
    edits.undo_stack.undo()
    assert edits.status(entry.paper_key) == Status.UNREAD


def test_tag_colour_and_tag_edits_are_undoable(actions) -> None:
    edits, entry = actions
    edits.add_tag("  rl ")
    edits.set_tag_color("rl", "#3fb27f")
    edits.set_tag_color("rl", "#3fb27f")   # the same colour again is no edit
    assert edits.store.tag_color("rl") == "#3fb27f" and edits.undo_stack.count() == 2
    edits.undo_stack.undo()
    assert edits.store.tag_color("rl") is None
    edits.undo_stack.undo()
    assert edits.store.tags(entry.paper_key) == []


def test_several_entries_are_marked_in_one_step(actions) -> None:
    edits, entry = actions
    edits.set_status_of([entry.id, "no-such-entry"], Status.READ)
    assert edits.status(entry.paper_key) == Status.READ
    assert edits.undo_stack.count() == 1 and edits.undo_stack.undoText() == "Mark 1 entries read"
