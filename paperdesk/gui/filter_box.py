"""The filter box above the tree: query language input, query problems, and saved smart folders."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui import icons
from paperdesk.gui.safe_text import ask_text, plain_label, tip

PLACEHOLDER = "Filter  (/)   words  tag:rl  status:unread  year:2020..2022  cat:  has:highlights"
ALL_ENTRIES = "All entries"


class FilterBox(QWidget):
    """A query line edit that emits queryChanged on every keystroke, plus smart folders."""

    queryChanged = Signal(str)
    saveRequested = Signal(str, str)   # name, query
    deleteRequested = Signal(str)      # name
    acceptRequested = Signal()         # Enter: open the first match
    resultsRequested = Signal()        # Down: move into the results
    leaveRequested = Signal()          # Escape on an empty query: back to the reader

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.setSpacing(4)

        self.edit = QLineEdit()
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setClearButtonEnabled(True)
        self.edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.edit.textChanged.connect(self.queryChanged)
        self.edit.installEventFilter(self)
        self.edit.setToolTip(
            "Words match titles, note text, tags and highlight notes.\n"
            "Fields: tag:  status:  year:2020..2022  cat:  venue:  has:highlights  has:notes\n"
            "is:orphan  color:2|yellow|<meaning>  \"exact phrase\"  and -term to negate.")
        layout.addWidget(self.edit)

        self.problem = plain_label()
        self.problem.setObjectName("queryProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)

        row = QHBoxLayout()
        row.setSpacing(2)
        self.folders = QComboBox()
        self.folders.setToolTip("Smart folders: saved searches")
        self.folders.activated.connect(self._choose)
        row.addWidget(self.folders, 1)
        self.save_button = QToolButton()
        self.save_button.setIcon(icons.icon("save"))
        self.save_button.setToolTip("Save the current filter as a smart folder")
        self.save_button.setAutoRaise(True)
        self.save_button.clicked.connect(self._ask_save)
        row.addWidget(self.save_button)
        self.delete_button = QToolButton()
        self.delete_button.setIcon(icons.icon("delete"))
        self.delete_button.setToolTip("Delete the chosen smart folder")
        self.delete_button.setAutoRaise(True)
        self.delete_button.clicked.connect(self._ask_delete)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        self._searches: dict[str, str] = {}
        self.set_saved_searches({})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter opens the first match, Down moves into the results, Escape clears then leaves."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.acceptRequested.emit()
                return True
            if key == Qt.Key.Key_Down:
                self.resultsRequested.emit()
                return True
            if key == Qt.Key.Key_Escape:
                if self.edit.text():
                    self.edit.clear()
                else:
                    self.leaveRequested.emit()
                return True
        return super().eventFilter(watched, event)

    def text(self) -> str:
        """Return the current query text."""
        return self.edit.text()

    def set_text(self, text: str) -> None:
        """Replace the query (emits queryChanged)."""
        self.edit.setText(text)

    def focus(self) -> None:
        """Focus the query and select it, ready to type over."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def show_problem(self, message: str | None) -> None:
        """Show a problem with the query under it (None hides it)."""
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))

    def set_match_count(self, shown: int, total: int) -> None:
        """Show how many entries match in the line edit's tooltip-free placeholder area."""
        self.edit.setStatusTip(f"{shown} of {total} entries match")

    def set_saved_searches(self, searches: dict[str, str]) -> None:
        """Fill the smart-folder list from the store's saved searches."""
        self._searches = dict(searches)
        current = self.folders.currentText()
        self.folders.blockSignals(True)
        self.folders.clear()
        self.folders.addItem(icons.icon("filter"), ALL_ENTRIES, "")
        for name in sorted(self._searches, key=str.casefold):
            self.folders.addItem(icons.icon("search"), name, self._searches[name])
            self.folders.setItemData(self.folders.count() - 1, tip(self._searches[name]), Qt.ItemDataRole.ToolTipRole)
        index = self.folders.findText(current)
        self.folders.setCurrentIndex(max(0, index))
        self.folders.blockSignals(False)
        self.delete_button.setEnabled(bool(self._searches))

    def show_saved(self, name: str) -> None:
        """Show a saved search as the chosen folder, without applying it again."""
        self.folders.setCurrentIndex(self.folders.findText(name))

    def choose_folder(self, name: str) -> None:
        """Apply a saved search by name."""
        index = self.folders.findText(name)
        if index >= 0:
            self.folders.setCurrentIndex(index)
            self._choose(index)

    def _choose(self, index: int) -> None:
        query = self.folders.itemData(index) or ""
        self.set_text(query)

    def _ask_save(self) -> None:
        query = self.text().strip()
        if not query:
            self.show_problem("Type a filter first, then save it as a smart folder.")
            return
        name, ok = ask_text(self, "Save smart folder", "Name:", query[:40])
        if ok and name.strip():
            self.saveRequested.emit(name.strip(), query)

    def _ask_delete(self) -> None:
        name = self.folders.currentText()
        if name and name != ALL_ENTRIES:
            self.deleteRequested.emit(name)
