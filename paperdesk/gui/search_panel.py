"""Ranked full-text search in the window: a query line, hits best first with marked snippets, Enter opens one.

Note text is untrusted: titles and snippets are shown as plain text, and the one piece of rich
text (the delegate paints a QTextDocument built with a cursor and formats, never from HTML).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.keys import SEARCH_SHORTCUT as SEARCH_SHORTCUT  # re-exported: its old home
from paperdesk.query.fts_documents import Field
from paperdesk.query.fts_text import SearchTerm, best_passage
from paperdesk.query.ranked import RankedSearch, SearchHit, SearchResults

DEBOUNCE_MS = 120
RESULT_LIMIT = 50   # the bench measures searches of this size (search_p95_ms_50k)
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PassageTarget:
    """Where to take the reader: an entry and the searched terms (to find the passage in the page
    text), plus the passage's offsets in the indexed field it came from."""

    entry_id: str
    field: Field
    start: int
    end: int
    terms: tuple[SearchTerm, ...]


def snippet_document(hit: SearchHit, mark_color: str) -> QTextDocument:
    """A document of a hit for painting: the title, then the snippet with the searched words marked.

    Built with a cursor and character formats, never from HTML, so nothing in a note can be read
    as markup."""
    doc = QTextDocument()
    cursor = QTextCursor(doc)
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.DemiBold)
    cursor.insertText(hit.title, bold)
    cursor.insertBlock()
    plain, marked = QTextCharFormat(), QTextCharFormat()
    marked.setBackground(QColor(mark_color))
    marked.setFontWeight(QFont.Weight.DemiBold)
    for text, is_marked in hit.snippet:
        cursor.insertText(text, marked if is_marked else plain)
    return doc


class HitModel(QAbstractListModel):
    """The hits of the last search, as a list model; DisplayRole is the title (plain text)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: tuple[SearchHit, ...] = ()

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Replace every hit."""
        self.beginResetModel()
        self.hits = tuple(hits)
        self.endResetModel()

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        """Number of hits (no children)."""
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Title for display and accessibility, the SearchHit for HIT_ROLE."""
        if not index.isValid() or index.row() >= len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return hit.title
        if role == HIT_ROLE:
            return hit
        return None


class HitDelegate(QStyledItemDelegate):
    """Paints a hit as its title over its snippet, the searched words marked."""

    WIDTH_HINT = 360

    def _document(self, option: QStyleOptionViewItem, hit: SearchHit, width: float) -> QTextDocument:
        dark = option.palette.color(QPalette.ColorRole.Base).lightness() < 128
        doc = snippet_document(hit, "#6b5b00" if dark else "#fff1a8")
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setTextWidth(width)
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ModelIndex) -> None:
        """Draw the selection background, then the hit's text."""
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget is not None else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = self._document(option, hit, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _ModelIndex) -> QSize:
        """Height of the wrapped title and snippet at the view's width."""
        hit = index.data(HIT_ROLE)
        if not isinstance(hit, SearchHit):
            return super().sizeHint(option, index)
        width = option.rect.width() if option.rect.width() > 0 else self.WIDTH_HINT
        doc = self._document(option, hit, width)
        return QSize(int(width), int(doc.size().height()) + 2)


class SearchPanel(QWidget):
    """The ranked search: type words (and filter fields), see hits best first, Enter opens one.

    `searcher()` gives the RankedSearch to use, or None while the index is being built.
    Emits entryRequested(entry_id, PassageTarget) when the user opens a hit.
    """

    entryRequested = Signal(str, object)
    searched = Signal(object)   # SearchResults, after each search

    def __init__(self, searcher: Callable[[], RankedSearch | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._searcher = searcher
        self.results: SearchResults | None = None
        self.query = QLineEdit(self)
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText('Search words, "phrases", tag: year: status: …')
        self.query.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.model = HitModel(self)
        self.list = QListView(self)
        self.list.setObjectName("searchResults")
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(lambda _text: self._timer.start())
        self.query.installEventFilter(self)
        self.list.activated.connect(self._open_index)
        self.setFocusProxy(self.query)

    def focus_query(self) -> None:
        """Put the cursor in the query line with its text selected (what Ctrl+Shift+F does)."""
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def set_query(self, text: str) -> None:
        """Type `text` into the query line and search at once."""
        self.query.setText(text)
        self.search_now()

    def search_now(self) -> None:
        """Run the search for the query line's text and show the hits."""
        self._timer.stop()
        text = self.query.text()
        searcher = self._searcher()
        if not text.strip():
            self._show(SearchResults((), 0, ()), "")
            return
        if searcher is None:
            self._show(SearchResults((), 0, ()), "The search index is being built…")
            return
        results = searcher.search(text, limit=RESULT_LIMIT)
        shown = len(results.hits)
        message = ("No entry holds these words." if not results.total else
                   f"{results.total} entries match" + (f", best {shown} shown." if shown < results.total else "."))
        if results.problems:
            message += " " + "; ".join(results.problems)
        self._show(results, message)

    def _show(self, results: SearchResults, message: str) -> None:
        self.results = results
        self.model.set_hits(results.hits)
        self.status.setText(message)
        if results.hits:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.searched.emit(results)

    def open_current(self) -> bool:
        """Open the selected hit (the first when none is selected); False when there is none."""
        if self._timer.isActive():
            self.search_now()
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if not index.isValid():
            return False
        self._open_index(index)
        return True

    def _open_index(self, index: _ModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if isinstance(hit, SearchHit) and self.results is not None:
            self.entryRequested.emit(hit.entry_id, PassageTarget(hit.entry_id, hit.field, hit.passage_start,
                                                                 hit.passage_end, self.results.terms))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the query line, Up/Down move through the hits and Enter opens the selected one."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                row = self.list.currentIndex().row() if self.list.currentIndex().isValid() else -1
                row = min(self.model.rowCount() - 1, max(0, row + (1 if key == Qt.Key.Key_Down else -1)))
                self.list.setCurrentIndex(self.model.index(row, 0))
                return True
        return super().eventFilter(watched, event)


def passage_in_page(text: str, target: PassageTarget) -> tuple[int, int, int, int] | None:
    """Find the target's best passage in the page's plain text: (passage start, end, first marked
    word start, end) as code-point offsets, or None when the page does not hold the words."""
    passage = best_passage(text, target.terms)
    if passage is None:
        return None
    first = passage.marks[0] if passage.marks else (passage.start, passage.end)
    return passage.start, passage.end, first[0], first[1]


_SCROLL_JS = """(function (s, e) {
  var root = document.getElementById("content") || document.body;
  var range = window.paperdesk && window.paperdesk.rangeFromOffsets(root, s, e);
  if (!range) { return false; }
  var rect = range.getBoundingClientRect();
  window.scrollTo(0, Math.max(0, window.scrollY + rect.top - window.innerHeight / 3));
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
})(%d, %d)"""


def scroll_to_passage(reader: object, target: PassageTarget, done: Callable[[bool], None] | None = None) -> bool:
    """Scroll a ReaderView showing the target's entry to its best passage and select the first
    marked word (call it once the page is ready); False when the page text lacks the words."""
    from paperdesk.gui.reader.highlights import Utf16Map

    text = getattr(reader, "plain_text", "") or ""
    found = passage_in_page(text, target)
    if found is None:
        return False
    units = Utf16Map(text)
    script = _SCROLL_JS % (units.to_utf16(found[2]), units.to_utf16(found[3]))
    reader.run_in_page(script, (lambda value: done(bool(value))) if done is not None else None)  # type: ignore[attr-defined]
    return True
