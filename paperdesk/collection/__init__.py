"""Markdown files to paper entries: discovery, decoding, layout detection, metadata, ids.

The model's names are loaded at once; `scan` loads the scanner (and every parsing module) when
it is first asked for, so code that only holds entries (a window painting its first page) does
not import the parser.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from paperdesk.collection.model import Collection, Entry, EntryKind, ImageRef, ScanWarning

if TYPE_CHECKING:
    from paperdesk.collection.scanner import scan

__all__ = ["Collection", "Entry", "EntryKind", "ImageRef", "ScanWarning", "scan"]


def __getattr__(name: str) -> object:
    """Load the scanner when `scan` is first asked for."""
    if name != "scan":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = importlib.import_module(f"{__name__}.scanner").scan
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
