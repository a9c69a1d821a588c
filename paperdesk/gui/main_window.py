"""The main window: navigator tree | reader | side panel, with menus, shortcuts, undo and live reload."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QMimeData, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from paperdesk import config
from paperdesk.gui import icons, prefs, theme
from paperdesk.gui.filter_box import FilterBox
from paperdesk.gui.reader_view import ReaderView
from paperdesk.gui.safe_text import message_box, plain_label, rich
from paperdesk.gui.side_panel import SidePanel
from paperdesk.gui.tree_model import (
    COL_HIGHLIGHTS,
    COL_TAGS,
    COL_TITLE,
    GROUPINGS,
    EntryTreeModel,
    FilterExpansion,
)
from paperdesk.gui.window_annotations import WindowAnnotations
from paperdesk.gui.window_menus import SORT_LABELS, WindowMenus
from paperdesk.gui.workers import ScanWorker
from paperdesk.paths import RESOURCES_DIR, default_store_path

log = logging.getLogger(__name__)
RELOAD_DEBOUNCE_MS = 150
STORE_POLL_MS = 3000


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class MainWindow(WindowMenus, WindowAnnotations, QMainWindow):
    """The paperdesk window. `open_collection(path)` opens a folder or file with its store."""

    collectionLoaded = Signal()
    entryShown = Signal(str)          # entry id, once its page is painted
    loadFailed = Signal(str)

    def __init__(self, settings: QSettings | None = None, *, theme_override: str | None = None) -> None:
        super().__init__()
        self.settings = settings or prefs.app_settings()
        self._theme_override = theme_override
        self.persist_layout = True
        self.open_at_entry: str | None = None  # the entry to show once the next collection is loaded
        self.collection: Any = None
        self.collection_path: Path | None = None
        self.store: Any = None
        self.index: Any = None
        self.current_id: str | None = None
        self._opened: dict[str, str] = {}
        self._pending: list[tuple[str, str]] = []
        self._worker: ScanWorker | None = None
        self._old_workers: list[ScanWorker] = []
        self._distraction_free = False
        self.undo_stack = QUndoStack(self)
        self.actions_by_name: dict[str, QAction] = {}
        self.last_message: QMessageBox | None = None
        self._shown_header: tuple[str, tuple[str, ...]] | None = None

        self.setWindowTitle("paperdesk")
        self.setAcceptDrops(True)
        icon_file = RESOURCES_DIR / "icons" / "paperdesk.svg"
        self.setWindowIcon(QIcon(str(icon_file)) if icon_file.exists() else icons.icon("app", "#3b6fd8"))
        self.theme_name = theme.apply_theme(self.theme_mode())
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._restore_state()

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_file_changed)
        self.watcher.directoryChanged.connect(self._on_file_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DEBOUNCE_MS)
        self._reload_timer.timeout.connect(self.reload_collection)
        self._reading_timer = QTimer(self, singleShot=True)
        self._reading_timer.timeout.connect(self._auto_reading)
        self._flush_timer = QTimer(self, singleShot=True, interval=0)
        self._flush_timer.timeout.connect(self._flush_changes)
        self._opened_timer = QTimer(self, singleShot=True, interval=3000)
        self._opened_timer.timeout.connect(self._save_opened)
        # Another paperdesk (or `paperdesk mark/tag`) may write the same store: pick its changes up.
        self._store_timer = QTimer(self, interval=STORE_POLL_MS)
        self._store_timer.timeout.connect(self.refresh_store)
        self._store_timer.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_app_state)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._on_system_scheme)

    # ----- building ----------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.model = EntryTreeModel(self)
        self.model.set_grouping(prefs.get(self.settings, "grouping") if prefs.get(self.settings, "grouping") in GROUPINGS else "category-year")
        self.model.set_sort(prefs.get(self.settings, "sort") if prefs.get(self.settings, "sort") in SORT_LABELS else "year")

        self.navigator = QWidget()
        self.navigator.setObjectName("navigator")
        nav_layout = QVBoxLayout(self.navigator)
        nav_layout.setContentsMargins(0, 0, 0, 0)
        nav_layout.setSpacing(0)
        self.filter_box = FilterBox()
        # Keystrokes queued while a filter runs collapse into one: no added delay, no backlog.
        self._filter_timer = QTimer(self, singleShot=True, interval=0)
        self._filter_timer.timeout.connect(lambda: self.apply_filter(self.filter_box.text()))
        self.filter_box.queryChanged.connect(lambda _text: self._filter_timer.start())
        self.filter_box.saveRequested.connect(self._save_search)
        self.filter_box.deleteRequested.connect(self._delete_search)
        self.filter_box.acceptRequested.connect(lambda: self._enter_results(open_first=True))
        self.filter_box.resultsRequested.connect(lambda: self._enter_results(open_first=False))
        self.filter_box.leaveRequested.connect(lambda: self.reader.setFocus(Qt.FocusReason.ShortcutFocusReason))
        nav_layout.addWidget(self.filter_box)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # whole titles in the tooltip
        self._expansion = FilterExpansion(self.tree, self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAnimated(False)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(4)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: "resize to contents" would ask the model for a thousand rows on every change.
        header.setSectionResizeMode(COL_HIGHLIGHTS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_TAGS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_HIGHLIGHTS, 40)
        header.resizeSection(COL_TAGS, 44)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        nav_layout.addWidget(self.tree, 1)

        self.reader = ReaderView(self, open_external=bool(prefs.get(self.settings, "open_web_links")))
        self.reader.pageReady.connect(self._on_page_ready)
        self.reader.highlightCreated.connect(self._on_highlight_created)
        self.reader.highlightClicked.connect(self._on_highlight_clicked)
        self.reader.highlightsAnchored.connect(self._on_anchored)
        self.reader.entryLinkActivated.connect(lambda eid, anchor: self.show_entry(eid, anchor=anchor or None))
        self.reader.rendererCrashed.connect(lambda reloaded: self.statusBar().showMessage(
            "The page renderer stopped; the entry was reloaded" if reloaded
            else "The page renderer keeps stopping on this entry; it is left blank", 10000))
        self.reader.brokenLinkActivated.connect(
            lambda ref: self.statusBar().showMessage(f"Broken link: {ref} is not a note of this collection", 6000))
        self.reader.zoomChanged.connect(lambda z: prefs.put(self.settings, "zoom", z))
        self.reader.set_theme(self.theme_mode())
        self.reader.set_zoom(prefs.get(self.settings, "zoom"))

        self.side_panel = SidePanel()
        self.side_panel.statusRequested.connect(self.set_status)
        self.side_panel.tagAdded.connect(self.add_tag)
        self.side_panel.tagRemoved.connect(self.remove_tag)
        self.side_panel.tagColorChosen.connect(self.set_tag_color)
        self.side_panel.highlightActivated.connect(self.reader.scroll_to_highlight)
        self.side_panel.highlightNoteEdited.connect(lambda hid, note: self.edit_highlight(hid, note=note))
        self.side_panel.highlightColorChanged.connect(lambda hid, c: self.edit_highlight(hid, color=c))
        self.side_panel.highlightDeleted.connect(self.delete_highlight)
        self.side_panel.relinkRequested.connect(self.relink_highlight)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.reader)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([360, 780, 280])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.count_label = plain_label()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.count_label)

    # ----- state ---------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 880)
        state = self.settings.value("window_state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        """Remember geometry, toolbar/splitter layout and the open entry."""
        if self._distraction_free:
            self.toggle_distraction_free()
        if not self.persist_layout:
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.sync()
        self._save_opened()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dropped notes folder or file."""
        if _dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open a dropped notes folder or file as the collection."""
        path = _dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_collection(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the layout, close the store (releasing its lock) and stop workers."""
        self.save_state()
        self._reading_timer.stop()
        self._reload_timer.stop()
        self._store_timer.stop()
        for worker in [self._worker, *self._old_workers]:
            if worker is not None:
                worker.wait(5000)
        self._close_store()
        super().closeEvent(event)

    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.refresh_store()

    def refresh_store(self) -> bool:
        """Load annotation changes written by another process; True when there were some."""
        if self.store is None:
            return False
        try:
            return bool(self.store.refresh())
        except Exception as exc:  # a damaged file written by someone else: say so, keep running
            self.statusBar().showMessage(f"Could not re-read the annotation store: {exc}", 8000)
            return False

    def _close_store(self) -> None:
        if self.store is not None:
            try:
                self.store.close()
            except Exception as exc:
                log.warning("closing the store failed: %s", exc)
            self.store = None

    # ----- opening a collection -------------------------------------------------------------------
    def open_collection(self, path: Path, db: Path | None = None) -> bool:
        """Open a folder or note file with its annotation store; scanning runs in the background."""
        path = Path(path).expanduser()
        if not path.exists():
            self.show_error("Cannot open collection", f"{path} does not exist.")
            return False
        from paperdesk.store import AnnotationStore

        self._save_opened()
        try:
            # One store per collection root (a single file's folder), as the command line does.
            root = path if path.is_dir() else path.parent
            store = AnnotationStore.open(Path(db) if db else default_store_path(root))
        except Exception as exc:
            self.show_error("Cannot open the annotation store", str(exc))
            return False
        self._close_store()
        self.store = store
        if hasattr(store, "subscribe"):
            store.subscribe(self._note_change)
        if getattr(store, "recovered", None):
            self._message(QMessageBox.Icon.Warning, "Annotations restored from a backup", str(store.recovered))
        self.undo_stack.clear()
        self.collection_path = path
        self.collection = None
        self.current_id = None
        self._opened = dict(self._store_setting("opened", {}) or {})
        try:
            config.remember_collection(path)
        except OSError as exc:
            log.warning("could not remember the collection: %s", exc)
        self.setWindowTitle(f"{path.name} — paperdesk")
        self.reader.set_store(store)
        self.reader.set_allow_remote(bool(self._store_setting("allow_remote_images", False)))
        self.side_panel.set_palette(self._palette())
        self.filter_box.set_saved_searches(self._saved_searches())
        self.model.set_entries([], store)
        self.side_panel.show_entry(None)
        self._start_scan(first=True)
        return True

    def _start_scan(self, first: bool) -> None:
        if self.collection_path is None:
            return
        if self._worker is not None and self._worker.isRunning():
            self._old_workers.append(self._worker)
            self._worker.loaded.disconnect()
            self._worker.failed.disconnect()
        # On first load the worker also builds the search index, reading the store: nothing can
        # edit annotations before the collection is shown, and the refresh timer waits. A live
        # reload happens while the user edits, so its index is built here, on the GUI thread.
        worker = ScanWorker(self.collection_path, self.store if first else None, self, build_index=first)
        if first:
            self._store_timer.stop()
        worker.loaded.connect(self._on_loaded if first else self._on_reloaded)
        worker.failed.connect(self._on_load_failed)
        worker.finished.connect(self._reap_workers)
        self._worker = worker
        if first:
            self.progress.setRange(0, 0)
            self.progress.show()
            self.statusBar().showMessage(f"Loading {self.collection_path.name}…")
        worker.start()

    def _reap_workers(self) -> None:
        self._old_workers = [w for w in self._old_workers if w.isRunning()]

    def _on_load_failed(self, message: str) -> None:
        self._store_timer.start()
        self.progress.hide()
        self.statusBar().showMessage(f"Could not load the collection: {message}")
        self.show_error("Cannot read the collection", message)
        self.loadFailed.emit(message)

    def _on_loaded(self, collection: Any, index: Any = None) -> None:
        self._store_timer.start()
        self.progress.hide()
        self.collection = collection
        self.model.set_entries(collection.entries, self.store)
        self.model.set_opened(self._opened)
        self._adopt_index(index)
        self._refresh_known_tags()
        n = len(collection.entries)
        if n <= 400:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        self._expansion.forget()
        warnings = len(getattr(collection, "warnings", []) or [])
        self.statusBar().showMessage(
            f"{_plural(n, 'entry', 'entries')} from {_plural(len(collection.files), 'file')}"
            + (f", {_plural(warnings, 'warning')} (File › Scan Warnings)" if warnings else ""), 8000)
        self.actions_by_name["warnings"].setEnabled(bool(warnings))
        self._update_counts()
        wanted, self.open_at_entry = self.open_at_entry, None  # a deep link's entry, once
        if wanted and collection.entry(wanted) is None:
            self.statusBar().showMessage(f"The linked entry {wanted} is not in this collection", 8000)
            wanted = None
        last = wanted or self._store_setting("last_entry", None)
        target = last if last and collection.entry(last) is not None else None
        visible = self.model.visible_entry_ids()
        target = target or (visible[0] if visible else None)
        if target:
            self.show_entry(target)
            self.tree.scrollTo(self.model.index_for_entry(target), QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.reader.clear()
        self.collectionLoaded.emit()

    def _build_index(self) -> None:
        try:
            from paperdesk.query import SearchIndex

            self.index = SearchIndex(self.collection.entries, self.store)
        except Exception as exc:  # filtering degrades to "show all", the window still works
            log.warning("search index unavailable: %s", exc)
            self.index = None

    # ----- live reload -----------------------------------------------------------------------------
    def _watch(self) -> None:
        if self.collection is None:
            return
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        root = Path(self.collection.root)
        paths = [str(root / f) for f in self.collection.files]
        paths += sorted({str((root / f).parent) for f in self.collection.files} | {str(root)})
        if len(paths) > 4000:  # stay well inside inotify limits: watch the folders only
            paths = sorted({str(Path(p).parent) for p in paths})
        existing = [p for p in paths if Path(p).exists()]
        if existing:
            self.watcher.addPaths(existing)

    def _on_file_changed(self, _path: str) -> None:
        self._reload_timer.start()

    def reload_collection(self) -> None:
        """Re-scan the collection (after a change on disk) keeping the open entry and its scroll."""
        if self.collection is None:
            if self.collection_path is not None:
                self._start_scan(first=True)
            return
        self._start_scan(first=False)

    def _adopt_index(self, index: Any) -> None:
        """Use the search index built with a (re)scan, re-apply the filter and watch the files."""
        self.index = index
        if index is None:
            self._build_index()
        if self.filter_box.text():
            self.apply_filter(self.filter_box.text())
        self._watch()

    def _on_reloaded(self, collection: Any, index: Any = None) -> None:
        before = self.current_entry()
        self.collection = collection
        self.model.replace_entries(collection.entries)
        self._adopt_index(index)
        self._update_counts()
        after = collection.entry(self.current_id) if self.current_id else None
        if after is not None and after != before:  # only when the open entry itself changed
            self.reader.show_entry(after, collection, self._header(after.id))
        elif after is None and before is not None:  # its note was deleted or its heading renamed
            visible = self.model.visible_entry_ids()
            self.current_id = None
            if visible:
                self.show_entry(visible[0])
            else:
                self.reader.clear()
                self.side_panel.show_entry(None)
            self.statusBar().showMessage(f"“{before.title}” is no longer in the notes", 6000)
            return
        self.statusBar().showMessage("Reloaded changed notes", 3000)

    # ----- showing entries -------------------------------------------------------------------------
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry_id = self.model.entry_id(current)
        if entry_id and entry_id != self.current_id:
            self.show_entry(entry_id, select=False)

    def show_entry(self, entry_id: str, *, anchor: str | None = None, select: bool = True,
                   highlight: str | None = None) -> bool:
        """Open an entry in the reader and the side panel; returns False when it is unknown."""
        if self.collection is None:
            return False
        entry = self.collection.entry(entry_id)
        if entry is None:
            self.statusBar().showMessage(f"No entry {entry_id}", 4000)
            return False
        self.current_id = entry_id
        if select:
            index = self.model.index_for_entry(entry_id)
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
        self.reader.show_entry(entry, self.collection, self._header(entry_id), anchor=anchor, highlight=highlight)
        self._shown_header = (self._status(entry.paper_key), tuple(self.store.tags(entry.paper_key)))
        self._update_side_panel()
        when = _now()
        self._opened[entry_id] = when
        self.model.mark_opened(entry_id, when)
        self._opened_timer.start()
        delay = int(prefs.get(self.settings, "auto_reading_delay"))
        self._reading_timer.stop()
        if delay > 0 and self._status(entry.paper_key) == "unread":
            self._reading_timer.start(delay * 1000)
        return True

    def current_entry(self) -> Any:
        """Return the entry on show, or None."""
        return self.collection.entry(self.current_id) if self.collection and self.current_id else None

    def _on_page_ready(self, entry_id: str) -> None:
        self.entryShown.emit(entry_id)

    def _update_side_panel(self, anchors: list[Any] | None = None) -> None:
        entry = self.current_entry()
        if entry is None or self.store is None:
            self.side_panel.show_entry(None)
            return
        tags = list(self.store.tags(entry.paper_key))
        if anchors is None:
            highlights = sorted(self.store.highlights(entry.id), key=lambda h: h.start)
            placed = [h for h in highlights if not getattr(h, "orphan", False)]
            orphans = [h for h in highlights if getattr(h, "orphan", False)]
        else:
            placed = [a.highlight for a in sorted(anchors, key=lambda a: a.start or 0) if a.start is not None]
            orphans = [a.highlight for a in anchors if a.start is None]
        self.side_panel.show_entry(entry.title, self._status(entry.paper_key), tags,
                                   {t: self._tag_color(t) for t in tags}, placed, orphans)

    def _on_anchored(self, anchors: list[Any]) -> None:
        self._update_side_panel(anchors)

    # ----- navigation --------------------------------------------------------------------------------
    def _step(self, delta: int, unread_only: bool = False) -> None:
        ids = self.model.visible_entry_ids()
        if not ids:
            return
        pos = ids.index(self.current_id) if self.current_id in ids else (-1 if delta > 0 else len(ids))
        i = pos + delta
        while 0 <= i < len(ids):
            eid = ids[i]
            if not unread_only or self.model.status_of(eid) == "unread":
                self.show_entry(eid)
                return
            i += delta
        self.statusBar().showMessage("No more unread entries" if unread_only else "End of the list", 2500)

    def next_entry(self) -> None:
        """Open the next entry in tree order (j)."""
        self._step(1)

    def previous_entry(self) -> None:
        """Open the previous entry in tree order (k)."""
        self._step(-1)

    def next_unread(self) -> None:
        """Open the next unread entry (n)."""
        self._step(1, unread_only=True)

    def previous_unread(self) -> None:
        """Open the previous unread entry (p)."""
        self._step(-1, unread_only=True)

    def set_grouping(self, grouping: str) -> None:
        """Group the tree by category-year, year-category, tag or status (remembered)."""
        self.model.set_grouping(grouping)
        prefs.put(self.settings, "grouping", grouping)
        self.tree.expandAll() if len(self.model.entries()) <= 400 else self.tree.expandToDepth(0)
        self._expansion.forget()
        self._reselect()

    def set_sort(self, sort: str) -> None:
        """Order entries by year, title or recently opened (remembered)."""
        self.model.set_sort(sort)
        prefs.put(self.settings, "sort", sort)
        self._reselect()

    def _reselect(self) -> None:
        if self.current_id:
            index = self.model.index_for_entry(self.current_id)
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)

    # ----- filtering -----------------------------------------------------------------------------------
    def apply_filter(self, text: str) -> None:
        """Filter the tree with the query language (called on every keystroke)."""
        if self.index is None or not text.strip():
            self.model.set_filter(None)
            self._expansion.after_filter(None)
            self.filter_box.show_problem(None)
            self._update_counts()
            return
        try:
            from paperdesk.query import parse_query

            query = self.index.parse(text) if hasattr(self.index, "parse") else parse_query(text)
            problems = list(getattr(query, "problems", ()) or ())
            ids = self.index.filter_query(query) if hasattr(self.index, "filter_query") else self.index.filter(text)
        except Exception as exc:
            problems, ids = [str(exc)], None
        self.filter_box.show_problem("; ".join(problems) if problems else None)
        if ids is not None:
            self._expansion.before_filter(len(ids))
            self.model.set_filter(ids)
            self._expansion.after_filter(len(ids))
        self._update_counts()

    def _enter_results(self, *, open_first: bool) -> None:
        """From the filter box into the tree: Enter opens the first match, Down only moves there."""
        if self._filter_timer.isActive():  # the last keystroke's filter has not run yet
            self._filter_timer.stop()
            self.apply_filter(self.filter_box.text())
        visible = self.model.visible_entry_ids()
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not visible:
            self.statusBar().showMessage("No entry matches the filter", 3000)
            return
        if open_first or self.current_id not in visible:
            self.show_entry(visible[0])

    def _save_search(self, name: str, query: str) -> None:
        if self.store is not None:
            self.store.save_search(name, query)
            self.filter_box.set_saved_searches(self._saved_searches())
            self.filter_box.folders.setCurrentIndex(self.filter_box.folders.findText(name))

    def _delete_search(self, name: str) -> None:
        if self.store is not None:
            self.store.delete_search(name)
            self.filter_box.set_saved_searches(self._saved_searches())

    def _update_counts(self) -> None:
        total = len(self.model.entries())
        read, shown = self.model.read_count()
        text = f"{shown} of {total} entries · {read} read" if shown != total else f"{total} entries · {read} read"
        self.count_label.setText(text)

    # ----- dialogs and modes --------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        """Ask for a notes folder and open it (Ctrl+O)."""
        folder = QFileDialog.getExistingDirectory(self, "Open a notes folder", str(self.collection_path or Path.home()))
        if folder:
            self.open_collection(Path(folder))

    def choose_file(self) -> None:
        """Ask for a single note file and open it."""
        name, _ = QFileDialog.getOpenFileName(self, "Open a note file", str(self.collection_path or Path.home()),
                                              "Notes (*.md *.markdown *.txt);;All files (*)")
        if name:
            self.open_collection(Path(name))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = config.recent_collections()
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(icons.icon("folder" if path.is_dir() else "entry"), str(path),
                                       lambda p=path: self.open_collection(p))

    def toggle_distraction_free(self) -> None:
        """Hide or show the tree, side panel, toolbar and status bar (F11)."""
        self._distraction_free = not self._distraction_free
        visible = not self._distraction_free
        self.navigator.setVisible(visible)
        self.side_panel.setVisible(visible)
        self.toolbar.setVisible(visible)
        self.statusBar().setVisible(visible)
        self.actions_by_name["focus"].setChecked(self._distraction_free)
        if self._distraction_free:
            self.reader.setFocus()

    def show_warnings(self) -> None:
        """List what the importer could not read cleanly (encodings, images, unrecognised files)."""
        warnings = list(getattr(self.collection, "warnings", []) or []) if self.collection else []
        lines = [f"{w.source}{':' + str(w.line) if w.line else ''}: [{w.kind}] {w.message}" for w in warnings]
        box = self._message(QMessageBox.Icon.Information, "Scan warnings",
                            f"{_plural(len(lines), 'warning')} while reading this collection."
                            if lines else "No warnings: every file was read cleanly.")
        if lines:
            box.setDetailedText("\n".join(lines))

    def show_shortcuts(self) -> None:
        """List every shortcut (?)."""
        from paperdesk.gui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.shortcut_actions(), self).exec()

    def show_export(self) -> None:
        """Open the export dialog (Ctrl+E)."""
        if self.collection is None or self.store is None:
            self.statusBar().showMessage("Nothing to export yet", 3000)
            return
        from paperdesk.gui.export_dialog import ExportDialog

        selected = self.selected_entry_ids()
        filtered = self.model.visible_entry_ids() if self.model.filter_ids() is not None else None
        ExportDialog(self.collection, self.store, current=self.current_id, selected=selected,
                     filtered=filtered, parent=self).exec()

    def show_stats(self) -> None:
        """Open the reading statistics."""
        if self.collection is None or self.store is None:
            return
        from paperdesk.gui.stats_view import StatsDialog

        StatsDialog(self.collection.entries, self.store, self).exec()

    def show_settings(self) -> None:
        """Open the settings dialog (Ctrl+,)."""
        from paperdesk.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.store, self)
        if dialog.exec():
            self.apply_settings()

    def set_theme(self, mode: str) -> None:
        """Use the light or dark look, or follow the system ("auto"); remembered."""
        prefs.put(self.settings, "theme", mode)
        self.apply_settings()

    def apply_settings(self) -> None:
        """Apply theme, zoom and per-collection settings after they changed."""
        self._theme_override = None
        mode = self.theme_mode()
        self.theme_name = theme.apply_theme(mode)
        icons.refresh_icons(self)
        self.reader.set_theme(mode)
        self.reader.set_zoom(prefs.get(self.settings, "zoom"))
        self.reader.set_allow_remote(bool(self._store_setting("allow_remote_images", False)))
        self.side_panel.set_palette(self._palette())
        self.model.layoutChanged.emit()
        self._update_side_panel()
        for key in theme.THEMES:
            self.actions_by_name[f"theme-{key}"].setChecked(key == mode)

    def theme_mode(self) -> str:
        """Return the theme setting in force: "auto", "light" or "dark"."""
        mode = self._theme_override or prefs.get(self.settings, "theme")
        return mode if mode in theme.THEMES else "auto"

    def _on_system_scheme(self, *_args: Any) -> None:
        if self.theme_mode() == "auto":
            self.theme_name = theme.apply_theme("auto")
            icons.refresh_icons(self)
            self.model.layoutChanged.emit()

    def show_about(self) -> None:
        """Say what paperdesk is."""
        from paperdesk import __version__

        QMessageBox.about(self, "About paperdesk",
                          rich("<b>paperdesk {}</b><p>A desktop reader and annotator for "
                               "paper-reading notes written in Markdown.</p>", __version__))

    def show_error(self, title: str, message: str) -> None:
        """Tell the user about a problem in a message box (and the status bar)."""
        self.statusBar().showMessage(f"{title}: {message}", 10000)
        log.warning("%s: %s", title, message)
        self._message(QMessageBox.Icon.Warning, title, message)

    def _message(self, icon: QMessageBox.Icon, title: str, message: str) -> QMessageBox:
        """Show a window-modal message box without blocking (tests and the event loop go on)."""
        box = message_box(icon, title, message, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        return box


def _dropped_path(mime: QMimeData) -> Path | None:
    """The first local folder or file of a drop, or None."""
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile() and Path(url.toLocalFile()).exists():
            return Path(url.toLocalFile())
    return None


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
