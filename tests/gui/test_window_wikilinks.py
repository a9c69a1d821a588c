"""A wikilink clicked with the real mouse in the whole main window opens the note it names."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_window_links import TIMEOUT, click, link_point, title_on_show, window_showing

pytestmark = pytest.mark.gui

ALPHA = """# Alpha Paper

This note builds on [[beta paper notes|the Beta note]] and cites [[A lost note]].
"""
BETA = """# Beta Paper

Beta starts with an introduction.
"""


@pytest.fixture
def window(qtbot, tmp_path: Path):
    """The main window on a vault whose notes sit in different folders, showing Alpha."""
    folder = tmp_path / "vault"
    (folder / "2024").mkdir(parents=True)
    (folder / "reading" / "older").mkdir(parents=True)
    (folder / "2024" / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (folder / "reading" / "older" / "Beta Paper Notes.md").write_text(BETA, encoding="utf-8")
    win = window_showing(qtbot, tmp_path, folder, "Alpha Paper")
    yield win
    win.close()
    win.deleteLater()


def test_a_click_on_a_wikilink_opens_the_note_it_names(qtbot, window) -> None:
    point = link_point(qtbot, window, "#content a.note-link")
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        click(window, point)
    assert title_on_show(window) == "Beta Paper"
    assert "Beta starts with an introduction" in window.reader.plain_text


def test_a_click_on_an_unresolved_wikilink_says_so_and_stays(qtbot, window) -> None:
    point = link_point(qtbot, window, "#content a.broken-link")
    with qtbot.waitSignal(window.reader.brokenLinkActivated, timeout=TIMEOUT) as broken:
        click(window, point)
    assert broken.args[0] == "A lost note"
    assert "A lost note" in window.statusBar().currentMessage()
    assert title_on_show(window) == "Alpha Paper"


def test_the_quick_start_preview_resolves_wikilinks_as_the_scan_does(tmp_path: Path) -> None:
    """The last-entry record keeps the notes the entry's wikilinks name, so its preview page is the
    scanned entry's page (no second paint at start-up)."""
    from paperdesk.collection import scan
    from paperdesk.gui.window.last_entry import load_preview, save_record
    from paperdesk.render import render_entry

    folder = tmp_path / "vault"
    (folder / "2024").mkdir(parents=True)
    (folder / "reading" / "older").mkdir(parents=True)
    (folder / "2024" / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (folder / "reading" / "older" / "Beta Paper Notes.md").write_text(BETA, encoding="utf-8")
    (folder / "reading" / "other.md").write_text("# Other\n\nUnrelated.\n", encoding="utf-8")
    collection = scan(folder, use_cache=False)
    alpha = next(e for e in collection.entries if e.title == "Alpha Paper")
    save_record(folder, collection, alpha)
    preview = load_preview(folder)
    assert preview is not None
    assert set(preview.collection.files) == {"2024/alpha.md", "reading/older/Beta Paper Notes.md"}
    scanned = render_entry(alpha, collection).html
    assert "paperdesk://open/" in scanned
    assert render_entry(preview.entry, preview.collection).html == scanned
