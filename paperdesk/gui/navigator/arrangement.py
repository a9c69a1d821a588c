"""The navigator's arrangement, free of Qt: entries grouped, sorted, filtered and counted as a tree of nodes."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from itertools import groupby
from operator import attrgetter
from typing import Protocol

from paperdesk.gui.navigator.natural import natural_key
from paperdesk.vocab import STATUSES, Status


class Grouping(StrEnum):
    """How the tree groups its entries."""

    CATEGORY_YEAR = "category-year"
    YEAR_CATEGORY = "year-category"
    TAG = "tag"
    STATUS = "status"
    NOTED = "noted"      # the year the note was written or read (Entry.noted)


class Sort(StrEnum):
    """The order of entries inside a group."""

    YEAR = "year"        # newest first
    TITLE = "title"
    RECENT = "recent"    # recently opened first


class Level(StrEnum):
    """One level of grouping."""

    CATEGORY = "category"
    YEAR = "year"
    TAG = "tag"
    STATUS = "status"
    NOTED = "noted"


class NodeKind(StrEnum):
    """What a node of the tree is."""

    ROOT = "root"
    GROUP = "group"
    ENTRY = "entry"


GROUPINGS: dict[Grouping, tuple[Level, ...]] = {
    Grouping.CATEGORY_YEAR: (Level.CATEGORY, Level.YEAR),
    Grouping.YEAR_CATEGORY: (Level.YEAR, Level.CATEGORY),
    Grouping.TAG: (Level.TAG,),
    Grouping.STATUS: (Level.STATUS,),
    Grouping.NOTED: (Level.NOTED,),
}
GROUPING_LABELS: dict[Grouping, str] = {
    Grouping.CATEGORY_YEAR: "Category › Year",
    Grouping.YEAR_CATEGORY: "Year › Category",
    Grouping.TAG: "Tag",
    Grouping.STATUS: "Status",
    Grouping.NOTED: "Year noted",
}
SORTS: tuple[Sort, ...] = tuple(Sort)
NO_TAG = "(no tags)"
UNDATED = "Undated"
NOT_NOTED = "No date noted"
_HOME = attrgetter("home")
_NO_ROWS: tuple[()] = ()   # the children and members of every entry row


class ArrangedEntry(Protocol):
    """What the arrangement reads of an entry (collection.Entry has it)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def paper_key(self) -> str: ...
    @property
    def noted(self) -> str | None: ...


class Node:
    """One row: a group or an entry.

    Nodes of the whole collection are built once per arrangement (grouping, sort, annotations);
    a filter only chooses which of them are `children` of their group, so filtering creates no
    nodes and rows keep their identity (persistent indexes follow by node, not by search).
    """

    __slots__ = ("children", "entry_id", "home", "kind", "label", "level", "members", "parent", "read",
                 "row", "rowgen", "total")

    def __init__(self, kind: NodeKind, label: str, parent: Node | None, entry_id: str | None = None,
                 level: str = ""):
        self.kind = kind
        self.level = level
        self.label = label
        self.parent = parent      # where the row shows now (differs from home when a lone Undated row is skipped)
        self.home = parent        # parent in the unfiltered tree
        self.entry_id = entry_id
        # rows on show, and every child in the unfiltered tree in display order; an entry row has
        # none, ever: it shares one empty tuple (10,000 entries need not hold 20,000 empty lists)
        self.children: list[Node] | tuple[()] = _NO_ROWS if kind == NodeKind.ENTRY else []
        self.members: list[Node] | tuple[()] = _NO_ROWS if kind == NodeKind.ENTRY else []
        self.row = 0
        self.rowgen = -1          # view generation in which `row` was last numbered
        self.total = 0
        self.read = 0

    def key(self) -> tuple[str, ...]:
        """Path of labels from the root, used to find the same row after a rebuild."""
        parts: list[str] = []
        node: Node | None = self
        while node is not None and node.parent is not None:
            parts.append(node.entry_id if node.kind == NodeKind.ENTRY and node.entry_id else "g:" + node.label)
            node = node.parent
        return tuple(reversed(parts))


