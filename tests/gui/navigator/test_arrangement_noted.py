"""Group By "Year noted" and the tags written in notes, in the Qt-free arrangement."""

from __future__ import annotations

from navigator_fixtures import FakeEntry

from paperdesk.gui.navigator.arrangement import NOT_NOTED, Arrangement, Grouping, NodeKind

ENTRIES = [
    FakeEntry("a", "ResNeXt", "Vision", 2016, "k:a", noted="2019-02"),
    FakeEntry("b", "Mask R-CNN", "Vision", 2017, "k:b", noted="2020-03-04"),
    FakeEntry("c", "Sampler notes", "Diffusion", None, "k:c", kind="doc"),
    FakeEntry("d", "ViT", "Vision", 2020, "k:d", noted="2019"),
    FakeEntry("e", "Odd date", "Vision", 2020, "k:e", noted="sometime"),
]


def test_year_noted_groups_by_the_year_the_note_was_written_newest_first_undated_last() -> None:
    tree = Arrangement()
    tree.set_entries(ENTRIES)
    tree.grouping = Grouping.NOTED
    tree.build()
    groups = [(g.label, [c.label for c in g.children]) for g in tree.root.children]
    assert groups == [("2020", ["Mask R-CNN"]), ("2019", ["ViT", "ResNeXt"]),
                      (NOT_NOTED, ["Odd date", "Sampler notes"])]
    assert all(g.kind == NodeKind.GROUP and g.level == "noted" for g in tree.root.children)
    tree.grouping = Grouping.YEAR_CATEGORY      # the publication year stays the default's business
    tree.changed()
    tree.build()
    assert [g.label for g in tree.root.children] == ["2020", "2017", "2016", "Undated"]
