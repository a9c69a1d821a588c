"""entry_page: the complete HTML document for one entry, with its header and a strict CSP."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from paperdesk.render.model import EntryHeader, RenderedEntry

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry

THEMES = ("light", "dark", "auto")
STYLESHEETS = ("reader.css", "pygments-light.css", "pygments-dark.css")
SCRIPTS = ("reader.js",)
_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_FIRST_HEADING = re.compile(r"^\s*<h[1-6][^>]*>(.*?)</h[1-6]>", re.DOTALL)


def content_security_policy(allow_remote: bool = False) -> str:
    """Return the page's CSP: only the app's own scripts and styles; images from the app (and https)."""
    images = "paperdesk:" + (" https: http:" if allow_remote else "")
    return (
        "default-src 'none'; script-src paperdesk:; style-src paperdesk:; "
        "style-src-attr 'unsafe-inline'; "   # MathJax sets vertical-align on its SVGs
        f"img-src {images}; font-src paperdesk:; connect-src 'none'; media-src 'none'; "
        "object-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; "
        "form-action 'none'; base-uri 'none'"
    )


def header_for(entry: Entry) -> EntryHeader:
    """Return a header built from the entry alone (no store: no tags beyond the note's, no status)."""
    return EntryHeader(
        title=entry.title,
        paper_url=next((link for link in entry.links if link.startswith(("http://", "https://"))), None),
        category=entry.category,
        year=entry.year,
        venue=entry.venue,
        short_name=entry.short_name,
        tags=tuple(entry.note_tags),
    )


def _header_html(header: EntryHeader, show_title: bool) -> str:
    e = html.escape
    parts = ['<header id="entry-header" class="entry-header">']
    if show_title:
        parts.append(f'<h1 class="entry-title">{e(header.title)}</h1>')
    meta: list[str] = []
    if header.short_name:
        meta.append(f'<span class="meta short-name">{e(header.short_name)}</span>')
    if header.venue:
        meta.append(f'<span class="meta venue">{e(header.venue)}</span>')
    if header.year is not None and not (header.venue and str(header.year) in header.venue):
        meta.append(f'<span class="meta year">{header.year}</span>')
    elif header.year is None:
        meta.append('<span class="meta year undated">Undated</span>')
    if header.category:
        meta.append(f'<span class="meta category">{e(header.category)}</span>')
    if header.status:
        meta.append(f'<span class="status status-{e(header.status)}">{e(header.status)}</span>')
    if meta:
        parts.append('<div class="entry-meta">' + "".join(meta) + "</div>")
    if header.paper_url and header.paper_url.startswith(("http://", "https://")):
        parts.append(f'<div class="paper-link"><a class="external" href="{e(header.paper_url)}" '
                     f'rel="noopener noreferrer">{e(header.paper_url)}</a></div>')
    if header.tags:
        chips = []
        for tag in header.tags:
            color = header.tag_colors.get(tag) or header.tag_colors.get(tag.casefold())
            dot = f'<span class="tag-dot" style="background:{color}"></span>' if color and _COLOR.match(color) else ""
            chips.append(f'<span class="tag" data-tag="{e(tag)}">{dot}{e(tag)}</span>')
        parts.append('<div class="entry-tags">' + "".join(chips) + "</div>")
    parts.append("</header>")
    return "".join(parts)


def entry_page(entry: Entry, collection: Collection, rendered: RenderedEntry, *, theme: str = "light",
               header: EntryHeader | None = None, allow_remote: bool = False) -> str:
    """Return the whole HTML document showing `rendered` (the entry's body) under its header."""
    theme = theme if theme in THEMES else "light"
    header = header or header_for(entry)
    first = _FIRST_HEADING.match(rendered.html)
    heading_text = html.unescape(re.sub(r"<[^>]+>", "", first.group(1))).strip() if first else ""
    title = " ".join(header.title.split()).casefold()
    # the body's first heading already names the paper (maybe with a number, year or link): no repeat
    show_title = not title or title not in " ".join(heading_text.split()).casefold()
    links = "".join(f'<link rel="stylesheet" href="paperdesk://app/{name}">' for name in STYLESHEETS)
    scripts = "".join(f'<script src="paperdesk://app/{name}"></script>' for name in SCRIPTS)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(content_security_policy(allow_remote))}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(header.title)}</title>{links}{scripts}</head>"
        f'<body class="theme-{theme}"><main class="page">'
        f"{_header_html(header, show_title)}"
        f'<article id="content" class="entry-body">{rendered.html}</article>'
        "</main></body></html>\n"
    )
