"""The page header of an entry from the open store: title, link, category, year, status and tags with their colours."""

from __future__ import annotations

from paperdesk.collection import Entry
from paperdesk.collection.own_link import paper_link
from paperdesk.render.model import EntryHeader
from paperdesk.store import AnnotationStore
from paperdesk.vocab import Status


def entry_status(store: AnnotationStore | None, entry: Entry) -> Status:
    """An entry's reading status in `store` (unread without one)."""
    return Status(store.status(entry.paper_key)) if store is not None else Status.UNREAD


def entry_header(store: AnnotationStore | None, entry: Entry) -> EntryHeader:
    """The page header of `entry` with its status, tags and tag colours from `store`."""
    tags = tuple(store.tags(entry.paper_key)) if store is not None else ()
    colors = {t: c for t in tags if store is not None and (c := store.tag_color(t))}
    return EntryHeader(title=entry.title, paper_url=paper_link(entry),
                       category=entry.category, year=entry.year, venue=entry.venue,
                       short_name=entry.short_name, status=entry_status(store, entry), tags=tags, tag_colors=colors)
