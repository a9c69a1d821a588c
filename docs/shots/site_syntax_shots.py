"""Offscreen screenshots of the reader on the site/vault fixtures (Jekyll post, Hugo post, Obsidian note), and
each note's rendered HTML written beside them for reading.

Run from the checkout: PYTHONPATH=. python docs/shots/site_syntax_shots.py OUT_DIR
"""

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
tmp = Path(tempfile.mkdtemp())
os.environ["XDG_CONFIG_HOME"] = str(tmp / "cfg")
os.environ["XDG_DATA_HOME"] = str(tmp / "data")
os.environ["XDG_CACHE_HOME"] = str(tmp / "cache")
from paperdesk.gui.qt_env import prepare_qt

prepare_qt()
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication([])
from paperdesk.gui.window.main_window import MainWindow
from paperdesk.render import render_entry

OUT = Path(sys.argv[1])
OUT.mkdir(parents=True, exist_ok=True)
SITES = Path("tests/fixtures/sites")
SHOTS = [("jekyll", "Sparse attention", "light"), ("hugo", "Image patches", "light"),
         ("vault", "Chain of thought", "light"), ("vault", "Chain of thought", "dark")]


def wait(pred, ms=20000):
    waited = 0
    while not pred() and waited < ms:
        app.processEvents()
        QTest.qWait(20)
        waited += 20
    return pred()


def shoot(site: str, title: str, theme: str) -> None:
    """Open the fixture `site` in a window, show the entry titled `title`, save the window and the HTML."""
    coll = tmp / f"{site}-{theme}"
    shutil.copytree(SITES / site, coll)
    settings = QSettings(str(tmp / f"{site}-{theme}.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, theme_override=theme)
    w.resize(1300, 1500)
    w.show()
    shown = []
    w.entryShown.connect(shown.append)
    w.open_collection(coll, tmp / f"{site}-{theme}-store.json")
    wait(lambda: shown and w.collection is not None)
    entry = next(e for e in w.collection.entries if e.title.startswith(title))
    n = len(shown)
    w.show_entry(entry.id)
    wait(lambda: len(shown) > n)
    QTest.qWait(900)
    w.grab().save(str(OUT / f"site-syntax-{site}-{theme}.png"))
    html = render_entry(entry, w.collection).html
    (OUT / f"site-syntax-{site}.html").write_text(re.sub(r"<svg.*?</svg>", "<svg/>", html, flags=re.S))
    w.close()
    QTest.qWait(200)


for site, title, theme in SHOTS:
    shoot(site, title, theme)
print("ok")
