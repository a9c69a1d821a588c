"""The main window: navigator tree | reader | side panel, with menus, shortcuts, undo and live reload."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QCursor,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from paperdesk import config
from paperdesk.gui import icons, prefs, theme
from paperdesk.gui.filter_box import FilterBox
from paperdesk.gui.reader_view import ReaderView
from paperdesk.gui.side_panel import SidePanel
from paperdesk.gui.tree_model import (
    COL_HIGHLIGHTS,
    COL_TAGS,
    COL_TITLE,
    GROUPING_LABELS,
    GROUPINGS,
    EntryTreeModel,
)
from paperdesk.gui.undo_commands import (
    AddHighlightCommand,
    AddTagCommand,
    EditHighlightCommand,
    RemoveHighlightCommand,
    RemoveTagCommand,
    RenameTagCommand,
    SetStatusCommand,
)
from paperdesk.gui.workers import ScanWorker
from paperdesk.paths import default_store_path

log = logging.getLogger(__name__)
STATUS_CYCLE = {"unread": "reading", "reading": "read", "read": "unread"}
SORT_LABELS = {"year": "Year (newest first)", "title": "Title", "recent": "Recently opened"}
RELOAD_DEBOUNCE_MS = 150
STORE_POLL_MS = 3000


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class MainWindow(QMainWindow):
    """The paperdesk window. `open_collection(path)` opens a folder or file with its store."""

    collectionLoaded = Signal()
    entryShown = Signal(str)          # entry id, once its page is painted
    loadFailed = Signal(str)

    def __init__(self, settings: QSettings | None = None, *, theme_override: str | None = None) -> None:
        super().__init__()
        self.settings = settings or prefs.app_settings()
        self._theme_override = theme_override
        self.persist_layout = True
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
        self.setWindowIcon(icons.icon("app", "#3b6fd8"))
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
        self.undo_stack.indexChanged.connect(lambda _i: self._note_change("undo", ""))
        # Another paperdesk (or `paperdesk mark/tag`) may write the same store: pick its changes up.
        self._store_timer = QTimer(self, interval=STORE_POLL_MS)
        self._store_timer.timeout.connect(self.refresh_store)
        self._store_timer.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(
                lambda state: self.refresh_store() if state == Qt.ApplicationState.ApplicationActive else None)
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
        nav_layout.addWidget(self.filter_box)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
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
        header.setSectionResizeMode(COL_HIGHLIGHTS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TAGS, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        nav_layout.addWidget(self.tree, 1)

        self.reader = ReaderView(self)
        self.reader.pageReady.connect(self._on_page_ready)
        self.reader.highlightCreated.connect(self._on_highlight_created)
        self.reader.highlightClicked.connect(self._on_highlight_clicked)
        self.reader.highlightsAnchored.connect(self._on_anchored)
        self.reader.entryLinkActivated.connect(lambda eid, anchor: self.show_entry(eid, anchor=anchor or None))
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
        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.count_label)

    def _action(self, name: str, text: str, icon: str, keys: tuple[Any, ...] = (), slot: Any = None,
                *, checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(icons.icon(icon), text, self)
        sequences: list[QKeySequence] = []
        for key in keys:
            if isinstance(key, QKeySequence.StandardKey):
                sequences.extend(QKeySequence.keyBindings(key))
            else:
                sequences.append(QKeySequence(key))
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        a("open", "&Open Folder…", "open", ("Ctrl+O",), self.choose_folder)
        a("open-file", "Open &File…", "entry", ("Ctrl+Shift+O",), self.choose_file)
        a("reload", "&Reload Collection", "reload", ("F5",), self.reload_collection)
        a("export", "&Export…", "export", ("Ctrl+E",), self.show_export)
        a("warnings", "Scan &Warnings…", "warning", (), self.show_warnings)
        a("quit", "&Quit", "quit", ("Ctrl+Q",), self.close)
        a("next", "Next Entry", "next", ("J",), self.next_entry)
        a("previous", "Previous Entry", "previous", ("K",), self.previous_entry)
        a("next-unread", "Next Unread", "next-unread", ("N",), self.next_unread)
        a("previous-unread", "Previous Unread", "previous-unread", ("P",), self.previous_unread)
        a("filter", "Focus &Filter", "filter", ("/",), self.filter_box.focus)
        a("status", "Cycle Reading &Status", "status", ("R",), self.cycle_status)
        a("tags", "Edit &Tags", "tags", ("T",), self.focus_tags)
        a("rename-tag", "Rena&me Tag…", "rename", (), self.ask_rename_tag)
        for n in range(1, 6):
            a(f"highlight-{n}", f"Highlight Selection in Colour {n}", "highlight", (str(n),),
              lambda _=False, c=n - 1: self.reader.apply_highlight_color(c))
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setIcon(icons.icon("undo"))
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setIcon(icons.icon("redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for name, action in (("undo", undo), ("redo", redo)):
            self.addAction(action)
            self.actions_by_name[name] = action
        for name, action, icon in zip(("zoom-in", "zoom-out", "zoom-reset"), self.reader.zoom_actions(),
                                      ("zoom-in", "zoom-out", "zoom-reset"), strict=True):
            action.setIcon(icons.icon(icon))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.actions_by_name[name] = action
        a("focus", "&Distraction-Free Reading", "fullscreen", ("F11",), self.toggle_distraction_free,
          checkable=True)
        a("stats", "Reading &Statistics…", "stats", ("Ctrl+I",), self.show_stats)
        a("settings", "&Settings…", "settings", ("Ctrl+,",), self.show_settings)
        a("shortcuts", "&Keyboard Shortcuts", "shortcuts", ("?", "Shift+?", "F1"), self.show_shortcuts)
        a("about", "&About paperdesk", "about", (), self.show_about)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        act = self.actions_by_name
        file_menu = bar.addMenu("&File")
        file_menu.addAction(act["open"])
        file_menu.addAction(act["open-file"])
        self.recent_menu = file_menu.addMenu(icons.icon("recent"), "Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(act["reload"])
        file_menu.addAction(act["warnings"])
        file_menu.addSeparator()
        file_menu.addAction(act["export"])
        file_menu.addSeparator()
        file_menu.addAction(act["quit"])

        edit = bar.addMenu("&Edit")
        edit.addAction(act["undo"])
        edit.addAction(act["redo"])
        edit.addSeparator()
        edit.addAction(act["status"])
        edit.addAction(act["tags"])
        edit.addAction(act["rename-tag"])
        highlight_menu = edit.addMenu(icons.icon("highlight"), "&Highlight Selection")
        for n in range(1, 6):
            highlight_menu.addAction(act[f"highlight-{n}"])
        edit.addSeparator()
        edit.addAction(act["filter"])
        edit.addAction(act["settings"])

        go = bar.addMenu("&Go")
        for name in ("next", "previous", "next-unread", "previous-unread"):
            go.addAction(act[name])

        view = bar.addMenu("&View")
        group_menu = view.addMenu(icons.icon("group"), "&Group By")
        self.grouping_group = QActionGroup(self)
        for key, label in GROUPING_LABELS.items():
            action = QAction(icons.icon("group"), label, self, checkable=True)
            action.setChecked(key == self.model.grouping())
            action.triggered.connect(lambda _=False, k=key: self.set_grouping(k))
            self.grouping_group.addAction(action)
            group_menu.addAction(action)
            self.actions_by_name[f"group-{key}"] = action
        sort_menu = view.addMenu(icons.icon("sort"), "&Sort By")
        self.sort_group = QActionGroup(self)
        for key, label in SORT_LABELS.items():
            action = QAction(icons.icon(f"sort-{key}"), label, self, checkable=True)
            action.setChecked(key == self.model.sort_order())
            action.triggered.connect(lambda _=False, k=key: self.set_sort(k))
            self.sort_group.addAction(action)
            sort_menu.addAction(action)
            self.actions_by_name[f"sort-{key}"] = action
        theme_menu = view.addMenu(icons.icon("theme"), "&Theme")
        self.theme_group = QActionGroup(self)
        for key, label in (("auto", "Follow the System"), ("light", "Light"), ("dark", "Dark")):
            action = QAction(icons.icon("theme"), label, self, checkable=True)
            action.setChecked(key == self.theme_mode())
            action.triggered.connect(lambda _=False, k=key: self.set_theme(k))
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
            self.actions_by_name[f"theme-{key}"] = action
        view.addSeparator()
        for name in ("zoom-in", "zoom-out", "zoom-reset"):
            view.addAction(act[name])
        view.addSeparator()
        view.addAction(act["focus"])
        view.addAction(act["stats"])

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(act["shortcuts"])
        help_menu.addAction(act["about"])

        self.toolbar = QToolBar("Main")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(self.toolbar.iconSize() * 0.85)
        for name in ("open", None, "previous", "next", "next-unread", None, "undo", "redo", None,
                     "group", "sort", None, "export", "stats", None, "focus", "settings"):
            if name is None:
                self.toolbar.addSeparator()
            elif name in ("group", "sort"):
                button = QToolButton()
                button.setIcon(icons.icon(name))
                button.setMenu(group_menu if name == "group" else sort_menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                button.setToolTip("Group the list by…" if name == "group" else "Sort the list by…")
                self.toolbar.addWidget(button)
            else:
                self.toolbar.addAction(act[name])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def shortcut_actions(self) -> list[QAction]:
        """Return every window action in menu order (for the shortcuts dialog and tests)."""
        order = ["open", "open-file", "reload", "warnings", "export", "quit", "undo", "redo", "status", "tags", "rename-tag",
                 *[f"highlight-{n}" for n in range(1, 6)], "filter", "settings", "next", "previous",
                 "next-unread", "previous-unread", "zoom-in", "zoom-out", "zoom-reset", "focus", "stats",
                 "shortcuts"]
        return [self.actions_by_name[n] for n in order]

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
        worker = ScanWorker(self.collection_path, self)
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
        self.progress.hide()
        self.statusBar().showMessage(f"Could not load the collection: {message}")
        self.show_error("Cannot read the collection", message)
        self.loadFailed.emit(message)

    def _on_loaded(self, collection: Any) -> None:
        self.progress.hide()
        self.collection = collection
        self.model.set_entries(collection.entries, self.store)
        self.model.set_opened(self._opened)
        self._build_index()
        if self.filter_box.text():
            self.apply_filter(self.filter_box.text())
        self._watch()
        self._refresh_known_tags()
        n = len(collection.entries)
        if n <= 400:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        warnings = len(getattr(collection, "warnings", []) or [])
        self.statusBar().showMessage(
            f"{_plural(n, 'entry', 'entries')} from {_plural(len(collection.files), 'file')}"
            + (f", {_plural(warnings, 'warning')} (File › Scan Warnings)" if warnings else ""), 8000)
        self.actions_by_name["warnings"].setEnabled(bool(warnings))
        self._update_counts()
        last = self._store_setting("last_entry", None)
        target = last if last and collection.entry(last) is not None else None
        visible = self.model.visible_entry_ids()
        target = target or (visible[0] if visible else None)
        if target:
            self.show_entry(target)
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

    def _on_reloaded(self, collection: Any) -> None:
        before = self.current_entry()
        self.collection = collection
        self.model.replace_entries(collection.entries)
        self._build_index()
        if self.filter_box.text():
            self.apply_filter(self.filter_box.text())
        self._watch()
        self._update_counts()
        after = collection.entry(self.current_id) if self.current_id else None
        if after is not None and after != before:  # only when the open entry itself changed
            self.reader.show_entry(after, collection, self._header(after.id))
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

    def _header(self, entry_id: str) -> Any:
        """Build the page header (title, link, category, year, status, tags) for an entry."""
        entry = self.collection.entry(entry_id) if self.collection else None
        if entry is None:
            return None
        from paperdesk.render import EntryHeader

        tags = tuple(self.store.tags(entry.paper_key)) if self.store is not None else ()
        colors = {t: c for t in tags if (c := self._tag_color(t))}
        return EntryHeader(title=entry.title, paper_url=entry.links[0] if entry.links else None,
                           category=entry.category, year=entry.year, venue=entry.venue,
                           short_name=entry.short_name, status=self._status(entry.paper_key),
                           tags=tags, tag_colors=colors)

    def _update_page_header(self, entry: Any) -> None:
        """Show a new status and tags in the page header in place: no reload, the selection stays."""
        header = self._header(entry.id)
        if header is None:
            return
        if hasattr(self.reader, "set_header"):
            self.reader.set_header(header)  # used when the reader re-renders (theme change, live reload)
        else:
            self.reader._header = header
        tags = [[t, header.tag_colors.get(t) if _HEX.match(header.tag_colors.get(t) or "") else None]
                for t in header.tags]
        self.reader.run_in_page(f"({_HEADER_JS})({json.dumps(header.status)}, {json.dumps(tags)})")

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
            self.filter_box.show_problem(None)
            self._update_counts()
            return
        try:
            from paperdesk.query import parse_query

            query = parse_query(text)
            problems = list(getattr(query, "problems", ()) or ())
            ids = self.index.filter_query(query) if hasattr(self.index, "filter_query") else self.index.filter(text)
        except Exception as exc:
            problems, ids = [str(exc)], None
        self.filter_box.show_problem("; ".join(problems) if problems else None)
        if ids is not None:
            self.model.set_filter(ids)
            if len(ids) <= 400:
                self.tree.expandAll()
        self._update_counts()

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

    # ----- annotations (through the undo stack) -------------------------------------------------------
    def set_status(self, status: str) -> None:
        """Set the open entry's reading status (undoable)."""
        entry = self.current_entry()
        if entry is None or self.store is None or self._status(entry.paper_key) == status:
            self._update_side_panel()
            return
        self.undo_stack.push(SetStatusCommand(self.store, entry.paper_key, status, entry.title))
        self.statusBar().showMessage(f"Marked {status}", 2000)

    def cycle_status(self) -> None:
        """Cycle the open entry's status unread -> reading -> read (r)."""
        entry = self.current_entry()
        if entry is not None:
            self.set_status(STATUS_CYCLE.get(self._status(entry.paper_key), "reading"))

    def selected_entry_ids(self) -> list[str]:
        """Return the entries selected in the tree (each once, in tree order)."""
        ids = {self.model.entry_id(i) for i in self.tree.selectionModel().selectedRows(0)}
        return [eid for eid in self.model.visible_entry_ids() if eid in ids]

    def set_status_of(self, entry_ids: list[str], status: str) -> None:
        """Set the status of several entries as one undoable step."""
        if self.store is None or self.collection is None:
            return
        entries = [e for e in (self.collection.entry(i) for i in entry_ids) if e is not None]
        keys = list(dict.fromkeys(e.paper_key for e in entries if self._status(e.paper_key) != status))
        if not keys:
            return
        self.undo_stack.beginMacro(f"Mark {len(keys)} entries {status}")
        for key in keys:
            self.undo_stack.push(SetStatusCommand(self.store, key, status))
        self.undo_stack.endMacro()
        self.statusBar().showMessage(f"Marked {len(keys)} {status}", 2500)

    def _tree_menu(self, pos: Any) -> None:
        ids = self.selected_entry_ids()
        if not ids:
            return
        menu = QMenu(self)
        for status in ("unread", "reading", "read"):
            label = f"Mark {'Selection' if len(ids) > 1 else 'Entry'} as {status.capitalize()}"
            menu.addAction(icons.icon(status), label, lambda s=status: self.set_status_of(ids, s))
        menu.addSeparator()
        menu.addAction(self.actions_by_name["export"])
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _auto_reading(self) -> None:
        entry = self.current_entry()
        if entry is not None and self.store is not None and self._status(entry.paper_key) == "unread":
            self.store.set_status(entry.paper_key, "reading")
            self.statusBar().showMessage("Marked reading", 2000)

    def focus_tags(self) -> None:
        """Show the side panel if hidden and focus its tag editor (t)."""
        if self._distraction_free:
            self.toggle_distraction_free()
        self.side_panel.focus_tag_editor()

    def ask_rename_tag(self) -> None:
        """Ask for a tag and its new name, then rename (or merge) it everywhere (undoable)."""
        if self.store is None:
            return
        tags = sorted(self.store.all_tags(), key=str.casefold)
        if not tags:
            self.statusBar().showMessage("No tags yet", 3000)
            return
        old, ok = QInputDialog.getItem(self, "Rename tag", "Tag:", tags, 0, False)
        if not ok:
            return
        new, ok = QInputDialog.getText(self, "Rename tag", f"New name for “{old}” (an existing tag merges):", text=old)
        if ok:
            self.rename_tag(old, new)

    def rename_tag(self, old: str, new: str) -> None:
        """Rename or merge a tag across the collection (undoable)."""
        if self.store is not None and new.strip() and new.strip() != old:
            self.undo_stack.push(RenameTagCommand(self.store, old, new.strip()))

    def set_tag_color(self, tag: str, color: str) -> None:
        """Give a tag a colour ("" removes it); shown in the tree, the chips and the page header."""
        if self.store is not None:
            self.store.set_tag_color(tag, color or None)

    def add_tag(self, tag: str) -> None:
        """Add a tag to the open entry's paper (undoable)."""
        entry = self.current_entry()
        if entry is not None and self.store is not None and tag.strip():
            self.undo_stack.push(AddTagCommand(self.store, entry.paper_key, tag.strip()))

    def remove_tag(self, tag: str) -> None:
        """Remove a tag from the open entry's paper (undoable)."""
        entry = self.current_entry()
        if entry is not None and self.store is not None:
            self.undo_stack.push(RemoveTagCommand(self.store, entry.paper_key, tag))

    def _on_highlight_created(self, info: dict) -> None:
        entry = self.collection.entry(info.get("entry_id", "")) if self.collection else None
        if entry is None or self.store is None:
            return
        self.undo_stack.push(AddHighlightCommand(
            self.store, entry.id, entry.paper_key, self.reader.plain_text, int(info["start"]),
            int(info["end"]), int(info.get("color", 0))))

    def _find_highlight(self, highlight_id: str) -> Any:
        if self.store is None or self.current_id is None:
            return None
        return next((h for h in self.store.highlights(self.current_id) if h.id == highlight_id), None)

    def edit_highlight(self, highlight_id: str, *, note: str | None = None, color: int | None = None) -> None:
        """Change a highlight's note or colour (undoable)."""
        h = self._find_highlight(highlight_id)
        if h is not None:
            self.undo_stack.push(EditHighlightCommand(self.store, h, note=note, color=color))

    def delete_highlight(self, highlight_id: str) -> None:
        """Delete a highlight (undoable)."""
        if self._find_highlight(highlight_id) is not None:
            self.undo_stack.push(RemoveHighlightCommand(self.store, highlight_id))

    def _on_highlight_clicked(self, highlight_id: str) -> None:
        self.side_panel.popup_menu(highlight_id, QCursor.pos())

    def relink_highlight(self, highlight_id: str) -> None:
        """Re-attach an orphaned highlight to the text selected in the reader."""
        script = ("(function(){var s=window.getSelection(); if(!s||!s.rangeCount||s.isCollapsed) return null;"
                  "var c=document.getElementById('content')||document.body;"
                  "return JSON.stringify(window.paperdesk.offsetsFromRange(c, s.getRangeAt(0)));})()")

        def done(result: Any) -> None:
            offsets = _offsets(result)
            if offsets is None or self.store is None:
                self.statusBar().showMessage("Select the passage in the reader first, then relink.", 4000)
                return
            self.store.relink_highlight(highlight_id, self.reader.plain_text, *offsets)
            self.reader.refresh_highlights()

        if hasattr(self.reader, "selection_offsets"):
            self.reader.selection_offsets(lambda found: done(
                json.dumps({"start": found[0], "end": found[1]}) if found else None))
        else:
            self.reader.run_in_page(script, done)

    # ----- store change notifications --------------------------------------------------------------------
    def _note_change(self, kind: str, key: str) -> None:
        self._pending.append((kind, key))
        self._flush_timer.start()

    def _flush_changes(self) -> None:
        changes, self._pending = self._pending, []
        if self.store is None or self.collection is None or not changes:
            return
        kinds = {k for k, _ in changes}
        paper_keys = {e.paper_key for e in self.collection.entries}
        keys: set[str] | None = set()
        for kind, key in changes:
            if keys is None:
                break
            if kind in ("status", "tags") and key in paper_keys:
                keys.add(key)
            elif kind == "highlight" and self.collection.entry(key) is not None:
                keys.add(self.collection.entry(key).paper_key)
            elif kind in ("status", "tags", "highlight", "undo", "reload"):
                keys = None
        current = self.current_entry()
        if kinds & {"status", "tags", "highlight", "undo", "reload"}:
            self.model.refresh_annotations(keys)
            if self.index is not None:
                self.index.refresh_annotations(keys)
                if self.filter_box.text().strip():
                    self.apply_filter(self.filter_box.text())
            self._refresh_known_tags()
            self._update_counts()
        if kinds & {"search", "reload"}:
            self.filter_box.set_saved_searches(self._saved_searches())
        if kinds & {"palette", "reload"}:
            self.side_panel.set_palette(self._palette())
        if current is None:
            return
        touched = keys is None or current.paper_key in keys
        header = (self._status(current.paper_key), tuple(self.store.tags(current.paper_key)))
        if touched and kinds & {"status", "tags", "undo", "reload"} and header != self._shown_header:
            self._shown_header = header
            self._update_page_header(current)
        if touched and kinds & {"highlight", "palette", "undo", "reload"}:
            self.reader.refresh_highlights()
        self._update_side_panel()

    def _refresh_known_tags(self) -> None:
        if self.store is not None:
            self.side_panel.set_known_tags(list(self.store.all_tags()))

    # ----- store helpers ----------------------------------------------------------------------------------
    def _status(self, paper_key: str) -> str:
        return self.store.status(paper_key) if self.store is not None else "unread"

    def _tag_color(self, tag: str) -> str | None:
        try:
            return self.store.tag_color(tag) if self.store is not None else None
        except Exception:
            return None

    def _palette(self) -> list[tuple[str, str]]:
        try:
            return [tuple(p) for p in self.store.palette()] if self.store is not None else []
        except Exception:
            return []

    def _saved_searches(self) -> dict[str, str]:
        try:
            return dict(self.store.saved_searches()) if self.store is not None else {}
        except Exception:
            return {}

    def _store_setting(self, key: str, default: Any) -> Any:
        try:
            return self.store.setting(key, default) if self.store is not None else default
        except Exception:
            return default

    def _save_opened(self) -> None:
        if self.store is None:
            return
        try:
            if self._opened:
                self.store.set_setting("opened", dict(sorted(self._opened.items(), key=lambda kv: kv[1])[-500:]))
            if self.current_id:
                self.store.set_setting("last_entry", self.current_id)
        except Exception as exc:
            log.warning("could not save the reading position: %s", exc)

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
            self.model.layoutChanged.emit()

    def show_about(self) -> None:
        """Say what paperdesk is."""
        from paperdesk import __version__

        QMessageBox.about(self, "About paperdesk",
                          f"<b>paperdesk {__version__}</b><p>A desktop reader and annotator for "
                          "paper-reading notes written in Markdown.</p>")

    def show_error(self, title: str, message: str) -> None:
        """Tell the user about a problem in a message box (and the status bar)."""
        self.statusBar().showMessage(f"{title}: {message}", 10000)
        log.warning("%s: %s", title, message)
        self._message(QMessageBox.Icon.Warning, title, message)

    def _message(self, icon: QMessageBox.Icon, title: str, message: str) -> QMessageBox:
        """Show a window-modal message box without blocking (tests and the event loop go on)."""
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message = box
        return box


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


_HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_HEADER_JS = """function (status, tags) {
  var h = document.getElementById("entry-header"); if (!h) { return false; }
  var s = h.querySelector(".status");
  if (s) { s.textContent = status; s.className = "status status-" + status; }
  var box = h.querySelector(".entry-tags");
  if (!tags.length) { if (box) { box.remove(); } return true; }
  if (!box) { box = document.createElement("div"); box.className = "entry-tags"; h.appendChild(box); }
  box.textContent = "";
  tags.forEach(function (t) {
    var chip = document.createElement("span"); chip.className = "tag"; chip.setAttribute("data-tag", t[0]);
    if (t[1]) { var dot = document.createElement("span"); dot.className = "tag-dot";
                dot.style.background = t[1]; chip.appendChild(dot); }
    chip.appendChild(document.createTextNode(t[0])); box.appendChild(chip);
  });
  return true;
}"""


def _offsets(result: Any) -> tuple[int, int] | None:
    """Read (start, end) from what offsetsFromRange returned (JSON text): [s, e] or {start, end}."""
    try:
        if isinstance(result, str):
            result = json.loads(result) if result else None
        if isinstance(result, dict):
            start, end = int(result["start"]), int(result["end"])
        elif isinstance(result, (list, tuple)) and len(result) == 2:
            start, end = int(result[0]), int(result[1])
        else:
            return None
    except (KeyError, TypeError, ValueError):  # includes bad JSON
        return None
    return (start, end) if 0 <= start < end else None

