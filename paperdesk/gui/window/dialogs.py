"""The window's dialogs: messages, file choosers, scan warnings, export, statistics, settings, shortcuts, about."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from paperdesk.collection import Collection, ScanWarning
from paperdesk.gui.safe_text import message_box, rich
from paperdesk.store import AnnotationStore

if TYPE_CHECKING:
    from paperdesk.gui.settings_dialog import SyncSwitch
    from paperdesk.query import SearchIndex

log = logging.getLogger(__name__)


#: what each kind of scan warning means, said once per kind in the scan warnings' summary
WARNING_LABELS = {
    "image": "image not found", "unrecognised": "layout not recognised (the file is one entry)",
    "encoding": "not UTF-8 (the encoding was guessed)", "mojibake": "mis-decoded text repaired",
    "unreadable": "file not readable", "binary": "binary file skipped", "symlink": "link skipped",
    "template": "template skipped", "special": "not a regular file (skipped)", "too-large": "file too large (skipped)",
    "vanished": "file gone while scanning", "name": "file name with odd characters",
    "index": "index or link list (its links are shown, not papers)",
    "extracted": "a paper's text extracted from its PDF (skipped)",
    "internal": "metadata not read (an internal error; the entry is kept)",
}


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 entry", "2 entries"."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def warning_summary(warnings: Sequence[ScanWarning]) -> str:
    """The scan warnings counted by kind, most first: one line each ("1,332 × image not found")."""
    counts = Counter(w.kind for w in warnings)
    return "\n".join(f"{n:,} × {WARNING_LABELS.get(kind, kind)}" for kind, n in counts.most_common())


class WindowDialogs:
    """Opens the window's dialogs over `window`; message boxes are window-modal and never block."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.last_message: QMessageBox | None = None

    def message(self, icon: QMessageBox.Icon, title: str, message: str) -> QMessageBox:
        """Show a window-modal message box without blocking (tests and the event loop go on)."""
        box = message_box(icon, title, message, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        return box

    def error(self, title: str, message: str) -> None:
        """Tell the user about a problem in a message box (and the status bar)."""
        self.window.statusBar().showMessage(f"{title}: {message}", 10000)
        log.warning("%s: %s", title, message)
        self.message(QMessageBox.Icon.Warning, title, message)

    def ask_folder(self, start: Path | None) -> Path | None:
        """Ask for a notes folder."""
        folder = QFileDialog.getExistingDirectory(self.window, "Open a notes folder", str(start or Path.home()))
        return Path(folder) if folder else None

    def ask_file(self, start: Path | None) -> Path | None:
        """Ask for a single note file."""
        name, _ = QFileDialog.getOpenFileName(self.window, "Open a note file", str(start or Path.home()),
                                              "Notes (*.md *.markdown *.txt);;All files (*)")
        return Path(name) if name else None

    def warnings(self, collection: Collection | None) -> None:
        """List what the importer could not read cleanly (encodings, images, unrecognised files)."""
        found = list(collection.warnings) if collection is not None else []
        lines = [f"{w.source}{':' + str(w.line) if w.line else ''}: [{w.kind}] {w.message}" for w in found]
        box = self.message(QMessageBox.Icon.Information, "Scan warnings",
                           f"{plural(len(lines), 'warning')} while reading this collection:\n\n"
                           f"{warning_summary(found)}\n\nShow Details lists each with its file and line."
                           if lines else "No warnings: every file was read cleanly.")
        if lines:
            box.setDetailedText("\n".join(lines))

    def shortcuts(self, actions: list[QAction]) -> None:
        """List every shortcut."""
        from paperdesk.gui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(actions, self.window).exec()

    def export(self, collection: Collection, store: AnnotationStore, *, current: str | None,
               selected: list[str], filtered: list[str] | None) -> None:
        """Open the export dialog."""
        from paperdesk.gui.export_dialog import ExportDialog

        ExportDialog(collection, store, current=current, selected=selected, filtered=filtered,
                     parent=self.window).exec()

    def stats(self, collection: Collection | None, store: AnnotationStore | None, *, dark: bool) -> None:
        """Open the reading statistics of a collection (nothing before one is loaded)."""
        from paperdesk.gui.stats_view import StatsDialog

        if collection is not None and store is not None:
            StatsDialog(collection.entries, store, self.window, dark=dark).exec()

    def settings(self, settings: QSettings, store: AnnotationStore | None, sync: SyncSwitch | None = None) -> bool:
        """Open the settings dialog; True when the user saved."""
        from paperdesk.gui.settings_dialog import SettingsDialog

        return bool(SettingsDialog(settings, store, self.window, sync=sync).exec())

    def all_highlights(self, collection: Collection, store: AnnotationStore, index: SearchIndex | None) -> QDialog:
        """Open (without blocking) the list of every highlight, filtered with the filter language."""
        from paperdesk.gui.highlights_view import HighlightsDialog

        def matching(query: str) -> set[str] | None:
            return set(index.filter(query)) if index is not None else None

        dialog = HighlightsDialog(collection, store.all_highlights(), store.palette(), matching, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def about(self) -> None:
        """Say what paperdesk is."""
        from paperdesk import __version__

        QMessageBox.about(self.window, "About paperdesk",
                          rich("<b>paperdesk {}</b><p>A desktop reader and annotator for "
                               "paper-reading notes written in Markdown.</p>", __version__))
