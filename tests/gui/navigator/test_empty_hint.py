"""An empty list says why in its middle: nothing matches the filter, or the collection has no notes."""

from __future__ import annotations

from navigator_fixtures import ENTRIES, FakeStore

from paperdesk.gui.navigator.pane import EMPTY_COLLECTION, EMPTY_FILTER, NavigatorPane


def test_the_hint_says_why_the_list_is_empty_and_goes_with_the_first_row(qtbot) -> None:
    pane = NavigatorPane(lambda: None)
    qtbot.addWidget(pane)
    pane.resize(320, 400)
    pane.show()
    pane.model.set_entries(ENTRIES, FakeStore())
    pane.update_counts()
    assert pane.empty_hint.isHidden()
    pane.model.set_filter(set())
    pane.update_counts()
    assert not pane.empty_hint.isHidden() and pane.empty_hint.text() == EMPTY_FILTER
    hint = pane.empty_hint.geometry()
    assert pane.tree.viewport().rect().contains(hint) and hint.height() > pane.empty_hint.fontMetrics().height()
    pane.model.set_filter({"a"})
    pane.update_counts()
    assert pane.empty_hint.isHidden()
    pane.model.set_entries([], FakeStore())
    pane.model.set_filter(None)
    pane.update_counts()
    assert pane.empty_hint.text() == EMPTY_COLLECTION and not pane.empty_hint.isHidden()
