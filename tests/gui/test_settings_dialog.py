"""Settings: the automatic "reading" switch and delay, and forgetting the notes allowed remote images one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from paperdesk.gui import prefs
from paperdesk.gui.remote_bar import ENTRIES_SETTING
from paperdesk.gui.settings_dialog import SettingsDialog
from paperdesk.store import AnnotationStore

pytestmark = pytest.mark.gui


@pytest.fixture
def store(tmp_path: Path):
    with AnnotationStore.open(tmp_path / "store.json") as opened:
        yield opened


def test_auto_reading_defaults_to_twenty_seconds_and_can_be_turned_off(qtbot, tmp_path, store) -> None:
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    assert prefs.auto_reading_delay(settings) == 20
    dialog = SettingsDialog(settings, store)
    qtbot.addWidget(dialog)
    assert dialog.auto_reading.isChecked() and dialog.delay.value() == 20
    dialog.auto_reading.setChecked(False)
    assert not dialog.delay.isEnabled()
    dialog.save()
    assert prefs.auto_reading_delay(settings) == 0
    again = SettingsDialog(settings, store)
    qtbot.addWidget(again)
    assert not again.auto_reading.isChecked() and again.delay.value() == 20   # the delay is kept
    again.auto_reading.setChecked(True)
    again.delay.setValue(45)
    again.save()
    assert prefs.auto_reading_delay(settings) == 45


def test_a_zero_delay_written_by_an_older_version_reads_as_off(qtbot, tmp_path, store) -> None:
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    dialog = SettingsDialog(settings, store)
    qtbot.addWidget(dialog)
    assert not dialog.auto_reading.isChecked()
    assert dialog.delay.value() == 20


def test_the_notes_allowed_one_by_one_can_be_blocked_again(qtbot, tmp_path, store) -> None:
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(settings, store)
    qtbot.addWidget(dialog)
    assert dialog.forget_remote.isHidden()
    store.set_setting(ENTRIES_SETTING, ["a", "b"])
    dialog = SettingsDialog(settings, store)
    qtbot.addWidget(dialog)
    assert not dialog.forget_remote.isHidden() and "2 notes" in dialog.forget_remote.text()
    dialog.save()
    assert store.setting(ENTRIES_SETTING) == ["a", "b"]   # only when asked
    dialog.forget_remote.setChecked(True)
    dialog.save()
    assert store.setting(ENTRIES_SETTING) == []
