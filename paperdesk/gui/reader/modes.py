"""The reader's keyboard modes on the page on show: caret mode (F7), search-hit marks (n / N), "h",
and whether the reader engaged with the page (scrolled it, or it fits on the screen)."""

from __future__ import annotations

import json
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal

from paperdesk.gui.bridge import ScriptQueue
from paperdesk.gui.reader.protocol import CaretCall


class ReaderModes(QObject):
    """Carries caret mode and the filter's hit marks from page to page; calls resources/web/caret.js."""

    caretModeChanged = Signal(bool)  # caret mode went on or off (in the page: Escape)
    hitsMarked = Signal(int)  # the filter's words were marked in the page: how many hits
    hitStepped = Signal(int, int)  # n / Shift+N: index (0-based, -1 none) and count of hits
    engaged = Signal()  # the reader scrolled the page, or it fits on the screen (once per page)

    def __init__(self, js: ScriptQueue, focus: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._js = js
        self._focus = focus
        self.caret_mode = False  # kept across entries: each new page enters it again
        self.search_words: tuple[str, ...] = ()
        self.hit_count = 0  # search hits marked in the page on show
        self.is_engaged = False
        self._painted_y: int | None = None

    # ----- what the window asks for -----
    def set_caret_mode(self, on: bool) -> None:
        """Turn caret mode on or off: arrows move a caret, Shift extends the selection."""
        if on:
            self._focus()
        self._js.call(CaretCall.SET_ACTIVE, bool(on), callback=self._on_caret)

    def toggle_caret_mode(self) -> None:
        """F7: caret mode on when it was off, and off when it was on."""
        self.set_caret_mode(not self.caret_mode)

    def highlight_paragraph(self, color: int = 0) -> None:
        """"h": highlight the paragraph at the reading position (the caret's in caret mode)."""
        self._js.call(CaretCall.HIGHLIGHT_PARAGRAPH, int(color))

    def set_search_words(self, words: tuple[str, ...]) -> None:
        """Mark these words (the current filter's) in the page, now and after every page paint."""
        words = tuple(words)
        if words != self.search_words:
            self.search_words = words
            if self._js.ready:
                self._mark_hits()

    def step_hit(self, delta: int) -> None:
        """Scroll to the next (+1) or previous (-1) search hit; hitStepped says which of how many."""
        self._js.call(CaretCall.STEP_HIT, int(delta), callback=self._on_step)

    # ----- what the page tells -----
    def page_loading(self) -> None:
        """A new page is on its way: no hits, not engaged yet."""
        self.hit_count = 0
        self.is_engaged = False
        self._painted_y = None

    def page_painted(self, y: int, fits: bool) -> None:
        """The new page is painted at scroll position y: caret mode and hit marks carry over to it."""
        self._painted_y = y
        if self.caret_mode:
            self._js.call(CaretCall.SET_ACTIVE, True, callback=self._on_caret)
        if self.search_words:
            self._mark_hits()
        if fits:
            self._engage()

    def page_scrolled(self, y: int) -> None:
        """The page scrolled away from where it was painted (by the reader, not the restore)."""
        if self._painted_y is not None and y != self._painted_y:
            self._engage()

    def page_caret(self, active: bool) -> None:
        """The page turned caret mode on or off by itself (Escape)."""
        self._on_caret(active)

    # ----- internals -----
    def _engage(self) -> None:
        if not self.is_engaged:
            self.is_engaged = True
            self.engaged.emit()

    def _mark_hits(self) -> None:
        self._js.call(CaretCall.MARK_HITS, list(self.search_words), callback=self._on_hits)

    def _on_hits(self, count: object) -> None:
        if shiboken6.isValid(self):
            # page numbers arrive as floats; anything else (an error) counts as no hits
            self.hit_count = int(count) if isinstance(count, int | float) else 0
            self.hitsMarked.emit(self.hit_count)

    def _on_step(self, result: object) -> None:
        try:
            index, count = json.loads(result) if isinstance(result, str) else (-1, 0)
        except (ValueError, TypeError):
            index, count = -1, 0
        if shiboken6.isValid(self):
            self.hitStepped.emit(int(index), int(count))

    def _on_caret(self, active: object) -> None:
        if shiboken6.isValid(self) and isinstance(active, bool) and active != self.caret_mode:
            self.caret_mode = active
            self.caretModeChanged.emit(active)
