"""The main window's actions, shortcuts, menus and toolbar (a mixin of MainWindow)."""

from __future__ import annotations

from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from paperdesk.gui import icons
from paperdesk.gui.entry_actions import ENTRY_ACTIONS, EntryActions
from paperdesk.gui.keys import key_sequences
from paperdesk.gui.safe_text import tip
from paperdesk.gui.tree_model import GROUPING_LABELS

SORT_LABELS = {"year": "Year (newest first)", "title": "Title", "recent": "Recently opened"}


class WindowMenus:
    """Builds every action with its icon and shortcut, the menus and the toolbar."""

    def _action(self, name: str, text: str, icon: str, keys: tuple[Any, ...] = (), slot: Any = None,
                *, checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self)
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
        icons.set_icon(undo, "undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        icons.set_icon(redo, "redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # A toolbar button's tooltip is its action's text read as rich text, and the undo
        # text names tags and titles from notes: give both actions escaped tooltips.
        self.undo_stack.undoTextChanged.connect(partial(_escaped_tooltip, undo, "Undo"))
        self.undo_stack.redoTextChanged.connect(partial(_escaped_tooltip, redo, "Redo"))
        undo.setToolTip("Undo")
        redo.setToolTip("Redo")
        for name, action in (("undo", undo), ("redo", redo)):
            self.addAction(action)
            self.actions_by_name[name] = action
        for name, action, icon in zip(("zoom-in", "zoom-out", "zoom-reset"), self.reader.zoom_actions(),
                                      ("zoom-in", "zoom-out", "zoom-reset"), strict=True):
            icons.set_icon(action, icon)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.actions_by_name[name] = action
        a("focus", "&Distraction-Free Reading", "fullscreen", ("F11",), self.toggle_distraction_free,
          checkable=True)
        a("stats", "Reading &Statistics…", "stats", ("Ctrl+I",), self.show_stats)
        a("all-highlights", "All &Highlights…", "highlight", ("Ctrl+Shift+H",), self.show_all_highlights)
        a("settings", "&Settings…", "settings", ("Ctrl+,",), self.show_settings)
        a("shortcuts", "&Keyboard Shortcuts", "shortcuts", ("?", "Shift+?", "F1"), self.show_shortcuts)
        a("about", "&About paperdesk", "about", (), self.show_about)
        self.entry_actions = EntryActions(self, self.settings, self.current_entry, lambda: self.collection)
        self.entry_actions.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.actions_by_name.update(self.entry_actions.actions)

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
        highlight_menu = edit.addMenu("&Highlight Selection")
        icons.set_icon(highlight_menu.menuAction(), "highlight")
        for n in range(1, 6):
            highlight_menu.addAction(act[f"highlight-{n}"])
        edit.addSeparator()
        edit.addAction(act["filter"])
        edit.addAction(act["settings"])

        entry_menu = bar.addMenu("E&ntry")
        self.entry_actions.fill(entry_menu)

        go = bar.addMenu("&Go")
        for name in ("next", "previous", "next-unread", "previous-unread"):
            go.addAction(act[name])

        view = bar.addMenu("&View")
        group_menu = self._choices(view, "&Group By", "group", "group", self.model.grouping(), self.set_grouping,
                                   [(key, label, "group") for key, label in GROUPING_LABELS.items()])
        sort_menu = self._choices(view, "&Sort By", "sort", "sort", self.model.sort_order(), self.set_sort,
                                  [(key, label, f"sort-{key}") for key, label in SORT_LABELS.items()])
        self._choices(view, "&Theme", "theme", "theme", self.theme_mode(), self.set_theme,
                      [("auto", "Follow the System", "theme"), ("light", "Light", "theme"), ("dark", "Dark", "theme")])
        view.addSeparator()
        for name in ("zoom-in", "zoom-out", "zoom-reset"):
            view.addAction(act[name])
        view.addSeparator()
        view.addAction(act["focus"])
        view.addAction(act["stats"])
        view.addAction(act["all-highlights"])

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
                icons.set_icon(button, name)
                button.setMenu(group_menu if name == "group" else sort_menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                button.setToolTip("Group the list by…" if name == "group" else "Sort the list by…")
                self.toolbar.addWidget(button)
            else:
                self.toolbar.addAction(act[name])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _choices(self, menu: QMenu, title: str, icon: str, prefix: str, current: str, slot: Any,
                 choices: list[tuple[str, str, str]]) -> QMenu:
        """Add a submenu of exclusive, checkable choices (key, label, icon); each calls slot(key)."""
        submenu = menu.addMenu(title)
        icons.set_icon(submenu.menuAction(), icon)
        group = QActionGroup(submenu)
        for key, label, choice_icon in choices:
            action = QAction(label, self, checkable=True)
            icons.set_icon(action, choice_icon)
            action.setChecked(key == current)
            action.triggered.connect(lambda _=False, k=key: slot(k))
            group.addAction(action)
            submenu.addAction(action)
            self.actions_by_name[f"{prefix}-{key}"] = action
        return submenu

    def shortcut_actions(self) -> list[QAction]:
        """Return every window action in menu order (for the shortcuts dialog and tests)."""
        order = ["open", "open-file", "reload", "warnings", "export", "quit", "undo", "redo", "status", "tags", "rename-tag",
                 *[f"highlight-{n}" for n in range(1, 6)], "filter", "settings", "next", "previous",
                 "next-unread", "previous-unread", "zoom-in", "zoom-out", "zoom-reset", "focus", "stats",
                 "all-highlights", "shortcuts", *(name for name, *_rest in ENTRY_ACTIONS)]
        return [self.actions_by_name[n] for n in order]


def _escaped_tooltip(action: QAction, verb: str, text: str) -> None:
    """Give an undo/redo action the tooltip "<verb> <text>", escaped (dropped once the action is gone)."""
    if shiboken6.isValid(action):
        action.setToolTip(tip(f"{verb} {text}".strip()))
