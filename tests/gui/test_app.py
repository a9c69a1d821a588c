"""App start-up: choosing the collection, one-line errors, the start-up timer, the crash hook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk import config
from paperdesk.errors import UserError
from paperdesk.gui import app
from paperdesk.paths import BUNDLED_NOTES, PROJECT_DIR

NOTE = "## LLM\n\n### 2023 - [Alpha Paper](https://arxiv.org/abs/2301.00001)\n\nAlpha text with $x^2$.\n"


def test_choose_collection_argument_recent_then_bundled(tmp_path):
    assert app.choose_collection(None) == BUNDLED_NOTES
    folder = tmp_path / "mine"
    folder.mkdir()
    config.remember_collection(folder)
    assert app.choose_collection(None) == folder.resolve()
    assert app.choose_collection(tmp_path) == tmp_path
    with pytest.raises(UserError, match="no such collection"):
        app.choose_collection(tmp_path / "missing")


def _run(args: list[str], env_extra: dict[str, str], timeout: int = 90) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra, "PAPERDESK_NO_DIALOGS": "1"}
    return subprocess.run([sys.executable, "-m", "paperdesk", *args], capture_output=True, text=True,
                          env=env, cwd=str(PROJECT_DIR), timeout=timeout)


def test_missing_collection_is_one_line_before_qt(tmp_path):
    result = _run([str(tmp_path / "nope")], {"QT_QPA_PLATFORM": "nonexistent-platform"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no such collection" in result.stderr


@pytest.mark.gui
def test_launch_prints_startup_time(tmp_path):
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTE, encoding="utf-8")
    result = _run([str(folder)], {"PAPERDESK_STARTUP_TIMING": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("PAPERDESK_STARTUP_S="))
    assert 0 < float(line.split("=")[1]) < 60
    assert config.recent_collections()[0] == folder.resolve()  # remembered for the next launch


def test_excepthook_logs_instead_of_crashing(monkeypatch, capsys):
    monkeypatch.setenv("PAPERDESK_NO_DIALOGS", "1")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    app.install_excepthook()
    try:
        raise ValueError("boom in a slot")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    log = Path(app._log_file()).read_text(encoding="utf-8")
    assert "ValueError: boom in a slot" in log
    assert "boom in a slot" in capsys.readouterr().err



@pytest.mark.gui
def test_source_lines_released_once_settled(qtbot, tmp_path, monkeypatch):
    """The modules imported while a collection opens leave no source in linecache (PySide6's
    import hook reads every module's source there)."""
    import linecache

    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(app, "_WINDOWS", [])
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTE, encoding="utf-8")
    window = app._open_main_window(QApplication.instance(), folder, tmp_path / "store.json")
    qtbot.addWidget(window)
    linecache.getlines(app.__file__)   # as the hook does for a module imported while the window opens
    assert app.__file__ in linecache.cache
    with qtbot.waitSignal(window.settled, timeout=30000):
        pass
    assert app.__file__ not in linecache.cache
