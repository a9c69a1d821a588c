"""The real app's start: after a SIGKILL mid-session (the same entry, nothing acknowledged lost, and it says so), and what it cannot save."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")]

REPO = Path(__file__).resolve().parents[3]
PROBE = Path(__file__).with_name("crash_probe.py")
NOTES = {f"{name}.md": f"# {name.title()} Paper\n\nhttps://arxiv.org/abs/2301.0000{i}\n\nThe {name} paper's text.\n"
         for i, name in enumerate(("alpha", "beta", "gamma"), start=1)}


def _probe(mode: str, collection: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    env = env or {**os.environ, "PYTHONPATH": str(REPO), "PAPERDESK_NO_DIALOGS": "1"}
    return subprocess.Popen([sys.executable, str(PROBE), mode, str(collection)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_a_killed_session_reopens_at_its_entry_with_its_changes_and_a_notice(tmp_path: Path) -> None:
    collection = tmp_path / "notes"
    collection.mkdir()
    for name, text in NOTES.items():
        (collection / name).write_text(text, encoding="utf-8")
    first = _probe("work", collection)
    try:
        line = first.stdout.readline()          # READY once the store holds the status and the position
        assert line.startswith("READY "), first.stderr.read() if first.poll() is not None else line
        target = line.split()[1]
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=60)
    assert first.returncode == -signal.SIGKILL

    second = _probe("look", collection)
    out, err = second.communicate(timeout=180)
    assert second.returncode == 0, err[-3000:]
    assert "Traceback" not in err
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["entry"] == target and seen["status"] == "reading"
    # before: the notice was replaced by "3 entries from 3 files" before anyone could read it
    assert seen["message"].startswith("paperdesk closed unexpectedly last time; the log is at ")
    assert seen["message"].endswith("3 entries from 3 files")

    third = _probe("look", collection)          # a clean exit: no notice any more
    out, _err = third.communicate(timeout=180)
    assert json.loads(out.strip().splitlines()[-1])["message"] == "3 entries from 3 files"


def test_a_settings_folder_that_cannot_be_written_is_said_at_start(tmp_path: Path) -> None:
    collection = tmp_path / "notes"
    collection.mkdir()
    for name, text in NOTES.items():
        (collection / name).write_text(text, encoding="utf-8")
    blocker = tmp_path / "config-is-a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(blocker / "config")}
    look = _probe("look", collection, env={**env, "PYTHONPATH": str(REPO), "PAPERDESK_NO_DIALOGS": "1"})
    out, err = look.communicate(timeout=180)
    assert look.returncode == 0 and "Traceback" not in err, err[-3000:]
    message = json.loads(out.strip().splitlines()[-1])["message"]
    # before: only a line on stderr; the window said nothing and forgot every setting silently
    assert message.startswith(f"Settings and the window's layout cannot be saved in {blocker / 'config' / 'paperdesk'}")
    assert message.endswith("3 entries from 3 files")
