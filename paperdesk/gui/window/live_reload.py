"""The file watcher of an open collection: its note files and folders, and a folder collection's parent."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject

from paperdesk.collection import Collection

WATCH_LIMIT = 4000   # stay well inside inotify limits: past this, watch the folders only


class LiveReload:
    """Calls `changed()` when a watched note or folder changes, or the collection's folder comes or goes.

    A folder collection's own folder renamed, moved or deleted shows only in its parent: that one
    is followed too (and kept when the re-scan fails), acted on only when the folder's name comes
    or goes, never for the other names beside it.
    """

    def __init__(self, parent: QObject, changed: Callable[[], None]) -> None:
        """Start with nothing watched."""
        self.watcher = QFileSystemWatcher(parent)
        self._changed = changed
        self._parent: str | None = None
        self._root, self._root_there = "", True   # the folder, and whether it was there when last looked
        self.watcher.fileChanged.connect(self._on_change)
        self.watcher.directoryChanged.connect(self._on_change)

    def clear(self) -> None:
        """Watch nothing (a new collection is being opened)."""
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)

    def follow(self, collection: Collection, is_folder: bool) -> None:
        """Watch the collection's files and folders (only the folders of a big one), and the parent of a folder."""
        self.clear()
        # Plain strings and one existence check per folder: 10,000 notes cost milliseconds, not a
        # second of pathlib objects and stat calls on the GUI thread.
        root = str(collection.root)
        files = [os.path.join(root, f) for f in collection.files]
        folders = [d for d in sorted({os.path.dirname(f) for f in files} | {root}) if os.path.isdir(d)]
        paths = [*files, *folders] if len(files) + len(folders) <= WATCH_LIMIT else folders
        self._parent = os.path.dirname(root) if is_folder else None
        self._root, self._root_there = root, True
        if self._parent and self._parent != root:
            paths.append(self._parent)
        if paths:
            self.watcher.addPaths(paths)   # a file gone since the scan is skipped by Qt

    def _on_change(self, path: str) -> None:
        if path == self._parent:
            there = os.path.isdir(self._root)
            if there == self._root_there:
                return   # another name in the parent changed: nothing of this collection
            self._root_there = there
        self._changed()
