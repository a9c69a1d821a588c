"""Opening a collection in the window: its last entry painted first, then the tree and the index behind it.

The order, whatever the timing: the preview (the last entry from its record, `last_entry.py`)
is shown as soon as the store is open, as the page kept from the last launch when it was kept for
the same inputs (`first_page.py`), else rendered; the scan's collection replaces it (the scanned
entry is rendered once, and its page is shown only when its bytes differ from the page on show); the tree is filled after the first paint; the filter index
arrives last, and the filter typed meanwhile runs then. The window's signals say where it is:
`firstPaint` (a page is on screen), `entryShown` (a page of the loaded collection, with its
tree), `collectionLoaded` (the tree is filled) and `settled` (the index is ready too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView

from paperdesk.collection import Collection, Entry
from paperdesk.gui.reader.page_render import PageRender
from paperdesk.gui.window.entry_header import entry_header
from paperdesk.gui.window.first_page import load_page
from paperdesk.gui.window.last_entry import Preview, record_path
from paperdesk.render.model import EntryHeader

if TYPE_CHECKING:
    from paperdesk.gui.window.main_window import MainWindow
    from paperdesk.gui.window.session_follower import SessionFollower
    from paperdesk.query import SearchIndex

FILL_WITHOUT_PAINT_MS = 1500   # a page that never reports painted (a crashed renderer) does not hold the tree back


class StartUp(QObject):
    """Orders the first paint, the tree and the index of each collection the window opens."""

    def __init__(self, window: MainWindow, follower: SessionFollower) -> None:
        super().__init__(window)
        self.window = window
        self.follower = follower
        self.preview: Preview | None = None     # on show until the scan's collection replaces it
        self.painted = False                    # a page of this collection was painted
        self.unfilled: Collection | None = None  # loaded, its tree waits for the first paint
        self.indexed = False
        self._settled = False
        self._fill_timer = QTimer(self, singleShot=True, interval=FILL_WITHOUT_PAINT_MS)
        self._fill_timer.timeout.connect(self.fill_now)
        window.reader.pageReady.connect(self._page_ready)
        window.session.indexReady.connect(self._index_ready)

    def opened(self) -> None:
        """A collection was opened: paint its last entry from the record, if it has a usable one."""
        w = self.window
        self.preview, self.painted, self.unfilled, self.indexed, self._settled = None, False, None, False, False
        self._fill_timer.stop()
        preview, w.session.preview = w.session.preview, None
        store = w.store
        if preview is None or store is None or w.open_at_entry or store.setting("last_entry", None) != preview.entry.id:
            w.finish_building()   # no page to paint first: the whole window now
            return   # a deep link asks for another entry, or the store (synced?) remembers another one
        self.preview = preview   # the window's current entry stays None until the collection is loaded
        w.session.hold_first_scan()   # the first paint has the machine to itself
        header = entry_header(store, preview.entry)
        kept = None
        if w.session.path is not None:
            kept = load_page(record_path(w.session.path), preview.entry.id, header, str(w.reader.effective_theme()),
                             w.reader.remote_allowed_for(preview.entry))
        w.reader.show_entry(preview.entry, preview.collection, header, page=kept)
        if w.built:   # else the side panel shows it once built (SessionFollower.panes_built)
            w.presenter.update_side_panel(preview.entry)

    def preview_entry(self) -> Entry | None:
        """The entry of the preview on show, if one is."""
        return self.preview.entry if self.preview is not None else None

    def loaded(self, collection: Collection) -> None:
        """The first scan is done: the entry to show, then the tree once a page is painted."""
        w = self.window
        preview, self.preview = self.preview, None
        wanted = self.follower.wanted_entry(collection)
        if wanted is None:   # the first entry in tree order: the tree comes first
            self.follower.fill_tree(collection)
            visible = w.model.visible_entry_ids()
            if visible:
                w.show_entry(visible[0], select=False, restored=True)
                w.navigator.select(visible[0], QAbstractItemView.ScrollHint.PositionAtCenter)
            else:
                w.current_id = None
                w.presenter.clear()
            self._filled()
            return
        entry = collection.entry(wanted)
        assert entry is not None
        header = w.presenter.header(entry)
        page = self._scanned_page(preview, entry, collection, header)
        repaint = page is None or not self._on_show(page, preview, entry)
        w.show_entry(wanted, select=False, restored=wanted != w.open_at_entry, repaint=repaint, page=page)
        if not repaint:   # the same page: the reader keeps it, now for the scanned entry
            w.reader.adopt(entry, collection, header, page)
        w.open_at_entry = None
        self.unfilled = collection
        if self.painted:
            self.fill_now()
            if not repaint:   # the preview's page is the loaded entry's page
                w.entryShown.emit(wanted)
        else:
            self._fill_timer.start()

    def _scanned_page(self, preview: Preview | None, entry: Entry, collection: Collection,
                      header: EntryHeader) -> PageRender | None:
        """The scanned entry's page, rendered once here when the preview on show is the same entry
        (to compare, and to show if it differs); None otherwise (it is rendered as it is shown)."""
        if preview is None or preview.entry.id != entry.id:
            return None
        return self.window.reader.render_for(entry, collection, header)

    def _on_show(self, page: PageRender, preview: Preview | None, entry: Entry) -> bool:
        """Whether `page` of the scanned `entry` is exactly the page the reader shows for the preview."""
        shown = self.window.reader.shown_page()
        return (preview is not None and entry == preview.entry and shown is not None and shown.entry_id == entry.id
                and page.error is None and shown.render == page)

    def failed(self) -> None:
        """The scan failed: the preview is not shown as if it were the collection."""
        if self.preview is not None:
            self.preview = None
            self.window.presenter.clear()

    def _page_ready(self, entry_id: str) -> None:
        w = self.window
        if not self.painted:
            self.painted = True
            w.firstPaint.emit(entry_id)
        w.finish_building()   # a staged window's navigator and side panel, now that a page is on screen
        if w.session.collection is None:   # the preview, before the scan is done: the scan may start
            w.session.scan_now()
            return
        self.fill_now()
        w.entryShown.emit(entry_id)
        self._settle()

    def fill_now(self) -> None:
        """Fill the tree with the loaded collection if it still waits for the first paint (a re-scan
        arriving first needs it: it updates the tree in place)."""
        self._fill_timer.stop()
        collection, self.unfilled = self.unfilled, None
        if collection is None:
            return
        self.follower.fill_tree(collection)
        self._filled()

    def _filled(self) -> None:
        self.window.collectionLoaded.emit()
        self._settle()

    def _index_ready(self, _index: SearchIndex) -> None:
        if self.indexed:   # a re-scan's index
            return
        self.window.finish_building()
        self.indexed = True
        self.window.navigator.index_ready()
        self._settle()

    def _settle(self) -> None:
        """Say `settled` once: the collection loaded, its tree filled, its index ready and its
        first page painted (when there is one to paint)."""
        w = self.window
        if self.indexed and self.unfilled is None and w.session.collection is not None \
                and (self.painted or w.current_id is None) and not self._settled:
            self._settled = True
            w.progress.hide()
            w.settled.emit()
