"""Publication year and the year noted, papers and documents, in the real window's tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness

from paperdesk.gui.navigator.tree_model import EntryKindRole

pytestmark = pytest.mark.gui

FILES = {
    "resnext.md": "# [Aggregated Residual Transformations](https://arxiv.org/abs/1611.05431) (ResNeXt)\n\n"
                  "_Feb 2019_\n\n## Summary\n\nMany parallel paths of the same shape.\n\n"
                  "## Key ideas\n\nCardinality matters more than depth or width.\n",
    "mask.md": "# [Mask R-CNN](https://arxiv.org/abs/1703.06870)\n\nDate: 2020-03-04\n\n"
               "## Summary\n\nA mask branch added to a detector.\n",
    "sampler-tutorial.md": "# Notes on writing a diffusion sampler\n\n"
                  "## Setting up\n\nWe start from the noise schedule and the variance choice.\n\n"
                  "## The forward process\n\nNoise is added in small steps until the image is gone.\n\n"
                  "## The reverse process\n\nA network predicts the noise, and we walk back step by step.\n\n"
                  "## Sampling tricks\n\nFewer steps with a better solver, and guidance for conditions.\n",
}


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    h = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    yield h
    h.close_all()


def top_groups(window) -> list[str]:
    model = window.model
    return [model.data(model.index(r, 0)).split("  ")[0] for r in range(model.rowCount())]


def entry_named(window, title: str):
    return next(e for e in window.collection.entries if e.title.startswith(title))


def test_group_by_year_noted_from_the_view_menu_and_documents_shown_apart(harness, qtbot):
    window = harness.open()
    window.set_grouping("year-category")
    assert top_groups(window) == ["2017", "2016", "Undated"]           # publication years
    action = window.actions_by_name["group-noted"]
    assert action.text() == "Year noted"
    action.trigger()
    qtbot.waitUntil(lambda: top_groups(window) == ["2020", "2019", "No date noted"], timeout=TIMEOUT)
    assert window.model.grouping() == "noted"
    model = window.model
    doc, paper = entry_named(window, "Notes on writing"), entry_named(window, "Mask R-CNN")
    doc_index, paper_index = model.index_for_entry(doc.id), model.index_for_entry(paper.id)
    assert model.data(doc_index, EntryKindRole) == "doc" and model.data(paper_index, EntryKindRole) == "paper"
    assert model.data(doc_index, Qt.ItemDataRole.FontRole).italic()
    assert not model.data(paper_index, Qt.ItemDataRole.FontRole).italic()
    assert "not a paper" in model.data(doc_index, Qt.ItemDataRole.ToolTipRole)
    assert "noted 2020-03-04" in model.data(paper_index, Qt.ItemDataRole.ToolTipRole)
    # the filter language picks documents out, typed as a user would
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.waitUntil(window.filter_box.edit.hasFocus, timeout=TIMEOUT)
    qtbot.keyClicks(window.filter_box.edit, "kind:doc")
    qtbot.waitUntil(lambda: window.model.visible_entry_ids() == [doc.id], timeout=TIMEOUT)