class Arrangement:
    """The tree of one collection under a grouping, a sort and a filter; the model reads its nodes.

    `status`, `tags` and `opened` are filled by the owner (entry id -> value); call `changed()`
    after anything but the filter changed, then `build()`.
    """

    def __init__(self) -> None:
        self.entries: list[ArrangedEntry] = []
        self.by_id: dict[str, ArrangedEntry] = {}
        self.status: dict[str, str] = {}
        self.tags: dict[str, tuple[str, ...]] = {}
        self.opened: dict[str, str] = {}
        self.filter: set[str] | None = None
        self.grouping = Grouping.CATEGORY_YEAR
        self.sort = Sort.YEAR
        self.version = 0
        self.root = Node(NodeKind.ROOT, "", None)
        self.leaves: list[Node] = []              # every entry row, depth first
        self.groups: list[Node] = []              # every group row, children before their parent
        self.entry_nodes: dict[str, list[Node]] = {}
        self.shown: list[Node] = []               # entry rows on show, depth first
        self.gen = 0
        self._hoisted: list[Node] = []            # lone Undated groups whose entries show under the category
        self._arranged: tuple[tuple[str, str, int], list[ArrangedEntry], dict[str, tuple[tuple[str, ...], ...]]] | None = None
        self._tree_key: tuple[str, str, int] | None = None
        self._order_cache: list[str] | None = None
        self._read_ids: set[str] | None = None

    # ----- inputs ------------------------------------------------------------------------------
    def set_entries(self, entries: Sequence[ArrangedEntry]) -> None:
        """Arrange these entries (the filter keeps only ids that remain)."""
        self.entries = list(entries)
        self.by_id = {e.id: e for e in self.entries}
        if self.filter is not None:
            self.filter &= set(self.by_id)
        self.changed()

    def changed(self) -> None:
        """Something but the filter changed (grouping, sort, annotations, entries): rebuild next time."""
        self.version += 1

    def status_changed(self) -> None:
        """Statuses changed: forget the cached set of read entries."""
        self._read_ids = None

    def read_ids(self) -> set[str]:
        """Ids of the entries marked read."""
        if self._read_ids is None:
            self._read_ids = {eid for eid, status in self.status.items() if status == Status.READ}
        return self._read_ids

    def is_current(self) -> bool:
        """Whether the built tree is of the current arrangement (only the filter may differ)."""
        return self._tree_key == self._key()

    def _key(self) -> tuple[str, str, int]:
        return (self.grouping, self.sort, self.version)

    # ----- arranging -----------------------------------------------------------------------------
    def group_labels(self, entry: ArrangedEntry, level: str) -> list[str]:
        """The labels of the groups an entry belongs to at one level (several for tags)."""
        if level == Level.CATEGORY:
            return [entry.category or "Uncategorised"]
        if level == Level.YEAR:
            return [str(entry.year) if entry.year is not None else UNDATED]
        if level == Level.STATUS:
            return [self.status.get(entry.id, Status.UNREAD)]
        if level == Level.NOTED:
            year = (entry.noted or "")[:4]
            return [year if year.isdigit() else NOT_NOTED]
        tags = self.tags.get(entry.id, ())
        return list(tags) if tags else [NO_TAG]

    @staticmethod
    def group_sort_key(level: str, label: str) -> tuple[int, int, tuple[str | int, ...]]:
        """Order of groups at one level: years newest first and Undated last, statuses in reading order."""
        if level in (Level.YEAR, Level.NOTED):
            return (1, 0, ()) if label in (UNDATED, NOT_NOTED) else (0, -int(label), ())
        if level == Level.STATUS:
            return (STATUSES.index(label) if label in STATUSES else 9, 0, (label,))  # type: ignore[arg-type]
        if level == Level.TAG and label == NO_TAG:
            return (1, 0, ())
        return (0, 0, natural_key(label))

    def entry_sort_key(self, entry: ArrangedEntry) -> tuple[object, ...]:
        """Order of entries inside a group under the current sort (titles in natural order)."""
        title = natural_key(entry.title)
        if self.sort == Sort.TITLE:
            return (title,)
        if self.sort == Sort.RECENT:
            opened = self.opened.get(entry.id, "")
            return ("" if opened else "~", invert(opened), -(entry.year or 0), title)
        return (-(entry.year or 0), title)

    def arrange(self) -> tuple[list[ArrangedEntry], dict[str, tuple[tuple[str, ...], ...]]]:
        """Entries in display order and each entry's group paths; cached until something but the filter changes."""
        key = self._key()
        if self._arranged is None or self._arranged[0] != key:
            levels = GROUPINGS[self.grouping]
            order = sorted(self.entries, key=self.entry_sort_key)
            paths: dict[str, tuple[tuple[str, ...], ...]] = {}
            shared: dict[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]] = {}
            for entry in order:
                found: list[tuple[str, ...]] = [()]
                for level in levels:
                    found = [(*p, label) for p in found for label in self.group_labels(entry, level)]
                # the entries of one group share one tuple of paths (and its labels), not a copy each
                paths[entry.id] = shared.setdefault(tuple(found), tuple(found))
            self._arranged = (key, order, paths)
        return self._arranged[1], self._arranged[2]

    def build(self) -> None:
        """Make the tree for the current arrangement if it changed, then show what the filter keeps."""
        if not self.is_current():
            self._build_tree()
        self.show()

    def _build_tree(self) -> None:
        """Build the unfiltered tree: every group and entry node, sorted, in `members` lists."""
        levels = GROUPINGS[self.grouping]
        root = Node(NodeKind.ROOT, "", None)
        entry_nodes: dict[str, list[Node]] = {}
        order, paths = self.arrange()
        groups: dict[tuple[str, ...], Node] = {}
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
                            node = groups[sub] = Node(NodeKind.GROUP, sub[-1], parent, level=levels[depth - 1])
                            parent.members.append(node)
                        parent = node
                node = Node(NodeKind.ENTRY, entry.title, parent, eid)
                parent.members.append(node)
                nodes.append(node)
            entry_nodes[eid] = nodes
        leaves: list[Node] = []
        post: list[Node] = []

        def walk(node: Node, depth: int) -> None:
            if depth < len(levels):
                node.members.sort(key=lambda n: self.group_sort_key(levels[depth], n.label))
            for child in node.members:
                if child.kind == NodeKind.GROUP:
                    walk(child, depth + 1)
                    post.append(child)
                else:
                    leaves.append(child)

        walk(root, 0)
        self.root, self.leaves, self.groups, self.entry_nodes = root, leaves, post, entry_nodes
        self._hoisted = []
        self._tree_key = self._key()

    def show(self) -> None:
        """Link the rows the filter keeps into their groups and count them; creates no nodes."""
        self.gen += 1
        gen = self.gen
        wanted = self.filter
        for undated in self._hoisted:
            for leaf in undated.members:
                leaf.parent = undated
        self._hoisted = []
        shown = self.leaves if wanted is None else [n for n in self.leaves if n.entry_id in wanted]
        self.shown = shown
        for group in self.groups:
            group.children = []
        root = self.root
        root.children = []
        for home, run in groupby(shown, key=_HOME):
            home.children = list(run)   # a group's entries are contiguous in depth-first order
        read = self.read_ids()
        for group in self.groups:   # children before parents, siblings in order
            children = group.children
            if not children:
                group.rowgen = -1
                continue
            if children[0].kind == NodeKind.ENTRY:
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
        self._order_cache = None

    def _hoist_lone_undated(self, root: Node) -> None:
        """A category whose entries are all undated shows them directly, without an "Undated" row."""
        if self.grouping != Grouping.CATEGORY_YEAR:
            return
        for category in root.children:
            only = category.children[0] if len(category.children) == 1 else None
            if only is not None and only.kind == NodeKind.GROUP and only.label == UNDATED:
                category.children = only.children
                for child in category.children:
                    child.parent = category
                only.rowgen = -1
                self._hoisted.append(only)

    def count(self) -> None:
        """Recount read/total of every group on show (after a status change that moves no row)."""
        self._read_ids = None
        read = self.read_ids()
        for group in [*self.groups, self.root]:
            children = group.children
            if children and children[0].kind == NodeKind.ENTRY:
                group.total = len(children)
                group.read = len([1 for c in children if c.entry_id in read])
            else:
                group.total = sum(c.total for c in children)
                group.read = sum(c.read for c in children)

    # ----- reading the tree ------------------------------------------------------------------------
    def is_shown(self, node: Node) -> bool:
        """Whether a node is on show under the current filter."""
        if node.kind == NodeKind.ENTRY:
            nodes = self.entry_nodes.get(node.entry_id or "")
            return bool(nodes) and node in nodes and (self.filter is None or node.entry_id in self.filter)
        return node.rowgen == self.gen or node is self.root

    def row(self, node: Node) -> int:
        """Row of a node on show; entry rows are numbered lazily, a group at a time."""
        if node.rowgen != self.gen:
            gen = self.gen
            assert node.parent is not None
            for row, child in enumerate(node.parent.children):
                child.row, child.rowgen = row, gen
        return node.row

    def visible_nodes(self, entry_id: str) -> list[Node]:
        """Every row of an entry on show (several under Group By Tag), none when filtered out."""
        if self.filter is not None and entry_id not in self.filter:
            return []
        return self.entry_nodes.get(entry_id, [])

    def find(self, key: tuple[str, ...]) -> Node | None:
        """The node on show at a `Node.key()` path; for an entry whose group went, its first row."""
        node = self.root
        for part in key:
            match = None
            for child in node.children:
                if (child.kind == NodeKind.ENTRY and child.entry_id == part) or (
                        child.kind == NodeKind.GROUP and "g:" + child.label == part):
                    match = child
                    break
            if match is None:
                if key and not key[-1].startswith("g:"):
                    nodes = self.visible_nodes(key[-1])
                    return nodes[0] if nodes else None
                return None
            node = match
        return node

    @staticmethod
    def group_path(node: Node) -> tuple[str, ...]:
        """The labels from the top of the tree down to a group."""
        parts: list[str] = []
        walk: Node | None = node
        while walk is not None and walk.parent is not None:
            parts.append(walk.label)
            walk = walk.home
        return tuple(reversed(parts))

    def group_at(self, path: Sequence[str]) -> Node | None:
        """The group on show at this label path, or None."""
        node: Node | None = self.root
        for label in path:
            assert node is not None
            node = next((g for g in node.children if g.kind == NodeKind.GROUP and g.label == label), None)
            if node is None:
                return None
        return None if node is self.root else node

    def group_nodes(self) -> list[Node]:
        """Every group on show, in display order (depth first)."""
        out: list[Node] = []
        stack = [g for g in reversed(self.root.children) if g.kind == NodeKind.GROUP]
        while stack:
            node = stack.pop()
            out.append(node)
            if node.children and node.children[0].kind == NodeKind.GROUP:   # groups or entries, not both
                stack.extend(reversed(node.children))
        return out

    def visible_entry_ids(self) -> list[str]:
        """Entry ids on show in display order (depth first), each once."""
        if self._order_cache is None:
            ids = [n.entry_id or "" for n in self.shown]
            self._order_cache = list(dict.fromkeys(ids)) if self.grouping == Grouping.TAG else ids
        return list(self._order_cache)

    def read_count(self) -> tuple[int, int]:
        """(read, shown) over the entries on show, each entry once."""
        if self.grouping != Grouping.TAG:
            return self.root.read, self.root.total
        shown = {n.entry_id or "" for n in self.shown}
        return len(shown & self.read_ids()), len(shown)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Tens of thousands of small nodes: a collection pass mid-build costs more than the build."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def invert(text: str) -> str:
    """Map a string to one that sorts in reverse order (for newest-first ISO times)."""
    return "".join(chr(0x10FFFF - ord(c)) if ord(c) < 0x10FFFF else c for c in text)
