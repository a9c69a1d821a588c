"""The window's ranked search as a dock: the search panel, the index keeper and the jump to the passage.

The window creates it on the first Ctrl+Shift+F (nothing of the full-text index runs before),
from its collection session, reader and show_entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtWidgets import QDockWidget, QMainWindow

from paperdesk.collection.model import Collection
from paperdesk.gui.fulltext import FullTextKeeper
from paperdesk.gui.search_panel import PassageTarget, SearchPanel, scroll_to_passage
from paperdesk.query.fts_documents import AnnotationSource
from paperdesk.query.ranked import FilterSource


class Session(Protocol):
    """What the dock uses of the window's CollectionSession."""

    loaded: SignalInstance      # (Collection)
    reloaded: SignalInstance    # (Collection)
    changed: SignalInstance     # (ChangeSet with .paper_keys)

    @property
    def collection(self) -> Collection | None: ...
    @property
    def store(self) -> AnnotationSource | None: ...
    @property
    def index(self) -> FilterSource | None: ...


class Reader(Protocol):
    """What the dock uses of the ReaderView."""

    pageReady: SignalInstance   # (entry id)
    plain_text: str

    def run_in_page(self, script: str, callback: Callable[[object], None] | None = None) -> None: ...


class SearchDock(QDockWidget):
    """A dock holding the SearchPanel; opening a hit shows the entry scrolled to the passage."""

    def __init__(self, session: Session, reader: Reader, show_entry: Callable[[str], object],
                 window: QMainWindow) -> None:
        super().__init__("Search", window)
        self.setObjectName("searchDock")
        self.session = session
        self.reader = reader
        self._show_entry = show_entry
        self._pending: PassageTarget | None = None
        self.keeper = FullTextKeeper(lambda: session.index, parent=self)
        self.panel = SearchPanel(self.keeper.searcher, self)
        self.setWidget(self.panel)
        session.loaded.connect(self._scanned)
        session.reloaded.connect(self._scanned)
        session.changed.connect(lambda changes: self.keeper.annotations_changed(changes.paper_keys))
        self.keeper.ready.connect(lambda _report: self.panel.query.text().strip() and self.panel.search_now())
        self.panel.entryRequested.connect(self._open)
        reader.pageReady.connect(self._page_ready)
        window.installEventFilter(self)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self)
        if session.collection is not None:
            self._scanned(session.collection)

    def show_and_focus(self) -> None:
        """Show the dock and put the cursor in the query (what Ctrl+Shift+F does)."""
        self.show()
        self.raise_()
        self.panel.focus_query()

    def _scanned(self, collection: Collection) -> None:
        self.keeper.collection_changed(collection, self.session.store)

    def _open(self, entry_id: str, target: PassageTarget) -> None:
        self._pending = target
        self._show_entry(entry_id)

    def _page_ready(self, entry_id: str) -> None:
        target, self._pending = self._pending, None
        if target is not None and target.entry_id == entry_id:
            scroll_to_passage(self.reader, target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """When the window closes, wait for the index thread and close the index."""
        if event.type() == QEvent.Type.Close:
            self.keeper.close()
        return super().eventFilter(watched, event)
