"""entry_page: the complete HTML document for one entry, with its header, its inlined CSS and script, and a strict CSP."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from paperdesk.collection.own_link import paper_link
from paperdesk.render.model import EntryHeader, RenderedEntry
from paperdesk.render.page_assets import InlineAsset, inline_asset
from paperdesk.render.syntax_style import syntax_style
from paperdesk.vocab import THEMES

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry

STYLESHEETS = ("reader.css", "highlight.css")   # resources/web/, inlined in this order
PYGMENTS = {"light": ("pygments-light.css",), "dark": ("pygments-dark.css",),
            "auto": ("pygments-light.css", "pygments-dark.css")}   # the code colours of each theme
SCRIPTS = ("reader.js",)
_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")
_FIRST_BLOCK = re.compile(r"^\s*<(h[1-6]|p)(\s[^>]*)?>(.*?)</\1>", re.DOTALL)


def content_security_policy(allow_remote: bool = False, styles: tuple[InlineAsset, ...] = (),
                            scripts: tuple[InlineAsset, ...] = ()) -> str:
    """Return the page's CSP: only the app's own inlined scripts and styles (by their hashes);
    images and fonts from the app (images from the web too when allowed)."""
    images = "paperdesk:" + (" https: http:" if allow_remote else "")
    script_src = " ".join(asset.csp_hash for asset in scripts) or "'none'"
    style_src = " ".join(asset.csp_hash for asset in styles) or "'none'"
    return (
        f"default-src 'none'; script-src {script_src}; style-src {style_src}; "
        "style-src-attr 'unsafe-inline'; "   # MathJax sets vertical-align on its SVGs
        f"img-src {images}; font-src paperdesk:; connect-src 'none'; media-src 'none'; "
        "object-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; "
        "form-action 'none'; base-uri 'none'"
    )


def header_for(entry: Entry) -> EntryHeader:
    """Return a header built from the entry alone (no store: no tags beyond the note's, no status)."""
    return EntryHeader(
        title=entry.title,
        paper_url=paper_link(entry),
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


def _title_once(body: str, title: str) -> tuple[str, bool]:
    """Show the paper's title once: return the body (its first line marked when it is the title)
    and whether the header must show the title.

    A body whose first heading names the paper (maybe with a number, year or link) keeps it and
    the header drops its own; a body whose first paragraph is exactly the title (pasted Q&A notes,
    one-line title files) gets that paragraph styled as the title. Only a class is added, so the
    page's plain text, and every highlight offset, stays the same.
    """
    wanted = " ".join(title.split()).casefold()
    first = _FIRST_BLOCK.match(body)
    if not wanted or first is None:
        return body, True
    tag, attrs, inner = first.group(1), first.group(2) or "", first.group(3)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()).casefold()
    if tag != "p":
        return body, wanted not in text
    if text != wanted or "class=" in attrs:
        return body, True
    open_end = (first.end(2) if first.group(2) else first.end(1)) + 1   # just past the "<p ...>"
    return body[: first.start(1) - 1] + f'<p class="entry-title-line"{attrs}>' + body[open_end:], False


def entry_page(entry: Entry, collection: Collection, rendered: RenderedEntry, *, theme: str = "light",
               header: EntryHeader | None = None, allow_remote: bool = False) -> str:
    """Return the whole HTML document showing `rendered` (the entry's body) under its header."""
    theme = theme if theme in THEMES else "light"
    header = header or header_for(entry)
    body, show_title = _title_once(rendered.html, header.title)
    styles = (*(inline_asset(name) for name in (*STYLESHEETS, *PYGMENTS[theme])), syntax_style())
    scripts = tuple(inline_asset(name) for name in SCRIPTS)
    csp = content_security_policy(allow_remote, styles, scripts)
    links = "".join(asset.style_element() for asset in styles)
    script_elements = "".join(asset.script_element() for asset in scripts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(header.title)}</title>{links}{script_elements}</head>"
        f'<body class="theme-{theme}"><main class="page">'
        f"{_header_html(header, show_title)}"
        f'<article id="content" class="entry-body">{body}</article>'
        "</main></body></html>\n"
    )
