"""An entry's own paper link: the link its paper key came from, never a link its text cites in passing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperdesk.collection.model import Entry


def paper_link(entry: Entry) -> str | None:
    """The web address of the entry's own paper, or None: an entry known by its file (no link of its
    own was found, or it is a document) has none, whatever its text links to."""
    if entry.paper_key.startswith("file:") or not entry.links:
        return None
    link = entry.links[0]
    return link if link[:8].lower().startswith(("http://", "https://")) else None
