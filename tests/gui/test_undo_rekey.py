"""Undo steps made before a re-key follow the annotations to the renamed note's key and entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from paperdesk.collection import Collection, scan
from paperdesk.gui.undo_commands import (
    AddHighlightCommand,
    AddTagCommand,
    EditHighlightCommand,
    RelinkHighlightCommand,
    RemoveHighlightCommand,
    RemoveTagCommand,
    RenameTagCommand,
    SetStatusCommand,
    follow_moves,
    key_moves,
)
from paperdesk.query.rekey import rekey
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore

RESNET = "# ResNet\n\nDeeper neural networks are more difficult to train; residual learning eases it.\n"
OTHER = "# Batch Normalization\n\nTraining deep networks is complicated by shifting inputs.\n"


class Notes:
    """A collection with one link-less note to rename, its store and an undo stack."""

    def __init__(self, root: Path, db: Path) -> None:
        root.mkdir()
        (root / "resnet.md").write_text(RESNET, encoding="utf-8")
        (root / "bn.md").write_text(OTHER, encoding="utf-8")
        self.root = root
        self.collection = scan(root, use_cache=False)
        self.store = AnnotationStore.open(db)
        self.stack = QUndoStack()
        self.old = self.entry("ResNet")
        self.text = render_entry(self.old, self.collection).text

    def entry(self, title: str, collection: Collection | None = None):
        return next(e for e in (collection or self.collection).entries if e.title == title)

    def highlight(self, quote: str) -> AddHighlightCommand:
        at = self.text.index(quote)
        return AddHighlightCommand(self.store, self.old.id, self.old.paper_key, self.text, at, at + len(quote))

    def rename(self) -> int:
        """Rename the note on disk, re-scan, re-key the store, and let the stack follow; returns
        how many steps named the moved note."""
        (self.root / "resnet.md").rename(self.root / "2016-resnet.md")
        self.collection = scan(self.root, use_cache=False)
        result = rekey(self.collection, self.store)
        assert len(result.moved) == 1, result
        self.new = self.entry("ResNet")
        assert self.new.paper_key != self.old.paper_key and self.new.id != self.old.id
        return follow_moves(self.stack, key_moves(self.store, self.collection, result.entry_ids()))

    def old_key_is_empty(self) -> bool:
        return self.old.paper_key not in self.store.annotated_keys() and not self.store.highlights(self.old.id)


@pytest.fixture
def notes(qapp, tmp_path: Path):
    n = Notes(tmp_path / "notes", tmp_path / "store.json")
    yield n
    n.store.close()


def test_status_and_tags_undone_after_a_rename_act_on_the_new_key(notes: Notes) -> None:
    key = notes.old.paper_key
    notes.stack.push(SetStatusCommand(notes.store, key, "reading"))
    notes.stack.push(AddTagCommand(notes.store, key, "cv"))
    notes.stack.push(AddTagCommand(notes.store, key, "old"))
    notes.stack.push(RemoveTagCommand(notes.store, key, "old"))
    assert notes.rename() == 4
    new = notes.new.paper_key
    assert notes.store.tags(new) == ["cv"] and notes.store.status(new) == "reading"
    notes.stack.undo()                                     # the removed tag comes back on the new key
    assert notes.store.tags(new) == ["cv", "old"]
    notes.stack.undo()
    notes.stack.undo()
    notes.stack.undo()
    assert notes.store.tags(new) == [] and notes.store.status(new) == "unread"
    assert notes.old_key_is_empty()                        # nothing went back to the vanished key
    for _ in range(4):
        notes.stack.redo()
    assert notes.store.tags(new) == ["cv"] and notes.store.status(new) == "reading"
    assert notes.old_key_is_empty()


def test_a_step_undone_before_the_rename_is_redone_on_the_new_note(notes: Notes) -> None:
    key = notes.old.paper_key
    notes.stack.push(SetStatusCommand(notes.store, key, "read"))     # keeps the note annotated
    notes.stack.push(AddTagCommand(notes.store, key, "cv"))
    notes.stack.push(notes.highlight("residual learning"))
    notes.stack.undo()
    notes.stack.undo()                                     # tag and highlight undone: not in the store
    assert notes.rename() == 3
    notes.stack.redo()
    notes.stack.redo()
    new = notes.new
    assert notes.store.tags(new.paper_key) == ["cv"]
    [h] = notes.store.highlights(new.id)
    assert (h.quote, h.paper_key, h.entry_id) == ("residual learning", new.paper_key, new.id)
    assert notes.old_key_is_empty()


def test_highlight_steps_follow_the_renamed_entry(notes: Notes) -> None:
    add = notes.highlight("residual learning")
    notes.stack.push(add)
    hid = add.highlight.id
    notes.stack.push(EditHighlightCommand(notes.store, notes.store.highlight(hid), note="key idea"))
    notes.stack.push(RelinkHighlightCommand(notes.store, notes.store.highlight(hid), notes.text,
                                            notes.text.index("Deeper"), notes.text.index("Deeper") + 6))
    second = notes.highlight("difficult to train")
    notes.stack.push(second)
    notes.stack.push(RemoveHighlightCommand(notes.store, second.highlight.id))
    assert notes.rename() == 4                              # the edit names the highlight by id only
    new = notes.new
    notes.stack.undo()                                      # the deleted highlight back: on the new entry
    assert {h.quote for h in notes.store.highlights(new.id)} == {"Deeper", "difficult to train"}
    notes.stack.undo()                                      # its creation undone
    notes.stack.undo()                                      # the relink undone: the old passage, new entry
    [h] = notes.store.highlights(new.id)
    assert (h.quote, h.note, h.paper_key) == ("residual learning", "key idea", new.paper_key)
    notes.stack.undo()
    notes.stack.undo()
    assert notes.store.highlights(new.id) == [] and notes.old_key_is_empty()
    for _ in range(5):
        notes.stack.redo()
    assert {(h.quote, h.entry_id) for h in notes.store.highlights(new.id)} == {("Deeper", new.id)}
    assert notes.old_key_is_empty()


def test_a_tag_rename_undone_after_a_re_key_restores_the_new_keys_tags(notes: Notes) -> None:
    key, other = notes.old.paper_key, notes.entry("Batch Normalization").paper_key
    notes.store.add_tag(key, "vision")
    notes.store.add_tag(other, "vision")
    notes.stack.push(RenameTagCommand(notes.store, "vision", "cv"))
    assert notes.rename() == 1
    notes.stack.undo()
    assert notes.store.tags(notes.new.paper_key) == ["vision"] and notes.store.tags(other) == ["vision"]
    assert notes.old_key_is_empty()


def test_steps_on_other_notes_are_left_alone(notes: Notes) -> None:
    other = notes.entry("Batch Normalization").paper_key
    notes.store.add_tag(notes.old.paper_key, "cv")
    notes.stack.beginMacro("Mark 1 entries read")
    notes.stack.push(SetStatusCommand(notes.store, other, "read"))
    notes.stack.endMacro()
    assert notes.rename() == 0
    notes.stack.undo()
    assert notes.store.status(other) == "unread"
    assert notes.store.tags(notes.new.paper_key) == ["cv"]
