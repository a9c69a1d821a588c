"""A collection in a folder whose name breaks URLs (spaces, quotes, #, %, ?, non-ASCII): links and images in the real window."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from test_window_links import TIMEOUT, click, link_point, page_value, title_on_show, window_showing

pytestmark = pytest.mark.gui

# Windows refuses " and ? in names; everything else is taken everywhere. Inside a link, # and %
# are written %23 and %25 (a bare # starts the fragment), spaces as written or %20.
ODD = "odd 'folder' #1 100% é注" if os.name == "nt" else "odd \"folder\" 'q' #1 100% ?x=1 é注"
BETA_NAME = "beta #2 50% é.md"
FIGURE = "fig #3 10% é.png"


def _escaped(name: str, space: str) -> str:
    return name.replace("%", "%25").replace("#", "%23").replace(" ", space)


ALPHA = f"""# Alpha Paper

Alpha builds on [Beta, encoded]({_escaped(BETA_NAME, "%20")})
and on [Beta, spaces as written](<{_escaped(BETA_NAME, " ")}>).

![a figure](<img/{_escaped(FIGURE, " ")}>)

![the same figure, encoded](img/{_escaped(FIGURE, "%20")})
"""
BETA = "# Beta Paper\n\nBeta starts with an introduction.\n"

IMAGES = ("JSON.stringify([...document.querySelectorAll('#content img')]"
          ".map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]))")


@pytest.fixture
def odd_window(qtbot, tmp_path: Path):
    folder = tmp_path / ODD / "notes é"
    (folder / "img").mkdir(parents=True)
    (folder / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (folder / BETA_NAME).write_text(BETA, encoding="utf-8")
    image = QImage(24, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(folder / "img" / FIGURE))
    win = window_showing(qtbot, tmp_path, folder, "Alpha Paper")
    yield win
    win.close()
    win.deleteLater()


def test_both_images_load_from_a_folder_whose_name_breaks_urls(qtbot, odd_window) -> None:
    qtbot.waitUntil(lambda: all(ok for _src, ok in json.loads(page_value(qtbot, odd_window, IMAGES)) or [(0, False)]),
                    timeout=TIMEOUT)
    images = json.loads(page_value(qtbot, odd_window, IMAGES))
    assert len(images) == 2 and all(ok for _src, ok in images), images


@pytest.mark.parametrize("which", [0, 1], ids=["encoded", "as-written"])
def test_a_note_link_in_such_a_folder_opens_the_note(qtbot, odd_window, which) -> None:
    links = page_value(qtbot, odd_window, "document.querySelectorAll('#content a.note-link').length")
    assert links == 2, page_value(qtbot, odd_window, "document.getElementById('content').innerHTML")
    point = link_point(qtbot, odd_window, f"#content a.note-link:nth-of-type({which + 1})")
    with qtbot.waitSignal(odd_window.entryShown, timeout=TIMEOUT):
        click(odd_window, point, Qt.MouseButton.LeftButton)
    assert title_on_show(odd_window) == "Beta Paper"
    assert "Beta starts with an introduction" in odd_window.reader.plain_text
