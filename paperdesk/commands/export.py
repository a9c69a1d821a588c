"""`paperdesk export COLLECTION --out DIR`: annotated notes to Markdown, optionally filtered by a query."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperdesk.commands import check_db_option
from paperdesk.errors import UserError


def run(args: argparse.Namespace) -> int:
    """Scan the collection, open its store, filter with --query, export, print a summary."""
    from paperdesk.collection import scan
    from paperdesk.commands.mark import relink_renamed
    from paperdesk.export import export_entries
    from paperdesk.query import SearchIndex, parse_query
    from paperdesk.store.identity import default_store_path

    path = Path(args.collection).expanduser()
    if not path.exists():
        raise UserError(f"no such file or folder: {path}")
    collection = scan(path)
    db = getattr(args, "db", None)
    store_path = Path(db).expanduser() if db else default_store_path(collection.root)
    if db and not store_path.exists():
        raise UserError(f"no annotation store at {store_path}")
    if db:
        check_db_option(store_path)
    store = None
    if store_path.exists():
        from paperdesk.store import AnnotationStore

        store = AnnotationStore.open(store_path)
        if store.recovered:
            print(f"paperdesk: {store.recovered}", file=sys.stderr)
    try:
        if store is not None:
            relink_renamed(collection, store)
        entries = collection.entries
        query_text = getattr(args, "query", "") or ""
        if query_text.strip():
            query = parse_query(query_text)
            for problem in query.problems:
                print(f"paperdesk: query: {problem}", file=sys.stderr)
            keep = set(SearchIndex(entries, store).filter_query(query))
            entries = [e for e in entries if e.id in keep]
        if not entries:
            raise UserError("nothing to export: no entry matches" if query_text.strip()
                            else "nothing to export: the collection has no entries")
        out = Path(args.out).expanduser()
        try:
            report = export_entries(collection, store, entries, out,
                                    single_file=bool(getattr(args, "single_file", False)),
                                    html_marks=bool(getattr(args, "html_marks", False)))
        except OSError as exc:   # a full or read-only disk, a file in the folder's place
            where = exc.filename or out
            raise UserError(f"the export could not be written in {out} ({exc.strerror or exc}: {where}); "
                            "the files written before it are complete (each is written whole or not at all)") from None
    finally:
        if store is not None:
            store.close()
    print(report.summary())
    return 0
