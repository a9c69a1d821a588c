"""The navigator model: groupings, counts, sorting, filtering and change signals, checked by Qt's model tester."""

from __future__ import annotations

import random

import pytest
from navigator_fixtures import ENTRIES, FakeEntry, FakeHighlight, FakeStore
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTreeView

from paperdesk.gui.navigator.tree_model import (
    COL_HIGHLIGHTS,
    COL_TAGS,
    EntryTreeModel,
    ProgressRole,
)
from paperdesk.gui.safe_text import tip


def rows(model: EntryTreeModel, parent: QModelIndex | None = None) -> list:
    parent = parent or QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        children = rows(model, index)
        out.append((model.data(index), children) if children else model.data(index))
    return out


@pytest.fixture
def setup(qapp):
    store = FakeStore()
    model = EntryTreeModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_entries(ENTRIES, store)
    yield model, store
    del tester


def test_category_then_year_with_counts(setup):
    model, _ = setup
    assert rows(model) == [
        ("Generative  0/1", [("2020  0/1", ["DDPM"])]),
        ("LLM  0/3", [("2018  0/2", ["Another LLM", "BERT"]), ("2017  0/1", ["Attention"])]),
        ("Vision  0/2", [("2021  0/1", ["CLIP"]), ("Undated  0/1", ["Undated essay"])]),
    ]


def test_other_groupings_and_sorts(setup):
    model, store = setup
    store.tag_map = {"k:a": ["rl", "nlp"], "k:c": ["rl"]}
    store.statuses = {"k:b": "read", "k:c": "reading"}
    model.refresh_annotations()
    model.set_grouping("year-category")
    assert [r[0] for r in rows(model)] == ["2021  0/1", "2020  0/1", "2018  1/2", "2017  0/1", "Undated  0/1"]
    model.set_grouping("tag")
    assert rows(model) == [("nlp  0/1", ["Attention"]), ("rl  0/2", ["CLIP", "Attention"]),
                           ("(no tags)  1/4", ["DDPM", "Another LLM", "BERT", "Undated essay"])]
    assert model.visible_entry_ids() == ["a", "c", "d", "f", "b", "e"]
    model.set_grouping("status")
    assert [r[0] for r in rows(model)] == ["unread  0/4", "reading  0/1", "read  1/1"]
    model.set_sort("title")
    assert rows(model)[0][1] == ["Another LLM", "Attention", "DDPM", "Undated essay"]
    model.set_opened({"d": "2026-01-02T00:00:00", "e": "2026-01-03T00:00:00"})
    model.set_sort("recent")
    assert rows(model)[0][1][:2] == ["Undated essay", "DDPM"]


def test_unread_bold_and_icons(setup):
    model, store = setup
    store.tag_map = {"k:a": ["rl"]}
    store.marks = [FakeHighlight("a"), FakeHighlight("a")]
    model.refresh_annotations()
    index = model.index_for_entry("a")
    assert model.data(index, Qt.ItemDataRole.FontRole).bold()
    assert model.data(index, Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index_for_entry("a", COL_HIGHLIGHTS)) == "2"
    assert model.data(model.index_for_entry("a", COL_TAGS), Qt.ItemDataRole.ToolTipRole) == tip("rl")
    assert model.data(model.index_for_entry("a", COL_TAGS), Qt.ItemDataRole.DecorationRole) is not None
    store.statuses["k:a"] = "read"
    model.refresh_annotations({"k:a"})
    assert model.data(model.index_for_entry("a"), Qt.ItemDataRole.FontRole) is None


def test_status_change_emits_data_changed_not_reset(setup, qtbot):
    model, store = setup
    resets: list[bool] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda a, b, roles=(): changed.append((a.row(), b.column())))
    store.statuses["k:c"] = "read"
    model.refresh_annotations({"k:c"})
    assert not resets
    assert len(changed) >= 3  # the entry row, its year group and its category group
    vision = model.index(2, 0)
    assert model.data(vision, ProgressRole) == (1, 2)


def test_filter_keeps_persistent_indexes(setup):
    model, _ = setup
    keep = QPersistentModelIndex(model.index_for_entry("c"))
    model.set_filter({"c", "d"})
    assert sorted(model.visible_entry_ids()) == ["c", "d"]
    assert keep.isValid() and model.entry_id(keep) == "c"
    assert [r[0] for r in rows(model)] == ["Generative  0/1", "Vision  0/1"]
    model.set_filter({"d"})
    assert not keep.isValid()
    model.set_filter(None)
    assert len(model.visible_entry_ids()) == len(ENTRIES)


def test_replace_entries_keeps_selection(setup):
    model, _ = setup
    keep = QPersistentModelIndex(model.index_for_entry("b"))
    renamed = [e if e.id != "a" else FakeEntry("a", "Attention Is All You Need", "LLM", 2017, "k:a") for e in ENTRIES]
    model.replace_entries(renamed)
    assert keep.isValid() and model.entry_id(keep) == "b"
    assert model.data(model.index_for_entry("a")) == "Attention Is All You Need"


def test_opening_entries_does_not_reshuffle_the_recent_order_under_the_cursor(setup):
    model, _ = setup
    model.set_sort("recent")
    before = model.visible_entry_ids()
    model.mark_opened(before[-1], "2030-01-01T00:00:00")
    assert model.visible_entry_ids() == before
    model.set_grouping("status")
    assert model.visible_entry_ids()[0] == before[-1]


