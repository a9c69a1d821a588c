"""Undoable annotation edits: QUndoCommands that call the annotation store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from paperdesk.store import AnnotationStore, Highlight, StoreReadOnly
from paperdesk.store.moves import moved_entry_id

if TYPE_CHECKING:
    from paperdesk.collection import Collection

T = TypeVar("T")


class KeyMoves:
    """Where a re-key (`query.rekey`) just took annotations, for the undo steps made before it
    (`StoreCommand.follow`): a key no entry has any more whose status records `moved_to` one of
    the re-keyed entries' keys (the move writes that) is that entry's key now; old entry ids map
    to new ones as the move mapped them."""

    def __init__(self, moved_to: Callable[[str], str | None], present: set[str], targets: Mapping[str, str],
                 entries: Mapping[str, str]) -> None:
        """`targets`: new paper key -> its entry id; `entries`: old entry id -> new."""
        self._moved_to, self._present = moved_to, present
        self.targets, self.entries = dict(targets), dict(entries)

    def key(self, paper_key: str) -> str:
        """The key `paper_key`'s annotations are under now."""
        if paper_key in self._present:
            return paper_key
        new = self._moved_to(paper_key)
        return new if new is not None and new in self.targets else paper_key

    def moved(self, paper_key: str) -> bool:
        """Whether this re-key took `paper_key`'s annotations elsewhere."""
        return self.key(paper_key) != paper_key

    def entry(self, entry_id: str, paper_key: str) -> str:
        """The entry id a highlight of (`entry_id`, old `paper_key`) has now (as `store.moves` gives it)."""
        new_key = self.key(paper_key)
        if new_key == paper_key:
            return entry_id
        return moved_entry_id(entry_id, self.entries, self.targets[new_key])

    def highlight(self, h: Highlight | None) -> Highlight | None:
        """A highlight kept by a step, as the move left it in the store (same id, new key and entry)."""
        if h is None or not self.moved(h.paper_key):
            return h
        return replace(h, entry_id=self.entry(h.entry_id, h.paper_key), paper_key=self.key(h.paper_key))


def key_moves(store: AnnotationStore, collection: Collection, entry_ids: Mapping[str, str]) -> KeyMoves:
    """The moves a re-key just made, from its old -> new entry ids (`CollectionSession.rekeyed`)."""
    targets = {}
    for new_id in dict.fromkeys(entry_ids.values()):
        entry = collection.entry(new_id)
        if entry is not None:
            targets[entry.paper_key] = entry.id
    present = {e.paper_key for e in collection.entries}
    return KeyMoves(store.moved_to, present, targets, entry_ids)


def commands(stack: QUndoStack) -> Iterator[QUndoCommand]:
    """Every command of the stack, the steps of a macro after the macro."""
    todo = [stack.command(i) for i in range(stack.count())]
    while todo:
        cmd = todo.pop(0)
        if cmd is None:
            continue
        yield cmd
        todo[:0] = [cmd.child(i) for i in range(cmd.childCount())]


def follow_moves(stack: QUndoStack, moves: KeyMoves) -> int:
    """Point the stack's steps at the keys and entries annotations moved to; returns how many
    steps named a moved key or entry (undone or redone now, they act where the annotations are)."""
    if not moves.targets:
        return 0
    return sum(1 for cmd in commands(stack) if isinstance(cmd, StoreCommand) and cmd.follow(moves))


class StoreCommand(QUndoCommand):
    """An undoable edit made of store calls (`apply`, `revert`).

    A step the store refuses (read-only) or that no longer applies (the highlight went: another
    process or a pull changed the annotations) makes the command obsolete, so the stack drops it
    instead of keeping a step that did not happen, and is told to `report` (one line).
    """

    report: Callable[[str], None] | None = None

    def apply(self) -> None:
        """Make the change."""
        raise NotImplementedError

    def revert(self) -> None:
        """Take the change back."""
        raise NotImplementedError

    def follow(self, moves: KeyMoves) -> bool:
        """Name the keys and entries `moves` took annotations to; True when this step named a moved one."""
        return False

    def redo(self) -> None:
        """Qt: make the change (a refused one makes the command obsolete)."""
        self._guarded(self.apply, "redo")

    def undo(self) -> None:
        """Qt: take the change back (a refused undo makes the command obsolete)."""
        self._guarded(self.revert, "undo")

    def _guarded(self, step: Callable[[], None], verb: str) -> None:
        try:
            step()
        except StoreReadOnly as exc:
            self.setObsolete(True)
            self._tell(f"{self.text()}: {exc}")
        except (KeyError, ValueError):   # an unknown highlight id, a span that no longer fits
            self.setObsolete(True)
            self._tell(f"Could not {verb} “{self.text()}”: the annotations changed meanwhile")

    def _tell(self, message: str) -> None:
        if self.report is not None:
            self.report(message)


