"""Automatic "reading" in the whole window: after the delay, with the window active and the page read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from paperdesk.gui.window.auto_reading import AutoState
from paperdesk.gui.window.main_window import MainWindow
from tests.gui.window import test_main_window as window_tests
from tests.gui.window.test_main_window import TIMEOUT

pytestmark = pytest.mark.gui

LONG = "\n\n".join(f"Paragraph {i} of a long note about optimisers, with enough words to wrap." for i in range(80))
NOTES = f"""## Optimisation

### 2024 - [Short First](https://arxiv.org/abs/2401.00001)

A short note that fits on the screen.

### 2023 - [Long Second](https://arxiv.org/abs/2301.00002)

{LONG}

### 2022 - [Short Third](https://arxiv.org/abs/2201.00003)

Another short note.
"""


class Harness(window_tests.Harness):
    """The window harness, with the automatic mark turned on (1 s) before the window exists."""

    def open(self, delay: int = 1, enabled: bool = True) -> MainWindow:
        settings = QSettings(str(self.ini), QSettings.Format.IniFormat)
        settings.setValue("auto_reading_delay", delay)
        settings.setValue("auto_reading", enabled)
        window = MainWindow(settings, theme_override="light")
        self.windows.append(window)
        window.resize(1200, 800)
        window.show()
        window.activateWindow()
        with self.qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            assert window.open_collection(self.collection, self.db)
        window.tree.setFocus()
        return window


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    h = Harness(qtbot, folder, tmp_path)
    yield h
    for window in list(h.windows):
        h.close(window)


def status(window: MainWindow) -> str:
    return window.store.status(window.current_entry().paper_key)


def test_the_entry_restored_at_start_up_is_never_marked(harness, qtbot) -> None:
    window = harness.open()
    assert window.current_entry().title == "Short First"
    # the decision for the entry the window opened by itself: no timer at all
    assert window.auto_reading.state == AutoState.RESTORED
    assert not window.auto_reading.timer.isActive()
    assert status(window) == "unread"
    # the same entry chosen by the reader later is timed as any other
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_K)
    assert window.current_entry().title == "Short First"
    qtbot.waitUntil(lambda: status(window) == "reading", timeout=TIMEOUT)


def test_a_page_that_fits_is_marked_after_the_delay_and_the_mark_undoes(harness, qtbot) -> None:
    window = harness.open()
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    assert window.current_entry().title == "Short Third"
    assert window.reader.modes.is_engaged   # it fits on the screen: no scroll needed
    qtbot.waitUntil(lambda: window.auto_reading.state == AutoState.MARKED, timeout=TIMEOUT)
    assert window.auto_reading.time_is_up
    assert status(window) == "reading"
    window.undo_stack.undo()
    assert status(window) == "unread"


def test_a_long_page_is_marked_only_once_the_reader_scrolls(harness, qtbot) -> None:
    window = harness.open()
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    assert window.current_entry().title == "Long Second"
    auto = window.auto_reading
    qtbot.waitUntil(lambda: auto.time_is_up, timeout=TIMEOUT)
    assert auto.state == AutoState.WAITING and not window.reader.modes.is_engaged
    assert status(window) == "unread"
    window.reader.setFocus()
    with qtbot.waitSignal(auto.decided, timeout=TIMEOUT) as decided:
        QTest.keyClick(window.reader.focusProxy(), Qt.Key.Key_PageDown)
    assert decided.args == [AutoState.MARKED.value]
    assert status(window) == "reading"


def test_the_count_pauses_while_the_window_is_inactive(harness, qtbot) -> None:
    window = harness.open(delay=30)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    auto = window.auto_reading
    assert auto.timer.isActive()
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not auto.timer.isActive(), timeout=TIMEOUT)
    assert auto.state == AutoState.WAITING
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    qtbot.waitUntil(auto.timer.isActive, timeout=TIMEOUT)
    assert 0 < auto.timer.remainingTime() <= 30_000


def test_turned_off_in_settings_nothing_is_timed(harness, qtbot) -> None:
    window = harness.open(enabled=False)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    assert window.auto_reading.state == AutoState.OFF
    assert not window.auto_reading.timer.isActive()
