"""`paperdesk highlight COLLECTION PAPER --quote TEXT [--color N] [--note TEXT]` / `--delete ID`."""

from __future__ import annotations

import argparse

from paperdesk.collection import Collection, Entry, scan
from paperdesk.commands.entry_lookup import find_paper
from paperdesk.commands.mark import open_store, paper_label
from paperdesk.errors import UserError
from paperdesk.render import render_entry
from paperdesk.store.model import PALETTE_COLORS


def find_quote(collection: Collection, entries: list[Entry], quote: str) -> tuple[Entry, str, int]:
    """Return (entry, its plain text, offset) of the first entry whose plain text holds `quote`."""
    for entry in entries:
        text = render_entry(entry, collection).text
        at = text.find(quote)
        if at >= 0:
            return entry, text, at
    raise UserError(f"{quote!r} is not in the text of {paper_label(entries)}")


def run(args: argparse.Namespace) -> int:
    """Add a highlight (printing its id as the last word) or delete one."""
    collection = scan(args.collection)
    key, entries = find_paper(collection, args.entry)
    title = paper_label(entries)
    if args.delete:
        with open_store(args.db, collection) as store:
            found = store.highlight(args.delete)
            if found is None or found.paper_key != key:
                raise UserError(f"no highlight {args.delete!r} on {title}")
            store.remove_highlight(args.delete)
        print(f"deleted highlight {args.delete} of {title}")
        return 0
    if not args.quote or not args.quote.strip():
        raise UserError("give --quote TEXT to highlight, or --delete ID")
    if not 1 <= args.color <= len(PALETTE_COLORS):
        raise UserError(f"--color is a palette number 1..{len(PALETTE_COLORS)}, not {args.color}")
    entry, text, at = find_quote(collection, entries, args.quote)
    with open_store(args.db, collection) as store:
        h = store.add_highlight(entry.id, key, text, at, at + len(args.quote), color=args.color - 1,
                                note=args.note or "")
    print(f"highlighted \"{h.quote}\" in {entry.title}: {h.id}")
    return 0
