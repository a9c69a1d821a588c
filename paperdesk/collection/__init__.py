"""Markdown files to paper entries: discovery, decoding, layout detection, metadata, ids."""

from paperdesk.collection.model import Collection, Entry, ImageRef, ScanWarning
from paperdesk.collection.scanner import scan

__all__ = ["Collection", "Entry", "ImageRef", "ScanWarning", "scan"]
