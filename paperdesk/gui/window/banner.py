"""What the window says about its store: the read-only banner with "Try again", a restore or an adoption told once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMessageBox, QPushButton, QWidget

from paperdesk.gui.safe_text import plain_label
from paperdesk.gui.window.dialogs import WindowDialogs
from paperdesk.gui.window.session import CollectionSession
from paperdesk.store import AnnotationStore


class ReadOnlyBanner(QFrame):
    """A bar over the reader: "Annotations are read-only: {reason}." with a "Try again" button."""

    retryRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#readOnlyBanner { background: rgba(240, 163, 91, 60);"
                           " border: 1px solid #d08a1e; border-radius: 4px; }"
                           " QLabel { border: none; background: transparent; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = plain_label()          # the reason names paths and OS errors: never rich text
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.retry_button = QPushButton("Try again")
        self.retry_button.setToolTip("Look again whether the annotations can be saved (after freeing disk "
                                     "space or making the file writable)")
        self.retry_button.clicked.connect(self.retryRequested)
        layout.addWidget(self.retry_button)
        self.hide()

    def show_reason(self, reason: str | None) -> None:
        """Show why annotations cannot be saved, or hide the bar (None)."""
        if reason is None:
            self.hide()
            return
        self.label.setText(f"Annotations are read-only: {reason.rstrip('.')}.")
        self.show()


class StoreNotices(QObject):
    """Keeps the banner in step with `store.read_only` and tells a restore from a backup once."""

    def __init__(self, session: CollectionSession, banner: ReadOnlyBanner, dialogs: WindowDialogs,
                 say: Callable[[str, int], None]) -> None:
        super().__init__(banner)
        self.session, self.banner, self.dialogs, self._say = session, banner, dialogs, say
        self._told: str | None = None      # the restore message already shown
        session.accessChanged.connect(self.update)
        banner.retryRequested.connect(self.retry)

    def opened(self, store: AnnotationStore) -> None:
        """A store was opened (the follower has told its restore, if any): show the banner if it
        cannot be written."""
        self._told = store.recovered
        adopted = self.session.notice   # the store of a moved folder, or one kept under its old path name
        if adopted:   # the status bar's line is soon replaced by the scan's: say it in a box, once
            self.dialogs.message(QMessageBox.Icon.Information, "Annotations found", adopted)
        self.update()

    def update(self) -> None:
        """The store's access (or its file) changed: banner shown or hidden, a new restore told."""
        store = self.session.store
        if store is None:
            self.banner.show_reason(None)
            return
        if store.recovered and store.recovered != self._told:
            self._told = store.recovered
            self.dialogs.message(QMessageBox.Icon.Warning, "Annotations recovered", store.recovered)
        self.banner.show_reason(store.read_only)

    def retry(self) -> None:
        """"Try again": look whether the store can be written now."""
        store = self.session.store
        if store is None:
            return
        reason = store.check_writable()
        self.banner.show_reason(reason)
        self._say("Annotations can be saved again" if reason is None else f"Still read-only: {reason}", 5000)
