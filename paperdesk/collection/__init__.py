"""Markdown files to paper entries: discovery, decoding, layout detection, metadata, ids."""

from paperdesk.collection.model import Collection, Entry, EntryKind, ImageRef, ScanWarning
from paperdesk.collection.scanner import scan

__all__ = ["Collection", "Entry", "EntryKind", "ImageRef", "ScanWarning", "scan"]
