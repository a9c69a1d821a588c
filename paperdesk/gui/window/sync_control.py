"""Keeping a collection's annotations in it (sync through Git) from the window: what `paperdesk sync init` does."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from paperdesk.errors import UserError
from paperdesk.gui.window.dialogs import WindowDialogs
from paperdesk.gui.window.session import CollectionSession
from paperdesk.store.sync_file import is_sync_path, sync_path
from paperdesk.store.sync_setup import enable_sync

log = logging.getLogger(__name__)


class SyncControl(QObject):
    """Turns sync on for the open collection: closes its store, merges it into
    `.paperdesk/annotations.json` (Git files and merge driver too), then opens the collection again
    on that file at the same entry. `reopen(path)` opens a collection in the window."""

    enabled = Signal(str)   # the annotations file, once sync is on and the collection open again

    def __init__(self, session: CollectionSession, dialogs: WindowDialogs, reopen: Callable[[Path], bool],
                 say: Callable[[str, int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.dialogs, self._reopen, self._say = session, dialogs, reopen, say

    def root(self) -> Path | None:
        """The open collection's folder (a single file's folder), or None."""
        path = self.session.path
        return None if path is None else (path if path.is_dir() else path.parent)

    def is_on(self) -> bool:
        """Whether the open collection keeps its annotations in itself."""
        store = self.session.store
        return store is not None and is_sync_path(store.path)

    def unavailable(self) -> str | None:
        """Why sync cannot be turned on from here, or None."""
        if self.session.store is None or self.session.collection is None:
            return "Open a collection first"
        if self.session.db_given:
            return "This window uses the annotation store given on the command line"
        return None

    def request_enable(self) -> None:
        """Turn sync on once the current event (a dialog closing) is done."""
        QTimer.singleShot(0, self.enable)

    def enable(self) -> bool:
        """Turn sync on now; False (with a message) when it could not be done."""
        root, collection = self.root(), self.session.collection
        if self.is_on() or self.unavailable() is not None or root is None or collection is None:
            return False
        path = self.session.path
        assert path is not None
        keys = [e.paper_key for e in collection.entries]
        self.session.save_opened()
        self.session.close_store()          # its journal goes into the file merged next
        try:
            setup = enable_sync(root, keys)
        except (OSError, UserError, ValueError) as exc:
            log.warning("turning sync on failed: %s", exc)
            self.dialogs.error("Could not keep the annotations in the collection", str(exc))
            self._reopen(path)
            return False
        if not self._reopen(path):
            return False
        lines = [f"Annotations are now kept in {setup.path} and travel with the collection."]
        lines += setup.messages
        if setup.repository is not None:
            lines.append(f"The merge driver is registered in {setup.repository}/.git/config. Commit the "
                         ".paperdesk folder, and turn this on once in every other clone.")
        else:
            lines.append("This folder is not a Git repository yet: turn this on again once it is one.")
        self.dialogs.message(QMessageBox.Icon.Information, "Annotations kept in the collection", "\n\n".join(lines))
        self._say(f"Sync is on: annotations in {sync_path(root)}", 8000)
        self.enabled.emit(str(setup.path))
        return True
