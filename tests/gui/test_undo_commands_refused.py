"""The guarded undo stack over a real store that refuses writes: no step is kept that did not happen."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.gui.undo_commands import (
    AddHighlightCommand,
    EditHighlightCommand,
    GuardedUndoStack,
    SetStatusCommand,
)
from paperdesk.store import AnnotationStore, journal

TEXT = "Transformers replace recurrence with attention over all positions of the sequence."


@pytest.fixture
def store(tmp_path: Path):
    s = AnnotationStore.open(tmp_path / "store.json")
    yield s
    s.close()


@pytest.fixture
def stack(qapp):
    return GuardedUndoStack()


def refuse(monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(_path: Path, _line: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(journal, "append", denied)


def test_a_refused_push_is_not_kept_and_says_why(store, stack, monkeypatch):
    heard: list[str] = []
    stack.refused.connect(heard.append)
    assert stack.push(SetStatusCommand(store, "k", "reading", "Alpha"))
    refuse(monkeypatch)
    assert not stack.push(SetStatusCommand(store, "k", "read", "Alpha"))
    assert stack.count() == 1 and stack.index() == 1 and store.status("k") == "reading"
    assert len(heard) == 1 and heard[0].startswith("Mark Alpha read: ") and "permission denied" in heard[0]


def test_a_refused_undo_drops_the_step_and_a_later_redo_has_nothing_to_replay(store, stack, monkeypatch):
    stack.push(SetStatusCommand(store, "k", "reading"))
    stack.push(SetStatusCommand(store, "k", "read"))
    refuse(monkeypatch)
    stack.undo()
    assert store.status("k") == "read" and stack.count() == 1 and not stack.canRedo()
    monkeypatch.undo()
    stack.undo()                                  # the step below still undoes to its own value
    assert store.status("k") == "unread"


def test_a_macro_none_of_whose_steps_happened_is_dropped(store, stack, monkeypatch):
    refuse(monkeypatch)
    stack.beginMacro("Mark 2 entries read")
    assert not stack.push(SetStatusCommand(store, "a", "read"))
    assert not stack.push(SetStatusCommand(store, "b", "read"))
    stack.endMacro()
    assert stack.count() == 0 and not stack.canUndo() and not stack.canRedo()


def test_an_undo_of_a_highlight_that_another_process_deleted_is_dropped(store, stack, tmp_path):
    heard: list[str] = []
    stack.refused.connect(heard.append)
    add = AddHighlightCommand(store, "e", "k", TEXT, 0, 12)
    assert stack.push(add)
    made = store.all_highlights()[0]
    assert stack.push(EditHighlightCommand(store, made, note="mine"))
    with AnnotationStore.open(tmp_path / "store.json") as other:
        other.remove_highlight(made.id)
    store.refresh()
    stack.undo()                                   # the note edit: its highlight is gone
    assert stack.count() == 1 and "changed meanwhile" in heard[-1]
    stack.undo()                                   # the creation: nothing left to delete
    assert stack.count() == 0 and store.highlight(made.id) is None
