"""The user's small settings file: recent collections and preferences shared by GUI and CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from paperdesk.atomic import atomic_write_text
from paperdesk.paths import config_dir

MAX_RECENT = 10


def config_path() -> Path:
    """Return the settings file path."""
    return config_dir() / "settings.json"


def load_config() -> dict[str, Any]:
    """Read the settings; a missing or damaged file gives empty settings, never an error."""
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_config(config: dict[str, Any]) -> None:
    """Write the settings atomically."""
    atomic_write_text(config_path(), json.dumps(config, indent=2, sort_keys=True))


def recent_collections() -> list[Path]:
    """Return recently opened collections, newest first, that still exist."""
    items = load_config().get("recent", [])
    return [Path(p) for p in items if isinstance(p, str) and Path(p).exists()]


def remember_collection(path: Path) -> None:
    """Put `path` first in the recent-collections list (no write when it is already first)."""
    config = load_config()
    resolved = str(Path(path).expanduser().resolve())
    old = config.get("recent", [])
    recent = [p for p in old if p != resolved]
    new = [resolved, *recent][:MAX_RECENT]
    if new == old:
        return
    config["recent"] = new
    save_config(config)


def settings_problem() -> str | None:
    """Why the settings folder cannot be written (read-only or full disk, a file in its place), else None.

    Tried for real (a folder made, a file created and removed): `os.access` says yes to root
    on a folder it cannot write for other reasons.
    """
    folder = config_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        probe.unlink()
    except OSError as exc:
        return f"Settings and the window's layout cannot be saved in {folder} ({exc.strerror or exc})"
    return None
