"""Entry actions in the whole window, by keyboard: editor, paper, citation, deep link."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication

from paperdesk.gui.window.main_window import MainWindow
from paperdesk.reading.deep_link import parse_link

pytestmark = pytest.mark.gui
TIMEOUT = 20_000

NOTE = """# Attention Is All You Need

* **Link**: [paper](https://arxiv.org/abs/1706.03762)
* **Year**: 2017

The transformer replaces recurrence with attention.
"""


class UrlCatcher(QObject):
    """Receives the URLs the app asks the desktop to open (instead of a browser starting)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def catcher():
    catcher = UrlCatcher()
    for scheme in ("https", "http", "file"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher
    for scheme in ("https", "http", "file"):
        QDesktopServices.unsetUrlHandler(scheme)


def open_window(qtbot, tmp_path: Path, folder: Path, *, entry: str | None = None,
                editor: str = "") -> MainWindow:
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    settings.setValue("editor_command", editor)
    window = MainWindow(settings, theme_override="light")
    window.resize(1100, 700)
    window.show()
    window.open_at_entry = entry
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        assert window.open_collection(folder, tmp_path / "store.json")
    window.activateWindow()
    window.tree.setFocus()
    return window


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "papers").mkdir(parents=True)
    (root / "papers" / "attention.md").write_text(NOTE, encoding="utf-8")
    (root / "papers" / "other.md").write_text("# Another Paper\n\n**Year**: 2020\n\nText.\n", encoding="utf-8")
    return root


def show_title(qtbot, window: MainWindow, title: str) -> None:
    entry = next(e for e in window.collection.entries if e.title == title)
    if window.current_id != entry.id:
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            window.show_entry(entry.id)


def test_copy_citation_and_link_then_the_link_opens_that_entry(qtbot, tmp_path, folder) -> None:
    window = open_window(qtbot, tmp_path, folder)
    show_title(qtbot, window, "Attention Is All You Need")
    qtbot.keyClick(window.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    record = QGuiApplication.clipboard().text()
    assert record.startswith("@article{attention2017,") and "1706.03762" in record
    qtbot.keyClick(window.tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    link = parse_link(QGuiApplication.clipboard().text())
    assert link is not None and link.entry_id == window.current_id
    show_title(qtbot, window, "Another Paper")  # the next window would restore this one
    window.close()
    second = open_window(qtbot, tmp_path, link.collection, entry=link.entry_id)
    try:
        assert second.collection.entry(second.current_id).title == "Attention Is All You Need"
    finally:
        second.close()


def test_e_opens_the_note_in_the_configured_editor_at_its_line(qtbot, tmp_path, folder) -> None:
    out = tmp_path / "editor-args.txt"
    script = f"import sys; open({str(out)!r}, 'w').write(' '.join(sys.argv[1:]))"
    window = open_window(qtbot, tmp_path, folder, editor=f'"{sys.executable}" -c "{script}" {{file}} +{{line}}')
    try:
        show_title(qtbot, window, "Attention Is All You Need")
        qtbot.keyClick(window.tree, Qt.Key.Key_E)
        qtbot.waitUntil(out.exists, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: out.read_text(encoding="utf-8") != "", timeout=TIMEOUT)
        assert out.read_text(encoding="utf-8") == f"{folder / 'papers' / 'attention.md'} +1"
    finally:
        window.close()


def test_o_opens_a_pdf_beside_the_note_else_the_paper_link(qtbot, tmp_path, folder, catcher) -> None:
    window = open_window(qtbot, tmp_path, folder)
    try:
        show_title(qtbot, window, "Attention Is All You Need")
        qtbot.keyClick(window.tree, Qt.Key.Key_O)
        assert catcher.urls == ["https://arxiv.org/abs/1706.03762"]
        (folder / "papers" / "attention.pdf").write_bytes(b"%PDF-1.4\n")
        qtbot.keyClick(window.tree, Qt.Key.Key_O)
        assert catcher.urls[-1] == QUrl.fromLocalFile(str((folder / "papers" / "attention.pdf").resolve())).toString()
        show_title(qtbot, window, "Another Paper")
        qtbot.keyClick(window.tree, Qt.Key.Key_O)
        assert len(catcher.urls) == 2
        assert "no paper link" in window.statusBar().currentMessage()
    finally:
        window.close()
