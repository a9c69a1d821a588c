"""The window says once per script when a shown note is written in a script no installed font has."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness

from paperdesk.gui.window.font_hint import installed_font_for
from paperdesk.reading.scripts import Script

pytestmark = pytest.mark.gui


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "english.md").write_text("# Alpha Paper\n\nPlain English notes on attention.\n", encoding="utf-8")
    (folder / "chinese.md").write_text("# 注意力机制\n\n本文提出了一种新的注意力机制。\n", encoding="utf-8")
    (folder / "chinese-two.md").write_text("# 扩散模型\n\n去噪扩散概率模型。\n", encoding="utf-8")
    h = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    yield h
    h.close_all()


def click_entry(qtbot, window, title: str) -> None:
    entry = next(e for e in window.collection.entries if e.title == title)
    if window.current_id == entry.id:
        return   # already shown (the first painted entry)
    window.tree.expandAll()
    index = window.model.index_for_entry(entry.id)
    rect = window.tree.visualRect(index)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_script_without_a_font_is_named_once(harness, qtbot):
    window = harness.open()
    asked: list[Script] = []
    window.font_hint._has_font = lambda script: asked.append(script) or False   # a system without CJK fonts
    window.font_hint._known.clear()   # what the first painted entry found on this machine's fonts
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    click_entry(qtbot, window, "Alpha Paper")
    assert not any("font" in m for m in said)
    click_entry(qtbot, window, "注意力机制")
    hints = [m for m in said if "font" in m]
    assert len(hints) == 1 and "Chinese" in hints[0] and "fonts-noto-cjk" in hints[0]
    click_entry(qtbot, window, "扩散模型")
    assert len([m for m in said if "font" in m]) == 1   # said once, not on every Chinese note
    assert asked == [Script.HAN]


def test_nothing_is_said_when_a_font_has_the_script(harness, qtbot):
    window = harness.open()
    window.font_hint._has_font = lambda script: True
    window.font_hint._known.clear()
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    click_entry(qtbot, window, "注意力机制")
    assert not any("font" in m for m in said)


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig here to compare with")
@pytest.mark.parametrize(("script", "lang"), [(Script.KANA, "ja"), (Script.HANGUL, "ko")])
def test_qt_knows_the_fonts_fontconfig_lists_for_a_script(qapp, script, lang):
    listed = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True, text=True).stdout.strip()
    assert installed_font_for(script) == bool(listed)
