"""The bar above the reader when a note's remote images were blocked: show them once, or always."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QWidget

from paperdesk.gui import icons
from paperdesk.gui.safe_text import plain_label


class RemoteImagesBar(QFrame):
    """Says how many remote images a note has; offers this note, this collection, or dismiss."""

    showInNote = Signal()       # load the remote images of the note on show (remembered for it)
    showAlways = Signal()       # load remote images in every note of the collection

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remoteImagesBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        self.icon = plain_label()
        self.icon.setPixmap(icons.icon("warning").pixmap(16, 16))
        layout.addWidget(self.icon)
        self.message = plain_label()
        self.message.setWordWrap(True)
        layout.addWidget(self.message, 1)
        self.once_button = QPushButton("Show remote images in this note")
        self.once_button.clicked.connect(self.showInNote)
        layout.addWidget(self.once_button)
        self.always_button = QPushButton("Always for this collection")
        self.always_button.clicked.connect(self.showAlways)
        layout.addWidget(self.always_button)
        self.close_button = QToolButton()
        self.close_button.setIcon(icons.icon("close"))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Hide this bar (the images stay blocked)")
        self.close_button.clicked.connect(self.hide)
        layout.addWidget(self.close_button)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def show_count(self, blocked: int) -> None:
        """Show the bar for `blocked` remote images (hidden when there are none)."""
        if blocked <= 0:
            self.hide()
            return
        noun = "image" if blocked == 1 else "images"
        self.message.setText(f"{blocked} remote {noun} blocked: loading them tells their servers you read this note.")
        self.show()
