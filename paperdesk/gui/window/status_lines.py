"""What the window says in its status bar about the page and the session: search hits, caret mode,
renderer crashes, broken links, store problems, a shown note's scan warning and missing fonts;
and the status bar that elides a message too long for it (the whole message in its tooltip)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QWidget

from paperdesk.gui.reader.search_hits import hit_message
from paperdesk.gui.safe_text import tip
from paperdesk.gui.window.file_notice import FileNotice
from paperdesk.gui.window.font_hint import FontHint

if TYPE_CHECKING:
    from paperdesk.gui.window.main_window import MainWindow

# short enough for an 800 px window beside the entry count (longer ones are elided); the word,
# sentence and paragraph steps are in the caret action's tip and the shortcuts list
CARET_ON = "Caret mode: arrows move, Shift+arrows select, 1–5 highlight, Esc leaves"
SUBJECT_MIN = 12   # characters of an elided message's subject worth keeping (`ElidingStatusBar`)


class StatusLines:
    """Connects the reader's and the session's signals to the window's status bar."""

    def __init__(self, window: MainWindow) -> None:
        say = window.statusBar().showMessage
        session, reader = window.session, window.reader
        self.font_hint = FontHint(say)       # no font for a note's script: said once per script
        self.file_notice = FileNotice(say)   # the shown note's file had a scan warning
        session.storeProblem.connect(lambda text: say(text, 8000))
        window.remote_images.message.connect(say)
        reader.modes.hitStepped.connect(lambda index, count: say(hit_message(index, count), 4000))
        reader.modes.caretModeChanged.connect(
            lambda on: say(CARET_ON if on else "Caret mode off", 8000 if on else 2000))
        reader.rendererCrashed.connect(lambda reloaded: say(
            "The page renderer stopped; the entry was reloaded" if reloaded
            else "The page renderer keeps stopping on this entry; it is left blank", 10000))
        reader.brokenLinkActivated.connect(
            lambda ref: say(f"Broken link: {ref} is not a note of this collection", 6000))

        def shown(entry_id: str) -> None:
            collection = session.collection
            entry = collection.entry(entry_id) if collection is not None else None
            self.file_notice.check(collection, entry)
            self.font_hint.check(entry)   # after: said once, it wins the status bar over the file's warning

        window.entryShown.connect(shown)


class ElidingStatusBar(QStatusBar):
    """A status bar whose temporary message is elided where it would be cut (QStatusBar clips it at
    the permanent widgets), with the whole message in the bar's tooltip; elided again on resize.

    A message "subject: verdict" (a file path and its warning) loses the middle of its subject
    while SUBJECT_MIN characters of it still fit beside the whole verdict; else its end, to "…".
    """

    # QStatusBar draws the message from x = 6 to 2 px before the first permanent widget
    # (else 12 px before its right edge): QStatusBarPrivate::messageRect
    LEFT, GAP, RIGHT = 6, 2, 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""      # the whole message we show
        self._shown = ""     # ... as it fits
        self._permanent: list[QWidget] = []
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.clearMessage)
        self.messageChanged.connect(self._changed)

    def currentMessage(self) -> str:
        """The whole message shown (as QStatusBar's; `shown_message` is the part that fits)."""
        shown = QStatusBar.currentMessage(self)
        return self._full if shown and shown == self._shown else shown

    def shown_message(self) -> str:
        """The message as it is drawn: elided where it would not fit."""
        return QStatusBar.currentMessage(self)

    def showMessage(self, text: str, timeout: int = 0) -> None:
        """Show `text` for `timeout` ms (0: until replaced), elided to the room it has."""
        self._full, self._shown = text, self._fitted(text)
        super().showMessage(self._shown, 0)   # the timer is ours: a re-elision must not restart it
        if timeout > 0:
            self._expiry.start(timeout)
        else:
            self._expiry.stop()
        self.setToolTip(tip(text) if self._shown != text else "")

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        """As QStatusBar's, and a shown, hidden or resized permanent widget elides the message again."""
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)
        widget.installEventFilter(self)

    def message_width(self) -> int:
        """The width QStatusBar draws the message in."""
        grip = self.findChild(QSizeGrip)
        right = grip.x() if grip is not None and grip.isVisible() else self.width() - self.RIGHT
        shown = [w.x() for w in self._permanent if w.isVisible()]
        if shown:
            right = min(shown) - self.GAP
        return max(0, right - self.LEFT)

    def _fitted(self, text: str) -> str:
        metrics, room = self.fontMetrics(), self.message_width()
        if metrics.horizontalAdvance(text) <= room:
            return text
        subject, colon, verdict = text.partition(": ")
        left = room - metrics.horizontalAdvance(colon + verdict)
        if colon and left >= SUBJECT_MIN * metrics.averageCharWidth():
            fitted = metrics.elidedText(subject, Qt.TextElideMode.ElideMiddle, left) + colon + verdict
            if metrics.horizontalAdvance(fitted) <= room:
                return fitted
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    def _changed(self, shown: str) -> None:
        if shown != self._shown:    # cleared, or replaced from C++ (an action's status tip)
            self._full = self._shown = ""
            self._expiry.stop()
            self.setToolTip("")

    def _refit(self) -> None:
        if self._full and QStatusBar.currentMessage(self) == self._shown:
            fitted = self._fitted(self._full)
            if fitted != self._shown:
                self._shown = fitted
                QStatusBar.showMessage(self, fitted, 0)
                self.setToolTip(tip(self._full) if fitted != self._full else "")

    def resizeEvent(self, event: object) -> None:
        """Elide the message again for the new width (after the permanent widgets moved)."""
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._refit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A permanent widget shown, hidden, moved or resized: the message's room changed."""
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Resize, QEvent.Type.Move):
            QTimer.singleShot(0, self, self._refit)
        return False
