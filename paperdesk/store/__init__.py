"""Annotations in TinyDB: reading status, tags, highlights; durable storage and anchoring."""

from paperdesk.store.annotations import AnnotationStore
from paperdesk.store.model import PALETTE_COLORS, STATUSES, Anchor, Highlight
from paperdesk.store.storage import StoreReadOnly

__all__ = ["PALETTE_COLORS", "STATUSES", "Anchor", "AnnotationStore", "Highlight", "StoreReadOnly"]
