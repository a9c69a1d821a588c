"""A narrow window keeps its reader readable: the tree and side panel give way first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paperdesk.gui.window.main_window import READER_MIN_WIDTH
from tests.gui.window.window_fixtures import TIMEOUT, Harness, two_paper_folder

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("width", [800, 1000])
def test_the_reader_keeps_its_width_when_the_window_narrows(qtbot: Any, tmp_path: Path, width: int) -> None:
    harness = Harness(qtbot, two_paper_folder(tmp_path), tmp_path / "store.json", tmp_path / "window.ini")
    try:
        window = harness.open()
        window.resize(width, 700)
        qtbot.waitUntil(lambda: window.width() == width, timeout=TIMEOUT)
        window.layout().activate()
        sizes = window.splitter.sizes()
        assert window.reader.width() >= READER_MIN_WIDTH, sizes
        assert sizes[0] > 0 and sizes[2] > 0, sizes           # the tree and side panel are still there
        assert sizes[1] >= max(sizes[0], sizes[2]), sizes      # and the reader is the widest pane
    finally:
        harness.close_all()
