"""Keyboard shortcut helpers shared by the window and the reader."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtGui import QKeySequence


def key_sequences(keys: Iterable[Any]) -> list[QKeySequence]:
    """Turn key strings ("Ctrl+E", "J") and standard keys (QKeySequence.StandardKey) into sequences."""
    sequences: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            sequences.extend(QKeySequence.keyBindings(key))
        else:
            sequences.append(QKeySequence(key))
    return sequences
