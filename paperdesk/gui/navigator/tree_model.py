"""The navigator's item model: the arrangement's tree of groups and entries shown to Qt, with progress counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QIcon

from paperdesk.gui import icons
from paperdesk.gui.navigator.arrangement import (
    GROUPING_LABELS,
    GROUPINGS,
    NO_TAG,
    SORTS,
    UNDATED,
    ArrangedEntry,
    Arrangement,
    Grouping,
    Node,
    NodeKind,
    Sort,
    gc_paused,
)
from paperdesk.gui.safe_text import tip
from paperdesk.vocab import STATUSES, Status, effective_tags

__all__ = ["COL_HIGHLIGHTS", "COL_TAGS", "COL_TITLE", "GROUPINGS", "GROUPING_LABELS", "NO_TAG", "SORTS", "UNDATED",
           "EntryIdRole", "EntryKindRole", "EntryTreeModel", "KindRole", "ProgressRole", "StatusRole"]

COL_TITLE, COL_HIGHLIGHTS, COL_TAGS = 0, 1, 2
EntryIdRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
ProgressRole = Qt.ItemDataRole.UserRole + 4
EntryKindRole = Qt.ItemDataRole.UserRole + 5    # "paper" or "doc" (a tutorial, talk or course note)
DOC = "doc"

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ANSWERED = frozenset({_DISPLAY, _DECORATION, _FONT, _TOOLTIP, int(EntryIdRole), int(KindRole), int(StatusRole),
                       int(ProgressRole), int(EntryKindRole)})
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ENTRY_FLAGS = _GROUP_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ICON_MODES = (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active, QIcon.Mode.Disabled)
_CellValue = str | int | QFont | QIcon | tuple[int, int] | None


class _Marked(Protocol):
    entry_id: str


class AnnotationSource(Protocol):
    """What the model reads of the annotation store."""

    def status(self, paper_key: str) -> str: ...
    def tags(self, paper_key: str) -> Sequence[str]: ...
    def all_highlights(self) -> Sequence[_Marked]: ...
    def tag_color(self, tag: str) -> str | None: ...


class ModelEntry(ArrangedEntry, Protocol):
    """What the model shows of an entry beyond what the arrangement reads."""

    @property
    def venue(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def note_tags(self) -> tuple[str, ...]: ...
    @property
    def kind(self) -> str: ...


class _CachedTags:
    """The store's tags of each paper, asked once per paper while annotations load."""

    def __init__(self, store: AnnotationSource) -> None:
        self._store = store
        self._tags: dict[str, tuple[str, ...]] = {}

    def tags(self, paper_key: str) -> tuple[str, ...]:
        found = self._tags.get(paper_key)
        if found is None:
            found = self._tags[paper_key] = tuple(self._store.tags(paper_key))
        return found


