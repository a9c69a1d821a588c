"""Every annotation edit of the window as an undoable command: status, tags, tag colours and highlights."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from paperdesk.collection import Entry
from paperdesk.gui.reader.highlights import NewHighlight
from paperdesk.gui.reader.view import ReaderView
from paperdesk.gui.safe_text import ask_item, ask_text
from paperdesk.gui.undo_commands import (
    AddHighlightCommand,
    AddTagCommand,
    EditHighlightCommand,
    GuardedUndoStack,
    RelinkHighlightCommand,
    RemoveHighlightCommand,
    RemoveTagCommand,
    RenameTagCommand,
    SetStatusCommand,
    SetTagColorCommand,
)
from paperdesk.gui.window.session import CollectionSession
from paperdesk.store import AnnotationStore, Highlight, StoreReadOnly
from paperdesk.vocab import Status


class AnnotationActions(QObject):
    """Edits the open entry's annotations through `undo_stack`; the store's notifications refresh the views."""

    message = Signal(str, int)   # status-bar text, milliseconds

    def __init__(self, session: CollectionSession, reader: ReaderView, current: Callable[[], Entry | None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.reader = reader
        self._current = current
        self._dialog_parent = parent
        self.undo_stack = GuardedUndoStack(self)
        self.undo_stack.refused.connect(lambda text: self.message.emit(text, 8000))

    @property
    def store(self) -> AnnotationStore | None:
        """The open collection's store."""
        return self.session.store

    def status(self, paper_key: str) -> Status:
        """A paper's reading status (unread without a store)."""
        return Status(self.store.status(paper_key)) if self.store is not None else Status.UNREAD

    # ----- reading status ------------------------------------------------------------------------------
    def set_status(self, status: str) -> bool:
        """Set the open entry's reading status; False when there was nothing to change."""
        entry = self._current()
        if entry is None or self.store is None or self.status(entry.paper_key) == status:
            return False
        if self.undo_stack.push(SetStatusCommand(self.store, entry.paper_key, status, entry.title)):
            self.message.emit(f"Marked {status}", 2000)
        return True

    def cycle_status(self) -> None:
        """Cycle the open entry's status unread -> reading -> read -> unread."""
        entry = self._current()
        if entry is not None:
            self.set_status(self.status(entry.paper_key).next())

    def set_status_of(self, entry_ids: list[str], status: str) -> None:
        """Set the status of several entries as one undoable step."""
        collection = self.session.collection
        if self.store is None or collection is None:
            return
        entries = [e for e in (collection.entry(i) for i in entry_ids) if e is not None]
        keys = list(dict.fromkeys(e.paper_key for e in entries if self.status(e.paper_key) != status))
        if not keys:
            return
        self.undo_stack.beginMacro(f"Mark {len(keys)} entries {status}")
        done = []
        for key in keys:
            if not self.undo_stack.push(SetStatusCommand(self.store, key, status)):
                break   # refused (read-only): the rest would be too
            done.append(key)
        self.undo_stack.endMacro()
        if done:
            self.message.emit(f"Marked {len(done)} {status}", 2500)

    def auto_reading(self) -> None:
        """The open entry stayed open long enough: mark it reading if it was unread (undoable)."""
        entry = self._current()
        if entry is None or self.store is None or self.status(entry.paper_key) != Status.UNREAD:
            return
        if self.undo_stack.push(SetStatusCommand(self.store, entry.paper_key, Status.READING, entry.title)):
            self.message.emit("Marked reading", 2000)

    # ----- tags -----------------------------------------------------------------------------------------
    def add_tag(self, tag: str) -> None:
        """Add a tag to the open entry's paper."""
        entry = self._current()
        if entry is not None and self.store is not None and tag.strip():
            self.undo_stack.push(AddTagCommand(self.store, entry.paper_key, tag.strip()))

    def remove_tag(self, tag: str) -> None:
        """Remove a tag from the open entry's paper."""
        entry = self._current()
        if entry is not None and self.store is not None:
            self.undo_stack.push(RemoveTagCommand(self.store, entry.paper_key, tag))

    def rename_tag(self, old: str, new: str) -> None:
        """Rename or merge a tag across the collection."""
        if self.store is not None and new.strip() and new.strip() != old:
            self.undo_stack.push(RenameTagCommand(self.store, old, new.strip()))

    def set_tag_color(self, tag: str, color: str) -> None:
        """Give a tag a colour ("" removes it); shown in the tree, the chips and the page header."""
        if self.store is not None and (color or None) != self.store.tag_color(tag):
            self.undo_stack.push(SetTagColorCommand(self.store, tag, color or None))

    def ask_rename_tag(self) -> None:
        """Ask for a tag and its new name, then rename (or merge) it everywhere."""
        if self.store is None:
            return
        tags = sorted(self.store.all_tags(), key=str.casefold)
        if not tags:
            self.message.emit("No tags yet", 3000)
            return
        parent = self._dialog_parent
        old, ok = ask_item(parent, "Rename tag", "Tag:", tags)
        if not ok:
            return
        new, ok = ask_text(parent, "Rename tag", f"New name for “{old}” (an existing tag merges):", old)
        if ok:
            self.rename_tag(old, new)

    # ----- saved searches -------------------------------------------------------------------------------
    def save_search(self, name: str, query: str) -> bool:
        """Save a filter as a named search; False (and a message) when the store refuses."""
        return self._write(lambda store: store.save_search(name, query))

    def delete_search(self, name: str) -> bool:
        """Delete a saved search; False (and a message) when the store refuses."""
        return self._write(lambda store: store.delete_search(name))

    def _write(self, change: Callable[[AnnotationStore], None]) -> bool:
        """A store write that is not undoable; a read-only store gives a status-bar message."""
        if self.store is None:
            return False
        try:
            change(self.store)
        except StoreReadOnly as exc:
            self.message.emit(f"Not saved: {exc}", 8000)
            return False
        return True

    # ----- highlights -------------------------------------------------------------------------------------
    def add_highlight(self, info: NewHighlight) -> None:
        """Store a highlight the reader made of the selection."""
        collection = self.session.collection
        entry = collection.entry(info["entry_id"]) if collection is not None else None
        if entry is None or self.store is None:
            return
        self.undo_stack.push(AddHighlightCommand(self.store, entry.id, entry.paper_key, self.reader.plain_text,
                                                 info["start"], info["end"], info["color"]))

    def find_highlight(self, highlight_id: str) -> Highlight | None:
        """A highlight of the open entry, or None."""
        entry = self._current()
        if self.store is None or entry is None:
            return None
        return next((h for h in self.store.highlights(entry.id) if h.id == highlight_id), None)

    def edit_highlight(self, highlight_id: str, *, note: str | None = None, color: int | None = None) -> None:
        """Change a highlight's note or colour."""
        h = self.find_highlight(highlight_id)
        if h is not None and self.store is not None:
            self.undo_stack.push(EditHighlightCommand(self.store, h, note=note, color=color))

    def delete_highlight(self, highlight_id: str) -> None:
        """Delete a highlight."""
        if self.find_highlight(highlight_id) is not None and self.store is not None:
            self.undo_stack.push(RemoveHighlightCommand(self.store, highlight_id))

    def relink_highlight(self, highlight_id: str) -> None:
        """Re-attach an orphaned highlight to the text selected in the reader."""

        def done(found: tuple[int, int, str] | None) -> None:
            h = self.find_highlight(highlight_id)
            if found is None or h is None or self.store is None:
                self.message.emit("Select the passage in the reader first, then relink.", 4000)
                return
            self.undo_stack.push(RelinkHighlightCommand(self.store, h, self.reader.plain_text, found[0], found[1]))
            self.reader.refresh_highlights()

        self.reader.selection_offsets(done)
