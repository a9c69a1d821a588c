"""Links between notes, clicked with the real mouse in the whole main window on the real page."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest

from paperdesk.gui.window.main_window import MainWindow

pytestmark = pytest.mark.gui
TIMEOUT = 20_000

ALPHA = """# Alpha Paper

A note that builds on [Beta](beta.md), on [Beta's method](beta.md#method), reads
[the project page](https://example.org/alpha) and cites [a lost note](gone.md).
"""
BETA = """# Beta Paper

Beta starts with an introduction.

""" + "\n\n".join(f"Filler paragraph {i} so that the method section is below the fold." for i in range(60)) + """

## Method

The method section of Beta.

""" + "\n\n".join(f"Closing paragraph {i}." for i in range(60)) + "\n"


@pytest.fixture
def window(qtbot, tmp_path: Path):
    """The main window on a two-note collection, showing Alpha; web links do not open a browser."""
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.md").write_text(BETA, encoding="utf-8")
    win = window_showing(qtbot, tmp_path, folder, "Alpha Paper")
    yield win
    win.close()
    win.deleteLater()


def window_showing(qtbot, tmp_path: Path, folder: Path, title: str) -> MainWindow:
    """The main window on `folder` (web links do not open a browser), showing the entry titled `title`."""
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    settings.setValue("open_web_links", False)
    win = MainWindow(settings, theme_override="light")
    win.resize(1200, 800)
    win.show()
    with qtbot.waitSignal(win.entryShown, timeout=TIMEOUT):
        assert win.open_collection(folder, tmp_path / "store.json")
    wanted = next(e for e in win.collection.entries if e.title == title)
    if win.current_id != wanted.id:
        with qtbot.waitSignal(win.entryShown, timeout=TIMEOUT):
            win.show_entry(wanted.id)
    return win


def page_value(qtbot, win: MainWindow, script: str):
    """Run a script in the page's script world and return its value."""
    box: list = []
    win.reader.run_in_page(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=TIMEOUT)
    return box[0]


def link_point(qtbot, win: MainWindow, selector: str) -> QPoint:
    """Widget coordinates of the middle of the first line box of the link matching a CSS selector."""
    script = ("(function(){var a=document.querySelector(" + json.dumps(selector) + ");"
              "a.scrollIntoView({block:'center'}); var b=a.getClientRects()[0];"
              "return JSON.stringify([(b.left+b.right)/2,(b.top+b.bottom)/2]);})()")
    x, y = json.loads(page_value(qtbot, win, script))
    zoom = win.reader.zoomFactor()
    return QPoint(round(x * zoom), round(y * zoom))


def click(win: MainWindow, point: QPoint, button=Qt.MouseButton.LeftButton,
          modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A real mouse click on the page's render widget."""
    QTest.mouseClick(win.reader.focusProxy(), button, modifier, point)


def title_on_show(win: MainWindow) -> str:
    return win.collection.entry(win.current_id).title


@pytest.mark.parametrize("button, modifier", [
    (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
    (Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier),
    (Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier),
], ids=["click", "ctrl-click", "middle-click"])
def test_a_click_on_a_note_link_opens_the_linked_note(qtbot, window, button, modifier) -> None:
    point = link_point(qtbot, window, "#content a.note-link")
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        click(window, point, button, modifier)
    assert title_on_show(window) == "Beta Paper"
    # The new page has its scripts and bridge: it reports its text and a second link still works.
    assert "Beta starts with an introduction" in window.reader.plain_text
    assert page_value(qtbot, window, "typeof window.paperdeskHL") == "object"


def test_a_note_link_with_an_anchor_scrolls_the_linked_note_there(qtbot, window) -> None:
    point = link_point(qtbot, window, '#content a.note-link[href*="#method"]')
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        click(window, point)
    assert title_on_show(window) == "Beta Paper"
    qtbot.waitUntil(lambda: page_value(qtbot, window, "window.scrollY > 200"), timeout=TIMEOUT)
    top = page_value(qtbot, window, "document.getElementById('method').getBoundingClientRect().top")
    assert 0 <= top < 200


def test_a_web_link_asks_for_the_browser_and_the_page_stays(qtbot, window) -> None:
    before = window.current_id
    point = link_point(qtbot, window, '#content a.external[href^="https://example.org"]')
    with qtbot.waitSignal(window.reader.externalLinkRequested, timeout=TIMEOUT) as asked:
        click(window, point)
    assert asked.args[0].toString() == "https://example.org/alpha"
    assert window.current_id == before
    assert window.reader.url().host() == "entry"


def test_a_broken_note_link_says_so_in_the_status_bar(qtbot, window) -> None:
    point = link_point(qtbot, window, "#content a.broken-link")
    with qtbot.waitSignal(window.reader.brokenLinkActivated, timeout=TIMEOUT) as broken:
        click(window, point)
    assert broken.args[0] == "gone.md"
    assert "gone.md" in window.statusBar().currentMessage()
    assert title_on_show(window) == "Alpha Paper"


def test_clicking_a_sample_of_thousands_of_note_links_never_crashes(qtbot, tmp_path: Path) -> None:
    """A generated collection with 2,400 links between 120 notes; a random sample is clicked."""
    rng = random.Random(7)
    folder = tmp_path / "big"
    folder.mkdir()
    names = [f"paper-{i:03d}" for i in range(120)]
    for i, name in enumerate(names):
        links = " ".join(f"[see {other}]({other}.md)" for other in rng.sample(names, 20))
        (folder / f"{name}.md").write_text(f"# Paper number {i}\n\nRelated: {links}\n", encoding="utf-8")
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    win = MainWindow(settings, theme_override="light")
    win.resize(1200, 800)
    win.show()
    try:
        with qtbot.waitSignal(win.entryShown, timeout=TIMEOUT):
            assert win.open_collection(folder, tmp_path / "s.json")
        for _ in range(12):
            count = page_value(qtbot, win, "document.querySelectorAll('#content a.note-link').length")
            pick = rng.randrange(int(count))
            target = page_value(qtbot, win, f"document.querySelectorAll('#content a.note-link')[{pick}]"
                                            ".textContent.replace('see ', '')")
            point = link_point(qtbot, win, f"#content a.note-link:nth-of-type({pick + 1})")
            if target + ".md" == win.collection.entry(win.current_id).source:
                continue  # a link to the note on show only scrolls
            with qtbot.waitSignal(win.entryShown, timeout=TIMEOUT):
                click(win, point)
            assert win.collection.entry(win.current_id).source == target + ".md"
    finally:
        win.close()
        win.deleteLater()
