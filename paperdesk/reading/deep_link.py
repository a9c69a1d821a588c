"""Links to one entry of one collection (`paperdesk://entry?...`) that `paperdesk URL` opens."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

SCHEME = "paperdesk"


@dataclass(frozen=True)
class DeepLink:
    """A collection folder and an entry in it (by id, which survives edits; the paper key as a fallback)."""

    collection: Path
    entry_id: str
    paper_key: str = ""


def make_link(link: DeepLink) -> str:
    """The URL text: paperdesk://entry?collection=<path>&id=<entry id>[&paper=<key>]."""
    # the path's own bytes, so a folder name that is not UTF-8 (lone surrogates in Python) round-trips
    parts = [f"collection={quote(os.fsencode(link.collection), safe='/')}", f"id={quote(link.entry_id, safe='')}"]
    if link.paper_key:
        parts.append(f"paper={quote(link.paper_key, safe=':')}")
    return f"{SCHEME}://entry?" + "&".join(parts)


def parse_link(text: str) -> DeepLink | None:
    """Read a deep link; None when `text` is not one (a plain path, another URL, or incomplete)."""
    if not text.startswith(f"{SCHEME}://"):
        return None
    parts = urlsplit(text)
    if parts.netloc != "entry":
        return None
    query = parse_qs(parts.query, encoding="utf-8", errors="surrogateescape")
    collection = query.get("collection", [""])[0]
    entry_id = query.get("id", [""])[0]
    if not collection or not entry_id:
        return None
    return DeepLink(Path(collection), entry_id, query.get("paper", [""])[0])