def test_a_category_with_only_undated_entries_skips_the_year_row(qapp):
    model = EntryTreeModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    entries = [FakeEntry("q1", "How do NeRFs work?", "3D", None, "k1"),
               FakeEntry("q2", "What is splatting?", "3D", None, "k2"),
               FakeEntry("p1", "A paper", "Vision", 2020, "k3"),
               FakeEntry("p2", "An old essay", "Vision", None, "k4")]
    model.set_entries(entries, FakeStore())
    assert rows(model) == [("3D  0/2", ["How do NeRFs work?", "What is splatting?"]),
                           ("Vision  0/2", [("2020  0/1", ["A paper"]), ("Undated  0/1", ["An old essay"])])]
    keep = QPersistentModelIndex(model.index_for_entry("q2"))
    model.set_filter({"q2", "p1"})
    assert keep.isValid() and model.entry_id(keep) == "q2"
    model.set_grouping("year-category")
    assert [r[0] for r in rows(model)] == ["2020  0/1", "Undated  0/1"]
    del tester


def _fresh(store: FakeStore, grouping: str, wanted: set[str] | None) -> EntryTreeModel:
    model = EntryTreeModel()
    model.set_entries(ENTRIES, store)
    model.set_grouping(grouping)
    model.set_filter(wanted)
    return model


def test_filtering_many_times_gives_the_tree_a_fresh_model_would_build(setup):
    model, store = setup
    store.tag_map = {"k:a": ["rl", "nlp"], "k:c": ["rl"], "k:e": ["nlp"]}
    store.statuses = {"k:b": "read", "k:e": "read"}
    model.refresh_annotations()
    rng = random.Random(7)
    ids = [e.id for e in ENTRIES]
    for grouping in ("category-year", "tag", "year-category", "status"):
        model.set_grouping(grouping)
        for _ in range(25):
            if rng.random() < 0.3:  # a status change between keystrokes: recount, or move rows
                key = "k:" + rng.choice(model.visible_entry_ids() or ids)
                store.statuses[key] = "unread" if store.statuses.get(key) == "read" else rng.choice(("reading", "read"))
                model.refresh_annotations({key})
                assert rows(model) == rows(_fresh(store, grouping, model.filter_ids()))
            wanted = None if rng.random() < 0.2 else set(rng.sample(ids, rng.randint(0, len(ids))))
            model.set_filter(wanted)
            fresh = _fresh(store, grouping, wanted)
            assert rows(model) == rows(fresh)
            assert model.visible_entry_ids() == fresh.visible_entry_ids()
            shown = set(ids) if wanted is None else wanted
            assert set(model.visible_entry_ids()) == shown
            read = {eid for eid in ids if store.statuses.get("k:" + eid) == "read"}
            assert model.read_count() == (len(shown & read), len(shown))
            if grouping == "category-year":
                expected = {e.category: 0 for e in ENTRIES if e.id in shown}
                for e in ENTRIES:
                    if e.id in shown:
                        expected[e.category] += 1
                tops = [model.index(r, 0) for r in range(model.rowCount())]
                assert {model.data(i).split()[0]: model.data(i, ProgressRole)[1] for i in tops} == expected


def test_a_lone_undated_row_comes_and_goes_with_the_filter(setup):
    model, _ = setup
    keep = QPersistentModelIndex(model.index_for_entry("e"))
    model.set_filter({"e", "a"})
    assert rows(model) == [("LLM  0/1", [("2017  0/1", ["Attention"])]), ("Vision  0/1", ["Undated essay"])]
    assert keep.isValid() and model.entry_id(keep) == "e"
    assert model.parent(QModelIndex(keep)) == model.index(1, 0)
    model.set_filter(None)
    assert keep.isValid() and model.entry_id(keep) == "e"
    assert model.data(model.parent(QModelIndex(keep))) == "Undated  0/1"


@pytest.fixture
def view(setup, qtbot):
    model, store = setup
    tree = QTreeView()
    tree.setModel(model)
    qtbot.addWidget(tree)
    tree.resize(300, 400)
    tree.show()
    return tree, model, store


def test_filtering_keeps_selection_and_open_groups_in_a_view(view):
    tree, model, _ = view
    llm = model.index_for_group(("LLM",))
    tree.expand(llm)
    tree.expand(model.index_for_group(("LLM", "2018")))
    tree.setCurrentIndex(model.index_for_entry("b"))
    for wanted in ({"b", "f", "c"}, {"b"}, None):
        model.set_filter(wanted)
        assert model.entry_id(tree.currentIndex()) == "b"
        assert [model.entry_id(i) for i in tree.selectionModel().selectedRows()] == ["b"]
        assert tree.isExpanded(model.index_for_group(("LLM",)))
        assert tree.isExpanded(model.index_for_group(("LLM", "2018")))
    model.set_filter({"c"})
    assert not tree.currentIndex().isValid()
    assert not model.index_for_group(("LLM",)).isValid()


def test_group_paths_round_trip(setup):
    model, _ = setup
    paths = [model.group_path(i) for i in model.group_indexes()]
    assert paths[0] == ("Generative",) and ("Vision", "Undated") in paths
    for path in paths:
        assert model.group_path(model.index_for_group(path)) == path
    assert model.group_path(model.index_for_entry("a")) is None
    assert not model.index_for_group(("Nope",)).isValid()
