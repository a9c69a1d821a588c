"""Keeps the window's views in step with its collection session: opened, loaded, re-scanned, annotated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from paperdesk.collection import Collection
from paperdesk.gui.window.dialogs import plural
from paperdesk.gui.window.session import ChangeSet
from paperdesk.gui.window.start_up import StartUp
from paperdesk.store import AnnotationStore
from paperdesk.vocab import ChangeKind

if TYPE_CHECKING:
    from paperdesk.gui.window.main_window import MainWindow


class SessionFollower:
    """Answers the session's signals by updating the navigator, reader, side panel and status bar."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        session = window.session
        session.scanStarted.connect(self.scan_started)
        session.loaded.connect(self.loaded)
        session.reloaded.connect(self.reloaded)
        session.failed.connect(self.load_failed)
        session.changed.connect(self.changed)
        self.start_up = StartUp(window, self)

    def opened(self, store: AnnotationStore) -> None:
        """A collection and its store were opened: empty views until its scan is done."""
        w = self.window
        if store.recovered:
            w.dialogs.message(QMessageBox.Icon.Warning, "Annotations restored from a backup", store.recovered)
        if w.session.notice:
            w.statusBar().showMessage(w.session.notice, 15000)
        if w.controls_built:   # else its undo stack is made empty with it
            w.undo_stack.clear()
        w.current_id = None
        assert w.session.path is not None
        w.setWindowTitle(f"{w.session.path.name} — paperdesk")
        w.reader.set_annotations(store.reanchor, store.palette)   # a pure read: the session saves
        w.remote_images.follow_store()
        if w.built:
            self._empty_panes(store)
        self.start_up.opened()

    def panes_built(self) -> None:
        """The window's navigator and side panel were just built: show in them what the session has
        now (the open store's palette and saved searches, the entry on show)."""
        w = self.window
        store = w.store
        if store is None:
            return
        self._empty_panes(store)   # the tree is filled by the start-up, after the first scan
        entry = w.current_entry() or self.start_up.preview_entry()
        if entry is not None:
            w.presenter.update_side_panel(entry)

    def _empty_panes(self, store: AnnotationStore) -> None:
        w = self.window
        w.side_panel.set_palette(store.palette())
        w.filter_box.set_saved_searches(store.saved_searches())
        w.model.set_entries([], store)
        w.side_panel.show_entry(None)

    def scan_started(self, name: str) -> None:
        """A first scan began."""
        w = self.window
        w.progress.setRange(0, 0)
        w.progress.show()
        w.statusBar().showMessage(f"Loading {name}…")

    def load_failed(self, message: str) -> None:
        """The scan failed (a re-scan of a folder that went away: said as such, the notes on show stay)."""
        w = self.window
        w.finish_building()
        w.progress.hide()
        self.start_up.failed()
        path = w.session.path
        if w.session.collection is not None and path is not None and not path.exists():
            message = (f"{path} is gone (renamed, moved or deleted). The notes on show are the ones last "
                       "read and your annotations are kept; the collection is read again when the "
                       "folder is back, or open it where it is now (File › Open Folder…).")
            w.dialogs.error("The collection's folder is gone", message)
        else:
            w.dialogs.error("Cannot read the collection", message)
        w.loadFailed.emit(message)

    def loaded(self, collection: Collection) -> None:
        """The first scan is done: the start-up shows the entry, then fills the tree (`fill_tree`)."""
        self.window.finish_building()
        self.start_up.loaded(collection)

    def wanted_entry(self, collection: Collection) -> str | None:
        """The entry to open first: the deep link's, else the last one read, if still in the collection."""
        w = self.window
        wanted = w.open_at_entry   # a deep link's entry, once
        if wanted and collection.entry(wanted) is None:
            w.statusBar().showMessage(f"The linked entry {wanted} is not in this collection", 8000)
            w.open_at_entry = wanted = None
        store = w.store
        last = wanted or (store.setting("last_entry", None) if store is not None else None)
        return last if last and collection.entry(last) is not None else None

    def fill_tree(self, collection: Collection) -> None:
        """Fill the tree with the first scan's entries, select the open one and say what was found."""
        w = self.window
        store = w.store
        w.model.set_entries(collection.entries, store)
        w.model.set_opened(w.session.opened)
        w.navigator.refilter()
        w.side_panel.set_known_tags(list(store.all_tags()) if store is not None else [])
        w.navigator.open_groups()
        n, warnings = len(collection.entries), len(collection.warnings)
        rekeyed = w.session.rekey_message
        # what was said on open ("closed unexpectedly last time", a store that followed its folder)
        # would be gone under "Loading…" and this line: it leads the line, which then stays longer
        said = [text.rstrip(".") for text in (w.start_notice, w.session.notice) if text]
        w.start_notice = None
        w.statusBar().showMessage(
            "".join(f"{text}. " for text in said)
            + f"{plural(n, 'entry', 'entries')} from {plural(len(collection.files), 'file')}"
            + (f", {plural(warnings, 'warning')} (File › Scan Warnings)" if warnings else "")
            + (f"; {rekeyed}" if rekeyed else ""), 30000 if said else 8000)
        w.actions_by_name["warnings"].setEnabled(bool(warnings))
        w.navigator.update_counts()
        if w.current_id:
            w.navigator.select(w.current_id, QAbstractItemView.ScrollHint.PositionAtCenter)

    def reloaded(self, collection: Collection) -> None:
        """The notes changed on disk: swap the entries in, keeping the open one (or say it went)."""
        w = self.window
        w.finish_building()
        self.start_up.fill_now()
        session = w.session
        if session.rekeyed and w.store is not None:   # undo steps made before name the old keys and entries
            from paperdesk.gui.undo_commands import (  # with the controls, after the first paint
                follow_moves,
                key_moves,
            )

            follow_moves(w.undo_stack, key_moves(w.store, collection, session.rekeyed))
        rekeyed = f"; {session.rekey_message}" if session.rekey_message else ""
        before = w.model.entry(w.current_id) if w.current_id else None
        w.model.replace_entries(collection.entries)
        w.navigator.refilter()
        w.navigator.update_counts()
        after = collection.entry(w.current_id) if w.current_id else None
        renamed = session.rekeyed.get(w.current_id) if w.current_id else None
        if after is None and renamed is not None and collection.entry(renamed) is not None:
            w.show_entry(renamed)     # the open note was renamed: it stays open, with its annotations
            w.statusBar().showMessage(f"Reloaded changed notes{rekeyed}", 8000)
            return
        if after is not None and after != before:  # only when the open entry itself changed
            w.presenter.reshow(after)
        elif after is None and before is not None:  # its note was deleted or its heading renamed
            visible = w.model.visible_entry_ids()
            w.current_id = None
            if visible:
                w.show_entry(visible[0])
            else:
                w.presenter.clear()
            w.statusBar().showMessage(f"“{before.title}” is no longer in the notes", 6000)
            return
        w.statusBar().showMessage(f"Reloaded changed notes{rekeyed}", 8000 if rekeyed else 3000)

    def changed(self, changes: ChangeSet) -> None:
        """The store changed: refresh the tree, counts, saved searches, palette and the open entry."""
        w = self.window
        w.finish_building()
        store = w.store
        assert store is not None
        if changes.any(ChangeKind.STATUS, ChangeKind.TAGS, ChangeKind.HIGHLIGHT, ChangeKind.RELOAD):
            w.model.refresh_annotations(changes.paper_keys)
            w.navigator.refilter()
            w.side_panel.set_known_tags(list(store.all_tags()))
            w.navigator.update_counts()
        if changes.any(ChangeKind.SEARCH, ChangeKind.RELOAD):
            w.filter_box.set_saved_searches(store.saved_searches())
        if changes.any(ChangeKind.PALETTE, ChangeKind.RELOAD):
            w.side_panel.set_palette(store.palette())
            if ChangeKind.PALETTE in changes.kinds:
                w.navigator.refilter()
        w.presenter.follow(changes, w.current_entry())
