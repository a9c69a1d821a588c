"""The window's commands that open a dialog: a folder or file to open, export, every highlight, settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperdesk.gui.window.main_window import MainWindow


class WindowCommands:
    """What the File and View menus' dialog entries do in one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def choose_folder(self) -> None:
        """Ask for a notes folder and open it (Ctrl+O)."""
        w = self.window
        if (folder := w.dialogs.ask_folder(w.session.path)) is not None:
            w.open_collection(folder)

    def choose_file(self) -> None:
        """Ask for a single note file and open it."""
        w = self.window
        if (name := w.dialogs.ask_file(w.session.path)) is not None:
            w.open_collection(name)

    def show_export(self) -> None:
        """Open the export dialog (Ctrl+E)."""
        w = self.window
        if w.collection is None or w.store is None:
            w.statusBar().showMessage("Nothing to export yet", 3000)
            return
        filtered = w.model.visible_entry_ids() if w.model.filter_ids() is not None else None
        w.dialogs.export(w.collection, w.store, current=w.current_id,
                         selected=w.navigator.selected_entry_ids(), filtered=filtered)

    def show_all_highlights(self) -> None:
        """List every highlight of the collection (Ctrl+Shift+H); each opens its entry scrolled to it."""
        w = self.window
        if w.collection is None or w.store is None:
            w.statusBar().showMessage("Open a collection first", 3000)
            return
        dialog = w.dialogs.all_highlights(w.collection, w.store, w.index)
        dialog.openRequested.connect(lambda entry_id, hid: w.show_entry(entry_id, highlight=hid))
        dialog.relinkRequested.connect(self._open_orphan)
        w.highlights_dialog = dialog

    def _open_orphan(self, entry_id: str, highlight_id: str) -> None:
        w = self.window
        if w.show_entry(entry_id):
            w.side_panel.select_highlight(highlight_id)
            w.statusBar().showMessage(
                "Select the passage in the reader, then choose Relink to Selection in the side panel", 8000)

    def show_settings(self) -> None:
        """Open the settings dialog (Ctrl+,)."""
        w = self.window
        if w.dialogs.settings(w.settings, w.store, w.sync):
            w.looks.apply_settings()
