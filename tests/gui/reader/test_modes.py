"""Caret mode, "h" and search-hit marks in the whole main window, driven by key events only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.window import test_main_window as window_tests
from tests.gui.window.test_main_window import TIMEOUT

pytestmark = pytest.mark.gui

FIRST = "Sparse attention saves memory. It also keeps accuracy high on long inputs."
SECOND = "A second paragraph talks about retrieval and Mémory in depth."
NOTES = f"""## Methods

### 2024 - [Caret Paper](https://arxiv.org/abs/2401.00001)

{FIRST}

{SECOND}

### 2020 - [Other Paper](https://arxiv.org/abs/2001.00002)

Nothing about the topic here, apart from memory once.

### 2019 - [Third Paper](https://arxiv.org/abs/1901.00003)

Convolutions all the way down.

### 2018 - [List Paper](https://arxiv.org/abs/1801.00004)

- Top item of the list
  - nested detail one
  - nested detail two
"""
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    """The main window's harness on a collection whose first entry has two paragraphs."""
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    h = window_tests.Harness(qtbot, folder, tmp_path)
    yield h
    for window in list(h.windows):
        h.close(window)


def key(window, k, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key in the reader, as a user whose focus is on the page."""
    QTest.keyClick(window.reader.focusProxy() or window.reader, k, modifiers)


def caret_on(qtbot, window) -> None:
    """F7 on the reader, and wait until the page says caret mode is on."""
    window.reader.setFocus()
    qtbot.waitUntil(lambda: window.reader.focusProxy() is not None, timeout=TIMEOUT)
    with qtbot.waitSignal(window.reader.modes.caretModeChanged, timeout=TIMEOUT) as changed:
        key(window, Qt.Key.Key_F7)
    assert changed.args == [True]


def selected(qtbot, window, expected: str) -> None:
    """Wait until the page's selection reads `expected` (key events reach the page asynchronously)."""
    script = "window.getSelection().toString().trim()"
    qtbot.waitUntil(lambda: window_tests_js(qtbot, window, script) == expected, timeout=TIMEOUT)


def stored_quotes(window) -> list[tuple[str, int]]:
    """(quote, colour) of the open entry's stored highlights."""
    return [(h.quote, h.color) for h in window.store.highlights(window.current_id)]


def test_caret_mode_extends_by_words_and_2_highlights_it(harness, qtbot) -> None:
    window = harness.open()
    assert window.current_entry().title == "Caret Paper"
    caret_on(qtbot, window)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    key(window, Qt.Key.Key_Right, CTRL | SHIFT)
    selected(qtbot, window, "Sparse attention")
    key(window, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: bool(stored_quotes(window)), timeout=TIMEOUT)
    assert stored_quotes(window) == [("Sparse attention", 1)]
    assert window.reader.modes.caret_mode   # still on: the caret goes on from the end of the highlight


def test_caret_mode_extends_by_sentence_and_by_paragraph(harness, qtbot) -> None:
    window = harness.open()
    caret_on(qtbot, window)
    key(window, Qt.Key.Key_Right, ALT | SHIFT)
    selected(qtbot, window, "Sparse attention saves memory.")
    key(window, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: len(stored_quotes(window)) == 1, timeout=TIMEOUT)
    assert stored_quotes(window) == [("Sparse attention saves memory.", 0)]
    # the caret sits after the sentence: move on to the next paragraph, then take it whole
    key(window, Qt.Key.Key_Down, CTRL)
    key(window, Qt.Key.Key_Down, CTRL | SHIFT)
    selected(qtbot, window, SECOND)
    key(window, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: len(stored_quotes(window)) == 2, timeout=TIMEOUT)
    assert ("A second paragraph talks about retrieval and Mémory in depth.", 2) in stored_quotes(window)


def test_ctrl_shift_up_extends_back_a_paragraph_and_shift_end_to_the_line_end(harness, qtbot) -> None:
    window = harness.open()
    caret_on(qtbot, window)
    key(window, Qt.Key.Key_Down, CTRL)                 # to the start of the second paragraph
    key(window, Qt.Key.Key_Up, CTRL | SHIFT)           # back over the whole first one
    selected(qtbot, window, FIRST)
    key(window, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: bool(stored_quotes(window)), timeout=TIMEOUT)
    assert stored_quotes(window) == [(FIRST, 3)]
    # the caret went on from the highlight's end, the start of the second paragraph
    key(window, Qt.Key.Key_End, SHIFT)                 # to the end of its first line
    script = "window.getSelection().toString()"
    qtbot.waitUntil(lambda: len(window_tests_js(qtbot, window, script)) > 20, timeout=TIMEOUT)
    line = window_tests_js(qtbot, window, script).strip()
    assert SECOND.startswith(line) and len(line) > 20


def test_shift_arrow_extends_by_character_and_escape_leaves(harness, qtbot) -> None:
    window = harness.open()
    caret_on(qtbot, window)
    for _ in range(6):
        key(window, Qt.Key.Key_Right, SHIFT)
    selected(qtbot, window, "Sparse")
    key(window, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: bool(stored_quotes(window)), timeout=TIMEOUT)
    assert stored_quotes(window) == [("Sparse", 4)]
    with qtbot.waitSignal(window.reader.modes.caretModeChanged, timeout=TIMEOUT) as changed:
        key(window, Qt.Key.Key_Escape)
    assert changed.args == [False]
    assert "F7" in {a.shortcuts()[0].toString() for a in window.window_actions.shortcut_actions() if a.shortcuts()}


def test_caret_mode_carries_over_to_the_next_entry(harness, qtbot) -> None:
    window = harness.open()
    caret_on(qtbot, window)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        key(window, Qt.Key.Key_J)   # j still opens the next entry in caret mode
    assert window.current_entry().title == "Other Paper"
    assert window.reader.modes.caret_mode
    # the new page enters caret mode once painted (asynchronously)
    qtbot.waitUntil(lambda: window_tests_js(qtbot, window, "window.paperdeskCaret.active()") is True,
                    timeout=TIMEOUT)
    for _ in range(7):
        key(window, Qt.Key.Key_Right, SHIFT)
    selected(qtbot, window, "Nothing")
    key(window, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: bool(stored_quotes(window)), timeout=TIMEOUT)
    assert stored_quotes(window) == [("Nothing", 0)]


def test_h_highlights_the_paragraph_at_the_reading_position(harness, qtbot) -> None:
    window = harness.open()
    window.reader.setFocus()
    key(window, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: bool(stored_quotes(window)), timeout=TIMEOUT)
    assert stored_quotes(window) == [(FIRST, 0)]
    # in caret mode, h takes the caret's paragraph
    caret_on(qtbot, window)
    key(window, Qt.Key.Key_Down, CTRL)
    script = "window.getSelection().focusNode.textContent"
    qtbot.waitUntil(lambda: window_tests_js(qtbot, window, script).startswith("A second"), timeout=TIMEOUT)
    key(window, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: len(stored_quotes(window)) == 2, timeout=TIMEOUT)
    assert (SECOND, 0) in stored_quotes(window)


def test_h_on_a_list_item_takes_its_own_text_not_its_sub_list(harness, qtbot) -> None:
    window = harness.open()
    entry = next(e for e in window.collection.entries if e.title == "List Paper")
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        window.show_entry(entry.id)
    window.reader.setFocus()
    key(window, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: bool(stored_quotes(window)), timeout=TIMEOUT)
    assert stored_quotes(window) == [("Top item of the list", 0)]


def type_filter(qtbot, window, text: str) -> None:
    """/ then the text, then Down into the results (focus leaves the filter box)."""
    qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
    qtbot.keyClicks(window.filter_box.edit, text)
    qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Down)


