"""AnnotationStore: reading status, tags, highlights, palette, saved searches and settings.

All reads come from memory; every change takes the inter-process lock, reloads the file if
another process replaced it, writes durably (DurableStorage) and then notifies subscribers.
The store is a front: the write plumbing lives in `changes.StoreCore`, and each kind of data
in its own part (`reading_status`, `tags`, `highlights`, `preferences`) that it delegates to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from paperdesk.store import backups as bk
from paperdesk.store import moves, recovery, sync_file
from paperdesk.store.anchor_text_store import AnchorTexts
from paperdesk.store.changes import Callback, StoreCore
from paperdesk.store.highlights import Highlights
from paperdesk.store.lock import StoreLock
from paperdesk.store.model import Anchor, Highlight
from paperdesk.store.preferences import Preferences
from paperdesk.store.reading_status import ReadingStatus
from paperdesk.store.storage import DurableStorage
from paperdesk.store.tags import Tags
from paperdesk.vocab import Status


class AnnotationStore:
    """The annotations of one collection, kept in one durable TinyDB JSON file."""

    def __init__(self, path: Path, loaded: recovery.Loaded, lock: StoreLock, backup_interval: float) -> None:
        """Use `AnnotationStore.open`; this wires already-loaded data."""
        self.path = path
        self.backup_interval = backup_interval
        self._core = StoreCore(path, loaded, lock, backup_interval, on_load=self._index)
        self._status = ReadingStatus(self._core)
        self._tags = Tags(self._core)
        self._highlights = Highlights(self._core)
        self._preferences = Preferences(self._core)
        self._index()
        self._core.backup_if_due(backup_interval)

    def _index(self) -> None:
        self._highlights.index()
        self._tags.index()

    # opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, backup_interval: float = bk.BACKUP_INTERVAL_S,
             lock_timeout: float = 15.0) -> AnnotationStore:
        """Open (or create) the store at `path`; restores damage or opens read-only (`store.recovery`)."""
        path = Path(path).expanduser().absolute()
        repaired = None
        if sync_file.is_sync_path(path):   # merging a synced copy: its modules load only for such a store
            from paperdesk.store import conflicts

            repaired = conflicts.repair_locked(path, lock_timeout)

        def build(loaded: recovery.Loaded, lock: StoreLock) -> AnnotationStore:
            if repaired:     # Git conflict markers were merged away: said once, with any restore
                loaded.recovered = " ".join(m for m in (repaired, loaded.recovered) if m)
            return cls(path, loaded, lock, backup_interval)

        return recovery.open_locked(path, build, lock_timeout=lock_timeout)

    def close(self) -> None:
        """Bring the store file up to date with the journal (when writable) and release the lock."""
        self._core.close()

    @property
    def recovered(self) -> str | None:
        """What was restored or repaired when the file was (re)loaded, said once to the user; or None."""
        return self._core.recovered

    @property
    def read_only(self) -> str | None:
        """Why changes cannot be saved now (every change raises StoreReadOnly), or None."""
        return self._core.access.reason

    def check_writable(self) -> str | None:
        """Look again whether changes can be saved (e.g. after freeing disk space); returns `read_only`."""
        with self._core.guard:
            return self._core.access.check()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _storage(self) -> DurableStorage:
        """The durable file under the store (for tests and tools that look at the bytes)."""
        return self._core.storage

    @property
    def _lock(self) -> StoreLock:
        return self._core.lock

    @property
    def _texts(self) -> AnchorTexts:
        return self._highlights.texts

    # change notification ----------------------------------------------------------------
    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call `callback(kind, key)` after every committed change; returns an unsubscribe function.

        kind: "status" | "tags" | "highlight" | "palette" | "search" | "setting", "reload"
        (key "") when changes by another process were loaded, or "access" (key "") when
        `read_only` changed (the store became read-only, or writable again).
        """
        return self._core.subscribe(callback)

    def refresh(self) -> bool:
        """Load changes another process wrote since our last read or write; True if any."""
        with self._core.guard, self._core.lock:
            return self._core.sync()

    # reading status ---------------------------------------------------------------------
    def status(self, paper_key: str) -> Status:
        """Return the reading status of a paper ("unread" by default)."""
        return self._status.status(paper_key)

    def set_status(self, paper_key: str, status: str) -> None:
        """Set a paper's reading status, recording the time of the change (no-op if unchanged)."""
        self._status.set_status(paper_key, status)

    def status_history(self, paper_key: str) -> list[tuple[str, str]]:
        """Return [(iso time, status), ...] of a paper's status changes, oldest first."""
        return self._status.status_history(paper_key)

    def statuses(self) -> dict[str, str]:
        """Return paper key -> status for every paper whose status was ever set."""
        return self._status.statuses()

    # tags -------------------------------------------------------------------------------
    def tags(self, paper_key: str) -> list[str]:
        """Return a paper's tags in the order they were added."""
        return self._tags.tags(paper_key)

    def all_tags(self) -> dict[str, int]:
        """Return tag -> number of papers carrying it, sorted case-insensitively."""
        return self._tags.all_tags()

    def papers_with_tag(self, tag: str) -> list[str]:
        """Return the paper keys carrying `tag` (case-insensitive)."""
        return self._tags.papers_with_tag(tag)

    def add_tag(self, paper_key: str, tag: str) -> bool:
        """Add a tag to a paper; False if it already has it (in any case). Existing spelling wins."""
        return self._tags.add_tag(paper_key, tag)

    def remove_tag(self, paper_key: str, tag: str) -> bool:
        """Remove a tag (any case) from a paper; False if it did not have it."""
        return self._tags.remove_tag(paper_key, tag)

    def tag_color(self, tag: str) -> str | None:
        """Return the colour given to a tag, or None."""
        return self._tags.tag_color(tag)

    def set_tag_color(self, tag: str, color: str | None) -> None:
        """Give a tag a colour ("#rrggbb"), or remove its colour with None."""
        self._tags.set_tag_color(tag, color)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag on every paper, merging into `new` where it exists; returns papers changed."""
        return self._tags.rename_tag(old, new)

    # highlights -------------------------------------------------------------------------
    def highlights(self, entry_id: str) -> list[Highlight]:
        """Return the highlights of one entry, in text order (orphans last)."""
        return self._highlights.highlights(entry_id)

    def all_highlights(self) -> list[Highlight]:
        """Return every highlight of the collection."""
        return self._highlights.all_highlights()

    def orphans(self) -> list[Highlight]:
        """Return the highlights that could not be found in their entry's current text."""
        return self._highlights.orphans()

    def highlight(self, highlight_id: str) -> Highlight | None:
        """Return one highlight by id, or None."""
        return self._highlights.highlight(highlight_id)

    def add_highlight(self, entry_id: str, paper_key: str, text: str, start: int, end: int,
                      color: int = 0, note: str = "") -> Highlight:
        """Highlight text[start:end] of an entry's plain text; returns the new highlight."""
        return self._highlights.add_highlight(entry_id, paper_key, text, start, end, color, note)

    def update_highlight(self, highlight_id: str, *, note: str | None = None,
                         color: int | None = None) -> Highlight:
        """Change a highlight's note and/or colour; returns the new version (KeyError if unknown)."""
        return self._highlights.update_highlight(highlight_id, note=note, color=color)

    def remove_highlight(self, highlight_id: str) -> Highlight:
        """Delete a highlight and return it (for undo: restore_highlight)."""
        return self._highlights.remove_highlight(highlight_id)

    def restore_highlight(self, highlight: Highlight) -> None:
        """Put back a removed (or older) highlight with the same id: the undo of a change."""
        self._highlights.restore_highlight(highlight)

    def relink_highlight(self, highlight_id: str, text: str, start: int, end: int) -> Highlight:
        """Attach a (typically orphaned) highlight to text[start:end] of its entry's current text."""
        return self._highlights.relink_highlight(highlight_id, text, start, end)

    def reanchor(self, entry_id: str, text: str) -> list[Anchor]:
        """Find an entry's highlights in its current plain text: a pure read (no write, no notification).

        Each anchor says how its highlight was found (`Anchor.method`); its highlight carries the
        selectors to keep (taken afresh when it moved) for `save_anchors`.
        """
        return self._highlights.reanchor(entry_id, text)

    def save_anchors(self, anchors: list[Anchor], text: str) -> None:
        """Persist what `reanchor(entry_id, text)` found: moved selectors and orphan flags; notifies once.

        Takes the inter-process lock only for the write; a highlight changed meanwhile (note,
        colour, removed) by someone else is left as they wrote it. `text` is kept as the snapshot
        the next anchoring maps from; snapshots no highlight refers to any more are dropped.
        """
        self._highlights.save_anchors(anchors, text)

    def anchor_highlights(self, entry_id: str, text: str) -> list[Anchor]:
        """Reload, `reanchor` and `save_anchors` in one call (for callers that want both)."""
        self.refresh()
        anchors = self.reanchor(entry_id, text)
        self.save_anchors(anchors, text)
        return anchors

    # moving a paper's annotations to another key ------------------------------------------
    def annotated_keys(self) -> set[str]:
        """Paper keys holding a status other than unread, a tag, or a highlight."""
        return moves.annotated_keys(self._core)

    def highlighted_entries(self) -> set[str]:
        """Entry ids holding a highlight."""
        return moves.highlighted_entries(self._core)

    def move_paper(self, old_key: str, new_key: str, entry_ids: dict[str, str], *, follow: bool = False) -> bool:
        """Move status, tags and highlights from `old_key` to `new_key` (a note renamed or retitled).

        One durable write; the old key keeps tombstones so a sync never brings its data back, and
        `moved_to` (`store.moves`). `entry_ids` maps old entry ids to the new one. ValueError when
        the new key already has annotations (unless `follow`: what a sync added to a key moved
        before joins the new key's); False when the old key had none.
        """
        return moves.move_paper(self._core, old_key, new_key, entry_ids, self._index, follow=follow)

    def moved_to(self, paper_key: str) -> str | None:
        """The key an earlier `move_paper` took this key's annotations to, or None."""
        return moves.moved_to(self._core, paper_key)

    # palette, saved searches, settings --------------------------------------------------
    def palette(self) -> list[tuple[str, str]]:
        """Return the five (colour hex, meaning) pairs of the highlight palette."""
        return self._preferences.palette()

    def set_palette_meaning(self, index: int, meaning: str) -> None:
        """Name what a palette colour means (e.g. "method", "result")."""
        self._preferences.set_palette_meaning(index, meaning)

    def saved_searches(self) -> dict[str, str]:
        """Return name -> query of the saved searches."""
        return self._preferences.saved_searches()

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) a named search."""
        self._preferences.save_search(name, query)

    def delete_search(self, name: str) -> None:
        """Delete a saved search (no error if absent)."""
        self._preferences.delete_search(name)

    def setting(self, key: str, default: Any = None) -> Any:
        """Return a per-collection setting, or `default`."""
        return self._preferences.setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        """Set a per-collection setting to a JSON-serialisable value."""
        self._preferences.set_setting(key, value)
