"""A shown entry whose file had a scan warning says so in the status bar; a missing image is left to the page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from paperdesk.collection import ScanWarning
from paperdesk.gui.window.file_notice import FileNotice
from tests.gui.window.window_fixtures import TIMEOUT, Harness

pytestmark = pytest.mark.gui


def test_the_first_warning_of_the_file_is_said_and_images_are_not() -> None:
    said: list[str] = []
    collection = SimpleNamespace(warnings=[
        ScanWarning("image", "a.md", 3, "image not found in the collection: fig.png"),
        ScanWarning("encoding", "a.md", None, "not UTF-8; decoded as cp1252"),
        ScanWarning("image", "b.md", 9, "image not found in the collection: x.png"),
    ])
    notice = FileNotice(lambda text, _ms: said.append(text))
    assert notice.check(collection, SimpleNamespace(source="a.md")).kind == "encoding"
    assert notice.check(collection, SimpleNamespace(source="b.md")) is None
    assert notice.check(collection, SimpleNamespace(source="c.md")) is None
    assert said == ["a.md: not UTF-8; decoded as cp1252 (File › Scan Warnings lists them all)"]


def test_the_window_says_it_when_the_entry_is_shown(qtbot, tmp_path) -> None:
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "a-first.md").write_text("# Alpha Paper\n\nPlain text about attention.\n", encoding="utf-8")
    (folder / "b-latin.md").write_bytes("# Beta Paper\n\nCaf\xe9 na\xefve r\xe9sum\xe9 notes.\n".encode("cp1252"))
    harness = Harness(qtbot, folder, tmp_path / "store.json", tmp_path / "window.ini")
    try:
        window = harness.open()
        beta = next(e for e in window.collection.entries if e.title == "Beta Paper")
        assert any(w.source == beta.source and w.kind == "encoding" for w in window.collection.warnings)
        window.statusBar().clearMessage()
        if window.current_id == beta.id:
            other = next(e for e in window.collection.entries if e.id != beta.id)
            with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
                window.show_entry(other.id)
        window.statusBar().clearMessage()
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            window.show_entry(beta.id)
        assert window.statusBar().currentMessage().startswith(f"{beta.source}: ")
        assert "UTF-8" in window.statusBar().currentMessage()
    finally:
        harness.close_all()
