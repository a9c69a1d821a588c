"""Helpers for collection tests: write small note folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def make_notes(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Return a function that writes {relpath: text or bytes} under a fresh folder and returns it."""

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "notes"
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return write
