"""Measure paperdeskCaret.markHits on the largest bundled entry: PYTHONPATH=. python docs/shots/measure_hits.py"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
tmp = Path(tempfile.mkdtemp())
for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
    os.environ[k] = str(tmp / k)
from paperdesk.gui.qt_env import prepare_qt

prepare_qt()
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication([])
from paperdesk.gui.window.main_window import MainWindow

s = QSettings(str(tmp / "w.ini"), QSettings.Format.IniFormat)
s.setValue("auto_reading_delay", 0)
w = MainWindow(s, theme_override="light")
w.resize(1400, 880)
w.show()
shown = []
w.entryShown.connect(shown.append)
w.open_collection(Path("notes"), tmp / "store.json")
while not shown:
    app.processEvents()
    QTest.qWait(20)
big = max(w.collection.entries, key=lambda e: len(e.body))
n = len(shown)
w.show_entry(big.id)
while len(shown) == n:
    app.processEvents()
    QTest.qWait(20)
box = []
w.reader.run_in_page(
    "(function(){var t=[];for(var i=0;i<21;i++){var a=performance.now();paperdeskCaret.markHits(['the','model','attention']); var b=performance.now(); var n=paperdeskCaret.markHits([]); t.push([b-a, performance.now()-b]);}return JSON.stringify({t:t.slice(0,5),chars:window.paperdesk.textOf(document.getElementById('content')).length});})()",
    box.append,
)
while not box:
    app.processEvents()
    QTest.qWait(20)
print(big.title, box[0])
