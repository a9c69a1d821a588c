"""Automatic "reading": an unread entry becomes reading once it was really read for a while.

The rule: shown for the configured delay (default 20 s) while the window is active, and the reader
scrolled the page or it fits on the screen; never for the entry the window opens by itself at start-up.
The mark is an undoable edit (AnnotationActions.auto_reading)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from paperdesk.collection import Entry
from paperdesk.gui.reader.view import ReaderView
from paperdesk.gui.window.annotation_actions import AnnotationActions
from paperdesk.vocab import Status


class AutoState(StrEnum):
    """Where the automatic mark stands for the entry on show."""

    IDLE = "idle"                # nothing shown yet
    OFF = "off"                  # turned off in Settings
    RESTORED = "restored"        # the entry the window opened by itself at start-up
    NOT_UNREAD = "not-unread"    # already reading or read
    WAITING = "waiting"          # counting the time the window is active, or waiting for a scroll
    MARKED = "marked"            # marked reading


class AutoReading(QObject):
    """Times the entry on show (only while the window is active) and marks it reading when due."""

    decided = Signal(str)   # the AutoState reached for the entry just shown, or MARKED

    def __init__(self, window: QWidget, reader: ReaderView, annotations: AnnotationActions,
                 delay_s: Callable[[], int]) -> None:
        super().__init__(window)
        self._window, self._reader, self._annotations, self._delay_s = window, reader, annotations, delay_s
        self.state = AutoState.IDLE
        self.timer = QTimer(self, singleShot=True)   # runs only while the window is active
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)   # paused and resumed: keep the ms it has left
        self.timer.timeout.connect(self._time_done)
        self._remaining_ms = 0
        self._time_is_up = False
        reader.modes.engaged.connect(self._check)
        window.installEventFilter(self)

    def entry_shown(self, entry: Entry, *, restored: bool = False) -> None:
        """An entry was opened: start timing it, unless it is not due a mark at all."""
        self.timer.stop()
        self._time_is_up = False
        delay = max(0, int(self._delay_s()))
        if restored:
            self._decide(AutoState.RESTORED)
        elif delay == 0:
            self._decide(AutoState.OFF)
        elif self._annotations.status(entry.paper_key) != Status.UNREAD:
            self._decide(AutoState.NOT_UNREAD)
        else:
            self._remaining_ms = delay * 1000
            self._decide(AutoState.WAITING)
            if self._window.isActiveWindow():
                self.timer.start(self._remaining_ms)

    @property
    def time_is_up(self) -> bool:
        """The delay has passed for the entry on show (a long page then waits for a scroll)."""
        return self._time_is_up

    def stop(self) -> None:
        """Forget the entry on show (the window closes)."""
        self.timer.stop()
        self.state = AutoState.IDLE

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Pause the count while the window is inactive, go on when it is active again."""
        if watched is self._window and event.type() == QEvent.Type.ActivationChange \
                and self.state == AutoState.WAITING and not self._time_is_up:
            if self._window.isActiveWindow():
                if not self.timer.isActive():
                    self.timer.start(max(1, self._remaining_ms))
            elif self.timer.isActive():
                self._remaining_ms = max(1, self.timer.remainingTime())
                self.timer.stop()
        return False

    def _time_done(self) -> None:
        self._time_is_up = True
        self._check()

    def _check(self) -> None:
        if self.state == AutoState.WAITING and self._time_is_up and self._reader.modes.is_engaged:
            self._annotations.auto_reading()
            self._decide(AutoState.MARKED)

    def _decide(self, state: AutoState) -> None:
        self.state = state
        self.decided.emit(state.value)
