"""The reader page never grows wider than its window: long words, long titles and wide inline formulas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.gui.window.window_fixtures import TIMEOUT, Harness

pytestmark = pytest.mark.gui

LONG_WORD = "Hyper" + "parameter" * 14

# One paper per file with a metadata list (the title is not in the first heading, so the page
# header shows it), and a list item whose formula (from a real seed) is wider than a narrow reader.
NOTE = f"""# Paper

* **Title**: {LONG_WORD} Search
* **Year**: 2020

# Summary

- The loss is $\\log(p(x|q(x))) + \\|\\text{{sg}}[z_e(x)] - e\\|_2^2 + \\beta\\|z_e(x) - \\text{{sg}}[e]\\|_2^2$ here.
- A short formula $z_q(x)$ stays in its line.
- A word {LONG_WORD} in the text.
"""

LAYOUT = """(function(){
  var de = document.documentElement, page = document.querySelector('.page');
  var right = page.getBoundingClientRect().right - parseFloat(getComputedStyle(page).paddingRight);
  var spans = Array.prototype.slice.call(document.querySelectorAll('.math.inline'));
  return JSON.stringify({
    overflow: de.scrollWidth - de.clientWidth,
    title: !!document.querySelector('.entry-title'),
    wide: spans.map(function (s) { return s.classList.contains('math-wide'); }),
    spanRight: spans.map(function (s) { return s.getBoundingClientRect().right - right; }),
    scrolls: spans.map(function (s) { return s.scrollWidth > s.clientWidth; })
  });
})()"""


def _layout(qtbot: Any, window: Any) -> dict[str, Any]:
    box: list[Any] = []
    window.reader.run_in_page(LAYOUT, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=TIMEOUT)
    return json.loads(box[0])


def test_a_wide_formula_and_long_words_never_widen_the_page(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "vq-vae.md").write_text(NOTE, encoding="utf-8")
    harness = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    try:
        window = harness.open()
        window.resize(1000, 700)
        qtbot.waitUntil(lambda: window.reader.width() < 500, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: _layout(qtbot, window)["wide"][:1] == [True], timeout=TIMEOUT)
        narrow = _layout(qtbot, window)
        assert narrow["title"], "the header shows the long title"
        assert narrow["overflow"] <= 0, narrow
        assert narrow["wide"] == [True, False], narrow
        assert narrow["scrolls"][0], "the wide formula scrolls on its own line"
        assert max(narrow["spanRight"]) <= 1, narrow

        window.resize(1900, 900)    # a wide reader: the formula fits its line again
        qtbot.waitUntil(lambda: _layout(qtbot, window)["wide"] == [False, False], timeout=TIMEOUT)
        wide = _layout(qtbot, window)
        assert wide["overflow"] <= 0, wide
        assert max(wide["spanRight"]) <= 1, wide
    finally:
        harness.close_all()