class EntryTreeModel(QAbstractItemModel):
    """A tree of groups and entries over Entry-like objects and an annotation store (may be None)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tree = Arrangement()
        # the arrangement's dictionaries, held directly: data() runs for every cell painted
        self._status, self._tags, self._by_id = self._tree.status, self._tree.tags, self._tree.by_id
        self._store: AnnotationSource | None = None
        self._tag_colors: dict[str, str | None] = {}
        self._highlights: Counter[str] = Counter()
        self._fonts: dict[str, QFont] = {}
        self._pixmap_icons: dict[tuple[str, str, bool], QIcon] = {}

    # ----- configuration -------------------------------------------------------------------
    def set_entries(self, entries: Sequence[ModelEntry], store: AnnotationSource | None = None) -> None:
        """Show a new collection (resets the model)."""
        self.beginResetModel()
        self._store = store
        self._tree.filter = None
        self._tree.set_entries(entries)
        self._by_id = self._tree.by_id
        self._load_annotations(None)
        with gc_paused():
            self._tree.build()
        self.endResetModel()

    def replace_entries(self, entries: Sequence[ModelEntry]) -> None:
        """Swap in a re-scanned collection, keeping selection and expansion where entries remain."""
        self._tree.set_entries(entries)
        self._by_id = self._tree.by_id
        self._load_annotations(None)
        self._relayout()

    def entries(self) -> list[ModelEntry]:
        """Return every entry of the collection, in collection order."""
        return list(self._tree.entries)  # type: ignore[arg-type]

    def entry(self, entry_id: str) -> ModelEntry | None:
        """Return the entry with this id, or None."""
        return self._tree.by_id.get(entry_id)  # type: ignore[return-value]

    def grouping(self) -> Grouping:
        """Return the current grouping."""
        return self._tree.grouping

    def set_grouping(self, grouping: str) -> None:
        """Group by "category-year", "year-category", "tag" or "status"."""
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}")
        if grouping != self._tree.grouping:
            self._tree.grouping = Grouping(grouping)
            self._tree.changed()
            self._relayout()

    def sort_order(self) -> Sort:
        """Return the current entry order: "year", "title" or "recent"."""
        return self._tree.sort

    def set_sort(self, sort: str) -> None:
        """Order entries by "year" (newest first), "title" or "recent" (recently opened first)."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        if sort != self._tree.sort:
            self._tree.sort = Sort(sort)
            self._tree.changed()
            self._relayout()

    def set_filter(self, entry_ids: Iterable[str] | None) -> None:
        """Show only these entries (None shows all); keeps selection and expansion."""
        new = None if entry_ids is None else set(entry_ids)
        if new != self._tree.filter:
            self._tree.filter = new
            self._relayout()

    def filter_ids(self) -> set[str] | None:
        """Return the current filter (None when every entry shows)."""
        return None if self._tree.filter is None else set(self._tree.filter)

    def set_opened(self, opened: dict[str, str]) -> None:
        """Set when each entry was last opened (entry id -> ISO time), for the "recent" order."""
        self._tree.opened = dict(opened)
        if self._tree.sort == Sort.RECENT:
            self._tree.changed()
            self._relayout()

    def mark_opened(self, entry_id: str, when: str) -> None:
        """Record that an entry was opened now; the order follows at the next relayout, so that
        moving through the list with j/k does not reshuffle it under the cursor."""
        self._tree.opened[entry_id] = when
        if self._tree.sort == Sort.RECENT:
            self._tree.changed()

    # ----- annotation changes ---------------------------------------------------------------
    def refresh_annotations(self, paper_keys: Iterable[str] | None = None) -> None:
        """Re-read status, tags and highlight counts (of some papers, or all) from the store.

        Rows whose group does not change get dataChanged; a change that moves rows between
        groups relayouts the tree, keeping selection and expansion.
        """
        tree = self._tree
        keys = None if paper_keys is None else set(paper_keys)
        before = {eid: (tree.status.get(eid), tree.tags.get(eid)) for eid in self._affected(keys)}
        self._load_annotations(keys)
        moved = any((tree.status.get(eid), tree.tags.get(eid)) != old for eid, old in before.items())
        if keys is None or (moved and tree.grouping in (Grouping.TAG, Grouping.STATUS)):
            tree.changed()
            self._relayout()
            return
        tree.count()
        for eid in before:
            for node in tree.visible_nodes(eid):
                self._emit_changed(node)

    def _affected(self, keys: set[str] | None) -> list[str]:
        if keys is None:
            return [e.id for e in self._tree.entries]
        return [e.id for e in self._tree.entries if e.paper_key in keys]

    def _load_annotations(self, keys: set[str] | None) -> None:
        tree = self._tree
        tree.status_changed()
        store = self._store
        ids = self._affected(keys)
        if store is None:
            for eid in ids:
                tree.status[eid] = Status.UNREAD
                tree.tags[eid] = effective_tags(tree.by_id[eid], None)
            self._highlights = Counter()
            return
        statuses: dict[str, str] = {}
        user_tags = _CachedTags(store)
        for eid in ids:
            entry = tree.by_id[eid]
            key = entry.paper_key
            if key not in statuses:
                statuses[key] = store.status(key)
            tree.status[eid] = statuses[key]
            tree.tags[eid] = effective_tags(entry, user_tags)   # the user's, then the note's own
        self._highlights = Counter(h.entry_id for h in store.all_highlights())
        self._tag_colors = {}

    def tag_color(self, tag: str) -> str | None:
        """The colour of a tag, as the tree shows it (cached until annotations reload)."""
        if tag not in self._tag_colors:
            self._tag_colors[tag] = self._store.tag_color(tag) if self._store is not None else None
        return self._tag_colors[tag]

    def status_of(self, entry_id: str) -> str:
        """Return the cached reading status of an entry."""
        return self._tree.status.get(entry_id, Status.UNREAD)

    def tags_of(self, entry_id: str) -> tuple[str, ...]:
        """Return the cached tags of an entry."""
        return self._tree.tags.get(entry_id, ())

    # ----- moving rows -------------------------------------------------------------------------
    def _relayout(self) -> None:
        """Rebuild the tree and move persistent indexes (selection, expansion) to the same rows."""
        with gc_paused():
            self._relayout_now()

    def _relayout_now(self) -> None:
        tree = self._tree
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        new: list[QModelIndex] = []
        if tree.is_current():
            # same nodes, another filter: each persistent index keeps its node, or goes when it hides
            nodes = [self._node(i) if i.isValid() else None for i in old]
            tree.show()
            for index, node in zip(old, nodes, strict=True):
                shown = node is not None and tree.is_shown(node)
                new.append(self.createIndex(tree.row(node), index.column(), node) if shown else QModelIndex())
        else:
            old_keys = [(self._node(i).key(), i.column()) if i.isValid() else None for i in old]
            tree.build()
            for item in old_keys:
                found = None if item is None else tree.find(item[0])
                new.append(QModelIndex() if found is None or item is None else
                           self.createIndex(tree.row(found), item[1], found))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _emit_changed(self, node: Node) -> None:
        walk: Node | None = node
        while walk is not None and walk.parent is not None:
            row = self._tree.row(walk)
            self.dataChanged.emit(self.createIndex(row, 0, walk), self.createIndex(row, 2, walk))
            walk = walk.parent

    # ----- lookups ---------------------------------------------------------------------------
    def index_for_entry(self, entry_id: str, column: int = 0) -> QModelIndex:
        """Return the index of an entry's first row, or an invalid index when it is hidden."""
        nodes = self._tree.visible_nodes(entry_id)
        if not nodes:
            return QModelIndex()
        return self.createIndex(self._tree.row(nodes[0]), column, nodes[0])

    def entry_id(self, index: _Index) -> str | None:
        """Return the entry id of an entry row, or None for a group."""
        if not index.isValid():
            return None
        node = self._node(index)
        return node.entry_id if node.kind == NodeKind.ENTRY else None

    def group_path(self, index: _Index) -> tuple[str, ...] | None:
        """Return the labels from the top of the tree down to a group row, or None for an entry row."""
        if not index.isValid():
            return None
        node = self._node(index)
        return self._tree.group_path(node) if node.kind == NodeKind.GROUP else None

    def index_for_group(self, path: Sequence[str]) -> QModelIndex:
        """Return the index of the group row at this label path, or an invalid index when it is not shown."""
        node = self._tree.group_at(path)
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def group_indexes(self) -> list[QModelIndex]:
        """Return the index of every group row on show, in display order (depth first)."""
        return [self.createIndex(node.row, 0, node) for node in self._tree.group_nodes()]

    def visible_entry_ids(self) -> list[str]:
        """Return entry ids in display order (depth first), each once."""
        return self._tree.visible_entry_ids()

    def read_count(self) -> tuple[int, int]:
        """Return (read, shown) over the entries on show."""
        return self._tree.read_count()

    def _node(self, index: _Index) -> Node:
        return index.internalPointer() if index.isValid() else self._tree.root

    # ----- QAbstractItemModel --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt: the index of a child row (called for every row the view lays out: kept lean)."""
        children = (parent.internalPointer() if parent.isValid() else self._tree.root).children
        if 0 <= row < len(children) and 0 <= column < 3:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Qt: the parent of an index."""
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent.parent is None:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt: number of child rows."""
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt: title, highlight count, tag colours."""
        return 3

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        """Qt: whether a row has children."""
        if not parent.isValid():
            return bool(self._tree.root.children)
        return parent.column() == 0 and bool(parent.internalPointer().children)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt: rows are selectable and enabled; entry rows never have children (the view skips asking)."""
        if not index.isValid():
            return _NO_FLAGS
        return _ENTRY_FLAGS if index.internalPointer().kind is NodeKind.ENTRY else _GROUP_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> _CellValue:
        """Qt: column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Title", "", "")[section] if 0 <= section < 3 else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> _CellValue:
        """Qt: text, fonts, icons and tooltips for a cell (the roles a paint asks for and this
        model leaves to the style, such as alignment or colours, are answered first)."""
        if role not in _ANSWERED or not index.isValid():
            return None
        node = index.internalPointer()
        col = index.column()
        if role == KindRole:
            return node.kind
        if role == EntryIdRole:
            return node.entry_id
        if node.kind is NodeKind.GROUP:
            return self._group_data(node, col, role)
        return self._entry_data(node, col, role)

    def _group_data(self, node: Node, col: int, role: int) -> _CellValue:
        if col != COL_TITLE:
            return None
        if role == _DISPLAY:
            return f"{node.label}  {node.read}/{node.total}"
        if role == ProgressRole:
            return (node.read, node.total)
        if role == _TOOLTIP:
            return tip(f"{node.label}: {node.read} of {node.total} read")
        if role == _DECORATION:
            level = node.level
            if level == "status" and node.label in STATUSES:
                return self._icon(node.label)
            return self._icon({"year": "year", "noted": "year", "tag": "tags"}.get(level, "folder"))
        if role == _FONT:
            return self._font("group")
        return None

    def _entry_data(self, node: Node, col: int, role: int) -> _CellValue:
        eid = node.entry_id or ""
        entry = self._by_id.get(eid)
        status = self._status.get(eid, Status.UNREAD)
        if col == COL_TITLE:
            if role == _DISPLAY:
                return node.label
            if role == _DECORATION:
                return self._icon(status)
            if role == _FONT:   # unread: bold; a document (not a paper): italic
                doc = entry is not None and entry.kind == DOC
                if status == Status.UNREAD or doc:
                    return self._font(("unread" if status == Status.UNREAD else "") + ("-doc" if doc else ""))
                return None
            if role == StatusRole:
                return status
            if role == EntryKindRole:
                return entry.kind if entry is not None else None
            if role == _TOOLTIP and entry is not None:
                bits = [entry.title]
                meta = ", ".join(x for x in (entry.venue, str(entry.year or "")) if x)
                if meta:
                    bits.append(meta)
                if entry.kind == DOC:
                    bits.append("a document (tutorial, talk or course notes), not a paper")
                if entry.noted:
                    bits.append(f"noted {entry.noted}")
                if tags := self._tags.get(eid, ()):   # also when a narrow list hides their column
                    bits.append("tags: " + ", ".join(tags))
                bits.append(f"{status} · {entry.source}")
                return tip("\n".join(bits))
            return None
        if col == COL_HIGHLIGHTS:
            count = self._highlights.get(eid, 0)
            if role == _DISPLAY:
                return str(count) if count else None
            if role == _DECORATION and count:
                return self._icon("highlight")
            if role == _TOOLTIP and count:
                return tip(f"{count} highlight{'s' if count != 1 else ''}")
            return None
        tags = self._tags.get(eid, ())
        if role == _DECORATION and tags:
            return icons.dots_icon([self.tag_color(t) or "#9aa0a6" for t in tags])
        if role == _TOOLTIP and tags:
            mine = {t.casefold() for t in self._store.tags(entry.paper_key)} \
                if entry is not None and self._store is not None else set()
            return tip(", ".join(t if t.casefold() in mine else f"{t} (in the note)" for t in tags))
        return None

    def _font(self, kind: str) -> QFont:
        """Bold font of unread entries, italic of documents, semi-bold of groups (made once, not per row painted)."""
        font = self._fonts.get(kind)
        if font is None:
            font = QFont()
            if kind.startswith("unread"):
                font.setBold(True)
            elif kind == "group":
                font.setWeight(QFont.Weight.DemiBold)
            font.setItalic(kind.endswith("-doc"))
            self._fonts[kind] = font
        return font

    def _icon(self, name: str) -> QIcon:
        """The themed icon `name` as pixmaps drawn once: a qtawesome icon repaints its glyph in
        Python on every paint of every row, which dominates repainting a scrolled or filtered tree."""
        key = (name, icons.foreground(), icons.deferred())  # blank while deferred: drawn again after
        cached = self._pixmap_icons.get(key)
        if cached is None:
            source = icons.icon(name)
            cached = QIcon()
            for side in (16, 24, 32):
                for mode in _ICON_MODES:
                    cached.addPixmap(source.pixmap(QSize(side, side), mode), mode)
            self._pixmap_icons[key] = cached
        return cached


