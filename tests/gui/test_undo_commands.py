"""Undo and redo of annotation edits over the real annotation store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from paperdesk.gui.undo_commands import (
    AddHighlightCommand,
    AddTagCommand,
    EditHighlightCommand,
    RelinkHighlightCommand,
    RemoveHighlightCommand,
    RemoveTagCommand,
    RenameTagCommand,
    SetStatusCommand,
    SetTagColorCommand,
)
from paperdesk.store import AnnotationStore

TEXT = "Transformers replace recurrence with attention over all positions of the sequence."


@pytest.fixture
def store(tmp_path: Path):
    s = AnnotationStore.open(tmp_path / "store.json")
    yield s
    s.close()


@pytest.fixture
def stack(qapp):
    return QUndoStack()


def test_status_undo_redo(store, stack):
    stack.push(SetStatusCommand(store, "k1", "reading"))
    stack.push(SetStatusCommand(store, "k1", "read"))
    assert store.status("k1") == "read"
    stack.undo()
    assert store.status("k1") == "reading"
    stack.undo()
    assert store.status("k1") == "unread"
    stack.redo()
    stack.redo()
    assert store.status("k1") == "read"


def test_tags_undo_redo_keep_display_case(store, stack):
    stack.push(AddTagCommand(store, "k1", "Robotics"))
    stack.push(AddTagCommand(store, "k1", "robotics"))  # a duplicate: nothing to undo
    assert store.tags("k1") == ["Robotics"]
    stack.undo()
    assert store.tags("k1") == ["Robotics"]
    stack.push(RemoveTagCommand(store, "k1", "ROBOTICS"))
    assert store.tags("k1") == []
    stack.undo()
    assert store.tags("k1") == ["Robotics"]


def test_rename_and_merge_undo(store, stack):
    store.add_tag("k1", "rl")
    store.add_tag("k2", "RL-old")
    store.add_tag("k2", "rl")
    store.add_tag("k3", "RL-old")
    stack.push(RenameTagCommand(store, "RL-old", "rl"))
    assert store.tags("k2") == ["rl"] and store.tags("k3") == ["rl"]
    stack.undo()
    assert sorted(store.tags("k2")) == ["RL-old", "rl"]
    assert store.tags("k3") == ["RL-old"]
    assert store.tags("k1") == ["rl"]


def test_highlight_add_remove_edit(store, stack):
    start = TEXT.index("attention")
    stack.push(AddHighlightCommand(store, "e1", "k1", TEXT, start, start + 9, color=3))
    [h] = store.highlights("e1")
    assert (h.quote, h.color) == ("attention", 3)
    stack.undo()
    assert store.highlights("e1") == []
    stack.redo()
    assert [x.id for x in store.highlights("e1")] == [h.id]
    stack.push(EditHighlightCommand(store, store.highlights("e1")[0], note="key idea"))
    stack.push(EditHighlightCommand(store, store.highlights("e1")[0], color=1))
    assert (store.highlights("e1")[0].note, store.highlights("e1")[0].color) == ("key idea", 1)
    stack.undo()
    assert store.highlights("e1")[0].color == 3
    stack.undo()
    assert store.highlights("e1")[0].note == ""
    stack.push(RemoveHighlightCommand(store, h.id))
    assert store.highlights("e1") == []
    stack.undo()
    [back] = store.highlights("e1")
    assert (back.id, back.quote, back.color) == (h.id, "attention", 3)


def test_tag_colour_undo_redo(store, stack):
    store.add_tag("k1", "rl")
    stack.push(SetTagColorCommand(store, "rl", "#ff0000"))
    stack.push(SetTagColorCommand(store, "rl", "#00ff00"))
    assert store.tag_color("rl") == "#00ff00"
    stack.undo()
    assert store.tag_color("rl") == "#ff0000"
    stack.undo()
    assert store.tag_color("rl") is None
    stack.redo()
    assert store.tag_color("rl") == "#ff0000"


def test_relink_undo_gives_the_orphan_back_and_redo_relinks(store, stack):
    old_text = "An old passage about recurrence that the note no longer holds at all."
    h = store.add_highlight("e1", "k1", old_text, 7, 30, color=2, note="why")
    store.restore_highlight(dataclasses.replace(h, orphan=True))
    orphan = store.highlights("e1")[0]
    start = TEXT.index("attention")
    stack.push(RelinkHighlightCommand(store, orphan, TEXT, start, start + len("attention")))
    [linked] = store.highlights("e1")
    assert (linked.quote, linked.orphan, linked.note, linked.color) == ("attention", False, "why", 2)
    stack.undo()
    assert store.highlights("e1") == [orphan]
    stack.redo()
    assert store.highlights("e1")[0].quote == "attention"
