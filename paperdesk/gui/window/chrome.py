"""The window's menu bar and main toolbar, made before the actions that fill them.

A staged window paints its first page before its actions exist (they are built with the panes,
after that paint). The menu bar's top-level menus (empty) and the toolbar holding one blank
button of the real buttons' kind are made with the frame, so they already take the height they
will have: the page does not move down when the actions fill them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QPixmap
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

MENU_TITLES = ("&File", "&Edit", "E&ntry", "&Go", "&View", "&Help")
TOOLBAR_NAME = "mainToolbar"
_BLANK = "paperdeskBlank"   # the blank button's action, until the real ones come


def reserve_chrome(window: QMainWindow) -> QToolBar:
    """Give `window` its top-level menus (empty) and its main toolbar with one blank button."""
    bar = window.menuBar()
    for title in MENU_TITLES:
        # made here with the bar as parent, not by addMenu(title): PySide6 6.8.0.2 let the wrapper
        # addMenu(title) returned delete its menu when that wrapper went away ("already deleted")
        bar.addMenu(QMenu(title, bar))
    toolbar = QToolBar("Main")
    toolbar.setObjectName(TOOLBAR_NAME)
    toolbar.setMovable(False)
    toolbar.setIconSize(toolbar.iconSize() * 0.85)
    blank = QPixmap(toolbar.iconSize())
    blank.fill(Qt.GlobalColor.transparent)
    placeholder = QAction(QIcon(blank), "", toolbar)
    placeholder.setObjectName(_BLANK)
    placeholder.setEnabled(False)
    toolbar.addAction(placeholder)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return toolbar


def top_menu(window: QMainWindow, title: str) -> QMenu:
    """The window's top-level menu called `title`: the reserved one, else a new one."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text() == title:
            return menu
    bar = window.menuBar()
    menu = QMenu(title, bar)
    bar.addMenu(menu)
    return menu


def main_toolbar(window: QMainWindow) -> QToolBar:
    """The window's reserved main toolbar, its blank button removed (a new toolbar if none was reserved)."""
    toolbar = window.findChild(QToolBar, TOOLBAR_NAME)
    if toolbar is None:
        toolbar = reserve_chrome(window)
    for action in toolbar.actions():
        if action.objectName() == _BLANK:
            toolbar.removeAction(action)
            action.deleteLater()
    return toolbar
