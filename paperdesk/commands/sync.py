"""`paperdesk sync init COLLECTION`: keep a collection's annotations inside it, merged through Git."""

from __future__ import annotations

import argparse

from paperdesk.collection import scan
from paperdesk.store.sync_setup import enable_sync


def run(args: argparse.Namespace) -> int:
    """Turn sync on and say what was written and registered."""
    collection = scan(args.collection)
    setup = enable_sync(collection.root, (e.paper_key for e in collection.entries),
                        driver_command=getattr(args, "driver_command", None))
    for message in setup.messages:
        print(f"paperdesk: {message}")
    print(f"sync is on for {collection.root}: annotations are kept in {setup.path}")
    if setup.merged_from is not None:
        print(f"  merged in the local store {setup.merged_from} (it is no longer used)")
    for name in setup.written:
        print(f"  wrote {name}")
    if setup.repository is not None:
        print(f"  registered the merge driver in {setup.repository}/.git/config: {setup.driver}")
        print("  commit the .paperdesk folder; run `paperdesk sync init` once in every other clone")
    else:
        print("  not a Git repository: run `paperdesk sync init` again once it is one "
              "(the merge driver lives in each clone's .git/config)")
    return 0
