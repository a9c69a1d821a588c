"""Tag chips of the side panel (the user's, removable, coloured; the note's own, read-only) and colour swatches."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QToolButton, QWidget

from paperdesk.gui import icons
from paperdesk.gui.safe_text import plain_label, tip
from paperdesk.vocab import TAG_COLORS


def swatch(color: str, size: int = 12) -> QIcon:
    """Return a small square icon filled with a colour."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class TagChip(QFrame):
    """One tag shown as a rounded chip with a remove button; right-click chooses its colour."""

    removed = Signal(str)
    colorChosen = Signal(str, str)  # tag, "#rrggbb" or "" for none

    def __init__(self, tag: str, color: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("tagChip")
        c = QColor(color or "#8a8f98")
        self.setStyleSheet(
            f"QFrame#tagChip {{ border: 1px solid {c.name()}; border-radius: 9px;"
            f" background: rgba({c.red()},{c.green()},{c.blue()},50); }}"
            " QLabel { border: none; background: transparent; }"
            " QToolButton { border: none; background: transparent; padding: 0; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(plain_label(tag))
        self.remove_button = QToolButton()
        self.remove_button.setIcon(icons.icon("close"))
        self.remove_button.setToolTip(tip(f"Remove tag {tag}"))
        self.remove_button.setAutoRaise(True)
        self.remove_button.clicked.connect(lambda: self.removed.emit(self.tag))
        layout.addWidget(self.remove_button)
        self.setToolTip("Right-click to choose the tag's colour")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def color_menu(self) -> QMenu:
        """Build the menu of tag colours."""
        menu = QMenu(self)
        for color in TAG_COLORS:
            menu.addAction(swatch(color), color, lambda c=color: self.colorChosen.emit(self.tag, c))
        menu.addSeparator()
        menu.addAction(icons.icon("close"), "No colour", lambda: self.colorChosen.emit(self.tag, ""))
        return menu

    def _menu(self, pos: QPoint) -> None:
        self.color_menu().popup(self.mapToGlobal(pos))


class NoteTagChip(QFrame):
    """A tag written in the note itself: shown like a tag, dashed and without a remove button
    (it goes away by editing the note, not here)."""

    def __init__(self, tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.setObjectName("noteTagChip")
        self.setStyleSheet("QFrame#noteTagChip { border: 1px dashed #8a8f98; border-radius: 9px; }"
                           " QLabel { border: none; background: transparent; font-style: italic; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 8, 1)
        layout.addWidget(plain_label(tag))
        self.setToolTip(tip(f"“{tag}” is written in the note; edit the note to change it"))
