"""Fixtures for the store tests: a fresh store file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """Path of a not-yet-existing store file."""
    return tmp_path / "stores" / "notes.json"


@pytest.fixture
def store(store_path: Path) -> Iterator[AnnotationStore]:
    """An open, empty store."""
    s = AnnotationStore.open(store_path)
    yield s
    s.close()
