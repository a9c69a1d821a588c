"""Links inside exported notes: images to their copy under assets/, note links to the exported note."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from paperdesk.export.names import slugify, url_path
from paperdesk.export.note_text import NoteContext, escape_inline
from paperdesk.render.wikilinks import WIKILINK, WikiIndex, is_image, parse

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
NOTE_SUFFIXES = (".md", ".markdown", ".txt")


def anchor_of(entry: Any) -> str:
    """The HTML anchor of an entry in the combined file."""
    return f"entry-{slugify(entry.id, 40)}"


@dataclass
class LinkMap:
    """Everything needed to rewrite one export's links: final paths of notes and assets."""

    note_path: dict[str, str]                        # entry id -> exported path
    assets: dict[str, str]                           # resolved collection path -> exported path
    entries: list[Any]
    all_sources: set[str]
    single_file: bool
    warnings: list[str]
    by_source: dict[str, list[Any]] = field(default_factory=dict)
    title_slugs: dict[str, str] = field(default_factory=dict)
    _images: dict[str, tuple[dict, dict]] = field(default_factory=dict)   # entry id -> its image refs
    wiki: WikiIndex | None = None                    # the collection's wikilink index

    def __post_init__(self) -> None:
        for e in sorted(self.entries, key=lambda x: (x.source, x.lines[0])):
            self.by_source.setdefault(e.source, []).append(e)
        self.title_slugs = {e.id: slugify(e.title, 1000) for e in self.entries}

    def image_url(self, entry: Any, line: int, ref: str) -> str | None:
        """The exported image path for `ref` (written on `line` of the entry's file), or None."""
        key = ref.strip()
        if entry.id not in self._images:
            self._images[entry.id] = ({(r.line, r.ref.strip()): r for r in entry.images},
                                      {r.ref.strip(): r for r in entry.images})
        images, by_ref = self._images[entry.id]
        found = images.get((line, key)) or by_ref.get(key) or by_ref.get(unquote(key))
        if found is None or found.resolved not in self.assets:
            return None
        here = posixpath.dirname(self.note_path[entry.id])
        return url_path(posixpath.relpath(self.assets[found.resolved], here or "."))

    def link_url(self, entry: Any, url: str) -> str | None:
        """The exported target of a link to another note, or None to leave the link as written."""
        url = url.strip()
        if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
            return None
        path, _, anchor = url.partition("#")
        if anchor and posixpath.normpath(posixpath.join(posixpath.dirname(entry.source), unquote(url))) in self.all_sources:
            path, anchor = url, ""   # `<beta #2.md>`: a note named with "#", as the reader links it
        path = unquote(path)
        if not path.lower().endswith(NOTE_SUFFIXES):
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(entry.source), path))
        if target.startswith("../") or target == "..":
            return None
        candidates = self.by_source.get(target)
        if not candidates:
            if target in self.all_sources:
                self.warnings.append(f"{entry.source}: link to {url} points at a note that was not exported")
            return None
        chosen = candidates[0]
        if anchor:
            wanted = slugify(unquote(anchor), 1000)
            chosen = next((c for c in candidates if self.title_slugs[c.id] == wanted), candidates[0])
        if self.single_file:
            return f"#{anchor_of(chosen)}"
        here = posixpath.dirname(self.note_path[entry.id])
        rel = url_path(posixpath.relpath(self.note_path[chosen.id], here or "."))
        return f"{rel}#{anchor}" if anchor else rel

    def wikilink(self, entry: Any, written: str) -> str | None:
        """`[[Note#Heading|text]]` / `![[figure.png]]` as an ordinary Markdown link or image to the
        exported note or asset, or None to leave it as written (not resolved, or not exported)."""
        match = WIKILINK.fullmatch(written)
        link = parse(match.group(2), embed=bool(match.group(1))) if match else None
        if link is None or self.wiki is None:
            return None
        here = posixpath.dirname(self.note_path[entry.id])
        path = self.wiki.resolve(link.target, entry.source) if link.target else entry.source
        if path is None:
            return None
        if link.embed and is_image(path):
            if path not in self.assets:
                return None
            alt = link.alias if link.alias and link.size is None else link.target
            return f"![{escape_inline(alt)}]({url_path(posixpath.relpath(self.assets[path], here or '.'))})"
        candidates = self.by_source.get(path)
        if not candidates:
            if path in self.all_sources:
                self.warnings.append(f"{entry.source}: link {written} points at a note that was not exported")
            return None
        anchor, heading = link.anchor(), link.heading_text()
        wanted = slugify(heading, 1000) if heading else None
        chosen = next((c for c in candidates if self.title_slugs[c.id] == wanted), candidates[0])
        if self.single_file:
            url = f"#{anchor_of(chosen)}"
        else:
            url = url_path(posixpath.relpath(self.note_path[chosen.id], here or "."))
            url += f"#{anchor}" if anchor else ""
        return f"[{escape_inline(link.shown())}]({url})"

    def context(self, entry: Any, number: int, palette: list[tuple[str, str]], html_marks: bool) -> NoteContext:
        """How to write `entry` (the `number`-th of the export)."""
        return NoteContext(
            palette=palette, html_marks=html_marks,
            footnote_prefix=f"e{number}-hl-" if self.single_file else "hl-",
            section_level=3 if self.single_file else 2,
            image_url=lambda line, ref: self.image_url(entry, line, ref),
            link_url=lambda url: self.link_url(entry, url),
            wikilink=lambda written: self.wikilink(entry, written),
        )
