"""Actions on the entry on show: open its source in an editor, reveal it, open the paper, copy a citation."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from paperdesk.collection import Collection, Entry
from paperdesk.gui import icons
from paperdesk.reading.citation import bibtex
from paperdesk.reading.deep_link import DeepLink, make_link
from paperdesk.reading.launch import editor_command, local_pdf, paper_url, reveal_command

EDITOR_SETTING = "editor_command"  # e.g. "code --goto {file}:{line}"; empty = the desktop's handler

# name, menu text, icon, shortcut
ENTRY_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("open-source", "Open Note in &Editor", "edit", "E"),
    ("reveal", "&Reveal in File Manager", "folder", "Ctrl+Shift+R"),
    ("open-paper", "Open the &Paper", "paper", "O"),
    ("copy-citation", "Copy &Citation (BibTeX)", "copy", "Ctrl+Shift+C"),
    ("copy-link", "Copy &Link to Entry", "link", "Ctrl+Shift+L"),
)


class EntryActions(QObject):
    """The entry actions, for the Entry menu and the tree's context menu."""

    message = Signal(str)  # a short report for the status bar

    def __init__(self, parent: QWidget, settings: QSettings, entry: Callable[[], Entry | None],
                 collection: Callable[[], Collection | None]) -> None:
        super().__init__(parent)
        self._settings = settings
        self._entry = entry
        self._collection = collection
        self.actions: dict[str, QAction] = {}
        slots = {"open-source": self.open_source, "reveal": self.reveal, "open-paper": self.open_paper,
                 "copy-citation": self.copy_citation, "copy-link": self.copy_link}
        for name, text, icon, keys in ENTRY_ACTIONS:
            action = QAction(text, parent)
            icons.set_icon(action, icon)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slots[name])
            parent.addAction(action)
            self.actions[name] = action

    def fill(self, menu: QMenu) -> None:
        """Add every entry action to a menu."""
        for name, *_rest in ENTRY_ACTIONS:
            menu.addAction(self.actions[name])

    def _target(self) -> tuple[Entry, Collection] | None:
        entry, collection = self._entry(), self._collection()
        if entry is None or collection is None:
            self.message.emit("No entry open")
            return None
        return entry, collection

    def _source_path(self, entry: Entry, collection: Collection) -> Path:
        root = collection.root
        return (root / entry.source) if (root / entry.source).exists() else root

    def open_source(self) -> None:
        """Open the note file in the configured editor at the entry's first line."""
        target = self._target()
        if target is None:
            return
        entry, collection = target
        file = self._source_path(entry, collection)
        template = str(self._settings.value(EDITOR_SETTING, "") or "").strip()
        if not template:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(file)))
            self.message.emit(f"Opened {entry.source}")
            return
        try:
            command = editor_command(template, file, entry.lines[0])
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except (OSError, ValueError) as exc:
            self.message.emit(f"Could not start the editor ({template}): {exc}")
            return
        self.message.emit(f"Opened {entry.source}:{entry.lines[0]} in {command[0]}")

    def reveal(self) -> None:
        """Show the note file in the file manager (its folder where selecting is not possible)."""
        target = self._target()
        if target is None:
            return
        file = self._source_path(*target)
        command = reveal_command(file)
        if command is not None:
            try:
                subprocess.Popen(command, start_new_session=True)
                return
            except OSError:
                pass
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(file.parent if file.is_file() else file)))

    def open_paper(self) -> None:
        """Open a PDF next to the note with the same name, else the entry's paper link in the browser."""
        target = self._target()
        if target is None:
            return
        entry, collection = target
        pdf = local_pdf(collection.root, entry)
        if pdf is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))
            self.message.emit(f"Opened {pdf.name}")
            return
        url = paper_url(entry)
        if url is None:
            self.message.emit("This entry has no paper link and no PDF beside its note")
            return
        QDesktopServices.openUrl(QUrl(url))
        self.message.emit(f"Opened {url}")

    def copy_citation(self) -> None:
        """Copy a BibTeX record of the entry to the clipboard."""
        target = self._target()
        if target is None:
            return
        QGuiApplication.clipboard().setText(bibtex(target[0]))
        self.message.emit("Citation copied (BibTeX)")

    def copy_link(self) -> None:
        """Copy a paperdesk:// link that `paperdesk URL` opens at this entry."""
        target = self._target()
        if target is None:
            return
        entry, collection = target
        QGuiApplication.clipboard().setText(make_link(DeepLink(collection.root.resolve(), entry.id, entry.paper_key)))
        self.message.emit("Link to the entry copied")
