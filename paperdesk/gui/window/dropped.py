"""What a drag-and-drop onto the window brings: the notes folder or file to open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def dropped_path(mime: QMimeData) -> Path | None:
    """The first local folder or file of a drop, or None."""
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile() and Path(url.toLocalFile()).exists():
            return Path(url.toLocalFile())
    return None
