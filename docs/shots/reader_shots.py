"""Offscreen screenshots of the whole window: caret mode with a selection, the remote-image bar, all highlights.

Run from the checkout: PYTHONPATH=. python docs/shots/reader_shots.py docs/shots
"""

import os
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
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication([])
from paperdesk.gui.window.main_window import MainWindow

OUT = Path(sys.argv[1])
coll = tmp / "notes"
shutil.copytree(Path("notes"), coll)
(coll / "web-figures.md").write_text(
    """## Vision

### 2021 - [Zero-Shot Figures From the Web (demo)](https://example.org/demo)

CLIP trains an image encoder and a text encoder together so that matching pairs score high.

![Zero-shot accuracy](https://example.org/figures/clip-zero-shot.png)

The figure above compares zero-shot transfer with a linear probe on 27 datasets.

![Architecture](https://example.org/figures/clip-architecture.png)
""",
    encoding="utf-8",
)


def wait(pred, ms=20000):
    loop_t = 0
    while not pred() and loop_t < ms:
        app.processEvents()
        QTest.qWait(20)
        loop_t += 20
    return pred()


settings = QSettings(str(tmp / "w.ini"), QSettings.Format.IniFormat)
settings.setValue("auto_reading_delay", 0)
w = MainWindow(settings, theme_override="light")
w.resize(1400, 880)
w.show()
w.activateWindow()
shown = []
w.entryShown.connect(shown.append)
w.open_collection(coll, tmp / "store.json")
wait(lambda: shown)


def show(title):
    e = next(e for e in w.collection.entries if e.title.startswith(title))
    n = len(shown)
    w.show_entry(e.id)
    wait(lambda: len(shown) > n)
    QTest.qWait(600)
    return e


def key(k, mods=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(w.reader.focusProxy(), k, mods)
    QTest.qWait(60)


# 1. caret mode with a selection
titles = [e.title for e in w.collection.entries]
print(titles[:40])
e = show(sys.argv[2] if len(sys.argv) > 2 else titles[0])
w.reader.setFocus()
wait(lambda: w.reader.focusProxy() is not None)
key(Qt.Key.Key_F7)
wait(lambda: w.reader.modes.caret_mode)
key(Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
for _ in range(5):
    key(Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
QTest.qWait(800)
w.grab().save(str(OUT / "caret-mode.png"))
key(Qt.Key.Key_2)
QTest.qWait(500)
key(Qt.Key.Key_Escape)
QTest.qWait(300)
# some more highlights for the all-highlights view
for t in titles[1:4]:
    show(t)
    w.reader.setFocus()
    key(Qt.Key.Key_H)
    QTest.qWait(400)

# 2. remote bar
show("Zero-Shot Figures")
wait(lambda: w.remote_bar.isVisible())
QTest.qWait(400)
w.grab().save(str(OUT / "remote-images-bar.png"))

# 3. all highlights view
w.show_all_highlights()
QTest.qWait(800)
d = w.highlights_dialog
d.resize(1000, 640)
QTest.qWait(400)
d.grab().save(str(OUT / "all-highlights.png"))
print("ok", len(w.store.all_highlights()))
