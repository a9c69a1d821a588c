"""The screenshot tool: the real window on a collection, saved as a PNG once its first entry is painted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.paths import PROJECT_DIR

NOTE = "## LLM\n\n### 2023 - [Alpha Paper](https://arxiv.org/abs/2301.00001)\n\nAlpha text with $x^2$.\n"


@pytest.mark.gui
def test_the_window_is_saved_as_a_png_and_the_app_has_no_hook_for_it(tmp_path: Path) -> None:
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTE, encoding="utf-8")
    shot = tmp_path / "shot.png"
    env = {**os.environ, "PAPERDESK_NO_DIALOGS": "1"}
    result = subprocess.run([sys.executable, "-m", "paperdesk.gui.screenshot", str(folder), str(shot),
                             "--theme", "dark", "--delay-ms", "50", "--db", str(tmp_path / "store.json")],
                            capture_output=True, text=True, env=env, cwd=str(PROJECT_DIR), timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "SCREENSHOT" not in (PROJECT_DIR / "paperdesk" / "gui" / "app.py").read_text(encoding="utf-8")
