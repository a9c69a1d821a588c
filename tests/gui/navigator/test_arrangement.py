"""The Qt-free arrangement: grouping, sorting, filtering, counting and finding rows again, in plain Python."""

from __future__ import annotations

import json
import subprocess
import sys

from navigator_fixtures import ENTRIES, FakeEntry

from paperdesk.gui.navigator.arrangement import (
    NO_TAG,
    Arrangement,
    Grouping,
    Node,
    NodeKind,
    Sort,
    invert,
)


def labels(node: Node) -> list:
    """The shown tree under a node as nested (group label read/total, children) and entry titles."""
    out: list = []
    for child in node.children:
        if child.kind == NodeKind.GROUP:
            out.append((f"{child.label} {child.read}/{child.total}", labels(child)))
        else:
            out.append(child.label)
    return out


def arranged(entries=ENTRIES, **settings) -> Arrangement:
    tree = Arrangement()
    tree.set_entries(entries)
    for name, value in settings.items():
        setattr(tree, name, value)
    tree.build()
    return tree


def test_arrangement_does_not_load_qt() -> None:
    code = ("import json, sys, paperdesk.gui.navigator.arrangement\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


def test_category_then_year_newest_first_with_undated_last() -> None:
    tree = arranged(status={"b": "read"})
    assert labels(tree.root) == [
        ("Generative 0/1", [("2020 0/1", ["DDPM"])]),
        ("LLM 1/3", [("2018 1/2", ["Another LLM", "BERT"]), ("2017 0/1", ["Attention"])]),
        ("Vision 0/2", [("2021 0/1", ["CLIP"]), ("Undated 0/1", ["Undated essay"])]),
    ]
    assert tree.read_count() == (1, 6)


def test_a_category_of_undated_entries_only_shows_them_without_a_year_row() -> None:
    tree = arranged([FakeEntry("q", "Question", "3D", None, "k1"), FakeEntry("p", "Paper", "CV", 2020, "k2")])
    assert labels(tree.root) == [("3D 0/1", ["Question"]), ("CV 0/1", [("2020 0/1", ["Paper"])])]
    tree.filter = {"p"}
    tree.show()
    assert labels(tree.root) == [("CV 0/1", [("2020 0/1", ["Paper"])])]
    tree.filter = None
    tree.show()
    assert labels(tree.root)[0] == ("3D 0/1", ["Question"])


def test_tag_grouping_lists_an_entry_under_each_tag_and_counts_it_once() -> None:
    tree = arranged(grouping=Grouping.TAG, tags={"a": ("rl", "nlp"), "c": ("rl",)}, status={"a": "read"})
    assert [g.label for g in tree.root.children] == ["nlp", "rl", NO_TAG]
    assert len(tree.entry_nodes["a"]) == 2
    assert tree.visible_entry_ids() == ["a", "c", "d", "f", "b", "e"]
    assert tree.read_count() == (1, 6)


def test_status_grouping_follows_reading_order() -> None:
    tree = arranged(grouping=Grouping.STATUS, status={"a": "read", "b": "reading"})
    assert [g.label for g in tree.root.children] == ["unread", "reading", "read"]


def test_sorts_by_title_and_by_recently_opened() -> None:
    tree = arranged(grouping=Grouping.STATUS, sort=Sort.TITLE)
    assert labels(tree.root)[0][1][:3] == ["Another LLM", "Attention", "BERT"]
    tree.sort = Sort.RECENT
    tree.opened = {"d": "2026-01-02T00:00:00", "e": "2026-01-03T00:00:00"}
    tree.changed()
    tree.build()
    assert labels(tree.root)[0][1][:2] == ["Undated essay", "DDPM"]
    assert sorted(["2026-01-02", "2026-01-03"], key=invert) == ["2026-01-03", "2026-01-02"]


def test_a_filter_relinks_the_same_nodes_and_recounts() -> None:
    tree = arranged()
    nodes = {eid: list(found) for eid, found in tree.entry_nodes.items()}
    tree.filter = {"b", "c"}
    tree.show()
    assert tree.is_current()
    assert labels(tree.root) == [("LLM 0/1", [("2018 0/1", ["BERT"])]), ("Vision 0/1", [("2021 0/1", ["CLIP"])])]
    assert all(tree.entry_nodes[eid] == found for eid, found in nodes.items())
    hidden = nodes["a"][0]
    assert not tree.is_shown(hidden) and tree.visible_nodes("a") == []
    assert tree.is_shown(nodes["b"][0]) and tree.row(nodes["b"][0]) == 0


def test_rows_are_found_again_after_a_rebuild() -> None:
    tree = arranged()
    key = tree.visible_nodes("b")[0].key()
    group_key = tree.group_at(("LLM", "2018")).key()
    tree.tags = {"b": ("x",)}
    tree.changed()
    tree.build()
    found = tree.find(key)
    assert found is tree.visible_nodes("b")[0]
    assert tree.find(group_key) is tree.group_at(("LLM", "2018"))
    tree.grouping = Grouping.STATUS
    tree.changed()
    tree.build()
    assert tree.find(key) is tree.visible_nodes("b")[0]   # its group went: the entry's first row
    assert tree.find(group_key) is None


def test_group_paths_round_trip_and_groups_come_depth_first() -> None:
    tree = arranged()
    paths = [tree.group_path(g) for g in tree.group_nodes()]
    assert paths[:2] == [("Generative",), ("Generative", "2020")]
    for path in paths:
        assert tree.group_path(tree.group_at(path)) == path
    assert tree.group_at(("Nope",)) is None


def test_status_changes_recount_without_a_rebuild() -> None:
    tree = arranged()
    before = tree.root.members[0]
    tree.status["d"] = "read"
    tree.count()
    assert tree.root.members[0] is before
    assert labels(tree.root)[0] == ("Generative 1/1", [("2020 1/1", ["DDPM"])])


def test_set_entries_keeps_only_filtered_ids_that_remain() -> None:
    tree = arranged()
    tree.filter = {"a", "z"}
    tree.set_entries(ENTRIES[1:])
    tree.build()
    assert tree.filter == set() and tree.visible_entry_ids() == []


def test_entry_rows_hold_no_lists_and_entries_of_one_group_share_their_paths() -> None:
    tree = arranged()
    leaves = tree.leaves
    assert leaves and all(leaf.children == () and leaf.members == () for leaf in leaves)
    _order, paths = tree.arrange()
    by_group: dict = {}
    for leaf in leaves:
        by_group.setdefault(paths[leaf.entry_id], []).append(leaf.entry_id)
    shared = [ids for ids in by_group.values() if len(ids) > 1]
    assert shared
    for ids in shared:
        assert all(paths[i] is paths[ids[0]] for i in ids)
    tree.filter = {leaves[0].entry_id}
    tree.build()
    assert tree.visible_entry_ids() == [leaves[0].entry_id]
