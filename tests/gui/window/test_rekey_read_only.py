"""A read-only store in the whole window: "could not re-link …" is said once per set of renamed
notes, not after every re-scan; the read-only banner stays (the honest warning)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness

from paperdesk.collection import scan
from paperdesk.store import AnnotationStore, journal

pytestmark = pytest.mark.gui

NOTES = {
    "resnet.md": "# ResNet\n\nDeeper neural networks are more difficult to train; residual learning helps.\n",
    "attention.md": "# Attention Is All You Need\n\nA new simple network architecture, the Transformer.\n",
    "bn.md": "# Batch Normalization\n\nTraining deep networks is complicated by shifting inputs.\n",
}


def test_a_refused_re_link_is_said_once_per_set_of_notes(qtbot, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "coll"
    folder.mkdir()
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "store.json"
    with AnnotationStore.open(db) as store:
        for entry in scan(folder, use_cache=False).entries:
            if entry.title != "Batch Normalization":
                store.add_tag(entry.paper_key, "cv")
    harness = Harness(qtbot, folder, db, tmp_path / "window.ini")
    try:
        window = harness.open()
        bn = next(e for e in window.collection.entries if e.title == "Batch Normalization")
        if window.current_id != bn.id:          # open the note that stays put: Return in the filter
            qtbot.keyClick(window.tree, Qt.Key.Key_Slash)
            qtbot.waitUntil(window.filter_box.edit.hasFocus, timeout=TIMEOUT)
            qtbot.keyClicks(window.filter_box.edit, "batch normalization")
            with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
                qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Return)
        assert window.current_id == bn.id

        def denied(_path: Path, _line: bytes) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(journal, "append", denied)      # the disk refuses every write from now on

        def rescan(change) -> str:
            with qtbot.waitSignal(window.session.reloaded, timeout=TIMEOUT):
                change()
            return window.statusBar().currentMessage()

        first = rescan(lambda: (folder / "resnet.md").rename(folder / "2016-resnet.md"))
        assert "could not re-link annotations of 1 renamed note" in first, first
        assert "permission denied" in first.lower()
        qtbot.waitUntil(window.banner.isVisible, timeout=TIMEOUT)

        for n in range(2):      # other changes on disk: the same refusal again, not said again
            again = rescan(lambda n=n: (folder / f"new-{n}.md").write_text(f"# New {n}\n\nText.\n",
                                                                          encoding="utf-8"))
            assert again.startswith("Reloaded changed notes") and "re-link" not in again, again
            assert window.session.rekey_message is None
        assert window.banner.isVisible() and "read-only" in window.banner.label.text()

        both = rescan(lambda: (folder / "attention.md").rename(folder / "2017-attention.md"))
        assert "could not re-link annotations of 2 renamed notes" in both, both   # a new set of notes
        assert window.store.tags("file:resnet.md#resnet") == ["cv"]               # nothing lost
    finally:
        harness.close_all()