def test_filter_words_are_marked_and_n_steps_through_the_hits(harness, qtbot) -> None:
    window = harness.open()
    type_filter(qtbot, window, "memory cat:methods -convolutions")
    assert window.current_entry().title == "Caret Paper"
    # field terms and negated words are not marked
    assert window.reader.modes.search_words == ("memory",)
    # "memory." and, accent-insensitively, "Mémory"
    qtbot.waitUntil(lambda: window.reader.modes.hit_count == 2, timeout=TIMEOUT)
    window.tree.setFocus()
    for expected in ("hit 1 of 2", "hit 2 of 2", "hit 1 of 2"):
        with qtbot.waitSignal(window.reader.modes.hitStepped, timeout=TIMEOUT):
            qtbot.keyClick(window.tree, Qt.Key.Key_N)
        assert window.statusBar().currentMessage() == expected
    with qtbot.waitSignal(window.reader.modes.hitStepped, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_N, SHIFT)
    assert window.statusBar().currentMessage() == "hit 2 of 2"
    marks = window_tests_js(qtbot, window, "JSON.stringify(Array.from(document.querySelectorAll('mark.search-hit'))"
                            ".map(function(m){return m.textContent + (m.classList.contains('current')?'*':'')}))")
    assert json.loads(marks) == ["memory", "Mémory*"]
    # the hits carry over to the next entry that has the word
    with qtbot.waitSignal(window.reader.modes.hitsMarked, timeout=TIMEOUT) as marked:
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    assert window.current_entry().title == "Other Paper" and marked.args == [1]


def test_without_filter_words_n_opens_the_next_unread_entry(harness, qtbot) -> None:
    window = harness.open()
    type_filter(qtbot, window, "cat:methods")
    assert window.reader.modes.search_words == ()
    window.tree.setFocus()
    first = window.current_id
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_N)
    assert window.current_id != first
    # a word every entry matches (in its paper key) but no page text holds: still next unread
    with qtbot.waitSignal(window.reader.modes.hitsMarked, timeout=TIMEOUT) as marked:
        window.filter_box.set_text("arxiv")
    assert marked.args == [0] and window.reader.modes.search_words == ("arxiv",)
    window.tree.setFocus()
    before = window.current_id
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_N)
    assert window.current_id not in (before, first)


def window_tests_js(qtbot, window, script: str):
    """The value of a script run in the reader's page."""
    box: list = []
    window.reader.run_in_page(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=TIMEOUT)
    return box[0]


def test_hit_marks_leave_highlight_offsets_alone(harness, qtbot) -> None:
    window = harness.open()
    with qtbot.waitSignal(window.reader.modes.hitsMarked, timeout=TIMEOUT):
        type_filter(qtbot, window, "memory attention")
    entry = window.current_entry()
    text = window.reader.plain_text
    start = text.index("attention saves memory")
    end = start + len("attention saves memory. It also")
    made = window.store.add_highlight(entry.id, entry.paper_key, text, start, end, color=2)
    script = (f"Array.from(document.querySelectorAll('mark.hl[data-id=\"{made.id}\"]'))"
              ".map(function(m){return m.textContent}).join('')")
    qtbot.waitUntil(lambda: window_tests_js(qtbot, window, script) == "attention saves memory. It also",
                    timeout=TIMEOUT)
    page_text = window_tests_js(qtbot, window, "window.paperdesk.textOf(document.getElementById('content'))")
    assert page_text == text
    hits = window_tests_js(qtbot, window, "document.querySelectorAll('mark.search-hit').length")
    assert hits == 3   # attention and memory (inside the highlight), and Mémory
