"""`paperdesk scan PATH [--json]`: list a collection's entries per category and year, plus warnings."""

from __future__ import annotations

import argparse
import unicodedata
from collections import defaultdict

from paperdesk.collection import Collection, Entry, scan
from paperdesk.collection.discover import display_name
from paperdesk.commands.console import print_json


def collection_json(collection: Collection) -> dict:
    """Return the `--json` document: entries (id, title, category, year, ...) and warnings."""
    return {
        "entries": [
            {
                "id": e.id,
                "title": e.title,
                "category": e.category,
                "year": e.year,
                "year_source": e.year_source,
                "paper_key": e.paper_key,
                "source": e.source,
                "lines": [e.lines[0], e.lines[1]],
                "links": list(e.links),
                "images": [{"ref": i.ref, "resolved": i.resolved} for i in e.images],
                "noted": e.noted,
                "kind": str(e.kind),
                "aliases": list(e.aliases),
            }
            for e in collection.entries
        ],
        "warnings": [
            {"kind": w.kind, "source": w.source, "line": w.line, "message": w.message}
            for w in collection.warnings
        ],
    }


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The columns a text takes in a terminal: wide (CJK) characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def fit(text: str, width: int) -> str:
    """The text clipped with "…" to at most `width` columns and padded with spaces to exactly `width`."""
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = _char_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - display_width(text))


def collection_table(collection: Collection) -> str:
    """Return the readable report: entries grouped by category then year, then the warnings."""
    out: list[str] = []
    files = len(collection.files)
    out.append(f"{len(collection.entries)} entries in {files} file{'s' if files != 1 else ''} under {collection.root}")
    by_cat: dict[str, dict[int | None, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for e in collection.entries:
        by_cat[e.category][e.year].append(e)
    for category in sorted(by_cat, key=str.casefold):
        years = by_cat[category]
        total = sum(len(v) for v in years.values())
        out.append("")
        out.append(f"{category} ({total})")
        for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
            label = str(year) if year is not None else "Undated"
            out.append(f"  {label} ({len(years[year])})")
            for e in years[year]:
                where = f"{display_name(e.source)}:{e.lines[0]}"
                out.append(f"    {e.id}  {fit(e.title, 70)}  {where}")
    if collection.warnings:
        out.append("")
        out.append(f"{len(collection.warnings)} warning{'s' if len(collection.warnings) != 1 else ''}:")
        for w in collection.warnings:
            where = f"{display_name(w.source)}:{w.line}" if w.line else display_name(w.source)
            out.append(f"  [{w.kind}] {where}: {w.message}")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    """Scan the path and print a table (or JSON); a missing path raises UserError."""
    collection = scan(args.path)
    if getattr(args, "json", False):
        print_json(collection_json(collection), indent=1)
    else:
        print(collection_table(collection))
    return 0
