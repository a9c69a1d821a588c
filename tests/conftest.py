"""Shared test set-up: headless Qt, a private user folder per test, the seed collections, and
Hypothesis runs that end in bounded time when they fail."""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

# Headless Qt and QtWebEngine; must be set before any Qt module is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox --disable-logging")
os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false;qt.qpa.*=false")

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes"
SEEDS = Path(os.environ.get("PAPERDESK_SEEDS", REPO.parent / "shared" / "seeds"))

# Every Hypothesis test runs under one profile (a test's own @settings overrides single fields):
# the same examples on every run and machine (derandomize, no example database), no per-example
# deadline (a timed assertion; pytest-timeout bounds a hung test instead), and no shrinking, so a
# failing test stops at its first failing example instead of shrinking for up to five minutes.
# `HYPOTHESIS_PROFILE=shrink` shrinks that same (derandomized) failure to a small one locally.
_PROFILE = {"derandomize": True, "database": None, "deadline": None, "max_examples": 100,
            "print_blob": False}
settings.register_profile("paperdesk", phases=(Phase.explicit, Phase.reuse, Phase.generate), **_PROFILE)
settings.register_profile("shrink", **_PROFILE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "paperdesk"))


class TestTimedOut(BaseException):
    """pytest-timeout's limit. Not an Exception (nor pytest's Failed, which Hypothesis catches as
    one more failing example and keeps running), so it ends a Hypothesis run where it lands."""


@pytest.hookimpl(wrapper=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> Generator[None, Any, Any]:
    """Re-raise pytest-timeout's signal-method failure as TestTimedOut (after its stack dump)."""
    result = yield
    if settings.method == "signal" and threading.current_thread() is threading.main_thread():
        timeout_handler = signal.getsignal(signal.SIGALRM)
        if callable(timeout_handler):
            def handler(signum: int, frame: Any) -> None:
                try:
                    timeout_handler(signum, frame)
                except pytest.fail.Exception as failed:
                    raise TestTimedOut(str(failed)) from None
            signal.signal(signal.SIGALRM, handler)
    return result


BACKSTOP = 2   # times a test's pytest-timeout limit after which, still running, it ends the whole run
_stderr: list[int] = []


def pytest_configure(config: pytest.Config) -> None:
    """Keep a handle on the real stderr (a test's own is captured) for the backstop's dump."""
    _stderr.append(os.dup(sys.stderr.fileno()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
    """A hang nothing in Python can interrupt (a C call, a swallowed timeout signal) ends the run,
    loudly: faulthandler's own thread dumps every stack and exits at BACKSTOP times the limit."""
    marker = item.get_closest_marker("timeout")
    limit = float(marker.args[0] if marker is not None and marker.args
                  else item.config.getoption("timeout", None) or item.config.getini("timeout") or 0)
    if limit > 0 and _stderr:
        faulthandler.dump_traceback_later(BACKSTOP * limit + 30, exit=True, file=_stderr[0])
    try:
        return (yield)
    finally:
        if limit > 0 and _stderr:
            faulthandler.cancel_dump_traceback_later()


def seed_files() -> list[Path]:
    """Return the seed note files from ../shared/seeds, or [] where ../shared is absent."""
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Give every test its own empty data, config and cache folders."""
    home = tmp_path_factory.mktemp("user")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture
def seeds_dir() -> Path:
    """The folder of real seed collections; skips the test where ../shared is absent."""
    if not seed_files():
        pytest.skip("../shared/seeds is absent (a fresh clone outside the workspace)")
    return SEEDS


@pytest.fixture
def notes_dir() -> Path:
    """The bundled sample collection."""
    return NOTES

