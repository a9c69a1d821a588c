"""The export's index.md: entries by category and year with status and tags, and the colour legend."""

from __future__ import annotations

import posixpath
from typing import Any

from paperdesk.export.names import url_path
from paperdesk.export.note_text import EntryAnnotations, escape_inline
from paperdesk.export.yaml_block import front_matter
from paperdesk.vocab import color_name


def legend_markdown(palette: list[tuple[str, str]], level: int = 2) -> str:
    """A table mapping each highlight colour to its meaning."""
    rows = [f"{'#' * level} Highlight colours", "", "| Colour | Hex | Meaning |", "|---|---|---|"]
    for i, (hexcolor, meaning) in enumerate(palette):
        name = color_name(i)
        rows.append(f'| <mark class="hl-{i}" style="background-color: {hexcolor}">{name}</mark> | '
                    f"{hexcolor} | {escape_inline(meaning) or '—'} |")
    return "\n".join(rows) + "\n"


def index_markdown(rows: list[tuple[Any, EntryAnnotations, str]], palette: list[tuple[str, str]],
                   collection_name: str = "", standalone: bool = True) -> str:
    """index.md: one list per category, then per year (newest first, undated last).

    `rows` hold (entry, annotations, link target); with standalone=False the text has no front
    matter and no legend, for the top of the combined file (links are then `#anchors`).
    """
    total = len(rows)
    read = sum(1 for _e, ann, _p in rows if ann.status == "read")
    lines: list[str] = []
    if standalone:
        head = front_matter({"title": "Index of exported notes", "generator": "paperdesk", "entries": total})
        lines += [head]
    lines += ["# Index of exported notes", ""]
    source = f" from {escape_inline(collection_name)}" if collection_name else ""
    lines += [f"{total} entries{source}, {read} read.", ""]
    last_cat: str | None = None
    last_year: object = object()
    for entry, ann, path in rows:
        if entry.category != last_cat:
            count = sum(1 for e, _a, _p in rows if e.category == entry.category)
            done = sum(1 for e, a, _p in rows if e.category == entry.category and a.status == "read")
            lines += ["", f"## {escape_inline(entry.category)} ({done}/{count} read)", ""]
            last_cat, last_year = entry.category, object()
        if entry.year != last_year:
            lines += ["", f"### {entry.year or 'Undated'}", ""]
            last_year = entry.year
        target = path if path.startswith("#") else url_path(posixpath.normpath(path))
        item = f"- [{escape_inline(entry.title) or 'Untitled'}]({target}) — {ann.status}"
        if ann.tags:
            item += " · tags: " + ", ".join(escape_inline(t) for t in ann.tags)
        if ann.highlights:
            item += f" · {len(ann.highlights)} highlight{'s' if len(ann.highlights) != 1 else ''}"
        lines.append(item)
    if standalone:
        lines += ["", legend_markdown(palette)]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
