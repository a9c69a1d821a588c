"""Crash traces: faulthandler into a log in the data folder, "closed unexpectedly last time", one-line warnings."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

CRASH_LOG = "crash.log"
_MARKER_PREFIX = "running-"


@dataclass
class CrashSession:
    """One running app: a marker file while it runs, faulthandler writing into the crash log."""

    folder: Path
    marker: Path
    log: Path
    stream: TextIO | None
    previous_crash: str | None  # the message for the user when an earlier run ended without a clean exit

    def end(self) -> None:
        """A clean exit: stop faulthandler and remove this run's marker."""
        if self.stream is not None:
            faulthandler.disable()
            self.stream.close()
            self.stream = None
        with contextlib.suppress(OSError):
            self.marker.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _stale_markers(folder: Path) -> list[Path]:
    stale = []
    for marker in folder.glob(_MARKER_PREFIX + "*"):
        try:
            pid = int(marker.name[len(_MARKER_PREFIX):])
        except ValueError:
            stale.append(marker)
            continue
        if not _alive(pid):
            stale.append(marker)
    return stale


def start(folder: Path) -> CrashSession:
    """Begin a run: report an earlier unclean exit, write this run's marker, arm faulthandler.

    Never raises for an unwritable folder: crash tracing is then off for this run.
    """
    log = folder / CRASH_LOG
    marker = folder / f"{_MARKER_PREFIX}{os.getpid()}"
    previous: str | None = None
    stream: TextIO | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stale = _stale_markers(folder)
        if stale:
            previous = f"paperdesk closed unexpectedly last time; the log is at {log}"
            for old in stale:
                old.unlink(missing_ok=True)
        marker.write_text(time.strftime("%Y-%m-%d %H:%M:%S"), encoding="utf-8")
        stream = log.open("a", encoding="utf-8")
        stream.write(f"--- run {os.getpid()} started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        stream.flush()
        faulthandler.enable(file=stream, all_threads=True)
    except OSError:
        if stream is not None:
            stream.close()
            stream = None
    return CrashSession(folder, marker, log, stream, previous)


class OneLineFormatter(logging.Formatter):
    """A warning as one line, `paperdesk: what (the error's own words)`: a full disk is no traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """The message, and the exception's words when the record carries one."""
        text = f"paperdesk: {record.getMessage()}"
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, OSError) and exc.strerror:
            text += f" ({exc.strerror})"
        elif exc is not None:
            text += f" ({type(exc).__name__}: {exc})"
        return text


def console_logging() -> None:
    """Send warnings to stderr one line each (tracebacks only with PAPERDESK_DEBUG set)."""
    root = logging.getLogger()
    if root.handlers:   # set up already (an embedding program, a test runner)
        return
    handler = logging.StreamHandler()
    if os.environ.get("PAPERDESK_DEBUG"):
        handler.setFormatter(logging.Formatter("paperdesk: %(message)s"))
    else:
        handler.setFormatter(OneLineFormatter())
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
