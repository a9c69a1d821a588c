"""Crash traces: a run that dies leaves a marker the next run reports, and faulthandler writes the log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from paperdesk import crashlog

CHILD = """
import os, sys, time
from pathlib import Path
from paperdesk import crashlog
session = crashlog.start(Path(sys.argv[1]))
print("started", flush=True)
if sys.argv[2] == "clean":
    session.end()
elif sys.argv[2] == "segv":
    import ctypes
    ctypes.string_at(0)
else:
    time.sleep(60)
"""


def run_child(folder: Path, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", CHILD, str(folder), mode], capture_output=True, text=True,
                          timeout=60)


def test_a_clean_run_leaves_nothing_to_report(tmp_path: Path) -> None:
    assert run_child(tmp_path, "clean").returncode == 0
    session = crashlog.start(tmp_path)
    try:
        assert session.previous_crash is None
    finally:
        session.end()
    assert not list(tmp_path.glob("running-*"))


def test_a_hard_crash_is_traced_and_reported_at_the_next_start(tmp_path: Path) -> None:
    result = run_child(tmp_path, "segv")
    assert result.returncode != 0
    log = (tmp_path / crashlog.CRASH_LOG).read_text(encoding="utf-8")
    assert "Fatal Python error" in log and "Segmentation fault" in log
    session = crashlog.start(tmp_path)
    try:
        assert session.previous_crash is not None
        assert str(tmp_path / crashlog.CRASH_LOG) in session.previous_crash
    finally:
        session.end()
    again = crashlog.start(tmp_path)  # reported once, not at every start
    try:
        assert again.previous_crash is None
    finally:
        again.end()


def test_a_killed_run_is_reported_but_a_running_one_is_not(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path), "hang"], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "started"
        alive = crashlog.start(tmp_path)  # a second window while the first still runs
        assert alive.previous_crash is None
        alive.end()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    session = crashlog.start(tmp_path)
    try:
        assert session.previous_crash is not None
    finally:
        session.end()


def test_an_unwritable_folder_turns_tracing_off_without_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    session = crashlog.start(blocker / "inside")
    assert session.stream is None and session.previous_crash is None
    session.end()
