"""How a tree row that does not fit is shortened: an entry's title at its end, a group in its middle."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from paperdesk.gui.navigator.arrangement import NodeKind
from paperdesk.gui.navigator.tree_model import KindRole


class RowElision(QStyledItemDelegate):
    """The title column's delegate: a paper title's start says most ("Attention Is All You…"), while a
    group's label ends in its read/total count, which must stay visible ("Generative…ls  3/10")."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        """Qt: the view's options for this cell, with the elision its kind of row needs."""
        super().initStyleOption(option, index)
        group = index.data(KindRole) == NodeKind.GROUP
        option.textElideMode = Qt.TextElideMode.ElideMiddle if group else Qt.TextElideMode.ElideRight
