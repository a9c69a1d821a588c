"""`paperdesk annotations COLLECTION [--json]`: every annotation of a collection, deterministically."""

from __future__ import annotations

import argparse
from typing import Any

from paperdesk.collection import scan
from paperdesk.commands.console import print_json
from paperdesk.commands.mark import open_store
from paperdesk.store import AnnotationStore


def annotations_view(store: AnnotationStore) -> dict[str, Any]:
    """Return {"papers": {key: {"status", "tags", "highlights"}}} of the annotated papers.

    Tags sorted (case-insensitively), highlights sorted by id, no timestamps; a paper with no
    status set (or "unread"), no tags and no highlights is left out.
    """
    papers: dict[str, dict[str, Any]] = {}
    statuses = store.statuses()
    by_paper: dict[str, list[dict[str, Any]]] = {}
    for h in store.all_highlights():
        by_paper.setdefault(h.paper_key, []).append(
            {"id": h.id, "entry_id": h.entry_id, "quote": h.quote, "color": h.color, "note": h.note})
    tagged = {key for tag in store.all_tags() for key in store.papers_with_tag(tag)}
    keys = set(statuses) | set(by_paper) | tagged
    for key in sorted(keys):
        status = statuses.get(key, "unread")
        tags = sorted(store.tags(key), key=lambda t: (t.casefold(), t))
        highlights = sorted(by_paper.get(key, []), key=lambda d: d["id"])
        if status == "unread" and not tags and not highlights:
            continue
        papers[key] = {"status": status, "tags": tags, "highlights": highlights}
    return {"papers": papers}


def run(args: argparse.Namespace) -> int:
    """Print the annotations (JSON with --json, else one line per paper and highlight)."""
    collection = scan(args.collection)
    with open_store(args.db, collection) as store:
        view = annotations_view(store)
    if args.json:
        print_json(view, indent=1, sort_keys=True)
        return 0
    if not view["papers"]:
        print("no annotations")
    for key, paper in view["papers"].items():
        tags = f" [{', '.join(paper['tags'])}]" if paper["tags"] else ""
        print(f"{key}: {paper['status']}{tags}")
        for h in paper["highlights"]:
            note = f" — {h['note']}" if h["note"] else ""
            print(f"  {h['id']} (colour {h['color'] + 1}) \"{h['quote']}\"{note}")
    return 0
