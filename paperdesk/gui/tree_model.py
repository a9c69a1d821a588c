"""The navigator's item model: entries grouped by category, year, tag or status, with progress counts."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from paperdesk.gui import icons

GROUPINGS: dict[str, tuple[str, ...]] = {
    "category-year": ("category", "year"),
    "year-category": ("year", "category"),
    "tag": ("tag",),
    "status": ("status",),
}
GROUPING_LABELS = {
    "category-year": "Category › Year",
    "year-category": "Year › Category",
    "tag": "Tag",
    "status": "Status",
}
SORTS = ("year", "title", "recent")
STATUS_ORDER = ("unread", "reading", "read")
NO_TAG = "(no tags)"
UNDATED = "Undated"

COL_TITLE, COL_HIGHLIGHTS, COL_TAGS = 0, 1, 2
EntryIdRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
ProgressRole = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex


class _Node:
    """One row: a group (kind "group") or an entry (kind "entry")."""

    __slots__ = ("children", "entry_id", "kind", "label", "level", "parent", "read", "row", "total")

    def __init__(self, kind: str, label: str, parent: _Node | None, entry_id: str | None = None,
                 level: str = ""):
        self.kind = kind
        self.level = level
        self.label = label
        self.parent = parent
        self.entry_id = entry_id
        self.children: list[_Node] = []
        self.row = 0
        self.total = 0
        self.read = 0

    def key(self) -> tuple[str, ...]:
        """Path of labels from the root, used to find the same row after a rebuild."""
        parts: list[str] = []
        node: _Node | None = self
        while node is not None and node.parent is not None:
            parts.append(node.entry_id if node.kind == "entry" and node.entry_id else "g:" + node.label)
            node = node.parent
        return tuple(reversed(parts))


class EntryTreeModel(QAbstractItemModel):
    """A tree of groups and entries over Entry-like objects and an annotation store (may be None)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Any] = []
        self._by_id: dict[str, Any] = {}
        self._store: Any = None
        self._status: dict[str, str] = {}
        self._tags: dict[str, tuple[str, ...]] = {}
        self._tag_colors: dict[str, str | None] = {}
        self._highlights: Counter[str] = Counter()
        self._opened: dict[str, str] = {}
        self._filter: set[str] | None = None
        self._grouping = "category-year"
        self._sort = "year"
        self._root = _Node("root", "", None)
        self._entry_nodes: dict[str, list[_Node]] = {}
        self._visible: list[str] = []
        self._version = 0
        self._arranged: tuple[Any, list[Any], dict[str, list[tuple[str, ...]]]] | None = None
        self._tree_order_cache: list[str] | None = None

    # ----- configuration -------------------------------------------------------------------
    def set_entries(self, entries: Sequence[Any], store: Any = None) -> None:
        """Show a new collection (resets the model)."""
        self.beginResetModel()
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._store = store
        self._filter = None
        self._load_annotations(None)
        self._build()
        self.endResetModel()

    def replace_entries(self, entries: Sequence[Any]) -> None:
        """Swap in a re-scanned collection, keeping selection and expansion where entries remain."""
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._load_annotations(None)
        if self._filter is not None:
            self._filter &= set(self._by_id)
        self._relayout()

    def entries(self) -> list[Any]:
        """Return every entry of the collection, in collection order."""
        return list(self._entries)

    def entry(self, entry_id: str) -> Any:
        """Return the entry with this id, or None."""
        return self._by_id.get(entry_id)

    def grouping(self) -> str:
        """Return the current grouping name (a key of GROUPINGS)."""
        return self._grouping

    def set_grouping(self, grouping: str) -> None:
        """Group by "category-year", "year-category", "tag" or "status"."""
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}")
        if grouping != self._grouping:
            self._grouping = grouping
            self._version += 1
            self._relayout()

    def sort_order(self) -> str:
        """Return the current entry order: "year", "title" or "recent"."""
        return self._sort

    def set_sort(self, sort: str) -> None:
        """Order entries by "year" (newest first), "title" or "recent" (recently opened first)."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        if sort != self._sort:
            self._sort = sort
            self._version += 1
            self._relayout()

    def set_filter(self, entry_ids: Iterable[str] | None) -> None:
        """Show only these entries (None shows all); keeps selection and expansion."""
        new = None if entry_ids is None else set(entry_ids)
        if new != self._filter:
            self._filter = new
            self._relayout()

    def filter_ids(self) -> set[str] | None:
        """Return the current filter (None when every entry shows)."""
        return None if self._filter is None else set(self._filter)

    def set_opened(self, opened: dict[str, str]) -> None:
        """Set when each entry was last opened (entry id -> ISO time), for the "recent" order."""
        self._opened = dict(opened)
        self._version += 1
        if self._sort == "recent":
            self._relayout()

    def mark_opened(self, entry_id: str, when: str) -> None:
        """Record that an entry was opened now; the order follows at the next relayout, so that
        moving through the list with j/k does not reshuffle it under the cursor."""
        self._opened[entry_id] = when
        if self._sort == "recent":
            self._version += 1

    # ----- annotation changes ---------------------------------------------------------------
    def refresh_annotations(self, paper_keys: Iterable[str] | None = None) -> None:
        """Re-read status, tags and highlight counts (of some papers, or all) from the store.

        Rows whose group does not change get dataChanged; a change that moves rows between
        groups relayouts the tree, keeping selection and expansion.
        """
        keys = None if paper_keys is None else set(paper_keys)
        before = {eid: (self._status.get(eid), self._tags.get(eid)) for eid in self._affected(keys)}
        self._load_annotations(keys)
        moved = any((self._status.get(eid), self._tags.get(eid)) != old for eid, old in before.items())
        if keys is None or (moved and self._grouping in ("tag", "status")):
            self._relayout()
            return
        self._recount(self._root)
        for eid in before:
            for node in self._entry_nodes.get(eid, []):
                self._emit_changed(node)

    def _affected(self, keys: set[str] | None) -> list[str]:
        if keys is None:
            return [e.id for e in self._entries]
        return [e.id for e in self._entries if e.paper_key in keys]

    def _load_annotations(self, keys: set[str] | None) -> None:
        self._version += 1
        store = self._store
        ids = self._affected(keys)
        if store is None:
            for eid in ids:
                self._status[eid] = "unread"
                self._tags[eid] = ()
            self._highlights = Counter()
            return
        statuses: dict[str, str] = {}
        tags: dict[str, tuple[str, ...]] = {}
        for eid in ids:
            key = self._by_id[eid].paper_key
            if key not in statuses:
                statuses[key] = store.status(key)
                tags[key] = tuple(store.tags(key))
            self._status[eid] = statuses[key]
            self._tags[eid] = tags[key]
        self._highlights = Counter(h.entry_id for h in store.all_highlights())
        self._tag_colors = {}

    def _tag_color(self, tag: str) -> str | None:
        if tag not in self._tag_colors:
            try:
                self._tag_colors[tag] = self._store.tag_color(tag) if self._store else None
            except Exception:  # a store without colours must not break the tree
                self._tag_colors[tag] = None
        return self._tag_colors[tag]

    def status_of(self, entry_id: str) -> str:
        """Return the cached reading status of an entry."""
        return self._status.get(entry_id, "unread")

    def tags_of(self, entry_id: str) -> tuple[str, ...]:
        """Return the cached tags of an entry."""
        return self._tags.get(entry_id, ())

    # ----- building --------------------------------------------------------------------------
    def _group_labels(self, entry: Any, level: str) -> list[str]:
        if level == "category":
            return [entry.category or "Uncategorised"]
        if level == "year":
            return [str(entry.year) if entry.year is not None else UNDATED]
        if level == "status":
            return [self._status.get(entry.id, "unread")]
        tags = self._tags.get(entry.id, ())
        return list(tags) if tags else [NO_TAG]

    def _group_sort_key(self, level: str, label: str) -> tuple:
        if level == "year":
            return (1, 0, "") if label == UNDATED else (0, -int(label), "")
        if level == "status":
            return (STATUS_ORDER.index(label) if label in STATUS_ORDER else 9, 0, label)
        if level == "tag" and label == NO_TAG:
            return (1, 0, "")
        return (0, 0, label.casefold())

    def _entry_sort_key(self, entry: Any) -> tuple:
        title = entry.title.casefold()
        if self._sort == "title":
            return (title,)
        if self._sort == "recent":
            opened = self._opened.get(entry.id, "")
            return ("" if opened else "~", _invert(opened), -(entry.year or 0), title)
        return (-(entry.year or 0), title)

    def _arrangement(self) -> tuple[list[Any], dict[str, list[tuple[str, ...]]]]:
        """Entries in display order and each entry's group paths; cached until something but the filter changes."""
        key = (self._grouping, self._sort, self._version)
        if self._arranged is None or self._arranged[0] != key:
            levels = GROUPINGS[self._grouping]
            order = sorted(self._entries, key=self._entry_sort_key)
            paths: dict[str, list[tuple[str, ...]]] = {}
            for entry in order:
                found: list[tuple[str, ...]] = [()]
                for level in levels:
                    found = [(*p, label) for p in found for label in self._group_labels(entry, level)]
                paths[entry.id] = found
            self._arranged = (key, order, paths)
        return self._arranged[1], self._arranged[2]

    def _build(self) -> None:
        levels = GROUPINGS[self._grouping]
        root = _Node("root", "", None)
        self._entry_nodes = {}
        order, paths = self._arrangement()
        wanted = self._filter
        groups: dict[tuple[str, ...], _Node] = {}
        visible: list[str] = []
        for entry in order:
            eid = entry.id
            if wanted is not None and eid not in wanted:
                continue
            visible.append(eid)
            nodes = []
            for path in paths[eid]:
                parent = groups.get(path)
                if parent is None:
                    parent = root
                    for depth in range(1, len(path) + 1):
                        sub = path[:depth]
                        node = groups.get(sub)
                        if node is None:
                            node = groups[sub] = _Node("group", sub[-1], parent, level=levels[depth - 1])
                            parent.children.append(node)
                        parent = node
                node = _Node("entry", entry.title, parent, eid)
                parent.children.append(node)
                nodes.append(node)
            self._entry_nodes[eid] = nodes
        self._visible = visible
        self._sort_groups(root, levels, 0)
        self._hoist_lone_undated(root)
        self._recount(root)
        self._root = root
        self._tree_order_cache = None

    def _hoist_lone_undated(self, root: _Node) -> None:
        """A category whose entries are all undated shows them directly, without an "Undated" row."""
        if self._grouping != "category-year":
            return
        for category in root.children:
            only = category.children[0] if len(category.children) == 1 else None
            if only is not None and only.kind == "group" and only.label == UNDATED:
                category.children = only.children
                for row, child in enumerate(category.children):
                    child.parent, child.row = category, row

    def _sort_groups(self, node: _Node, levels: tuple[str, ...], depth: int) -> None:
        if depth < len(levels):
            node.children.sort(key=lambda n: self._group_sort_key(levels[depth], n.label))
        for row, child in enumerate(node.children):
            child.row = row
            if child.kind == "group":
                self._sort_groups(child, levels, depth + 1)

    def _recount(self, node: _Node) -> tuple[int, int]:
        if node.kind == "entry":
            return 1, int(self._status.get(node.entry_id or "", "unread") == "read")
        total = read = 0
        for child in node.children:
            t, r = self._recount(child)
            total += t
            read += r
        node.total, node.read = total, read
        return total, read

    def _relayout(self) -> None:
        """Rebuild the tree and move persistent indexes (selection, expansion) to the same rows."""
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of small nodes: a collection pass mid-build costs more than the build
        try:
            self._relayout_now()
        finally:
            if collecting:
                gc.enable()

    def _relayout_now(self) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_keys = [(self._node(i).key(), i.column()) if i.isValid() else None for i in old]
        self._build()
        new = []
        for item in old_keys:
            new.append(QModelIndex() if item is None else self._find(item[0], item[1]))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _find(self, key: tuple[str, ...], column: int) -> QModelIndex:
        node = self._root
        for part in key:
            match = None
            for child in node.children:
                if (child.kind == "entry" and child.entry_id == part) or (
                    child.kind == "group" and "g:" + child.label == part):
                    match = child
                    break
            if match is None:
                if key and not key[-1].startswith("g:"):
                    return self.index_for_entry(key[-1], column)
                return QModelIndex()
            node = match
        return self.createIndex(node.row, column, node)

    def _emit_changed(self, node: _Node) -> None:
        while node is not None and node.parent is not None:
            self.dataChanged.emit(self.createIndex(node.row, 0, node), self.createIndex(node.row, 2, node))
            node = node.parent

    # ----- lookups ---------------------------------------------------------------------------
    def index_for_entry(self, entry_id: str, column: int = 0) -> QModelIndex:
        """Return the index of an entry's first row, or an invalid index when it is hidden."""
        nodes = self._entry_nodes.get(entry_id)
        if not nodes:
            return QModelIndex()
        return self.createIndex(nodes[0].row, column, nodes[0])

    def entry_id(self, index: _Index) -> str | None:
        """Return the entry id of an entry row, or None for a group."""
        if not index.isValid():
            return None
        node = self._node(index)
        return node.entry_id if node.kind == "entry" else None

    def visible_entry_ids(self) -> list[str]:
        """Return entry ids in display order (depth first), each once."""
        if self._grouping == "tag":
            seen: set[str] = set()
            out: list[str] = []
            stack = list(reversed(self._root.children))
            while stack:
                node = stack.pop()
                if node.kind == "entry":
                    if node.entry_id not in seen:
                        seen.add(node.entry_id or "")
                        out.append(node.entry_id or "")
                else:
                    stack.extend(reversed(node.children))
            return out
        return self._tree_order()

    def _tree_order(self) -> list[str]:
        if self._tree_order_cache is None:
            out: list[str] = []
            stack = list(reversed(self._root.children))
            while stack:
                node = stack.pop()
                if node.kind == "entry":
                    out.append(node.entry_id or "")
                else:
                    stack.extend(reversed(node.children))
            self._tree_order_cache = out
        return self._tree_order_cache

    def read_count(self) -> tuple[int, int]:
        """Return (read, shown) over the entries on show."""
        return sum(c.read for c in self._root.children) if self._grouping != "tag" else sum(
            1 for e in set(self._visible) if self._status.get(e) == "read"), len(set(self._visible))

    def _node(self, index: _Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    # ----- QAbstractItemModel --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt: the index of a child row."""
        node = self._node(parent)
        if 0 <= row < len(node.children) and 0 <= column < 3:
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Qt: the parent of an index."""
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root or parent.parent is None:
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
        return self.rowCount(parent) > 0

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt: rows are selectable and enabled."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Title", "", "")[section] if 0 <= section < 3 else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: text, fonts, icons and tooltips for a cell."""
        if not index.isValid():
            return None
        node = self._node(index)
        col = index.column()
        if role == KindRole:
            return node.kind
        if role == EntryIdRole:
            return node.entry_id
        if node.kind == "group":
            return self._group_data(node, col, role)
        return self._entry_data(node, col, role)

    def _group_data(self, node: _Node, col: int, role: int) -> Any:
        if col != COL_TITLE:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{node.label}  {node.read}/{node.total}"
        if role == ProgressRole:
            return (node.read, node.total)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{node.label}: {node.read} of {node.total} read"
        if role == Qt.ItemDataRole.DecorationRole:
            level = node.level
            if level == "status" and node.label in STATUS_ORDER:
                return icons.icon(node.label)
            return icons.icon({"year": "year", "tag": "tags"}.get(level, "folder"))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def _entry_data(self, node: _Node, col: int, role: int) -> Any:
        eid = node.entry_id or ""
        entry = self._by_id.get(eid)
        status = self._status.get(eid, "unread")
        if col == COL_TITLE:
            if role == Qt.ItemDataRole.DisplayRole:
                return node.label
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.icon(status)
            if role == Qt.ItemDataRole.FontRole and status == "unread":
                font = QFont()
                font.setBold(True)
                return font
            if role == StatusRole:
                return status
            if role == Qt.ItemDataRole.ToolTipRole and entry is not None:
                bits = [entry.title]
                meta = ", ".join(x for x in (entry.venue, str(entry.year or "")) if x)
                if meta:
                    bits.append(meta)
                bits.append(f"{status} · {entry.source}")
                return "\n".join(bits)
            return None
        if col == COL_HIGHLIGHTS:
            count = self._highlights.get(eid, 0)
            if role == Qt.ItemDataRole.DisplayRole:
                return str(count) if count else None
            if role == Qt.ItemDataRole.DecorationRole and count:
                return icons.icon("highlight")
            if role == Qt.ItemDataRole.ToolTipRole and count:
                return f"{count} highlight{'s' if count != 1 else ''}"
            return None
        tags = self._tags.get(eid, ())
        if role == Qt.ItemDataRole.DecorationRole and tags:
            return icons.dots_icon([self._tag_color(t) or "#9aa0a6" for t in tags])
        if role == Qt.ItemDataRole.ToolTipRole and tags:
            return ", ".join(tags)
        return None


def _invert(text: str) -> str:
    """Map a string to one that sorts in reverse order (for newest-first ISO times)."""
    return "".join(chr(0x10FFFF - ord(c)) if ord(c) < 0x10FFFF else c for c in text)