class GuardedUndoStack(QUndoStack):
    """The window's undo stack: commands report refused steps through `refused`, and a macro
    none of whose steps happened is dropped rather than left as an empty step."""

    refused = Signal(str)

    def push(self, cmd: QUndoCommand) -> bool:
        """Push (and do) a command; False when the store refused it, which then is not kept
        (Qt deletes a command that is obsolete after its first redo)."""
        refused: list[str] = []
        if isinstance(cmd, StoreCommand):
            def report(message: str) -> None:
                refused.append(message)
                self.refused.emit(message)
            cmd.report = report
        super().push(cmd)
        return not refused

    def endMacro(self) -> None:
        """End a macro; one left without any step is taken off the stack again."""
        super().endMacro()
        if self.index() > 0:
            top = self.command(self.index() - 1)
            if top is not None and top.childCount() == 0 and not isinstance(top, StoreCommand):
                top.setObsolete(True)
                self.undo()   # an obsolete command is deleted by undo() without being run


class SetValueCommand(StoreCommand):
    """Write one stored value; undo writes back the value it had when the command was made."""

    def __init__(self, text: str, read: Callable[[], T], write: Callable[[T], None], value: T) -> None:
        super().__init__(text)
        self._write, self.value = write, value
        self.previous = read()

    def apply(self) -> None:
        """Write the new value."""
        self._write(self.value)

    def revert(self) -> None:
        """Write back the previous value."""
        self._write(self.previous)


class SetStatusCommand(SetValueCommand):
    """Set a paper's reading status; undo restores the previous one."""

    def __init__(self, store: AnnotationStore, paper_key: str, status: str, title: str = "") -> None:
        super().__init__(f"Mark {title or paper_key} {status}", partial(store.status, paper_key),
                         partial(store.set_status, paper_key), status)
        self.store, self.paper_key = store, paper_key

    def follow(self, moves: KeyMoves) -> bool:
        """Write the status under the paper's new key."""
        new = moves.key(self.paper_key)
        if new == self.paper_key:
            return False
        self.paper_key, self._write = new, partial(self.store.set_status, new)
        return True


class AddTagCommand(StoreCommand):
    """Add a tag to a paper; undo removes it again (only if this command added it)."""

    def __init__(self, store: AnnotationStore, paper_key: str, tag: str) -> None:
        super().__init__(f"Add tag {tag}")
        self.store, self.paper_key, self.tag = store, paper_key, tag
        self.added = False

    def follow(self, moves: KeyMoves) -> bool:
        """Tag the paper under its new key."""
        old, self.paper_key = self.paper_key, moves.key(self.paper_key)
        return old != self.paper_key

    def apply(self) -> None:
        """Add the tag."""
        self.added = bool(self.store.add_tag(self.paper_key, self.tag))

    def revert(self) -> None:
        """Remove the tag if this command added it."""
        if self.added:
            self.store.remove_tag(self.paper_key, self.tag)


class RemoveTagCommand(StoreCommand):
    """Remove a tag from a paper; undo adds it back with its display case."""

    def __init__(self, store: AnnotationStore, paper_key: str, tag: str) -> None:
        super().__init__(f"Remove tag {tag}")
        self.store, self.paper_key = store, paper_key
        existing = [t for t in store.tags(paper_key) if t.casefold() == tag.casefold()]
        self.tag = existing[0] if existing else tag
        self.removed = False

    def follow(self, moves: KeyMoves) -> bool:
        """Untag the paper under its new key."""
        old, self.paper_key = self.paper_key, moves.key(self.paper_key)
        return old != self.paper_key

    def apply(self) -> None:
        """Remove the tag."""
        self.removed = bool(self.store.remove_tag(self.paper_key, self.tag))

    def revert(self) -> None:
        """Add the tag back if this command removed it."""
        if self.removed:
            self.store.add_tag(self.paper_key, self.tag)


class RenameTagCommand(StoreCommand):
    """Rename (or merge) a tag across the collection; undo restores every paper's tags."""

    def __init__(self, store: AnnotationStore, old: str, new: str, paper_keys: Iterable[str] | None = None) -> None:
        super().__init__(f"Rename tag {old} to {new}")
        self.store, self.old, self.new = store, old, new
        if paper_keys is None:
            paper_keys = [*store.papers_with_tag(old), *store.papers_with_tag(new)]
        self.before = {k: list(store.tags(k)) for k in dict.fromkeys(paper_keys)}
        self.before = {k: v for k, v in self.before.items() if v}

    def follow(self, moves: KeyMoves) -> bool:
        """Keep each paper's tags from before under its new key (a key joining one listed: both lists)."""
        if not any(moves.moved(key) for key in self.before):
            return False
        before: dict[str, list[str]] = {}
        for key, tags in self.before.items():
            joined = before.setdefault(moves.key(key), [])
            joined.extend(t for t in tags if t.casefold() not in {j.casefold() for j in joined})
        self.before = before
        return True

    def apply(self) -> None:
        """Rename the tag."""
        self.store.rename_tag(self.old, self.new)

    def revert(self) -> None:
        """Give each paper back exactly its tags from before the rename."""
        for key, tags in self.before.items():
            now = list(self.store.tags(key))
            wanted = {t.casefold() for t in tags}
            for tag in now:
                if tag.casefold() not in wanted:
                    self.store.remove_tag(key, tag)
            have = {t.casefold() for t in self.store.tags(key)}
            for tag in tags:
                if tag.casefold() not in have:
                    self.store.add_tag(key, tag)


