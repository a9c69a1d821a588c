"""The navigator pane: the filter box over the entry tree, with filtering, stepping and the entry counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.filter_box import FilterBox
from paperdesk.gui.navigator.elision import RowElision
from paperdesk.gui.navigator.expansion import FilterExpansion
from paperdesk.gui.navigator.tree_model import COL_HIGHLIGHTS, COL_TAGS, COL_TITLE, EntryTreeModel
from paperdesk.gui.safe_text import plain_label
from paperdesk.vocab import Status

if TYPE_CHECKING:
    from paperdesk.query import SearchIndex

EXPAND_ALL_LIMIT = 400   # a collection this small opens every group
MIN_WIDTH = 200          # px: a year group's "2021  3/12" and some words of a title
TAGS_COLUMN_FROM = 280   # px: a narrower list gives the tag dots' column to the titles
EMPTY_FILTER = "No entry matches the filter.\nEsc in the filter clears it."
EMPTY_COLLECTION = "No notes found in this collection.\nFile › Open Folder… (Ctrl+O) opens another."


class NavigatorPane(QWidget):
    """Filter box + tree of entries; filters with the collection's search index on every keystroke."""

    entryActivated = Signal(str)               # the user moved the tree's current row to an entry
    contextMenuRequested = Signal(list, QPoint)   # selected entry ids, global position
    filtered = Signal(object)                  # the Query the tree was just filtered with (None: no filter)
    resultsReady = Signal(bool)   # Enter (True) or Down (False) was pressed before the index was ready: it is now

    def __init__(self, index: Callable[[], SearchIndex | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setMinimumWidth(MIN_WIDTH)
        self._index = index
        self._queued_enter: bool | None = None   # Enter/Down in the filter box waiting for the index
        self.model = EntryTreeModel(self)
        self.filter_box = FilterBox()
        self.count_label = plain_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # Keystrokes queued while a filter runs collapse into one: no added delay, no backlog.
        self._filter_timer = QTimer(self, singleShot=True, interval=0)
        self._filter_timer.timeout.connect(lambda: self.apply_filter(self.filter_box.text()))
        self.filter_box.queryChanged.connect(lambda _text: self._filter_timer.start())
        layout.addWidget(self.filter_box)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.elision = RowElision(self.tree)   # titles shortened at their end, groups in their middle; tooltips whole
        self.tree.setItemDelegateForColumn(COL_TITLE, self.elision)
        self.expansion = FilterExpansion(self.tree, self.model)
        self._set_up_tree()
        # what an empty list means, in its middle (plain text)
        self.empty_hint = plain_label("", self.tree.viewport())
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.hide()
        self.tree.viewport().installEventFilter(self)
        layout.addWidget(self.tree, 1)

    def _set_up_tree(self) -> None:
        tree = self.tree
        tree.setHeaderHidden(True)
        tree.setUniformRowHeights(True)
        tree.setAnimated(False)
        tree.setAllColumnsShowFocus(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setIndentation(14)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(4)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: "resize to contents" would ask the model for a thousand rows on every change.
        header.setSectionResizeMode(COL_HIGHLIGHTS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_TAGS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_HIGHLIGHTS, 40)
        header.resizeSection(COL_TAGS, 44)
        tree.selectionModel().currentChanged.connect(self._on_current_changed)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._on_context_menu)

    # ----- filtering -------------------------------------------------------------------------------
    def apply_filter(self, text: str) -> None:
        """Filter the tree with the query language (called on every keystroke); without an index
        yet the tree stays whole and the text waits in the box (`index_ready` applies it)."""
        index = self._index()
        if index is None or not text.strip():
            self.model.set_filter(None)
            self.expansion.after_filter(None)
            self.filter_box.show_problem(None)
            self.update_counts()
            self.filtered.emit(None)
            return
        query = index.parse(text)
        self.filter_box.show_problem("; ".join(query.problems) if query.problems else None)
        ids = index.filter_query(query)
        self.expansion.before_filter(len(ids))
        self.model.set_filter(ids)
        self.expansion.after_filter(len(ids))
        self.update_counts()
        self.filtered.emit(query)

    def refilter(self) -> None:
        """Apply the filter again (the index or the annotations changed)."""
        if self.filter_box.text().strip():
            self.apply_filter(self.filter_box.text())

    def index_ready(self) -> None:
        """The collection's index arrived: run the filter typed meanwhile, then an Enter or Down
        pressed meanwhile (resultsReady)."""
        self._filter_timer.stop()
        self.apply_filter(self.filter_box.text())
        queued, self._queued_enter = self._queued_enter, None
        if queued is not None and self.filter_box.text().strip():
            self.resultsReady.emit(queued)

    def enter_results(self, current: str | None, *, open_first: bool) -> str | None:
        """From the filter box into the tree: the entry to open (the first match for Enter, and
        for Down only when the open entry is not among the matches), or None."""
        if self._index() is None and self.filter_box.text().strip():   # the filter cannot run yet
            self._queued_enter = open_first if self._queued_enter is None else self._queued_enter or open_first
            return None
        if self._filter_timer.isActive():  # the last keystroke's filter has not run yet
            self._filter_timer.stop()
            self.apply_filter(self.filter_box.text())
        visible = self.model.visible_entry_ids()
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if visible and (open_first or current not in visible):
            return visible[0]
        return None

    def update_counts(self) -> None:
        """Show how many entries are on show and read."""
        total = len(self.model.entries())
        read, shown = self.model.read_count()
        self.count_label.setText(f"{shown:,} of {total:,} entries · {read:,} read" if shown != total
                                 else f"{total:,} entries · {read:,} read")
        self.show_empty_hint(None if shown else EMPTY_FILTER if total else EMPTY_COLLECTION)

    def show_empty_hint(self, text: str | None) -> None:
        """Say in the list's middle why it is empty (None: it is not, hide the hint)."""
        if text is None:
            self.empty_hint.hide()
            return
        self.empty_hint.setText(text)
        self._place_hint()
        self.empty_hint.show()

    def _place_hint(self) -> None:
        area = self.tree.viewport().rect().adjusted(16, 0, -16, 0)
        self.empty_hint.setGeometry(area.x(), area.height() // 4, area.width(),
                                    self.empty_hint.heightForWidth(area.width()) + 8)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the empty list's hint in its place when the list is resized."""
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize and self.empty_hint.isVisible():
            self._place_hint()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A narrow list shows titles instead of tag dots (whole tags stay in the rows' tooltips)."""
        super().resizeEvent(event)
        self.tree.setColumnHidden(COL_TAGS, event.size().width() < TAGS_COLUMN_FROM)

    # ----- the tree ----------------------------------------------------------------------------------
    def open_groups(self) -> None:
        """Open every group of a small collection, the top level of a big one."""
        if len(self.model.entries()) <= EXPAND_ALL_LIMIT:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        self.expansion.forget()

    def select(self, entry_id: str | None, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Make an entry the tree's current row and scroll to it (nothing when it is hidden)."""
        index = self.model.index_for_entry(entry_id) if entry_id else QModelIndex()
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index, hint)

    def neighbour(self, current: str | None, delta: int, *, unread_only: bool = False) -> str | None:
        """The entry `delta` rows on from `current` in tree order (only unread ones if asked), or None."""
        ids = self.model.visible_entry_ids()
        pos = ids.index(current) if current in ids else (-1 if delta > 0 else len(ids))
        i = pos + delta
        while 0 <= i < len(ids):
            if not unread_only or self.model.status_of(ids[i]) == Status.UNREAD:
                return ids[i]
            i += delta
        return None

    def selected_entry_ids(self) -> list[str]:
        """The entries selected in the tree (each once, in tree order)."""
        ids = {self.model.entry_id(i) for i in self.tree.selectionModel().selectedRows(0)}
        return [eid for eid in self.model.visible_entry_ids() if eid in ids]

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry_id = self.model.entry_id(current)
        if entry_id:
            self.entryActivated.emit(entry_id)

    def _on_context_menu(self, pos: QPoint) -> None:
        ids = self.selected_entry_ids()
        if ids:
            self.contextMenuRequested.emit(ids, self.tree.viewport().mapToGlobal(pos))
