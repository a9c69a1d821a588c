"""Statistics, settings and export dialogs over the real store, collection and exporter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from paperdesk.collection import scan
from paperdesk.gui import prefs
from paperdesk.gui.export_dialog import ExportDialog
from paperdesk.gui.settings_dialog import SettingsDialog
from paperdesk.gui.stats_view import StatsDialog, reading_stats
from paperdesk.store import AnnotationStore

NOTES = """## LLM

### 2023 - [Alpha Paper](https://arxiv.org/abs/2301.00001)

Alpha studies attention heads.

### 2022 - [Beta Paper](https://arxiv.org/abs/2201.00002)

Beta is about scaling laws.

## Vision

### 2021 - [Gamma Paper](https://arxiv.org/abs/2101.00003)

Gamma sees images.
"""


@pytest.fixture
def coll(tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    store = AnnotationStore.open(tmp_path / "store.json")
    yield scan(folder), store
    store.close()


def test_reading_stats_and_charts(coll, qtbot):
    collection, store = coll
    alpha, beta, _gamma = collection.entries
    store.set_status(alpha.paper_key, "read")
    store.set_status(beta.paper_key, "reading")
    stats = reading_stats(collection.entries, store)
    assert stats.total == 3
    assert stats.by_status == {"read": 1, "reading": 1, "unread": 1}
    assert stats.by_category["LLM"] == {"read": 1, "reading": 1}
    assert stats.by_year["2021"] == {"unread": 1}
    assert sum(stats.read_per_month.values()) == 1
    dialog = StatsDialog(collection.entries, store)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 3
    assert "1 of 3" in dialog.summary.text()


def test_settings_dialog_saves_prefs_and_collection_settings(coll, qtbot, tmp_path):
    _collection, store = coll
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(settings, store)
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.zoom.setValue(130)
    dialog.delay.setValue(25)
    dialog.remote.setChecked(True)
    dialog.meanings[2].setText("surprising result")
    dialog.save()
    assert prefs.get(settings, "theme") == "dark"
    assert prefs.get(settings, "zoom") == pytest.approx(1.3)
    assert prefs.get(settings, "auto_reading_delay") == 25
    assert store.setting("allow_remote_images") is True
    assert store.palette()[2][1] == "surprising result"


def test_export_dialog_runs_the_exporter_in_a_worker(coll, qtbot, tmp_path):
    collection, store = coll
    alpha = collection.entries[0]
    store.add_tag(alpha.paper_key, "rl")
    dialog = ExportDialog(collection, store, current=alpha.id, selected=[alpha.id], filtered=None)
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    dialog.folder.setText(str(out))
    dialog.scope.setCurrentIndex(dialog.scope.findData("all"))
    assert [e.id for e in dialog.entries()] == [e.id for e in collection.entries]
    dialog.start()
    qtbot.waitUntil(lambda: dialog.report is not None or "failed" in dialog.output.toPlainText(), timeout=20000)
    assert dialog.report is not None, dialog.output.toPlainText()
    assert dialog.report.entries == 3
    assert "Export finished" in dialog.output.toPlainText()
    assert any(p.suffix == ".md" for p in out.rglob("*"))
    dialog.scope.setCurrentIndex(dialog.scope.findData("current"))
    assert [e.id for e in dialog.entries()] == [alpha.id]