class AddHighlightCommand(StoreCommand):
    """Create a highlight; undo deletes it, redo restores the same highlight (same id)."""

    def __init__(self, store: AnnotationStore, entry_id: str, paper_key: str, text: str, start: int, end: int,
                 color: int = 0, note: str = "") -> None:
        super().__init__("Add highlight")
        self.store = store
        self.args = (entry_id, paper_key, text, start, end)
        self.color, self.note = color, note
        self.highlight: Highlight = None

    def follow(self, moves: KeyMoves) -> bool:
        """Create or restore the highlight on the note's new entry and key."""
        entry_id, paper_key, *rest = self.args
        if not moves.moved(paper_key):
            return False
        self.args = (moves.entry(entry_id, paper_key), moves.key(paper_key), *rest)
        self.highlight = moves.highlight(self.highlight)
        return True

    def apply(self) -> None:
        """Create (first time) or restore the highlight."""
        if self.highlight is None:
            self.highlight = self.store.add_highlight(*self.args, color=self.color, note=self.note)
        else:
            self.store.restore_highlight(self.highlight)

    def revert(self) -> None:
        """Delete the highlight."""
        self.highlight = self.store.remove_highlight(self.highlight.id)


class RemoveHighlightCommand(StoreCommand):
    """Delete a highlight; undo restores it unchanged."""

    def __init__(self, store: AnnotationStore, highlight_id: str) -> None:
        super().__init__("Delete highlight")
        self.store, self.highlight_id = store, highlight_id
        self.removed: Highlight | None = None

    def follow(self, moves: KeyMoves) -> bool:
        """Restore the deleted highlight on the note's new entry and key."""
        removed, self.removed = self.removed, moves.highlight(self.removed)
        return removed is not self.removed

    def apply(self) -> None:
        """Delete the highlight."""
        self.removed = self.store.remove_highlight(self.highlight_id)

    def revert(self) -> None:
        """Restore the deleted highlight."""
        self.store.restore_highlight(self.removed)


class EditHighlightCommand(StoreCommand):
    """Change a highlight's note and/or colour; undo restores the old values."""

    def __init__(self, store: AnnotationStore, highlight: Highlight, *, note: str | None = None,
                 color: int | None = None) -> None:
        super().__init__("Edit highlight note" if note is not None else "Change highlight colour")
        self.store, self.highlight_id = store, highlight.id
        self.new = {"note": note, "color": color}
        self.old = {"note": highlight.note if note is not None else None,
                    "color": highlight.color if color is not None else None}

    def apply(self) -> None:
        """Apply the new note/colour."""
        self.store.update_highlight(self.highlight_id, **self.new)

    def revert(self) -> None:
        """Restore the old note/colour."""
        self.store.update_highlight(self.highlight_id, **self.old)


class SetTagColorCommand(SetValueCommand):
    """Give a tag a colour (None removes it); undo restores the colour it had."""

    def __init__(self, store: AnnotationStore, tag: str, color: str | None) -> None:
        super().__init__(f"Colour tag {tag}" if color else f"Remove the colour of tag {tag}",
                         partial(store.tag_color, tag), partial(store.set_tag_color, tag), color)


class RelinkHighlightCommand(StoreCommand):
    """Attach a (typically orphaned) highlight to a new passage; undo puts the old highlight back."""

    def __init__(self, store: AnnotationStore, highlight: Highlight, text: str, start: int, end: int) -> None:
        super().__init__("Relink highlight")
        self.store, self.old = store, highlight
        self.args = (highlight.id, text, start, end)

    def follow(self, moves: KeyMoves) -> bool:
        """Restore the highlight as it was, on the note's new entry and key."""
        old, self.old = self.old, moves.highlight(self.old)
        return old is not self.old

    def apply(self) -> None:
        """Attach the highlight to the passage."""
        self.store.relink_highlight(*self.args)

    def revert(self) -> None:
        """Restore the highlight as it was (orphaned, with its old selectors)."""
        self.store.restore_highlight(self.old)
