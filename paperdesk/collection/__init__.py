"""Markdown files to paper entries: discovery, decoding, layout detection, metadata, ids.

The model's names are loaded at once; `scan` loads the scanner (and every parsing module) when
it is first asked for, so code that only holds entries (a window painting its first page) does
not import the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperdesk.collection.model import Collection, Entry, EntryKind, ImageRef, ScanWarning
from paperdesk.lazy import lazy_names

if TYPE_CHECKING:
    from paperdesk.collection.scanner import scan

__all__ = ["Collection", "Entry", "EntryKind", "ImageRef", "ScanWarning", "scan"]

__getattr__, __dir__ = lazy_names(__name__, {"scan": "scanner"}, globals())
