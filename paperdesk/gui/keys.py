"""Keyboard shortcut helpers shared by the window and the reader."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QKeySequence

#: a shortcut as written: a key string ("Ctrl+E", "J") or a platform standard key
KeySpec = str | QKeySequence.StandardKey

#: opens the ranked full-text search (here, not in search_panel.py, so that the window's actions
#: can name it without importing the search machinery before the first paint)
SEARCH_SHORTCUT = "Ctrl+Shift+F"


def key_sequences(keys: Iterable[KeySpec]) -> list[QKeySequence]:
    """Turn key strings ("Ctrl+E", "J") and standard keys (QKeySequence.StandardKey) into sequences."""
    sequences: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            sequences.extend(QKeySequence.keyBindings(key))
        else:
            sequences.append(QKeySequence(key))
    return sequences
