"""Shared test set-up: headless Qt, a private user folder per test, and the seed collections."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Headless Qt and QtWebEngine; must be set before any Qt module is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox --disable-logging")
os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false;qt.qpa.*=false")

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes"
SEEDS = Path(os.environ.get("PAPERDESK_SEEDS", REPO.parent / "shared" / "seeds"))


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
