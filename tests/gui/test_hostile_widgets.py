"""Note text that looks like HTML stays text in every Qt widget of the real window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from paperdesk.gui.safe_text import RICH_PROPERTY, rich, tip
from paperdesk.gui.window.main_window import MainWindow

pytestmark = pytest.mark.gui
TIMEOUT = 20_000


def hostile_collection(root: Path) -> tuple[Path, Path]:
    """Three notes whose title, category, tags and venue are HTML pointing at a file outside."""
    secret = root / "outside" / "secret.png"
    secret.parent.mkdir(parents=True)
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    image.save(str(secret))
    notes = root / "coll"
    notes.mkdir()
    img = f'<img src="{secret}">'
    (notes / "one.md").write_text(
        f"---\ntitle: '{img} Q'\ntags: ['{img}t']\n---\n\nBody of one with words.\n", encoding="utf-8")
    (notes / "two.md").write_text(
        f"# <img src=\"file://{secret}\"> heading\n\n* **Venue**: {img} NeurIPS 2020\n"
        f"* **Tags**: <b>bold</b>, {img}\n\nBody two.\n", encoding="utf-8")
    (notes / "three.md").write_text(
        "# <table width=2000 bgcolor=red><tr><td>spoof</td></tr></table>\n\nBody three.\n", encoding="utf-8")
    return notes, secret


def rich_labels(widgets: list[QWidget]) -> list[str]:
    """Texts of labels that Qt would read as HTML and that were not built by `rich()`."""
    bad = []
    for top in widgets:
        for label in [top, *top.findChildren(QLabel)]:
            if not isinstance(label, QLabel) or label.property(RICH_PROPERTY):
                continue
            text = label.text()
            interpreted = label.textFormat() == Qt.TextFormat.RichText or (
                label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
            if interpreted and "<" in text:
                chain, w = [], label
                while w is not None:
                    chain.append(f"{type(w).__name__}:{w.objectName()}")
                    w = w.parentWidget()
                bad.append(text + " @ " + "/".join(chain))
    return bad


def raw_tooltips(widgets: list[QWidget]) -> list[str]:
    """Tooltips that carry a raw tag from a note (escaped ones start with <qt> and have none)."""
    bad = []
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            text = widget.toolTip()
            if "<img" in text or "<table" in text or "<b>" in text:
                bad.append(text)
    return bad


def test_rich_and_tip_escape_every_part() -> None:
    assert rich("<b>{}</b>", '<img src="x">') == "<b>&lt;img src=&quot;x&quot;&gt;</b>"
    assert tip("<img src=x>\nnext") == "<qt>&lt;img src=x&gt;<br>next</qt>"
    assert tip("") == ""


def test_every_widget_of_the_window_shows_note_html_as_text(qtbot, tmp_path: Path) -> None:
    notes, _secret = hostile_collection(tmp_path)
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    window = MainWindow(settings, theme_override="light")
    window.resize(1200, 800)
    window.show()
    try:
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            assert window.open_collection(notes, tmp_path / "store.json")
        assert len(window.collection.entries) == 3
        for entry in window.collection.entries:
            with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
                window.show_entry(entry.id)
            window.annotations.add_tag(f"<img src='x'>{entry.id}")
            assert rich_labels([window]) == [], entry.title
            assert raw_tooltips([window]) == [], entry.title
        shown = window.side_panel.title_label
        assert shown.textFormat() == Qt.TextFormat.PlainText
        # The tree's tooltips: escaped, so Qt shows the title literally.
        model = window.model
        stack = [model.index(r, 0) for r in range(model.rowCount())]
        tooltips = []
        while stack:
            index = stack.pop()
            for col in range(model.columnCount(index.parent())):
                value = model.index(index.row(), col, index.parent()).data(Qt.ItemDataRole.ToolTipRole)
                if value:
                    tooltips.append(value)
            stack.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
        assert tooltips and not [t for t in tooltips if "<img" in t or "<table" in t]
        # The statistics dialog (category and tag names in charts) and the scan warnings box.
        from paperdesk.gui.stats_view import StatsDialog

        stats = StatsDialog(window.collection.entries, window.store, window)
        assert rich_labels([stats]) == []
        stats.deleteLater()
        window.dialogs.warnings(window.collection)
        assert window.last_message is not None
        assert window.last_message.textFormat() == Qt.TextFormat.PlainText
        window.last_message.close()
        tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        assert rich_labels(tops) == []
    finally:
        window.close()
        window.deleteLater()


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_the_real_app_opens_no_file_named_by_a_note_title(tmp_path: Path) -> None:
    """The three-note reproducer under strace: the secret file outside the collection is never opened."""
    notes, secret = hostile_collection(tmp_path)
    env = dict(os.environ, PAPERDESK_STARTUP_TIMING="1", PAPERDESK_NO_DIALOGS="1",
               XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    trace = tmp_path / "trace.txt"
    result = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2,stat,newfstatat,statx,access",
         "-o", str(trace), sys.executable, "-m", "paperdesk", str(notes)],
        env=env, capture_output=True, text=True, timeout=180)
    assert "PAPERDESK_STARTUP_S=" in result.stdout, result.stderr[-2000:]
    opened = trace.read_text(encoding="utf-8", errors="replace")
    assert str(secret) in (notes / "one.md").read_text(encoding="utf-8")  # the notes do name it
    assert str(secret) not in opened
    # No check on system files here: no note names one, and the C library legitimately reads
    # /etc/passwd to find the home folder when HOME is unset (as on the CI machine).
