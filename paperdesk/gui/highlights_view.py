"""Every highlight of the collection in one list: quote, note, colour meaning, paper; filterable."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from paperdesk.collection import Collection, Entry
from paperdesk.gui.safe_text import plain_label, tip
from paperdesk.gui.side_panel import shown_quote, swatch
from paperdesk.render.math_marks import MathMark, math_marks
from paperdesk.store.model import Highlight

COLUMNS = ("Colour", "Quote", "Note", "Paper", "Place")
HIGHLIGHT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ENTRY_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
ORPHAN_ROLE = int(Qt.ItemDataRole.UserRole) + 3
_MATH_SIGNS = ("$", "\\(", "\\[", "\\begin{")
log = logging.getLogger(__name__)


def entry_math(entry: Entry, collection: Collection) -> tuple[str, list[MathMark]] | None:
    """The plain text of an entry and its formulas (None for an entry whose note has no math,
    which is not rendered at all), so quotes can show their TeX."""
    if not any(sign in entry.body for sign in _MATH_SIGNS):
        return None
    from paperdesk.render import render_entry

    try:
        rendered = render_entry(entry, collection)
    except Exception:   # a note that cannot be rendered keeps its bare quotes
        log.exception("rendering entry %s for its formulas failed", entry.id)
        return None
    marks = math_marks(rendered.html)
    return (rendered.text, marks) if marks else None


class _KeptRows(QSortFilterProxyModel):
    """Shows the rows whose highlight id is in `kept` (None: every row)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.kept: set[str] | None = None

    def set_kept(self, kept: set[str] | None) -> None:
        """Show only these highlight ids (None: all) and re-filter."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self.kept = kept
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.kept = kept
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        """Keep a row when its highlight id is kept."""
        if self.kept is None:
            return True
        item = self.sourceModel().index(source_row, 0, source_parent)
        return item.data(HIGHLIGHT_ID_ROLE) in self.kept


class HighlightsDialog(QDialog):
    """The collection's highlights; Enter or a double click opens the entry scrolled to one.

    `matching(query)` gives the entry ids a filter-language query keeps (None: every entry);
    words typed in the filter also keep highlights whose quote or note holds them.
    """

    openRequested = Signal(str, str)  # entry id, highlight id
    relinkRequested = Signal(str, str)  # entry id, highlight id of an orphan

    def __init__(self, collection: Collection, highlights: Sequence[Highlight],
                 palette: Sequence[tuple[str, str]], matching: Callable[[str], set[str] | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("All highlights")
        self.resize(980, 560)
        self._collection = collection
        self._highlights = list(highlights)
        self._palette = list(palette)
        self._matching = matching
        self._math: dict[str, tuple[str, list[MathMark]] | None] = {}   # entry id -> text and formulas
        layout = QVBoxLayout(self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter highlights: words, tag:, status:, year:, color:, is:orphan …")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.filter_edit.installEventFilter(self)
        layout.addWidget(self.filter_edit)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.proxy = _KeptRows(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.doubleClicked.connect(lambda _index: self.open_current())
        self.view.installEventFilter(self)
        header = self.view.header()
        header.setStretchLastSection(False)  # the quote takes the room, not the short "Place"
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 180), (3, 220), (4, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.count_label = plain_label()
        row.addWidget(self.count_label, 1)
        self.relink_button = QPushButton("Re-link…")
        self.relink_button.setToolTip("Open the orphan's entry to select the passage it belongs to")
        self.relink_button.clicked.connect(self.relink_current)
        row.addWidget(self.relink_button)
        self.open_button = QPushButton("Open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_current)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self._fill()
        self.view.selectionModel().currentChanged.connect(lambda *_args: self._update_buttons())
        self.apply_filter("")

    def quote_of(self, h: Highlight) -> str:
        """A highlight's quote with the TeX of the formulas it spans (its entry rendered once, if it has math)."""
        if h.entry_id not in self._math:
            entry = self._collection.entry(h.entry_id)
            self._math[h.entry_id] = entry_math(entry, self._collection) if entry is not None else None
        found = self._math[h.entry_id]
        if found is None:
            return shown_quote(h.quote, "", None, [], limit=None)
        return shown_quote(h.quote, found[0], (h.start, h.end), found[1], limit=None)

    def _fill(self) -> None:
        titles = {e.id: e.title for e in self._collection.entries}
        for h in sorted(self._highlights, key=lambda h: (titles.get(h.entry_id, ""), h.start)):
            color, meaning = self._palette[h.color] if 0 <= h.color < len(self._palette) else ("#999999", "")
            colour = QStandardItem(swatch(color), meaning or f"Colour {h.color + 1}")
            colour.setData(h.color, int(Qt.ItemDataRole.UserRole))
            text = self.quote_of(h)
            quote = QStandardItem(text)
            quote.setToolTip(tip(text))
            note = QStandardItem(" ".join(h.note.split()))
            if h.note:
                note.setToolTip(tip(h.note))
            title = titles.get(h.entry_id, "(entry no longer in the notes)")
            paper = QStandardItem(title)
            paper.setToolTip(tip(title))
            place = QStandardItem("orphaned" if h.orphan else "in place")
            for item in (colour, quote, note, paper, place):
                item.setData(h.id, HIGHLIGHT_ID_ROLE)
                item.setData(h.entry_id, ENTRY_ID_ROLE)
                item.setData(h.orphan, ORPHAN_ROLE)
            self.model.appendRow([colour, quote, note, paper, place])

    def apply_filter(self, text: str) -> None:
        """Keep the rows whose entry matches the query and whose quote/note holds its words."""
        entries = self._matching(text) if text.strip() else None
        words = [w.casefold() for w in text.split() if ":" not in w and not w.startswith("-")]
        kept: set[str] | None = None
        if entries is not None:
            kept = set()
            for row in range(self.model.rowCount()):
                entry_id = self.model.item(row, 0).data(ENTRY_ID_ROLE)
                haystack = " ".join(self.model.item(row, c).text() for c in (1, 2, 3)).casefold()
                if entry_id in entries or (words and all(w in haystack for w in words)):
                    kept.add(self.model.item(row, 0).data(HIGHLIGHT_ID_ROLE))
        self.proxy.set_kept(kept)
        self.count_label.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} highlights")
        self._select_first_visible()
        self._update_buttons()

    def _select_first_visible(self) -> None:
        if not self.view.currentIndex().isValid() and self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 1))

    def _current(self) -> tuple[str, str, bool] | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return (str(index.data(ENTRY_ID_ROLE)), str(index.data(HIGHLIGHT_ID_ROLE)), bool(index.data(ORPHAN_ROLE)))

    def _update_buttons(self) -> None:
        current = self._current()
        self.open_button.setEnabled(current is not None)
        self.relink_button.setEnabled(current is not None and current[2])

    def open_current(self) -> None:
        """Open the chosen highlight's entry, scrolled to it (an orphan: its entry, to re-link)."""
        current = self._current()
        if current is None:
            return
        entry_id, highlight_id, orphan = current
        if orphan:
            self.relinkRequested.emit(entry_id, highlight_id)
        else:
            self.openRequested.emit(entry_id, highlight_id)

    def relink_current(self) -> None:
        """Open the orphan's entry so the user can select its passage and re-link it."""
        current = self._current()
        if current is not None and current[2]:
            self.relinkRequested.emit(current[0], current[1])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the filter moves into the list; Enter in either opens the chosen highlight."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if watched is self.filter_edit and event.key() == Qt.Key.Key_Down:
                self.view.setFocus()
                self._select_first_visible()
                return True
        return super().eventFilter(watched, event)
