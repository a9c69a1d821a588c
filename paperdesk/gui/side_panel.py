"""The side panel: reading status buttons, tag editor with chips, and the entry's highlights."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui import icons
from paperdesk.gui.flow_layout import FlowLayout
from paperdesk.gui.safe_text import ask_multiline, plain_label, tip
from paperdesk.gui.tag_chips import NoteTagChip, TagChip, swatch
from paperdesk.gui.title_label import TitleLabel
from paperdesk.render.math_marks import MathMark, quote_with_math
from paperdesk.store import Anchor, Highlight
from paperdesk.store.selectors import AnchorMethod
from paperdesk.vocab import STATUSES, Status, default_palette

__all__ = ["AnchorMethodRole", "HighlightIdRole", "NoteTagChip", "SidePanel", "TagChip", "shown_quote", "swatch"]

HighlightIdRole = Qt.ItemDataRole.UserRole + 1
AnchorMethodRole = Qt.ItemDataRole.UserRole + 2
#: what the panel says under a highlight about how it was found (None: nothing to check)
METHOD_NOTES: dict[AnchorMethod, str | None] = {
    AnchorMethod.OFFSETS: None,
    AnchorMethod.MAPPED: "↪ moved with an edit of the note",
    AnchorMethod.EXACT: "↪ found again by its words: the text around it changed",
    AnchorMethod.FUZZY: "⚠ its words changed: check that it still marks the right passage",
    AnchorMethod.ORPHAN: "✕ not found in the note: select its passage and relink",
}
METHOD_TIPS: dict[AnchorMethod, str] = {
    AnchorMethod.OFFSETS: "In place: the note's text is unchanged",
    AnchorMethod.MAPPED: "Moved: followed through an edit of the note; its words are unchanged",
    AnchorMethod.EXACT: "Found again by its words and context after the note changed",
    AnchorMethod.FUZZY: "Found by a close match: the highlighted words were edited; worth a check",
    AnchorMethod.ORPHAN: "Orphaned: its passage is no longer in the note",
}
MAX_QUOTE = 160


def shown_quote(quote: str, text: str, span: tuple[int, int] | None, marks: list[MathMark],
                limit: int | None = MAX_QUOTE) -> str:
    """A highlight's quote as shown: with the TeX of the formulas inside it when `span` of `text`
    is the quote (formulas give no plain text, so a bare quote reads "a CDF  targeting ."), on
    one line, cut at `limit` characters (None: whole)."""
    if span is not None and marks and text[span[0]:span[1]] == quote:
        quote = quote_with_math(text, span[0], span[1], marks)
    quote = " ".join(quote.split())
    return quote if limit is None or len(quote) <= limit else quote[:limit - 1] + "…"


def _section(text: str) -> QLabel:
    label = plain_label(text.upper())
    label.setObjectName("sectionTitle")
    return label




class SidePanel(QWidget):
    """Status, tags and highlights of the open entry; emits requests, the window applies them."""

    statusRequested = Signal(str)
    tagAdded = Signal(str)
    tagRemoved = Signal(str)
    tagColorChosen = Signal(str, str)
    highlightActivated = Signal(str)
    highlightNoteEdited = Signal(str, str)
    highlightColorChanged = Signal(str, int)
    highlightDeleted = Signal(str)
    relinkRequested = Signal(str)
    leaveRequested = Signal()   # Escape in the tag editor or the highlight list: back to the reader

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidePanel")
        self.setMinimumWidth(200)
        self._palette: list[tuple[str, str]] = default_palette()
        self._highlights: dict[str, Highlight] = {}
        # what the reader last found: the entry, its plain text and formulas, each highlight's place
        self._reading: tuple[str, str, list[MathMark]] | None = None
        self._found: dict[str, Anchor] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)

        self.title_label = TitleLabel("No entry open")
        self.title_label.setObjectName("panelTitle")
        layout.addWidget(self.title_label)

        layout.addWidget(_section("Status"))
        row = QHBoxLayout()
        row.setSpacing(4)
        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        self.status_buttons: dict[str, QToolButton] = {}
        for n, status in enumerate(STATUSES, start=1):
            button = QToolButton()
            button.setObjectName("statusButton")
            button.setText(status.capitalize())
            button.setIcon(icons.icon(status))
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolTip(f"Mark as {status} (Alt+{n}; R cycles)")
            button.setAccessibleName(status.capitalize())   # still named when it shows only its icon
            button.clicked.connect(lambda _=False, s=status: self.statusRequested.emit(s))
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            row.addWidget(button)
        layout.addLayout(row)
        self._status_row_width = 0   # what the buttons need with their words, measured while they show them

        layout.addWidget(_section("Tags"))
        self.chips = QWidget()
        self.chips_layout = FlowLayout(self.chips)
        layout.addWidget(self.chips)
        self.tag_editor = QLineEdit()
        self.tag_editor.setPlaceholderText("Add a tag and press Enter (t)")
        self.tag_editor.setClearButtonEnabled(True)
        self.tag_model = QStringListModel(self)
        completer = QCompleter(self.tag_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_editor.setCompleter(completer)
        self.tag_editor.returnPressed.connect(self._add_tag)
        self.tag_editor.installEventFilter(self)
        layout.addWidget(self.tag_editor)

        layout.addWidget(_section("Highlights"))
        self.highlight_list = QListWidget()
        self.highlight_list.setWordWrap(True)
        self.highlight_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.highlight_list.setAlternatingRowColors(False)
        self.highlight_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.highlight_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.highlight_list.customContextMenuRequested.connect(
            lambda pos: self._menu(self.highlight_list, pos))
        self.highlight_list.itemClicked.connect(self._activate)
        self.highlight_list.itemDoubleClicked.connect(lambda item: self.edit_note(item.data(HighlightIdRole)))
        self.highlight_list.installEventFilter(self)
        self.highlight_list.setObjectName("panelList")   # drawn on the panel: a few rows are no tall white box
        layout.addWidget(self.highlight_list, 3)
        self.empty_label = QLabel("Select text in the reader and press 1–5 to highlight it.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("hint")
        layout.addWidget(self.empty_label)

        self.orphan_title = _section("Orphaned highlights")
        layout.addWidget(self.orphan_title)
        self.orphan_list = QListWidget()
        self.orphan_list.setObjectName("panelList")
        self.orphan_list.setWordWrap(True)
        self.orphan_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.orphan_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.orphan_list.customContextMenuRequested.connect(lambda pos: self._menu(self.orphan_list, pos))
        layout.addWidget(self.orphan_list, 1)
        self.relink_button = QToolButton()
        self.relink_button.setText("Relink to selection")
        self.relink_button.setIcon(icons.icon("relink"))
        self.relink_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.relink_button.setToolTip("Select the passage in the reader, then relink the chosen orphan to it")
        self.relink_button.clicked.connect(self._relink)
        layout.addWidget(self.relink_button)
        self.spacer = QWidget()
        self.spacer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.spacer, 1)
        self.show_entry(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys of the tag editor and the highlight list: Escape goes back to the reader; in the
        list Enter shows the highlight and Delete deletes it; an empty tag editor leaves Ctrl+Z and
        Ctrl+Shift+Z to the window (undo the tag just added, not the editor's own typing)."""
        if not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        kind, key = event.type(), event.key()
        if watched is self.tag_editor and kind == QEvent.Type.ShortcutOverride and not self.tag_editor.text() \
                and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()   # not the editor's: the window's undo shortcut runs
            return True
        if kind != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if key == Qt.Key.Key_Escape and watched in (self.tag_editor, self.highlight_list):
            if watched is self.tag_editor and self.tag_editor.text():
                self.tag_editor.clear()
            else:
                self.leaveRequested.emit()
            return True
        item = self.highlight_list.currentItem() if watched is self.highlight_list else None
        if item is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._activate(item)
            return True
        if item is not None and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.highlightDeleted.emit(item.data(HighlightIdRole))
            return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Show the status buttons' words while they fit whole, else their icons alone (never "U…d")."""
        super().resizeEvent(event)
        self._fit_status_row(event.size().width())

    def _fit_status_row(self, width: int) -> None:
        buttons = list(self.status_buttons.values())
        words = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        if buttons[0].toolButtonStyle() == words:
            margins = self.layout().contentsMargins()
            self._status_row_width = (sum(b.sizeHint().width() for b in buttons) + 4 * (len(buttons) - 1)
                                      + margins.left() + margins.right())
        style = words if width >= self._status_row_width else Qt.ToolButtonStyle.ToolButtonIconOnly
        for button in buttons:
            button.setToolButtonStyle(style)

    # ----- filling ---------------------------------------------------------------------------
    def set_palette(self, palette: list[tuple[str, str]]) -> None:
        """Set the highlight colours and their meanings."""
        self._palette = list(palette) or default_palette()

    def set_reading(self, entry_id: str, text: str, marks: list[MathMark], anchors: list[Anchor]) -> None:
        """Remember how the reader found the open entry's highlights (their method and span in
        `text`) and where its formulas are; the lists say so from their next fill on."""
        self._reading = (entry_id, text, list(marks))
        self._found = {a.highlight.id: a for a in anchors}

    def method_of(self, highlight_id: str) -> AnchorMethod | None:
        """How the reader last found a highlight, or None when it has not anchored it yet."""
        anchor = self._found.get(highlight_id)
        return anchor.method if anchor is not None else None

    def set_known_tags(self, tags: list[str]) -> None:
        """Set the tags offered for completion."""
        self.tag_model.setStringList(sorted(tags, key=str.casefold))

    def show_entry(self, title: str | None, status: str = Status.UNREAD, tags: list[str] | None = None,
                   tag_colors: dict[str, str | None] | None = None,
                   highlights: list[Highlight] | None = None, orphans: list[Highlight] | None = None,
                   note_tags: list[str] | None = None) -> None:
        """Show one entry's annotations (title None clears the panel); `note_tags` are the tags
        written in the note, shown read-only after the user's own."""
        enabled = title is not None
        self.title_label.setText(title or "No entry open")
        for name, button in self.status_buttons.items():
            button.setEnabled(enabled)
            button.setChecked(enabled and name == status)
        self.tag_editor.setEnabled(enabled)
        self._set_chips(tags or [], tag_colors or {}, note_tags or [])
        highlights, orphans = highlights or [], orphans or []
        self._highlights = {h.id: h for h in [*highlights, *orphans]}
        self._fill(self.highlight_list, highlights)
        self._fill(self.orphan_list, orphans)
        self.empty_label.setVisible(enabled and not highlights)
        self.highlight_list.setVisible(bool(highlights))
        self.spacer.setVisible(not highlights and not orphans)
        for widget in (self.orphan_title, self.orphan_list, self.relink_button):
            widget.setVisible(bool(orphans))

    def _set_chips(self, tags: list[str], colors: dict[str, str | None], note_tags: list[str]) -> None:
        while self.chips_layout.count():
            item = self.chips_layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for tag in tags:
            chip = TagChip(tag, colors.get(tag), self.chips)
            chip.removed.connect(self.tagRemoved)
            chip.colorChosen.connect(self.tagColorChosen)
            self.chips_layout.addWidget(chip)
        for tag in note_tags:
            self.chips_layout.addWidget(NoteTagChip(tag, self.chips))
        self.chips.setVisible(bool(tags) or bool(note_tags))
        self.chips_layout.invalidate()

    def note_chip_tags(self) -> list[str]:
        """Return the note's own tags shown as read-only chips."""
        return [w.tag for i in range(self.chips_layout.count())
                if isinstance(w := self.chips_layout.itemAt(i).widget(), NoteTagChip)]

    def chip_tags(self) -> list[str]:
        """Return the tags currently shown as chips."""
        out = []
        for i in range(self.chips_layout.count()):
            widget = self.chips_layout.itemAt(i).widget()
            if isinstance(widget, TagChip):
                out.append(widget.tag)
        return out

    def _fill(self, widget: QListWidget, highlights: list[Highlight]) -> None:
        widget.clear()
        for h in highlights:
            color, meaning = self._palette[h.color] if 0 <= h.color < len(self._palette) else ("#999", "")
            anchor = self._found.get(h.id)
            method = anchor.method if anchor is not None else (AnchorMethod.ORPHAN if h.orphan else None)
            text = f"“{self.quote_of(h)}”"
            if h.note:
                text += f"\n✎ {h.note}"
            if method is not None and (note := METHOD_NOTES[method]):
                text += f"\n{note}"
            item = QListWidgetItem(swatch(color), text)
            item.setData(HighlightIdRole, h.id)
            item.setData(AnchorMethodRole, method.value if method is not None else None)
            colour = f"Colour {h.color + 1}: {meaning}" if meaning else f"Colour {h.color + 1}"
            item.setToolTip(tip(colour + (f"\n{METHOD_TIPS[method]}" if method is not None else "")))
            widget.addItem(item)

    def quote_of(self, h: Highlight) -> str:
        """A highlight's quote as the lists show it, formulas put back as TeX where the reader's text allows."""
        anchor = self._found.get(h.id)
        if self._reading is None or self._reading[0] != h.entry_id:
            return shown_quote(h.quote, "", None, [])
        _entry, text, marks = self._reading
        span = (anchor.start, anchor.end) if anchor is not None and anchor.start is not None \
            and anchor.end is not None else (h.start, h.end)
        return shown_quote(h.quote, text, span, marks)

    # ----- actions -----------------------------------------------------------------------------
    def select_highlight(self, highlight_id: str) -> bool:
        """Make a highlight (placed or orphaned) the chosen row of its list; False when not listed."""
        for widget in (self.highlight_list, self.orphan_list):
            for row in range(widget.count()):
                if widget.item(row).data(HighlightIdRole) == highlight_id:
                    widget.setCurrentRow(row)
                    return True
        return False

    def focus_tag_editor(self) -> None:
        """Put the keyboard focus in the tag editor."""
        self.tag_editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.tag_editor.selectAll()

    def _add_tag(self) -> None:
        text = self.tag_editor.text().strip().strip(",")
        for tag in [t.strip() for t in text.split(",")]:
            if tag:
                self.tagAdded.emit(tag)
        self.tag_editor.clear()

    def _activate(self, item: QListWidgetItem) -> None:
        self.highlightActivated.emit(item.data(HighlightIdRole))

    def edit_note(self, highlight_id: str) -> None:
        """Ask for a new note for a highlight and emit highlightNoteEdited."""
        h = self._highlights.get(highlight_id)
        if h is None:
            return
        text, ok = ask_multiline(self, "Highlight note", f"Note for “{h.quote[:80]}”:", h.note)
        if ok and text != h.note:
            self.highlightNoteEdited.emit(highlight_id, text)

    def _menu(self, widget: QListWidget, pos: QPoint) -> None:
        item = widget.itemAt(pos)
        if item is not None:
            self.popup_menu(item.data(HighlightIdRole), widget.viewport().mapToGlobal(pos))

    def highlight_menu(self, hid: str) -> QMenu | None:
        """Build the menu of actions on one highlight (edit note, colour, relink, delete)."""
        h = self._highlights.get(hid)
        if h is None:
            return None
        menu = QMenu(self)
        menu.addAction(icons.icon("edit"), "Edit note…", lambda: self.edit_note(hid))
        colours = menu.addMenu(icons.icon("palette"), "Colour")
        for i, (color, meaning) in enumerate(self._palette):
            label = f"{i + 1}  {meaning}" if meaning else str(i + 1)
            colours.addAction(swatch(color), label, lambda i=i: self.highlightColorChanged.emit(hid, i))
        if h.orphan or any(
                self.orphan_list.item(i).data(HighlightIdRole) == hid for i in range(self.orphan_list.count())):
            menu.addAction(icons.icon("relink"), "Relink to selection", lambda: self.relinkRequested.emit(hid))
        menu.addSeparator()
        menu.addAction(icons.icon("delete"), "Delete", lambda: self.highlightDeleted.emit(hid))
        return menu

    def popup_menu(self, hid: str, global_pos: QPoint) -> None:
        """Show the highlight's menu at a screen position (a click on a highlight in the reader)."""
        for widget in (self.highlight_list, self.orphan_list):
            for i in range(widget.count()):
                if widget.item(i).data(HighlightIdRole) == hid:
                    widget.setCurrentRow(i)
        menu = self.highlight_menu(hid)
        if menu is not None:
            menu.popup(global_pos)

    def _relink(self) -> None:
        item = self.orphan_list.currentItem() or self.orphan_list.item(0)
        if item is not None:
            self.relinkRequested.emit(item.data(HighlightIdRole))
