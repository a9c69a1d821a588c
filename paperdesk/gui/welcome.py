"""The first-run window shown when there is no collection to open: "Open folder…" and the recent list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk import config
from paperdesk.gui import icons
from paperdesk.gui.safe_text import plain_label
from paperdesk.paths import RESOURCES_DIR

PATH_ROLE = Qt.ItemDataRole.UserRole


def remembered_collections() -> list[Path]:
    """Return every remembered collection, newest first, including those no longer found."""
    items = config.load_config().get("recent", [])
    return [Path(p) for p in items if isinstance(p, str) and p] if isinstance(items, list) else []


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)  # never rich text: paths and names come from the user's disk
    label.setWordWrap(True)
    return label


class WelcomeWindow(QWidget):
    """Asks for a collection: a folder picker and the recently opened collections."""

    #: a folder or note file the user chose; the app opens the main window on it
    collectionChosen = Signal(Path)

    def __init__(self, recent: list[Path] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome — paperdesk")
        self.setObjectName("welcome")
        self.resize(620, 460)

        logo = plain_label("", self)
        icon_file = RESOURCES_DIR / "icons" / "paperdesk.svg"
        logo_icon = QIcon(str(icon_file)) if icon_file.is_file() else icons.icon("app", "#3b6fd8")
        logo.setPixmap(logo_icon.pixmap(QSize(72, 72)))
        title = _plain_label("Welcome to paperdesk", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = _plain_label(
            "Open a folder of Markdown notes on the papers you read — one file per paper, or long "
            "files with many short summaries. paperdesk lists every paper by category and year; "
            "your tags, reading status and highlights are kept apart from the notes.", self)

        self.open_button = QPushButton(icons.icon("open"), "Open folder…", self)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.ask_for_folder)

        self.recent_label = _plain_label("Recent collections", self)
        self.recent_list = QListWidget(self)
        self.recent_list.setObjectName("recent")
        self.recent_list.itemActivated.connect(self._open_item)
        self.set_recent(remembered_collections() if recent is None else recent)

        header = QHBoxLayout()
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(intro)
        header.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addLayout(buttons)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent_list, 1)

    def set_recent(self, paths: list[Path]) -> None:
        """Fill the recent list; collections that are gone are listed, greyed out, not openable."""
        self.recent_list.clear()
        for path in paths:
            exists = path.exists()
            label = str(path) if exists else f"{path}  (not found)"
            item = QListWidgetItem(icons.icon("folder" if not exists or path.is_dir() else "entry"), label)
            item.setData(PATH_ROLE, str(path))
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.recent_list.addItem(item)
        if not paths:
            empty = QListWidgetItem("No collection opened yet")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent_list.addItem(empty)

    def ask_for_folder(self) -> None:
        """Ask for a notes folder and choose it (nothing happens when the dialog is cancelled)."""
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of notes", str(Path.home()))
        if folder:
            self.choose(Path(folder))

    def choose(self, path: Path) -> None:
        """Announce `path` as the collection to open."""
        self.collectionChosen.emit(Path(path))

    def _open_item(self, item: QListWidgetItem) -> None:
        value = item.data(PATH_ROLE)
        if value and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.choose(Path(value))
