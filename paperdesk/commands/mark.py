"""`paperdesk mark COLLECTION ENTRY_OR_KEY --status STATUS`: set a paper's reading status."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperdesk.collection import Collection, Entry, scan
from paperdesk.commands import check_db_option
from paperdesk.commands.entry_lookup import find_paper
from paperdesk.store import AnnotationStore
from paperdesk.store.identity import locate_store


def paper_label(entries: list[Entry]) -> str:
    """Name a paper for messages: its entry's title, noting other notes on the same paper."""
    extra = len(entries) - 1
    return entries[0].title + (f" (+{extra} other note{'s' if extra > 1 else ''})" if extra else "")


def open_store(db: Path | None, collection: Collection) -> AnnotationStore:
    """Open the collection's store (or `db`), telling the user on stderr if it was adopted or restored."""
    if db is None:
        where = locate_store(collection.root, (e.paper_key for e in collection.entries))
        if where.message:
            print(f"paperdesk: {where.message}", file=sys.stderr)
        db = where.path
    else:
        check_db_option(db)
    store = AnnotationStore.open(db)
    if store.recovered:
        print(f"paperdesk: {store.recovered}", file=sys.stderr)
    relink_renamed(collection, store)
    return store


def relink_renamed(collection: Collection, store: AnnotationStore) -> None:
    """Move the annotations of notes renamed or retitled since (`query.rekey`), saying so on stderr."""
    from paperdesk.query.rekey import rekey

    message = rekey(collection, store).message()
    if message:
        print(f"paperdesk: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Set the status and print what changed."""
    collection = scan(args.collection)
    key, entries = find_paper(collection, args.entry)
    title = paper_label(entries)
    with open_store(args.db, collection) as store:
        before = store.status(key)
        if before == args.status:
            print(f"{args.status}: {title} (unchanged)")
            return 0
        store.set_status(key, args.status)
    print(f"{args.status}: {title} (was {before})")
    return 0
