"""The window's actions with their icons and shortcuts, its menus, toolbar and the tree's context menu."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from paperdesk import config
from paperdesk.gui import icons
from paperdesk.gui.entry_actions import ENTRY_ACTIONS, EntryActions
from paperdesk.gui.keys import SEARCH_SHORTCUT, KeySpec, key_sequences
from paperdesk.gui.navigator.arrangement import GROUPING_LABELS, Sort
from paperdesk.gui.safe_text import tip
from paperdesk.gui.window.chrome import main_toolbar, top_menu
from paperdesk.gui.window.pane_focus import PaneFocus
from paperdesk.vocab import STATUSES, Theme

if TYPE_CHECKING:
    from paperdesk.gui.search_dock import SearchDock
    from paperdesk.gui.window.main_window import MainWindow

SORT_LABELS = {Sort.YEAR: "Year (newest first)", Sort.TITLE: "Title", Sort.RECENT: "Recently opened"}
THEME_LABELS = {Theme.AUTO: "Follow the System", Theme.LIGHT: "Light", Theme.DARK: "Dark"}


class WindowActions:
    """Builds every action of a window (kept in `by_name`), its menus and toolbar; actions call the window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.by_name: dict[str, QAction] = {}
        self.search: SearchDock | None = None   # made on first use: no full-text work before
        self.pane_focus = PaneFocus(window)
        self._build_actions()
        self._build_menus()

    def _action(self, name: str, text: str, icon: str, keys: tuple[KeySpec, ...] = (),
                slot: Callable[[], object] | None = None, *, checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        icons.set_icon(action, icon)
        sequences = key_sequences(keys)
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
        if sequences:
            keys_text = sequences[0].toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')}  ({keys_text})")
        if slot is not None:
            action.triggered.connect(self._on_built_window(slot))
        self.window.addAction(action)
        self.by_name[name] = action
        return action

    def _build_actions(self) -> None:
        a = self._action
        w = self.window
        a("open", "&Open Folder…", "open", ("Ctrl+O",), w.commands.choose_folder)
        a("open-file", "Open &File…", "entry", ("Ctrl+Shift+O",), w.commands.choose_file)
        a("reload", "&Reload Collection", "reload", ("F5",), w.reload_collection)
        a("export", "&Export…", "export", ("Ctrl+E",), w.commands.show_export)
        a("warnings", "Scan &Warnings…", "warning", (), lambda: w.dialogs.warnings(w.collection))
        a("quit", "&Quit", "quit", ("Ctrl+Q",), w.close)
        a("next", "Next Entry", "next", ("J",), lambda: w.step(1))
        a("previous", "Previous Entry", "previous", ("K",), lambda: w.step(-1))
        a("next-unread", "Next Search Hit, else Next Unread", "next-unread", ("N",), lambda: w.next_hit_or_unread(1),
          tip="With words in the filter and hits in this entry: the next hit; otherwise the next unread entry")
        a("previous-hit", "Previous Search Hit", "previous", ("Shift+N",), lambda: w.next_hit_or_unread(-1))
        a("previous-unread", "Previous Unread", "previous-unread", ("P",), lambda: w.step(-1, unread_only=True))
        a("filter", "Focus &Filter", "filter", ("/",), lambda: w.filter_box.focus())
        a("focus-list", "Focus the &List", "group", ("Ctrl+L",), self.pane_focus.focus_list)
        a("next-pane", "Next &Pane", "next-pane", ("F6",), lambda: self.pane_focus.cycle(1),
          tip="Move the keyboard focus: list, reader, side panel")
        a("previous-pane", "Previous Pa&ne", "previous-pane", ("Shift+F6",), lambda: self.pane_focus.cycle(-1))
        a("search", "&Search Notes…", "search", (SEARCH_SHORTCUT,), self.show_search,
          tip="Ranked full-text search with the best passage of each note")
        a("status", "Cycle Reading &Status", "status", ("R",), w.annotations.cycle_status)
        for n, status in enumerate(STATUSES, start=1):
            a(f"mark-{status}", f"Mark as {status.capitalize()}", status, (f"Alt+{n}",),
              lambda s=status: w.annotations.set_status(s))
        a("tags", "Edit &Tags", "tags", ("T",), w.focus_tags)
        a("rename-tag", "Rena&me Tag…", "rename", (), w.annotations.ask_rename_tag)
        for n in range(1, 6):
            a(f"highlight-{n}", f"Highlight Selection in Colour {n}", "highlight", (str(n),),
              lambda _=False, c=n - 1: w.reader.apply_highlight_color(c))
        a("highlight-paragraph", "Highlight This Paragraph (Colour 1)", "highlight", ("H",),
          lambda: w.reader.modes.highlight_paragraph(0), tip="The paragraph at the reading position, or the caret's")
        a("caret", "Caret Mode (Select with the Keyboard)", "mdi6.cursor-text", ("F7",), w.reader.modes.toggle_caret_mode,
          tip="Arrows move a caret; Shift extends (Ctrl: words, Alt: sentences, Ctrl+Up/Down: paragraphs); 1-5 highlight")
        undo = w.undo_stack.createUndoAction(w, "&Undo")
        icons.set_icon(undo, "undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = w.undo_stack.createRedoAction(w, "&Redo")
        icons.set_icon(redo, "redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # A toolbar button's tooltip is its action's text read as rich text, and the undo
        # text names tags and titles from notes: give both actions escaped tooltips.
        w.undo_stack.undoTextChanged.connect(partial(_escaped_tooltip, undo, "Undo"))
        w.undo_stack.redoTextChanged.connect(partial(_escaped_tooltip, redo, "Redo"))
        undo.setToolTip("Undo")
        redo.setToolTip("Redo")
        for name, action in (("undo", undo), ("redo", redo)):
            w.addAction(action)
            self.by_name[name] = action
        for name, action, icon in zip(("zoom-in", "zoom-out", "zoom-reset"), w.reader.zoom_actions(),
                                      ("zoom-in", "zoom-out", "zoom-reset"), strict=True):
            icons.set_icon(action, icon)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.by_name[name] = action
        a("focus", "&Distraction-Free Reading", "fullscreen", ("F11",), w.looks.toggle_distraction_free,
          checkable=True)
        a("dark", "&Dark Mode", "theme", ("Ctrl+Shift+D",), w.looks.toggle_dark, checkable=True,
          tip="Switch between the light and the dark look").setChecked(w.looks.theme_name == Theme.DARK)
        a("stats", "Reading &Statistics…", "stats", ("Ctrl+I",), lambda: w.dialogs.stats(w.collection, w.store, dark=w.looks.theme_name == Theme.DARK))
        a("all-highlights", "All &Highlights…", "highlight", ("Ctrl+Shift+H",), w.commands.show_all_highlights)
        a("settings", "&Settings…", "settings", ("Ctrl+,",), w.commands.show_settings)
        a("shortcuts", "&Keyboard Shortcuts", "shortcuts", ("?", "Shift+?", "F1"), lambda: w.dialogs.shortcuts(self.shortcut_actions()))
        a("about", "&About paperdesk", "about", (), w.dialogs.about)
        self.entry_actions = EntryActions(w, w.settings, w.current_entry, lambda: w.collection)
        self.entry_actions.message.connect(lambda text: w.statusBar().showMessage(text, 5000))
        self.by_name.update(self.entry_actions.actions)

    def _build_menus(self) -> None:
        w = self.window
        act = self.by_name
        file_menu = top_menu(w, "&File")
        file_menu.addAction(act["open"])
        file_menu.addAction(act["open-file"])
        self.recent_menu = file_menu.addMenu(icons.icon("recent"), "Open &Recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        file_menu.addAction(act["reload"])
        file_menu.addAction(act["warnings"])
        file_menu.addSeparator()
        file_menu.addAction(act["export"])
        file_menu.addSeparator()
        file_menu.addAction(act["quit"])

        edit = top_menu(w, "&Edit")
        edit.addAction(act["undo"])
        edit.addAction(act["redo"])
        edit.addSeparator()
        edit.addAction(act["status"])
        for status in STATUSES:
            edit.addAction(act[f"mark-{status}"])
        edit.addAction(act["tags"])
        edit.addAction(act["rename-tag"])
        highlight_menu = edit.addMenu("&Highlight Selection")
        icons.set_icon(highlight_menu.menuAction(), "highlight")
        for n in range(1, 6):
            highlight_menu.addAction(act[f"highlight-{n}"])
        highlight_menu.addSeparator()
        highlight_menu.addAction(act["highlight-paragraph"])
        highlight_menu.addAction(act["caret"])
        edit.addSeparator()
        edit.addAction(act["filter"])
        edit.addAction(act["search"])
        edit.addAction(act["settings"])

        entry_menu = top_menu(w, "E&ntry")
        self.entry_actions.fill(entry_menu)

        go = top_menu(w, "&Go")
        for name in ("next", "previous", "next-unread", "previous-unread", "previous-hit", None,
                     "focus-list", "next-pane", "previous-pane"):
            if name is None:
                go.addSeparator()
            else:
                go.addAction(act[name])

        view = top_menu(w, "&View")
        group_menu = self._choices(view, "&Group By", "group", "group", w.grouping(), w.set_grouping,
                                   [(key, label, "group") for key, label in GROUPING_LABELS.items()])
        sort_menu = self._choices(view, "&Sort By", "sort", "sort", w.sort_order(), w.set_sort,
                                  [(key, label, f"sort-{key}") for key, label in SORT_LABELS.items()])
        self._choices(view, "&Theme", "theme", "theme", w.looks.theme_mode(), w.looks.set_theme,
                      [(key, label, "theme") for key, label in THEME_LABELS.items()])
        view.addAction(act["dark"])
        view.addSeparator()
        for name in ("zoom-in", "zoom-out", "zoom-reset"):
            view.addAction(act[name])
        view.addSeparator()
        view.addAction(act["focus"])
        view.addAction(act["stats"])
        view.addAction(act["all-highlights"])

        help_menu = top_menu(w, "&Help")
        help_menu.addAction(act["shortcuts"])
        help_menu.addAction(act["about"])

        self.toolbar = main_toolbar(w)   # reserved with the window's frame (chrome.py)
        for name in ("open", None, "previous", "next", "next-unread", None, "undo", "redo", None,
                     "group", "sort", None, "export", "stats", None, "focus", "settings"):
            if name is None:
                self.toolbar.addSeparator()
            elif name in ("group", "sort"):
                button = QToolButton()
                icons.set_icon(button, name)
                button.setMenu(group_menu if name == "group" else sort_menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                button.setToolTip("Group the list by…" if name == "group" else "Sort the list by…")
                self.toolbar.addWidget(button)
            else:
                self.toolbar.addAction(act[name])

    def _choices(self, menu: QMenu, title: str, icon: str, prefix: str, current: str,
                 slot: Callable[[str], object], choices: list[tuple[str, str, str]]) -> QMenu:
        """Add a submenu of exclusive, checkable choices (key, label, icon); each calls slot(key)."""
        submenu = menu.addMenu(title)
        icons.set_icon(submenu.menuAction(), icon)
        group = QActionGroup(submenu)
        for key, label, choice_icon in choices:
            action = QAction(label, self.window, checkable=True)
            icons.set_icon(action, choice_icon)
            action.setChecked(key == current)
            action.triggered.connect(self._on_built_window(lambda k=key: slot(k)))
            group.addAction(action)
            submenu.addAction(action)
            self.by_name[f"{prefix}-{key}"] = action
        return submenu

    def _on_built_window(self, slot: Callable[[], object]) -> Callable[[], None]:
        """`slot`, run once the window is whole: a key pressed before a staged window's panes
        are built builds them first."""
        window = self.window

        def run() -> None:
            window.finish_building()
            slot()

        return run

    def show_search(self) -> None:
        """Show the ranked search dock (built on first use) and put the cursor in its query."""
        if self.search is None:
            # the full-text machinery is imported on first use, not before the first paint
            from paperdesk.gui.search_dock import SearchDock

            w = self.window
            self.search = SearchDock(w.session, w.reader, w.show_entry, w)
        self.search.show_and_focus()

    def shortcut_actions(self) -> list[QAction]:
        """Return every window action in menu order (for the shortcuts dialog and tests)."""
        order = ["open", "open-file", "reload", "warnings", "export", "quit", "undo", "redo", "status",
                 *[f"mark-{status}" for status in STATUSES], "tags", "rename-tag",
                 *[f"highlight-{n}" for n in range(1, 6)], "highlight-paragraph", "caret", "filter", "search", "settings",
                 "next", "previous", "next-unread", "previous-hit", "previous-unread", "focus-list", "next-pane",
                 "previous-pane", "zoom-in", "zoom-out", "zoom-reset", "dark", "focus", "stats",
                 "all-highlights", "shortcuts", *(name for name, *_rest in ENTRY_ACTIONS)]
        return [self.by_name[n] for n in order]

    def fill_recent(self) -> None:
        """List the recently opened collections in File › Open Recent."""
        self.recent_menu.clear()
        recent = config.recent_collections()
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for path in recent:
            self.recent_menu.addAction(icons.icon("folder" if path.is_dir() else "entry"), str(path),
                                       lambda p=path: self.window.open_collection(p))

    def tree_menu(self, entry_ids: list[str]) -> QMenu:
        """The navigator's context menu for the selected entries: mark them, export."""
        w = self.window
        menu = QMenu(w)
        for status in STATUSES:
            label = f"Mark {'Selection' if len(entry_ids) > 1 else 'Entry'} as {status.capitalize()}"
            menu.addAction(icons.icon(status), label, lambda s=status: w.annotations.set_status_of(entry_ids, s))
        menu.addSeparator()
        if len(entry_ids) == 1:
            self.entry_actions.fill(menu)
            menu.addSeparator()
        menu.addAction(self.by_name["export"])
        return menu


def _escaped_tooltip(action: QAction, verb: str, text: str) -> None:
    """Give an undo/redo action the tooltip "<verb> <text>", escaped (dropped once the action is gone)."""
    if shiboken6.isValid(action):
        action.setToolTip(tip(f"{verb} {text}".strip()))
