"""The tree's title column shortens an entry's title at its end and a group's label in its middle."""

from __future__ import annotations

from navigator_fixtures import FakeEntry, FakeStore
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from paperdesk.gui.navigator.pane import NavigatorPane
from paperdesk.gui.navigator.tree_model import COL_TITLE, EntryIdRole


def _first_entry(model, parent: QModelIndex) -> QModelIndex:
    for row in range(model.rowCount(parent)):
        index = model.index(row, COL_TITLE, parent)
        if index.data(EntryIdRole):
            return index
        found = _first_entry(model, index)
        if found.isValid():
            return found
    return QModelIndex()


def test_titles_keep_their_start_and_groups_keep_their_count(qtbot):
    pane = NavigatorPane(lambda: None)
    qtbot.addWidget(pane)
    long = FakeEntry("x", "Denoising Diffusion Probabilistic Models", "Generative Models of Images", 2020, "k:x")
    pane.model.set_entries([long], FakeStore())
    group = pane.model.index(0, COL_TITLE)
    entry = _first_entry(pane.model, QModelIndex())
    assert group.isValid() and entry.isValid() and not group.data(EntryIdRole)
    delegate = pane.tree.itemDelegateForColumn(COL_TITLE)
    modes = {}
    for name, index in (("group", group), ("entry", entry)):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, index)
        modes[name] = option.textElideMode
        width = QFontMetrics(option.font).horizontalAdvance(option.text) * 3 // 4
        modes[name + " text"] = QFontMetrics(option.font).elidedText(option.text, option.textElideMode, width)
    assert modes["group"] == Qt.TextElideMode.ElideMiddle
    assert modes["entry"] == Qt.TextElideMode.ElideRight
    assert modes["group text"].endswith(group.data().split()[-1])        # "Vis…on  0/3": the count stays
    assert modes["entry text"].startswith(entry.data().split()[0])       # "Attention Is…": the start stays
