"""The side panel says how each highlight was found after the note changed, and quotes keep their formulas."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness, select_text

from paperdesk.gui.highlights_view import HighlightsDialog
from paperdesk.gui.side_panel import AnchorMethodRole, HighlightIdRole

pytestmark = pytest.mark.gui

FIRST = "Alpha fits a CDF $F_t$ targeting $y_t$. Calibration is then checked on held-out weeks."
SECOND = "The second paragraph says that the forecasts are sharp and the intervals are honest."
THIRD = "A third paragraph talks about the baselines, which are simple seasonal models of demand."


def note(*paragraphs: str) -> str:
    return "## Forecasting\n\n### 2023 - [Alpha Paper](https://arxiv.org/abs/2301.00001)\n\n" + \
        "\n\n".join(paragraphs) + "\n"


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(note(FIRST, SECOND, THIRD), encoding="utf-8")
    h = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    yield h
    h.close_all()


def rows(panel_list) -> dict[str, tuple[str, str | None]]:
    """highlight id -> (text, method) of every row of a side-panel list."""
    out = {}
    for i in range(panel_list.count()):
        item = panel_list.item(i)
        out[item.data(HighlightIdRole)] = (item.text(), item.data(AnchorMethodRole))
    return out


def test_a_highlight_across_inline_math_shows_its_tex_in_the_panel_and_the_list(harness, qtbot):
    window = harness.open()
    text = window.reader.plain_text
    start = text.index("a CDF")
    end = text.index("targeting") + len("targeting") + 1 + 1   # the formula $y_t$ gives no text, then "."
    assert text[start:end] == "a CDF  targeting ."                # what the plain text holds
    select_text(qtbot, window, start, end)
    qtbot.keyClick(window.reader.focusProxy() or window.reader, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: len(window.store.all_highlights()) == 1, timeout=TIMEOUT)
    wanted = "“a CDF $F_t$ targeting $y_t$.”"
    qtbot.waitUntil(lambda: any(t.startswith(wanted) for t, _m in rows(window.side_panel.highlight_list).values()),
                    timeout=TIMEOUT)
    qtbot.keyClick(window.tree, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(window.highlights_dialog, HighlightsDialog), timeout=TIMEOUT)
    dialog = window.highlights_dialog
    assert dialog.model.item(0, 1).text() == "a CDF $F_t$ targeting $y_t$."
    dialog.close()


def test_the_panel_says_which_highlights_moved_changed_or_went(harness, qtbot):
    window = harness.open()
    entry = window.current_entry()
    text = window.reader.plain_text
    store = window.store

    def mark(words: str) -> str:
        at = text.index(words)
        return store.add_highlight(entry.id, entry.paper_key, text, at, at + len(words)).id

    moved = mark("the forecasts are sharp and the intervals are honest")
    edited = mark("the baselines, which are simple seasonal models of demand")
    gone = mark("Calibration is then checked on held-out weeks")
    qtbot.waitUntil(lambda: {m for _t, m in rows(window.side_panel.highlight_list).values()} == {"offsets"},
                    timeout=TIMEOUT)
    assert len(rows(window.side_panel.highlight_list)) == 3
    # the user edits the note: a paragraph added before, a word of one quote retyped, a sentence cut
    first = FIRST.replace(" Calibration is then checked on held-out weeks.", "")
    third = THIRD.replace("seasonal models", "seasonal model")
    intro = "A new opening paragraph, written later, that pushes everything below it further down."
    (harness.collection / "notes.md").write_text(note(intro, first, SECOND, third), encoding="utf-8")

    def methods() -> dict[str, str | None]:
        found = {hid: m for hid, (_t, m) in rows(window.side_panel.highlight_list).items()}
        found.update({hid: m for hid, (_t, m) in rows(window.side_panel.orphan_list).items()})
        return found

    qtbot.waitUntil(lambda: methods().get(gone) == "orphan", timeout=TIMEOUT)
    found = methods()
    assert found[moved] in ("mapped", "exact") and found[edited] == "fuzzy"
    placed = rows(window.side_panel.highlight_list)
    assert "moved" in placed[moved][0] or "found again" in placed[moved][0]
    assert "check" in placed[edited][0]
    orphans = rows(window.side_panel.orphan_list)
    assert "relink" in orphans[gone][0]
    menu = window.side_panel.highlight_menu(gone)
    assert any("Relink" in a.text() for a in menu.actions())      # an orphan keeps its re-link action
