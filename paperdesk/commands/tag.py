"""`paperdesk tag COLLECTION ENTRY_OR_KEY +tag -tag ...`: add and remove a paper's tags."""

from __future__ import annotations

import argparse
from pathlib import Path

from paperdesk.collection import scan
from paperdesk.commands.console import text_argument
from paperdesk.commands.entry_lookup import find_paper
from paperdesk.commands.mark import open_store, paper_label
from paperdesk.errors import UserError


def parse_changes(changes: list[str]) -> list[tuple[str, str]]:
    """Turn ["+a", "-b"] into [("+", "a"), ("-", "b")]; UserError for anything else."""
    parsed = []
    for raw in changes:
        sign, tag = raw[:1], " ".join(raw[1:].split())
        if sign not in ("+", "-") or not tag:
            raise UserError(f"tag changes look like +tag or -tag, not {raw!r}")
        parsed.append((sign, tag))
    if not parsed:
        raise UserError("nothing to do: give +tag to add or -tag to remove")
    return parsed


def split_db_option(changes: list[str]) -> tuple[list[str], Path | None]:
    """Take `--db FILE` / `--db=FILE` out of the trailing arguments (argparse REMAINDER keeps them)."""
    rest: list[str] = []
    db: Path | None = None
    items = iter(changes)
    for item in items:
        if item == "--db":
            value = next(items, None)
            if value is None:
                raise UserError("--db needs a FILE")
            db = Path(value)
        elif item.startswith("--db="):
            db = Path(item[len("--db="):])
        elif item == "--":
            continue
        else:
            rest.append(item)
    return rest, db


def run(args: argparse.Namespace) -> int:
    """Apply the tag changes in order and print each effect and the resulting tags."""
    raw, db = split_db_option(list(args.changes or []))
    changes = parse_changes([text_argument(word) for word in raw])
    db = args.db or db
    collection = scan(args.collection)
    key, entries = find_paper(collection, args.entry)
    title = paper_label(entries)
    with open_store(db, collection) as store:
        for sign, tag in changes:
            if sign == "+":
                done = store.add_tag(key, tag)
                print(f"+{tag}: {title}" if done else f"{tag}: already on {title}")
            else:
                done = store.remove_tag(key, tag)
                print(f"-{tag}: {title}" if done else f"{tag}: not on {title}")
        tags = store.tags(key)
    print(f"tags of {title}: {', '.join(tags) if tags else '(none)'}")
    return 0
