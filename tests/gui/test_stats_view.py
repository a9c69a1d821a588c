"""Statistics stay readable with many categories: top groups in the chart, every one in a sortable table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from paperdesk.collection import scan
from paperdesk.gui.stats_view import CHART_GROUPS, StatsDialog, top_groups
from paperdesk.store import AnnotationStore

pytestmark = pytest.mark.gui


def test_top_groups_keeps_the_largest_and_sums_the_rest() -> None:
    groups = {f"c{i:02d}": Counter(read=i, unread=1) for i in range(40)}
    kept = top_groups(groups, limit=12)
    assert len(kept) == 13
    assert list(kept)[:3] == ["c39", "c38", "c37"]
    other = kept["Other (28)"]
    assert sum(other.values()) == sum(sum(groups[f"c{i:02d}"].values()) for i in range(28))
    few = {"a": Counter(read=1), "b": Counter(unread=2)}
    assert top_groups(few, limit=12) == few


@pytest.fixture
def forty(tmp_path: Path):
    """A collection with 40 categories of different sizes, some with long names."""
    folder = tmp_path / "many"
    folder.mkdir()
    lines = []
    for c in range(40):
        name = f"Category {c:02d}" + (" with a rather long descriptive name" if c % 7 == 0 else "")
        lines.append(f"## {name}\n")
        for k in range(1 + c % 5):
            lines.append(f"### 20{10 + k} - [Paper {c}-{k}](https://arxiv.org/abs/{10 + k}01.{c:03d}{k:02d})\n\n"
                         f"Words about paper {c}-{k}.\n")
    (folder / "notes.md").write_text("\n".join(lines), encoding="utf-8")
    collection = scan(folder, use_cache=False)
    store = AnnotationStore.open(tmp_path / "store.json")
    for i, entry in enumerate(collection.entries):
        if i % 3 == 0:
            store.set_status(entry.paper_key, "read")
    yield collection, store
    store.close()


def test_forty_categories_chart_the_top_twelve_and_table_them_all(qtbot, forty) -> None:
    collection, store = forty
    assert len({e.category for e in collection.entries}) == 40
    dialog = StatsDialog(collection.entries, store)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 700)
    dialog.show()
    axis = dialog.category_chart.axes(Qt.Orientation.Vertical)[0]
    assert len(axis.categories()) == CHART_GROUPS + 1
    assert axis.truncateLabels() is False
    assert any(c.startswith("Other (28)") for c in axis.categories())
    table = dialog.category_table
    assert table.rowCount() == 40
    # Sort by "Papers" with a real click on the header, twice for descending.
    header = table.horizontalHeader()
    point = QPoint(header.sectionViewportPosition(1) + header.sectionSize(1) // 2, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    papers = [int(table.item(r, 1).text()) for r in range(table.rowCount())]
    ascending = papers == sorted(papers)
    assert ascending or papers == sorted(papers, reverse=True)
    assert papers[0] != papers[-1]
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    again = [int(table.item(r, 1).text()) for r in range(table.rowCount())]
    assert again == sorted(papers, reverse=ascending)
    assert not dialog.grab().isNull()
