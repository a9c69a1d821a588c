"""The remote-image bar in the whole window: blocked by default, shown per note or for the collection, by mouse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from paperdesk.gui.remote_bar import ALLOW_SETTING, ENTRIES_SETTING
from tests.gui.window import test_main_window as window_tests
from tests.gui.window.test_main_window import TIMEOUT

pytestmark = pytest.mark.gui




@pytest.fixture
def harness(qtbot, tmp_path: Path, local_server: Any):
    """A window on two notes with remote images (two in the first) and one without."""
    port = local_server.port
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(f"""## Web

### 2024 - [First Remote](https://arxiv.org/abs/2401.00001)

![a](http://127.0.0.1:{port}/first-a.png) and ![b](http://127.0.0.1:{port}/first-b.png)

### 2023 - [Second Remote](https://arxiv.org/abs/2301.00002)

![c](http://127.0.0.1:{port}/second.png)

### 2022 - [No Images](https://arxiv.org/abs/2201.00003)

Only words here.
""", encoding="utf-8")
    h = window_tests.Harness(qtbot, folder, tmp_path)
    yield h
    for window in list(h.windows):
        h.close(window)


def click(qtbot, button) -> None:
    """A real left click in the middle of a button."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(button.width() // 2, button.height() // 2))


def test_remote_images_stay_blocked_until_the_bar_allows_them(harness, qtbot, local_server) -> None:
    window = harness.open()
    bar = window.remote_bar
    assert window.current_entry().title == "First Remote"
    qtbot.waitUntil(bar.isVisible, timeout=TIMEOUT)
    assert bar.message.text().startswith("2 remote images blocked")
    # the bar sits above the reader, in the same column
    assert bar.parentWidget() is window.reader.parentWidget()
    assert bar.mapTo(window, QPoint(0, 0)).y() < window.reader.mapTo(window, QPoint(0, 0)).y()
    assert local_server.hits == []

    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        click(qtbot, bar.once_button)
    qtbot.waitUntil(lambda: {"/first-a.png", "/first-b.png"} <= set(local_server.hits), timeout=TIMEOUT)
    assert not bar.isVisible()
    first = window.current_id
    assert window.store.setting(ENTRIES_SETTING) == [first]
    assert not window.store.setting(ALLOW_SETTING, False)

    # another note stays blocked: the choice was for one note only
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    assert window.current_entry().title == "Second Remote"
    qtbot.waitUntil(bar.isVisible, timeout=TIMEOUT)
    assert bar.message.text().startswith("1 remote image blocked")
    assert "/second.png" not in local_server.hits

    # a note without remote images hides the bar
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_J)
    assert not bar.isVisible()
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.keyClick(window.tree, Qt.Key.Key_K)
    qtbot.waitUntil(bar.isVisible, timeout=TIMEOUT)

    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        click(qtbot, bar.always_button)
    qtbot.waitUntil(lambda: "/second.png" in local_server.hits, timeout=TIMEOUT)
    assert window.store.setting(ALLOW_SETTING) is True
    assert not bar.isVisible()


def test_the_per_note_choice_is_remembered_by_the_next_window(harness, qtbot, local_server) -> None:
    window = harness.open()
    qtbot.waitUntil(window.remote_bar.isVisible, timeout=TIMEOUT)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        click(qtbot, window.remote_bar.once_button)
    harness.close(window)
    local_server.hits.clear()
    again = harness.open()
    assert again.current_entry().title == "First Remote"
    qtbot.waitUntil(lambda: "/first-a.png" in local_server.hits, timeout=TIMEOUT)
    assert not again.remote_bar.isVisible()
