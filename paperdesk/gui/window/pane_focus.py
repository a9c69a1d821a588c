"""Keyboard focus between the window's panes: the list, the reader and the side panel (F6, Ctrl+L)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from paperdesk.gui.window.main_window import MainWindow

FOCUS_REASON = Qt.FocusReason.ShortcutFocusReason


def inside(widget: QWidget | None, pane: QWidget) -> bool:
    """Whether `widget` is `pane` or one of its descendants."""
    while widget is not None:
        if widget is pane:
            return True
        widget = widget.parentWidget()
    return False


class PaneFocus:
    """Moves the keyboard focus between the panes of one window, in their on-screen order."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def panes(self) -> list[QWidget]:
        """The panes in on-screen order: navigator, reader, side panel."""
        w = self.window
        return [w.navigator, w.reader, w.side_panel]

    def current(self) -> int | None:
        """The index in `panes()` of the pane holding the keyboard focus, or None."""
        focus = QApplication.focusWidget()
        return next((i for i, pane in enumerate(self.panes()) if inside(focus, pane)), None)

    def focus_list(self) -> None:
        """Put the focus on the entry list, on the open entry's row (Ctrl+L)."""
        w = self.window
        w.looks.leave_distraction_free()
        if w.current_id is not None and not w.tree.currentIndex().isValid():
            w.navigator.select(w.current_id)
        w.tree.setFocus(FOCUS_REASON)

    def focus_pane(self, index: int) -> None:
        """Focus one pane: the list's open row, the page, or the side panel's highlights (its tag
        editor when the entry has none)."""
        w = self.window
        if index == 0:
            self.focus_list()
        elif index == 1:
            w.reader.setFocus(FOCUS_REASON)
        else:
            panel = w.side_panel
            target = panel.highlight_list if panel.highlight_list.isVisible() else panel.tag_editor
            target.setFocus(FOCUS_REASON)

    def cycle(self, delta: int) -> None:
        """Focus the next (delta 1, F6) or previous (-1, Shift+F6) visible pane, wrapping around."""
        panes = self.panes()
        start = self.current()
        index = start if start is not None else (-1 if delta > 0 else 0)   # none: from the first (last)
        for _ in panes:
            index = (index + delta) % len(panes)
            if panes[index].isVisible():
                self.focus_pane(index)
                return
