"""The main window: navigator | reader | side panel, composed from the session, the actions and the presenter.

A staged window (the app's launch) builds its frame first: the reader, the session and what
answers it, the menu bar's menus and the toolbar, empty but at their height (`chrome.py`), so
that the first page loads at once. Right after that page is painted (`finish_building`) come the
controls (`build_controls`: the annotation actions and their undo stack, the actions filling the
menus and toolbar, automatic reading marks, sync) and then the navigator and side panel, with
what shows through them; until then two plain placeholders hold their places in the splitter.
Nothing the first page shows moves when they come. Whatever needs a later part builds it first
(a key, a click, the scan).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QCursor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
)
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from paperdesk.collection import Collection, Entry
from paperdesk.gui import icons, prefs
from paperdesk.gui.navigator.arrangement import GROUPINGS, SORTS, Grouping, Sort
from paperdesk.gui.reader.page_render import PageRender
from paperdesk.gui.reader.search_hits import filter_words
from paperdesk.gui.reader.view import ReaderView
from paperdesk.gui.remote_bar import RemoteImages, RemoteImagesBar, with_bar_above
from paperdesk.gui.window.banner import ReadOnlyBanner, StoreNotices
from paperdesk.gui.window.chrome import reserve_chrome
from paperdesk.gui.window.commands import WindowCommands
from paperdesk.gui.window.dialogs import WindowDialogs
from paperdesk.gui.window.dropped import dropped_path
from paperdesk.gui.window.looks import WindowLooks
from paperdesk.gui.window.session import CollectionSession, SessionError
from paperdesk.gui.window.session_follower import SessionFollower
from paperdesk.gui.window.status_lines import ElidingStatusBar, StatusLines
from paperdesk.paths import RESOURCES_DIR
from paperdesk.store import Anchor, AnnotationStore

if TYPE_CHECKING:

    from PySide6.QtGui import QAction, QUndoStack
    from PySide6.QtWidgets import QMenu, QToolBar, QTreeView

    from paperdesk.gui.filter_box import FilterBox
    from paperdesk.gui.navigator.pane import NavigatorPane
    from paperdesk.gui.navigator.tree_model import EntryTreeModel
    from paperdesk.gui.side_panel import SidePanel
    from paperdesk.gui.window.actions import WindowActions
    from paperdesk.gui.window.annotation_actions import AnnotationActions
    from paperdesk.gui.window.auto_reading import AutoReading
    from paperdesk.gui.window.entry_presenter import EntryPresenter
    from paperdesk.gui.window.sync_control import SyncControl
    from paperdesk.query import SearchIndex


READER_MIN_WIDTH = 380   # px: some 45 characters of the page's text; the panes give way before it


class MainWindow(QMainWindow):
    """The paperdesk window. `open_collection(path)` opens a folder or file with its store."""

    firstPaint = Signal(str)          # entry id: the first page of a collection just opened is painted
    collectionLoaded = Signal()       # the first scan is done and the tree filled
    entryShown = Signal(str)          # entry id, once its page is painted (the collection loaded)
    settled = Signal()                # the collection is loaded and its filter index ready
    loadFailed = Signal(str)
    controlsBuilt = Signal()          # the actions, menus, toolbar and undo stack exist (build_controls)

    # built by build_controls(): at once, or after the first paint of a staged window
    annotations: AnnotationActions
    undo_stack: QUndoStack
    window_actions: WindowActions
    actions_by_name: dict[str, QAction]
    toolbar: QToolBar
    recent_menu: QMenu
    auto_reading: AutoReading
    sync: SyncControl
    # built by finish_building(): at once, or after the first paint of a staged window
    navigator: NavigatorPane
    model: EntryTreeModel
    tree: QTreeView
    filter_box: FilterBox
    side_panel: SidePanel
    presenter: EntryPresenter

    def __init__(self, settings: QSettings | None = None, *, theme_override: str | None = None,
                 staged: bool = False) -> None:
        """`staged`: build the navigator and side panel only once the first page is painted
        (the app's launch), not at once."""
        super().__init__()
        self.setStatusBar(ElidingStatusBar())   # long messages end in "…", whole in the tooltip
        self.settings = settings or prefs.app_settings()
        self.persist_layout = True
        self.open_at_entry: str | None = None  # the entry to show once the next collection is loaded
        self.start_notice: str | None = None   # said with the first scan's summary (it would hide it)
        self.highlights_dialog: QDialog | None = None
        self.current_id: str | None = None
        self.setWindowTitle("paperdesk")
        self.setAcceptDrops(True)
        icon_file = RESOURCES_DIR / "icons" / "paperdesk.svg"
        self.setWindowIcon(QIcon(str(icon_file)) if icon_file.exists() else icons.icon("app", "#3b6fd8"))
        self.looks = WindowLooks(self, theme_override)
        self.session = CollectionSession(self)
        self.dialogs = WindowDialogs(self)
        self.commands = WindowCommands(self)
        self.built = False   # the navigator, side panel and presenter exist (finish_building)
        self.controls_built = False   # the actions, menus, toolbar, undo stack exist (build_controls)
        self._build_frame()
        self.session.shown_page = self.reader.shown_page
        self.remote_images = RemoteImages(self.remote_bar, self.reader, lambda: self.session.store, self)
        self.follower = SessionFollower(self)
        self.notices = StoreNotices(self.session, self.banner, self.dialogs, self.statusBar().showMessage)
        self.status_lines = StatusLines(self)   # hits, caret mode, crashes, broken links, file warnings, fonts
        self.font_hint = self.status_lines.font_hint
        self._wire()
        self._restore_state()
        if not staged:
            self.finish_building()

    # ----- building ----------------------------------------------------------------------------------
    def _build_frame(self) -> None:
        """The reader between two placeholders (the navigator's and the side panel's places), the banner, the progress bar."""
        self.reader = ReaderView(self, open_external=bool(prefs.get(self.settings, "open_web_links")))
        self.reader.set_theme(self.looks.theme_mode())
        self.reader.set_zoom(prefs.get(self.settings, "zoom"))
        self.remote_bar = RemoteImagesBar()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        reader_box = with_bar_above(self.remote_bar, self.reader)
        reader_box.setMinimumWidth(READER_MIN_WIDTH)   # a narrow window narrows the tree and side panel first
        for i, (widget, stretch) in enumerate(((QWidget(), 0), (reader_box, 1), (QWidget(), 0))):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.setSizes([360, 780, 280])
        self.splitter.setChildrenCollapsible(False)
        self.banner = ReadOnlyBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        reserve_chrome(self)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)

    def build_controls(self) -> None:
        """Build the annotation actions, the actions filling the menus and toolbar, the automatic
        reading marks and the sync control (once; a no-op after)."""
        if self.controls_built:
            return
        self.controls_built = True
        self._build_annotations()
        self._build_menus()
        self._build_helpers()
        self.controlsBuilt.emit()

    # The controls' modules are imported as they are built: a staged window paints its first page
    # before them.
    def _build_annotations(self) -> None:
        from paperdesk.gui.window.annotation_actions import AnnotationActions

        self.annotations = AnnotationActions(self.session, self.reader, self.current_entry, self)
        self.undo_stack = self.annotations.undo_stack
        self.annotations.message.connect(self.statusBar().showMessage)
        self.reader.highlightCreated.connect(self.annotations.add_highlight)

    def _build_menus(self) -> None:
        from paperdesk.gui.window.actions import WindowActions

        self.window_actions = WindowActions(self)
        self.actions_by_name = self.window_actions.by_name
        self.toolbar = self.window_actions.toolbar
        self.recent_menu = self.window_actions.recent_menu
        if (state := self.settings.value("window_state")) is not None:   # the toolbar's place, now it exists
            self.restoreState(state)

    def _build_helpers(self) -> None:
        from paperdesk.gui.window.auto_reading import AutoReading
        from paperdesk.gui.window.sync_control import SyncControl

        self.auto_reading = AutoReading(self, self.reader, self.annotations,
                                        lambda: prefs.auto_reading_delay(self.settings))
        self.sync = SyncControl(self.session, self.dialogs, self.open_collection, self.statusBar().showMessage, self)

    def finish_building(self) -> None:
        """Build the controls if not yet built, then the navigator, the side panel and the
        presenter into their places, and show in them what the open collection has now (once; a
        no-op after)."""
        if self.built:
            return
        self.build_controls()
        if self.built:   # built by a slot of controlsBuilt (a key pressed then)
            return
        self.built = True
        # imported here: a staged window paints its first page before these modules load
        from paperdesk.gui.navigator.pane import NavigatorPane
        from paperdesk.gui.side_panel import SidePanel
        from paperdesk.gui.window.entry_presenter import EntryPresenter

        self.navigator = NavigatorPane(lambda: self.session.index)
        self.model, self.tree, self.filter_box = self.navigator.model, self.navigator.tree, self.navigator.filter_box
        self.model.set_grouping(self.grouping())
        self.model.set_sort(self.sort_order())
        self.side_panel = SidePanel()
        for index, pane in ((0, self.navigator), (2, self.side_panel)):
            placeholder = self.splitter.replaceWidget(index, pane)   # the same geometry: the reader keeps its width
            if placeholder is not None:
                placeholder.deleteLater()
        self.statusBar().addPermanentWidget(self.navigator.count_label)
        self.presenter = EntryPresenter(self.session, self.reader, self.side_panel)
        self._wire_panes()
        self.follower.panes_built()

    def grouping(self) -> Grouping:
        """The tree's grouping as the settings say (category-year when they name none)."""
        grouping = prefs.get(self.settings, "grouping")
        return Grouping(grouping) if grouping in GROUPINGS else Grouping.CATEGORY_YEAR

    def sort_order(self) -> Sort:
        """The tree's sort order as the settings say (newest year first when they name none)."""
        sort = prefs.get(self.settings, "sort")
        return Sort(sort) if sort in SORTS else Sort.YEAR

    def _wire(self) -> None:
        s, reader = self.session, self.reader
        reader.highlightClicked.connect(self._highlight_clicked)
        reader.highlightsAnchored.connect(self._on_anchored)
        reader.entryLinkActivated.connect(lambda eid, anchor: self.show_entry(eid, anchor=anchor or None))
        reader.zoomChanged.connect(lambda z: prefs.put(self.settings, "zoom", z))
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(
                lambda state: state == Qt.ApplicationState.ApplicationActive and s.refresh_store())

    def _wire_panes(self) -> None:
        a, nav, reader, panel = self.annotations, self.navigator, self.reader, self.side_panel
        nav.filtered.connect(lambda query: reader.modes.set_search_words(filter_words(query)))
        nav.entryActivated.connect(lambda eid: eid != self.current_id and self.show_entry(eid, select=False))
        nav.contextMenuRequested.connect(self._tree_menu)
        self.filter_box.saveRequested.connect(self._save_search)
        self.filter_box.deleteRequested.connect(self._delete_search)
        self.filter_box.acceptRequested.connect(lambda: self._enter_results(open_first=True))
        self.filter_box.resultsRequested.connect(lambda: self._enter_results(open_first=False))
        nav.resultsReady.connect(lambda open_first: self._enter_results(open_first=open_first))
        for leave in (self.filter_box.leaveRequested, panel.leaveRequested):   # Escape: back to the page
            leave.connect(lambda: reader.setFocus(Qt.FocusReason.ShortcutFocusReason))
        # a click on the status already set changes nothing: the panel's buttons show the truth again
        panel.statusRequested.connect(
            lambda status: a.set_status(status) or self.presenter.update_side_panel(self.current_entry()))
        panel.tagAdded.connect(a.add_tag)
        panel.tagRemoved.connect(a.remove_tag)
        panel.tagColorChosen.connect(a.set_tag_color)
        panel.highlightActivated.connect(reader.scroll_to_highlight)
        panel.highlightNoteEdited.connect(lambda hid, note: a.edit_highlight(hid, note=note))
        panel.highlightColorChanged.connect(lambda hid, c: a.edit_highlight(hid, color=c))
        panel.highlightDeleted.connect(a.delete_highlight)
        panel.relinkRequested.connect(a.relink_highlight)

    # ----- what the window holds -----------------------------------------------------------------------
    @property
    def store(self) -> AnnotationStore | None:
        """The open collection's annotation store."""
        return self.session.store

    @property
    def collection(self) -> Collection | None:
        """The scanned collection (None until the first scan is done)."""
        return self.session.collection

    @property
    def index(self) -> SearchIndex | None:
        """The collection's search index."""
        return self.session.index

    @index.setter
    def index(self, index: SearchIndex | None) -> None:
        self.session.index = index

    @property
    def last_message(self) -> QMessageBox | None:
        """The last message box shown."""
        return self.dialogs.last_message

    def current_entry(self) -> Entry | None:
        """Return the entry on show, or None."""
        return self.collection.entry(self.current_id) if self.collection and self.current_id else None

    # ----- state ---------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 880)
        if (state := self.settings.value("splitter")) is not None:
            self.splitter.restoreState(state)   # the toolbar's place: once it exists (_build_menus)

    def save_state(self) -> None:
        """Remember geometry, toolbar/splitter layout and the open entry."""
        self.looks.leave_distraction_free()
        if not self.persist_layout:
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()
        self.session.save_opened()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dropped notes folder or file."""
        if dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open a dropped notes folder or file as the collection."""
        path = dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_collection(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout, close the store (releasing its lock) and stop workers."""
        self.save_state()
        if self.controls_built:
            self.auto_reading.stop()
        self.session.close()
        super().closeEvent(event)

    # ----- the collection --------------------------------------------------------------------------------
    def open_collection(self, path: Path, db: Path | None = None) -> bool:
        """Open a folder or note file with its annotation store; scanning runs in the background."""
        try:
            store = self.session.open(path, db)
        except SessionError as exc:
            self.build_controls()   # no page will load: the menus now, to open another
            self.dialogs.error(exc.title, exc.message)
            return False
        self.follower.opened(store)
        self.notices.opened(store)
        return True

    def reload_collection(self) -> None:
        """Re-scan the collection (after a change on disk) keeping the open entry and its scroll."""
        self.session.reload()

    def refresh_store(self) -> bool:
        """Load annotation changes written by another process; True when there were some."""
        return self.session.refresh_store()

    # ----- showing entries and moving between them ------------------------------------------------------------
    def show_entry(self, entry_id: str, *, anchor: str | None = None, select: bool = True,
                   highlight: str | None = None, restored: bool = False, repaint: bool = True,
                   page: PageRender | None = None) -> bool:
        """Open an entry in the reader and the side panel; returns False when it is unknown.
        `restored`: opened by the window itself at start-up (never marked reading automatically);
        not `repaint`: the reader already shows its page (the start-up's preview)."""
        entry = self.collection.entry(entry_id) if self.collection is not None else None
        if entry is None:
            if self.collection is not None:
                self.statusBar().showMessage(f"No entry {entry_id}", 4000)
            return False
        self.finish_building()
        self.current_id = entry_id
        if select:
            self.navigator.select(entry_id)
        if repaint:
            self.presenter.show(entry, anchor=anchor, highlight=highlight, page=page)
        else:
            self.presenter.update_side_panel(entry)
        self.model.mark_opened(entry_id, self.session.mark_opened(entry_id))
        self.auto_reading.entry_shown(entry, restored=restored)
        return True

    def next_hit_or_unread(self, delta: int) -> None:
        """n / Shift+N: the next (previous) search hit in the entry when the filter has words and the
        entry has hits; otherwise n opens the next unread entry."""
        modes = self.reader.modes
        if modes.search_words and modes.hit_count:
            modes.step_hit(delta)
        elif delta > 0:
            self.step(1, unread_only=True)
        else:
            self.statusBar().showMessage("No search hits in this entry", 2500)

    def step(self, delta: int, *, unread_only: bool = False) -> None:
        """Open the entry `delta` rows on in tree order (only unread ones if asked): j, k, n, p."""
        target = self.navigator.neighbour(self.current_id, delta, unread_only=unread_only)
        if target is not None:
            self.show_entry(target)
        elif self.model.visible_entry_ids():
            self.statusBar().showMessage("No more unread entries" if unread_only else "End of the list", 2500)

    def set_grouping(self, grouping: str) -> None:
        """Group the tree by category-year, year-category, tag or status (remembered)."""
        self.model.set_grouping(grouping)
        prefs.put(self.settings, "grouping", grouping)
        self.navigator.open_groups()
        self.navigator.select(self.current_id)

    def set_sort(self, sort: str) -> None:
        """Order entries by year, title or recently opened (remembered)."""
        self.model.set_sort(sort)
        prefs.put(self.settings, "sort", sort)
        self.navigator.select(self.current_id)

    def _on_anchored(self, anchors: list[Anchor]) -> None:
        """The reader found the open entry's highlights: list them (once the side panel is built),
        then save where they are now."""
        if self.built:
            if self.reader.current_entry is not None:   # how each was found, and the formulas of its quote
                self.side_panel.set_reading(self.reader.current_entry.id, self.reader.plain_text,
                                            self.reader.math_marks, anchors)
            self.presenter.update_side_panel(self.current_entry(), anchors)
        self.session.save_anchors(anchors, self.reader.plain_text)

    def _highlight_clicked(self, highlight_id: str) -> None:
        self.finish_building()
        self.side_panel.popup_menu(highlight_id, QCursor.pos())

    def _enter_results(self, *, open_first: bool) -> None:
        """From the filter box into the tree: Enter opens the first match, Down only moves there."""
        target = self.navigator.enter_results(self.current_id, open_first=open_first)
        if not self.model.visible_entry_ids():
            self.statusBar().showMessage("No entry matches the filter", 3000)
        elif target is not None:
            self.show_entry(target)

    def _tree_menu(self, entry_ids: list[str], where: QPoint) -> None:
        self.window_actions.tree_menu(entry_ids).popup(where)

    def _save_search(self, name: str, query: str) -> None:
        if self.store is not None and self.annotations.save_search(name, query):
            self.filter_box.set_saved_searches(self.store.saved_searches())
            self.filter_box.show_saved(name)

    def _delete_search(self, name: str) -> None:
        if self.store is not None and self.annotations.delete_search(name):
            self.filter_box.set_saved_searches(self.store.saved_searches())

    def focus_tags(self) -> None:
        """Show the side panel if hidden and focus its tag editor (t)."""
        self.looks.leave_distraction_free()
        self.side_panel.focus_tag_editor()
