"""FilterExpansion: a narrow filter opens every group; widening gives back the groups the user had open."""

from __future__ import annotations

import pytest
from navigator_fixtures import ENTRIES, FakeStore
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTreeView

from paperdesk.gui.navigator.expansion import FilterExpansion
from paperdesk.gui.navigator.tree_model import EntryTreeModel


@pytest.fixture
def setup(qapp):
    store = FakeStore()
    model = EntryTreeModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_entries(ENTRIES, store)
    yield model, store
    del tester


@pytest.fixture
def view(setup, qtbot):
    model, store = setup
    tree = QTreeView()
    tree.setModel(model)
    qtbot.addWidget(tree)
    tree.resize(300, 400)
    tree.show()
    return tree, model, store


def test_narrow_filter_opens_everything_and_widening_gives_back_the_users_groups(view):
    tree, model, _ = view
    expansion = FilterExpansion(tree, model, limit=2)
    tree.expand(model.index_for_group(("LLM",)))
    for wanted in ({"b", "c"}, {"c"}):
        expansion.before_filter(len(wanted))
        model.set_filter(wanted)
        expansion.after_filter(len(wanted))
        assert all(tree.isExpanded(i) for i in model.group_indexes())
    wanted = {"a", "b", "c", "d"}
    expansion.before_filter(len(wanted))
    model.set_filter(wanted)
    expansion.after_filter(len(wanted))
    opened = [model.group_path(i) for i in model.group_indexes() if tree.isExpanded(i)]
    assert opened == [("LLM",)]
    model.set_filter(None)
    expansion.after_filter(None)
    assert [model.group_path(i) for i in model.group_indexes() if tree.isExpanded(i)] == [("LLM",)]
