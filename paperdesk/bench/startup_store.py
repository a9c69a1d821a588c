"""Fill a collection's default annotation store for the start-up bench: highlights, tags, statuses.

Run as `python -m paperdesk.bench.startup_store COLLECTION HIGHLIGHTED TAGGED` with the bench's
private data folder; the highlights sit on words of each entry's rendered plain text, as the
reader would make them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from paperdesk.collection import scan
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore
from paperdesk.store.identity import default_store_path

TAGS = ("to-reread", "important", "theory", "survey", "code")


def fill(collection_path: Path, highlighted: int, tagged: int) -> None:
    """Highlight two passages in each of the first `highlighted` entries; tag and mark `tagged` papers."""
    collection = scan(collection_path)
    with AnnotationStore.open(default_store_path(collection_path)) as store:
        for entry in collection.entries[:highlighted]:
            text = render_entry(entry, collection).text
            for k, start in enumerate((len(text) // 5, len(text) // 2)):
                end = min(len(text), start + 40)
                if end - start > 5 and text[start:end].strip():
                    store.add_highlight(entry.id, entry.paper_key, text, start, end, color=k % 5,
                                        note="check this" if k else "")
        papers = list(dict.fromkeys(e.paper_key for e in collection.entries))[:tagged]
        for i, key in enumerate(papers):
            store.add_tag(key, TAGS[i % len(TAGS)])
            store.set_status(key, ("reading", "read")[i % 2])


if __name__ == "__main__":
    fill(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
