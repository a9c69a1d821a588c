"""The bar above the reader when a note's remote images were blocked: show them in this note, or always."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton, QVBoxLayout, QWidget

from paperdesk.gui import icons
from paperdesk.gui.reader.view import ReaderView
from paperdesk.gui.safe_text import plain_label
from paperdesk.store import AnnotationStore, StoreReadOnly

ALLOW_SETTING = "allow_remote_images"        # store setting: every note of the collection loads them
ENTRIES_SETTING = "remote_images_entries"    # store setting: ids of the notes that load them


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
        self.message.setText(f"{blocked} remote {noun} blocked to protect your privacy")
        self.message.setToolTip("Loading a remote image tells its server that you are reading this note")
        self.show()


def remote_entries(store: AnnotationStore) -> frozenset[str]:
    """The entries whose remote images the user chose to load (a store setting list; junk ignored)."""
    value = store.setting(ENTRIES_SETTING, [])
    return frozenset(v for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()


class RemoteImages(QObject):
    """Keeps the bar, the reader and the store's two remote-image settings in step (default: blocked)."""

    message = Signal(str, int)   # status-bar text, milliseconds

    def __init__(self, bar: RemoteImagesBar, reader: ReaderView, store: Callable[[], AnnotationStore | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bar, self.reader, self._store = bar, reader, store
        reader.remoteImagesBlocked.connect(bar.show_count)
        bar.showInNote.connect(self.show_in_note)
        bar.showAlways.connect(self.show_always)

    def follow_store(self) -> None:
        """Read both settings from the store (opened, or its settings changed) into the reader."""
        store = self._store()
        if store is not None:
            self.reader.set_remote_entries(remote_entries(store))
            self.reader.set_allow_remote(bool(store.setting(ALLOW_SETTING, False)))

    def show_in_note(self) -> None:
        """Load the remote images of the entry on show, and remember that for this entry."""
        store, entry = self._store(), self.reader.current_entry
        if store is None or entry is None:
            return
        chosen = remote_entries(store) | {entry.id}
        self.bar.hide()
        try:
            store.set_setting(ENTRIES_SETTING, sorted(chosen))
        except StoreReadOnly as exc:   # shown now, not remembered
            self.reader.set_remote_entries(chosen)
            self.message.emit(f"Remote images shown for now; not remembered: {exc.reason}", 8000)
            return
        self.follow_store()
        self.message.emit("Remote images are shown in this note", 4000)

    def show_always(self) -> None:
        """Load remote images in every note of this collection (Settings › Remote images turns it off)."""
        store = self._store()
        if store is None:
            return
        self.bar.hide()
        try:
            store.set_setting(ALLOW_SETTING, True)
        except StoreReadOnly as exc:
            self.reader.set_allow_remote(True)
            self.message.emit(f"Remote images shown for now; not remembered: {exc.reason}", 8000)
            return
        self.follow_store()
        self.message.emit("Remote images are shown in every note of this collection (Settings to turn off)", 6000)


def with_bar_above(bar: RemoteImagesBar, reader: QWidget) -> QWidget:
    """A widget holding the bar over the reader (the reader takes all the height the bar leaves)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(reader, 1)
    return box
