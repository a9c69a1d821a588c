"""The side panel's title wraps and elides a long unbroken word in the whole window at 800 px wide,
never clipping it at the panel's edge, and shows the whole title as tooltip."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage

from paperdesk.gui.safe_text import tip
from paperdesk.gui.title_label import MAX_LINES, wrapped_lines
from tests.gui.window.window_fixtures import TIMEOUT, Harness

pytestmark = pytest.mark.gui

COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung"   # 68 letters
URLISH = "example.org/papers/2023/attention_is_all_you_need_revisited_v2"           # 62, no space
LONG = (f"{URLISH} {COMPOUND} und Grundstuecksverkehrsgenehmigungszustaendigkeitsuebertragungsverordnung"
        " sowie weitere Woerter")
NOTES = {
    "a.md": "# Short Paper\n\nA short note.\n",
    "b.md": f"# {COMPOUND} Study\n\nAbout widows' pensions.\n",
    "c.md": f"# {LONG}\n\nA title of many long words.\n",
}


def _ink_columns(image: QImage, background: QColor) -> list[int]:
    """The x of every column holding a pixel clearly darker than the background (text)."""
    columns = []
    for x in range(image.width()):
        for y in range(image.height()):
            if QColor(image.pixel(x, y)).lightness() < background.lightness() - 80:
                columns.append(x)
                break
    return columns


def _open_by_filter(qtbot: Any, window: Any, words: str) -> None:
    """Type `words` in the filter box and press Return: the first match opens."""
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.waitUntil(lambda: window.filter_box.edit.hasFocus(), timeout=TIMEOUT)
    window.filter_box.edit.clear()
    qtbot.keyClicks(window.filter_box.edit, words)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(("words", "title"), [
    ("widows", f"{COMPOUND} Study"),
    ("many long words", LONG),
])
def test_a_long_word_in_the_title_wraps_inside_the_panel(qtbot: Any, tmp_path: Path, words: str,
                                                        title: str) -> None:
    folder = tmp_path / "coll"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    harness = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    try:
        window = harness.open()
        window.resize(800, 600)
        qtbot.waitUntil(lambda: window.width() == 800, timeout=TIMEOUT)
        _open_by_filter(qtbot, window, words)
        label = window.side_panel.title_label
        assert window.collection.entry(window.current_id).title == title
        assert label.text() == title
        qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=TIMEOUT)
        panel = window.side_panel

        # What is painted: text, and no ink in the last column (a clipped word runs to the edge).
        shot = window.grab()
        if os.environ.get("PAPERDESK_SHOTS"):
            shot.save(str(Path(os.environ["PAPERDESK_SHOTS"]) / f"side_title_{len(title)}.png"))
        image = label.grab().toImage()
        background = panel.palette().color(panel.backgroundRole())
        ink = _ink_columns(image, background)
        assert ink, "the title is painted"
        assert max(ink) < image.width() - 1, (max(ink), image.width())   # the last column is blank
        assert label.toolTip() == tip(title)

        # Inside the panel, and every painted line fits the label's width.
        assert panel.rect().contains(label.geometry()), (panel.rect(), label.geometry())
        width = label.contentsRect().width()
        lines = label.shown_lines()
        metrics = QFontMetricsF(label.font())
        assert 2 <= len(lines) <= MAX_LINES
        assert all(metrics.horizontalAdvance(line) <= width + 0.5 for line in lines), lines
        joined = "".join(lines).replace(" ", "")
        if lines[-1].endswith("…"):
            assert len(lines) == MAX_LINES and title.replace(" ", "").startswith(joined[:-1])
        else:
            assert joined == title.replace(" ", "")              # all of it, nothing lost
    finally:
        harness.close_all()


def test_wrapped_lines_breaks_words_only_when_they_do_not_fit(qapp: Any) -> None:
    from PySide6.QtGui import QFont

    font = QFont()
    wide = QFontMetricsF(font).horizontalAdvance("Deep Residual Learning") + 4
    assert wrapped_lines("Deep  Residual Learning", font, wide) == ["Deep Residual Learning"]
    narrow = QFontMetricsF(font).horizontalAdvance("Residual") + 2
    assert wrapped_lines("Deep Residual Learning", font, narrow) == ["Deep", "Residual", "Learning"]
    broken = wrapped_lines(COMPOUND, font, narrow * 3)
    assert len(broken) > 1 and "".join(broken) == COMPOUND
    elided = wrapped_lines(" ".join([COMPOUND] * 6), font, narrow * 2, max_lines=2)
    assert len(elided) == 2 and elided[-1].endswith("…")
    assert wrapped_lines("", font, 100) == []
