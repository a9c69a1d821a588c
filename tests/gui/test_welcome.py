"""The welcome window: shown when there is no collection, asks for a folder, lists recent collections as plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from paperdesk import config
from paperdesk.gui import app
from paperdesk.gui.welcome import PATH_ROLE, WelcomeWindow, remembered_collections

HOSTILE = "<b>bold<i>&amp;<img src=x onerror=alert(1)>"  # a folder name; no slash


def _items(window: WelcomeWindow) -> list[Any]:
    return [window.recent_list.item(i) for i in range(window.recent_list.count())]


def test_no_collection_and_no_bundled_notes_means_the_welcome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app, "BUNDLED_NOTES", tmp_path / "not-installed")
    assert app.choose_collection(None) is None
    (tmp_path / "not-installed").mkdir()
    assert app.choose_collection(None) == tmp_path / "not-installed"


def test_recent_list_marks_missing_collections_and_shows_paths_as_plain_text(qtbot: Any, tmp_path: Path) -> None:
    here = tmp_path / HOSTILE
    here.mkdir()
    gone = tmp_path / "gone"
    config.remember_collection(gone)  # remembered, then deleted: still listed, not openable
    config.remember_collection(here)
    assert remembered_collections() == [here.resolve(), gone.resolve()]
    window = WelcomeWindow()
    qtbot.addWidget(window)
    items = _items(window)
    assert [i.text() for i in items] == [str(here.resolve()), f"{gone.resolve()}  (not found)"]
    assert items[0].flags() & Qt.ItemFlag.ItemIsEnabled
    assert not items[1].flags() & Qt.ItemFlag.ItemIsEnabled
    assert all(not i.toolTip() for i in items)  # a tooltip would render rich text
    for label in window.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText or label.text() == ""

    with qtbot.waitSignal(window.collectionChosen) as chosen:
        window.recent_list.itemActivated.emit(items[0])
    assert chosen.args == [here.resolve()]
    emitted: list[Path] = []
    window.collectionChosen.connect(emitted.append)
    window.recent_list.itemActivated.emit(items[1])
    assert emitted == []


def test_empty_recent_list_says_so(qtbot: Any) -> None:
    window = WelcomeWindow(recent=[])
    qtbot.addWidget(window)
    [only] = _items(window)
    assert only.text() == "No collection opened yet" and only.data(PATH_ROLE) is None
    assert only.flags() == Qt.ItemFlag.NoItemFlags


def test_open_folder_asks_and_chooses(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([str(tmp_path), ""])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: next(answers)))
    window = WelcomeWindow(recent=[])
    qtbot.addWidget(window)
    assert window.open_button.text() == "Open folder…"
    emitted: list[Path] = []
    window.collectionChosen.connect(emitted.append)
    window.open_button.click()
    assert emitted == [tmp_path]
    window.open_button.click()  # cancelled: nothing chosen
    assert emitted == [tmp_path]


def test_choosing_in_the_welcome_opens_the_main_window_and_closes_it(qtbot: Any, tmp_path: Path) -> None:
    opened: list[Path] = []
    welcome = app._show_welcome(opened.append)
    qtbot.addWidget(welcome)
    qtbot.waitUntil(welcome.isVisible)
    welcome.choose(tmp_path)
    welcome.choose(tmp_path)  # a second activation must not open a second window
    assert opened == [tmp_path]
    qtbot.waitUntil(lambda: not welcome.isVisible())
