"""Obsidian note embeds (`![[Other note]]`, `![[Other note#Heading]]`, `![[Other note#^block]]`): the other
note's text, or that part of it, shown inline in a quote-like box with a link to open it.

Bounded: an embed alone on its line, outside code, of a note file the scan listed (through the
wikilink index and `resolve_inside`); at most MAX_DEPTH levels (an embed inside an embedded note is
shown, one inside that is a link); a note never embeds itself or an ancestor; at most MAX_EMBEDS
embeds and MAX_TOTAL_CHARS characters a render, MAX_EMBED_CHARS an embed (cut at a line end).
Anything else stays `![[...]]`, which the wikilink pattern makes a link, as before.
"""

from __future__ import annotations

import html
import posixpath
import re
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from paperdesk.collection.frontmatter import front_matter_end
from paperdesk.render.code_regions import CodeRegions
from paperdesk.render.markdown_setup import github_slug
from paperdesk.render.safe_path import resolve_inside
from paperdesk.render.wikilinks import (
    UNRESOLVED_PREFIX,
    WikiLink,
    href_to,
    index_for,
    is_image,
    parse,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from paperdesk.collection import Collection

MAX_DEPTH = 2
MAX_EMBEDS = 20
MAX_EMBED_CHARS = 50_000
MAX_TOTAL_CHARS = 200_000
NOTE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")
_EMBED_LINE = re.compile(r"^!\[\[([^\[\]\n]{1,1000})\]\][ \t]*\r?$", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_URL_TAG = re.compile(r"<(?:img|a)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_URL_ATTR = re.compile(r"(?<=[\s/\"'])(src|href)(\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_HEADING_ID = re.compile(r'(<h[1-6])\s+id="[^"]*"')


@dataclass(frozen=True)
class Embed:
    """One embed to show: where it goes, which note (and part), its Markdown, its line in the includer."""

    token: str
    path: str
    link: WikiLink
    text: str
    line: int
    cut: bool


@dataclass
class Budget:
    """What is left for the embeds of one render."""

    embeds: int = MAX_EMBEDS
    chars: int = MAX_TOTAL_CHARS


@dataclass
class Transclusions:
    """The embeds of one render, over one collection."""

    collection: Collection
    budget: Budget = field(default_factory=Budget)
    nonce: str = field(default_factory=lambda: secrets.token_hex(4))

    def mark(self, text: str, note: str, ancestors: frozenset[tuple[str, str]]) -> tuple[str, list[Embed]]:
        """`text` (written in `note`) with each embed to show replaced by a token line, and those embeds."""
        if "![[" not in text:
            return text, []
        code = CodeRegions(text)
        found: list[Embed] = []
        out: list[str] = []
        pos = 0
        for m in _EMBED_LINE.finditer(text):
            if code.inside(m.start()) or self.budget.embeds <= 0 or self.budget.chars <= 0:
                continue
            embed = self._embed(m.group(1), note, ancestors, text.count("\n", 0, m.start()) + 1,
                                f"PDEMBED{self.nonce}Q{self.budget.embeds}Z")
            if embed is None:
                continue
            self.budget.embeds -= 1
            self.budget.chars -= len(embed.text)
            found.append(embed)
            out += [text[pos:m.start()], embed.token]
            pos = m.end()
        out.append(text[pos:])
        return ("".join(out), found) if found else (text, [])

    def _embed(self, inner: str, note: str, ancestors: frozenset[tuple[str, str]], line: int,
               token: str) -> Embed | None:
        link = parse(inner, embed=True)
        if link is None or not link.target:
            return None
        path = index_for(self.collection).resolve(link.target, note)
        notes = set(getattr(self.collection, "files", ()) or ())
        if (path is None or path not in notes or is_image(path) or not path.lower().endswith(NOTE_SUFFIXES)
                or (path, link.heading.casefold()) in ancestors or (path, "") in ancestors):
            return None
        if resolve_inside(self.collection.root, quote(path, safe="/")) is None:
            return None
        try:
            whole = self.collection.file_text(path)
        except (OSError, KeyError, ValueError):
            return None
        part = _part(whole, link)
        if part is None:
            return None
        limit = min(MAX_EMBED_CHARS, self.budget.chars)
        cut = len(part) > limit
        if cut:
            end = part.rfind("\n", 0, limit)
            part = part[: end if end > 0 else limit]
        return Embed(token, path, link, part, line, cut)

    def insert(self, html_text: str, embeds: list[Embed], note: str,
               convert: Callable[[Embed], str]) -> str:
        """Put each embed's box (its HTML made by `convert`) where its token is in `html_text`."""
        for embed in embeds:
            box = self._box(embed, note, convert)
            alone = f"<p>{embed.token}</p>"
            if alone in html_text:
                html_text = html_text.replace(alone, box, 1)
                continue
            before = html_text.split(embed.token, 1)[0]
            if embed.token not in html_text:
                continue
            if before.rfind("<p>") > before.rfind("</p>"):   # inside a paragraph: split it around the box
                html_text = html_text.replace(embed.token, f"</p>{box}<p>", 1)
            else:
                html_text = html_text.replace(embed.token, self._link(embed, note), 1)
        return html_text.replace("<p></p>", "").replace("<p>\n</p>", "")

    def _link(self, embed: Embed, note: str) -> str:
        href = href_to(embed.path, note, embed.link.anchor())
        return f'<a href="{html.escape(href)}">{html.escape(embed.link.shown())}</a>'

    def _box(self, embed: Embed, note: str, convert: Callable[[Embed], str]) -> str:
        inner = _HEADING_ID.sub(r"\1", relocate_urls(convert(embed), embed.path, note))   # ids stay the note's own
        cut = (f'<p class="transclusion-cut">… cut after {MAX_EMBED_CHARS:,} characters: open the note to read on.</p>'
               if embed.cut else "")
        return (f'<blockquote class="transclusion"><p class="transclusion-source">{self._link(embed, note)}</p>\n'
                f"{inner}\n{cut}</blockquote>\n")


def _part(text: str, link: WikiLink) -> str | None:
    """The embedded Markdown: the whole note without front matter, a heading's section, or a block."""
    lines = text.split("\n")
    end = front_matter_end(lines)
    if end >= 0:
        lines = lines[end + 1:]
    heading = link.heading.split("#")[-1].strip()
    if not heading:
        return "\n".join(lines)
    if heading.startswith("^"):
        return _block(lines, heading[1:])
    return _section(lines, heading)


def _section(lines: list[str], heading: str) -> str | None:
    wanted, slug = " ".join(heading.split()).casefold(), github_slug(heading)
    start, level = -1, 0
    fence = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else _HEADING.match(line)
        if m is None:
            continue
        if start < 0:
            text = " ".join(m.group(2).split())
            if text.casefold() == wanted or github_slug(text) == slug:
                start, level = i, len(m.group(1))
        elif len(m.group(1)) <= level:
            return "\n".join(lines[start:i])
    return "\n".join(lines[start:]) if start >= 0 else None


def _block(lines: list[str], block_id: str) -> str | None:
    if not re.fullmatch(r"[\w-]{1,100}", block_id):
        return None
    marker = re.compile(rf"\s\^{re.escape(block_id)}[ \t]*$")
    for i, line in enumerate(lines):
        if marker.search(line):
            first = i
            while first > 0 and lines[first - 1].strip():
                first -= 1
            return "\n".join([*lines[first:i], marker.sub("", line)])
    return None


def relocate_urls(html_text: str, written_in: str, shown_in: str) -> str:
    """Rewrite the relative image and link targets of HTML made from note `written_in` so they
    point at the same files from note `shown_in` (`#heading` links go to `written_in` itself)."""
    if written_in == shown_in:
        return html_text

    def attr(m: re.Match[str]) -> str:
        value = html.unescape(m.group(3)[1:-1]).strip()
        if value.startswith("#"):
            new = href_to(written_in, shown_in, unquote(value[1:]))
        elif not value or _SCHEME.match(value) or value.startswith("/"):
            return m.group(0)
        else:
            path, mark, anchor = value.partition("#")
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(written_in), unquote(path).replace("\\", "/")))
            if joined == ".." or joined.startswith("../"):
                new = UNRESOLVED_PREFIX + quote(path, safe="")
            else:
                new = href_to(joined, shown_in) + mark + anchor
        return f'{m.group(1)}{m.group(2)}"{html.escape(new)}"'

    return _URL_TAG.sub(lambda t: _URL_ATTR.sub(attr, t.group(0)), html_text)
