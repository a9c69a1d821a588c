"""The navigator's item model: entries grouped by category, year, tag or status, with progress counts."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QIcon

from paperdesk.gui import icons
from paperdesk.gui.safe_text import tip

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
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ANSWERED = frozenset({_DISPLAY, _DECORATION, _FONT, _TOOLTIP, int(EntryIdRole), int(KindRole), int(StatusRole),
                       int(ProgressRole)})
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ENTRY_FLAGS = _GROUP_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_HOME = attrgetter("home")
_ICON_MODES = (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active, QIcon.Mode.Disabled)


class _Node:
    """One row: a group (kind "group") or an entry (kind "entry").

    Nodes of the whole collection are built once per arrangement (grouping, sort, annotations);
    a filter only chooses which of them are `children` of their group, so filtering creates no
    nodes and rows keep their identity (persistent indexes follow by node, not by search).
    """

    __slots__ = ("children", "entry_id", "home", "kind", "label", "level", "members", "parent", "read",
                 "row", "rowgen", "total")

    def __init__(self, kind: str, label: str, parent: _Node | None, entry_id: str | None = None,
                 level: str = ""):
        self.kind = kind
        self.level = level
        self.label = label
        self.parent = parent      # where the row shows now (differs from home when a lone Undated row is skipped)
        self.home = parent        # parent in the unfiltered tree
        self.entry_id = entry_id
        self.children: list[_Node] = []   # rows on show
        self.members: list[_Node] = []    # every child in the unfiltered tree, in display order
        self.row = 0
        self.rowgen = -1          # view generation in which `row` was last numbered
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
        self._read_ids: set[str] | None = None
        self._tags: dict[str, tuple[str, ...]] = {}
        self._tag_colors: dict[str, str | None] = {}
        self._highlights: Counter[str] = Counter()
        self._opened: dict[str, str] = {}
        self._filter: set[str] | None = None
        self._grouping = "category-year"
        self._sort = "year"
        self._version = 0
        self._arranged: tuple[Any, list[Any], dict[str, list[tuple[str, ...]]]] | None = None
        # the whole tree of the current arrangement, and what the filter leaves of it
        self._tree_key: Any = None
        self._root = _Node("root", "", None)
        self._leaves: list[_Node] = []              # every entry row, depth first
        self._groups: list[_Node] = []              # every group row, children before their parent
        self._entry_nodes: dict[str, list[_Node]] = {}
        self._shown: list[_Node] = []               # entry rows on show, depth first
        self._hoisted: list[_Node] = []             # lone Undated groups whose entries show under the category
        self._gen = 0
        self._tree_order_cache: list[str] | None = None
        self._fonts: dict[str, QFont] = {}
        self._pixmap_icons: dict[tuple[str, str], QIcon] = {}

    # ----- configuration -------------------------------------------------------------------
    def set_entries(self, entries: Sequence[Any], store: Any = None) -> None:
        """Show a new collection (resets the model)."""
        self.beginResetModel()
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._store = store
        self._filter = None
        self._version += 1
        self._load_annotations(None)
        with _gc_paused():
            self._build()
        self.endResetModel()

    def replace_entries(self, entries: Sequence[Any]) -> None:
        """Swap in a re-scanned collection, keeping selection and expansion where entries remain."""
        self._entries = list(entries)
        self._by_id = {e.id: e for e in self._entries}
        self._version += 1
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
        if self._sort == "recent":
            self._version += 1
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
            self._version += 1
            self._relayout()
            return
        self._count()
        for eid in before:
            for node in self._visible_nodes(eid):
                self._emit_changed(node)

    def _affected(self, keys: set[str] | None) -> list[str]:
        if keys is None:
            return [e.id for e in self._entries]
        return [e.id for e in self._entries if e.paper_key in keys]

    def _load_annotations(self, keys: set[str] | None) -> None:
        self._read_ids = None
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

    def _read(self) -> set[str]:
        if self._read_ids is None:
            self._read_ids = {eid for eid, status in self._status.items() if status == "read"}
        return self._read_ids

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

    def _arrangement_key(self) -> tuple[str, str, int]:
        return (self._grouping, self._sort, self._version)

    def _arrangement(self) -> tuple[list[Any], dict[str, list[tuple[str, ...]]]]:
        """Entries in display order and each entry's group paths; cached until something but the filter changes."""
        key = self._arrangement_key()
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
        """Make the tree for the current arrangement if it changed, then show what the filter keeps."""
        if self._tree_key != self._arrangement_key():
            self._build_tree()
        self._show()

    def _build_tree(self) -> None:
        """Build the unfiltered tree: every group and entry node, sorted, in `members` lists."""
        levels = GROUPINGS[self._grouping]
        root = _Node("root", "", None)
        entry_nodes: dict[str, list[_Node]] = {}
        order, paths = self._arrangement()
        groups: dict[tuple[str, ...], _Node] = {}
        for entry in order:
            eid = entry.id
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
                            parent.members.append(node)
                        parent = node
                node = _Node("entry", entry.title, parent, eid)
                parent.members.append(node)
                nodes.append(node)
            entry_nodes[eid] = nodes
        leaves: list[_Node] = []
        post: list[_Node] = []

        def walk(node: _Node, depth: int) -> None:
            if depth < len(levels):
                node.members.sort(key=lambda n: self._group_sort_key(levels[depth], n.label))
            for child in node.members:
                if child.kind == "group":
                    walk(child, depth + 1)
                    post.append(child)
                else:
                    leaves.append(child)

        walk(root, 0)
        self._root, self._leaves, self._groups, self._entry_nodes = root, leaves, post, entry_nodes
        self._hoisted = []
        self._tree_key = self._arrangement_key()

    def _show(self) -> None:
        """Link the rows the filter keeps into their groups and count them; creates no nodes."""
        self._gen += 1
        gen = self._gen
        wanted = self._filter
        for undated in self._hoisted:
            for leaf in undated.members:
                leaf.parent = undated
        self._hoisted = []
        shown = self._leaves if wanted is None else [n for n in self._leaves if n.entry_id in wanted]
        self._shown = shown
        for group in self._groups:
            group.children = []
        root = self._root
        root.children = []
        for home, run in groupby(shown, key=_HOME):
            home.children = list(run)   # a group's entries are contiguous in depth-first order
        read = self._read()
        for group in self._groups:   # children before parents, siblings in order
            children = group.children
            if not children:
                group.rowgen = -1
                continue
            if children[0].kind == "entry":
                group.total = len(children)
                group.read = len([1 for c in children if c.entry_id in read])
            else:
                group.total = sum(c.total for c in children)
                group.read = sum(c.read for c in children)
            home = group.home
            assert home is not None
            group.row, group.rowgen = len(home.children), gen
            home.children.append(group)
        root.total = sum(c.total for c in root.children)
        root.read = sum(c.read for c in root.children)
        self._hoist_lone_undated(root)
        self._tree_order_cache = None

    def _hoist_lone_undated(self, root: _Node) -> None:
        """A category whose entries are all undated shows them directly, without an "Undated" row."""
        if self._grouping != "category-year":
            return
        for category in root.children:
            only = category.children[0] if len(category.children) == 1 else None
            if only is not None and only.kind == "group" and only.label == UNDATED:
                category.children = only.children
                for child in category.children:
                    child.parent = category
                only.rowgen = -1
                self._hoisted.append(only)

    def _count(self) -> None:
        """Recount read/total of every group on show (after a status change that moves no row)."""
        self._read_ids = None
        read = self._read()
        for group in [*self._groups, self._root]:
            children = group.children
            if children and children[0].kind == "entry":
                group.total = len(children)
                group.read = len([1 for c in children if c.entry_id in read])
            else:
                group.total = sum(c.total for c in children)
                group.read = sum(c.read for c in children)

    def _is_shown(self, node: _Node) -> bool:
        if node.kind == "entry":
            nodes = self._entry_nodes.get(node.entry_id or "")
            return bool(nodes) and node in nodes and (self._filter is None or node.entry_id in self._filter)
        return node.rowgen == self._gen or node is self._root

    def _row(self, node: _Node) -> int:
        """Row of a node on show; entry rows are numbered lazily, a group at a time."""
        if node.rowgen != self._gen:
            gen = self._gen
            assert node.parent is not None
            for row, child in enumerate(node.parent.children):
                child.row, child.rowgen = row, gen
        return node.row

    def _visible_nodes(self, entry_id: str) -> list[_Node]:
        if self._filter is not None and entry_id not in self._filter:
            return []
        return self._entry_nodes.get(entry_id, [])

    def _relayout(self) -> None:
        """Rebuild the tree and move persistent indexes (selection, expansion) to the same rows."""
        with _gc_paused():
            self._relayout_now()

    def _relayout_now(self) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        new: list[QModelIndex] = []
        if self._tree_key == self._arrangement_key():
            # same nodes, another filter: each persistent index keeps its node, or goes when it hides
            nodes = [self._node(i) if i.isValid() else None for i in old]
            self._show()
            for index, node in zip(old, nodes, strict=True):
                shown = node is not None and self._is_shown(node)
                new.append(self.createIndex(self._row(node), index.column(), node) if shown else QModelIndex())
        else:
            old_keys = [(self._node(i).key(), i.column()) if i.isValid() else None for i in old]
            self._build()
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
        return self.createIndex(self._row(node), column, node)

    def _emit_changed(self, node: _Node) -> None:
        while node is not None and node.parent is not None:
            row = self._row(node)
            self.dataChanged.emit(self.createIndex(row, 0, node), self.createIndex(row, 2, node))
            node = node.parent

    # ----- lookups ---------------------------------------------------------------------------
    def index_for_entry(self, entry_id: str, column: int = 0) -> QModelIndex:
        """Return the index of an entry's first row, or an invalid index when it is hidden."""
        nodes = self._visible_nodes(entry_id)
        if not nodes:
            return QModelIndex()
        return self.createIndex(self._row(nodes[0]), column, nodes[0])

    def entry_id(self, index: _Index) -> str | None:
        """Return the entry id of an entry row, or None for a group."""
        if not index.isValid():
            return None
        node = self._node(index)
        return node.entry_id if node.kind == "entry" else None

    def group_path(self, index: _Index) -> tuple[str, ...] | None:
        """Return the labels from the top of the tree down to a group row, or None for an entry row."""
        if not index.isValid():
            return None
        node = self._node(index)
        if node.kind != "group":
            return None
        parts: list[str] = []
        walk: _Node | None = node
        while walk is not None and walk.parent is not None:
            parts.append(walk.label)
            walk = walk.home
        return tuple(reversed(parts))

    def index_for_group(self, path: Sequence[str]) -> QModelIndex:
        """Return the index of the group row at this label path, or an invalid index when it is not shown."""
        node = self._root
        for label in path:
            node = next((g for g in node.children if g.kind == "group" and g.label == label), None)  # type: ignore[assignment]
            if node is None:
                return QModelIndex()
        return QModelIndex() if node is self._root else self.createIndex(node.row, 0, node)

    def group_indexes(self) -> list[QModelIndex]:
        """Return the index of every group row on show, in display order (depth first)."""
        out: list[QModelIndex] = []
        stack = [g for g in reversed(self._root.children) if g.kind == "group"]
        while stack:
            node = stack.pop()
            out.append(self.createIndex(node.row, 0, node))
            if node.children and node.children[0].kind == "group":   # a group holds groups or entries, not both
                stack.extend(reversed(node.children))
        return out

    def visible_entry_ids(self) -> list[str]:
        """Return entry ids in display order (depth first), each once."""
        if self._tree_order_cache is None:
            ids = [n.entry_id or "" for n in self._shown]
            self._tree_order_cache = list(dict.fromkeys(ids)) if self._grouping == "tag" else ids
        return list(self._tree_order_cache)

    def read_count(self) -> tuple[int, int]:
        """Return (read, shown) over the entries on show."""
        if self._grouping != "tag":
            return self._root.read, self._root.total
        shown = {n.entry_id or "" for n in self._shown}
        return len(shown & self._read()), len(shown)

    def _node(self, index: _Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    # ----- QAbstractItemModel --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt: the index of a child row (called for every row the view lays out: kept lean)."""
        children = (parent.internalPointer() if parent.isValid() else self._root).children
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
            return bool(self._root.children)
        return parent.column() == 0 and bool(parent.internalPointer().children)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt: rows are selectable and enabled; entry rows never have children (the view skips asking)."""
        if not index.isValid():
            return _NO_FLAGS
        return _ENTRY_FLAGS if index.internalPointer().kind == "entry" else _GROUP_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Title", "", "")[section] if 0 <= section < 3 else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
        if node.kind == "group":
            return self._group_data(node, col, role)
        return self._entry_data(node, col, role)

    def _group_data(self, node: _Node, col: int, role: int) -> Any:
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
            if level == "status" and node.label in STATUS_ORDER:
                return self._icon(node.label)
            return self._icon({"year": "year", "tag": "tags"}.get(level, "folder"))
        if role == _FONT:
            return self._font("group")
        return None

    def _entry_data(self, node: _Node, col: int, role: int) -> Any:
        eid = node.entry_id or ""
        entry = self._by_id.get(eid)
        status = self._status.get(eid, "unread")
        if col == COL_TITLE:
            if role == _DISPLAY:
                return node.label
            if role == _DECORATION:
                return self._icon(status)
            if role == _FONT and status == "unread":
                return self._font("unread")
            if role == StatusRole:
                return status
            if role == _TOOLTIP and entry is not None:
                bits = [entry.title]
                meta = ", ".join(x for x in (entry.venue, str(entry.year or "")) if x)
                if meta:
                    bits.append(meta)
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
            return icons.dots_icon([self._tag_color(t) or "#9aa0a6" for t in tags])
        if role == _TOOLTIP and tags:
            return tip(", ".join(tags))
        return None

    def _font(self, kind: str) -> QFont:
        """Bold font of unread entries, semi-bold of groups (made once, not per row painted)."""
        font = self._fonts.get(kind)
        if font is None:
            font = QFont()
            if kind == "unread":
                font.setBold(True)
            else:
                font.setWeight(QFont.Weight.DemiBold)
            self._fonts[kind] = font
        return font

    def _icon(self, name: str) -> QIcon:
        """The themed icon `name` as pixmaps drawn once: a qtawesome icon repaints its glyph in
        Python on every paint of every row, which dominates repainting a scrolled or filtered tree."""
        key = (name, icons.foreground())
        cached = self._pixmap_icons.get(key)
        if cached is None:
            source = icons.icon(name)
            cached = QIcon()
            for side in (16, 24, 32):
                for mode in _ICON_MODES:
                    cached.addPixmap(source.pixmap(QSize(side, side), mode), mode)
            self._pixmap_icons[key] = cached
        return cached


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Tens of thousands of small nodes: a collection pass mid-build costs more than the build."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _invert(text: str) -> str:
    """Map a string to one that sorts in reverse order (for newest-first ISO times)."""
    return "".join(chr(0x10FFFF - ord(c)) if ord(c) < 0x10FFFF else c for c in text)


class FilterExpansion:
    """Opens every group while a filter leaves few entries, and gives the tree back the groups the
    user had open once the filter leaves many again (or is cleared).

    Without this, groups opened for a narrow filter stay open when the query widens, and every
    later keystroke makes the view lay out thousands of entry rows.
    """

    def __init__(self, view: Any, model: EntryTreeModel, limit: int = 400) -> None:
        self.view = view
        self.model = model
        self.limit = limit
        self._saved: tuple[str, list[tuple[str, ...]]] | None = None

    def before_filter(self, shown: int | None) -> None:
        """Call before the model's filter changes; `shown` is how many entries it will keep (None: all)."""
        if shown is not None and shown <= self.limit and self._saved is None:
            model = self.model
            paths = [model.group_path(i) for i in model.group_indexes() if self.view.isExpanded(i)]
            self._saved = (model.grouping(), [p for p in paths if p])

    def after_filter(self, shown: int | None) -> None:
        """Call after the filter changed: open everything for a narrow result, else restore the user's groups."""
        if shown is not None and shown <= self.limit:
            self.view.expandAll()
            return
        saved, self._saved = self._saved, None
        if saved is None:
            return
        grouping, paths = saved
        if grouping != self.model.grouping():
            return
        self.view.collapseAll()
        for path in paths:
            index = self.model.index_for_group(path)
            if index.isValid():
                self.view.expand(index)

    def forget(self) -> None:
        """Drop the remembered groups (the window chose a new expansion itself)."""
        self._saved = None
