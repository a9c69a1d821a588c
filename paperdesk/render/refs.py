"""Rewrites image sources and link targets of one entry: collection files, other notes, the web."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from paperdesk.collection.images import find_image, site_root
from paperdesk.render.markdown_setup import github_slug
from paperdesk.render.model import RenderProblem
from paperdesk.render.safe_path import resolve_inside
from paperdesk.render.wikilinks import UNRESOLVED_PREFIX

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry

NOTE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_HEADING_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\([^)]*\)")  # toc slugs keep link text, not the URL
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_WINDOWS_ABS = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
MISSING_PREFIX = "paperdesk://missing/"
BLOCKED_PREFIX = "paperdesk://blocked/"
BROKEN_PREFIX = "paperdesk://broken/"


def heading_slugs(body: str) -> set[str]:
    """Return the anchors (Markdown toc slugs) of the ATX headings in `body`."""
    return {github_slug(_heading_text(m.group(1))) for m in _HEADING.finditer(body)}


def _heading_text(heading: str) -> str:
    """Heading text as rendered: link text without its URL, no inline HTML, emphasis or code marks."""
    heading = _HEADING_LINK.sub(r"\1", heading)
    heading = re.sub(r"<[^>]+>", "", heading)
    return heading.replace("**", "").replace("`", "")


def note_url(relpath: str) -> str:
    """Return the `paperdesk://note/` URL serving collection file `relpath`."""
    return "paperdesk://note/" + quote(relpath, safe="/")


@dataclass
class Placeholder:
    """An image or link that could not be kept: what was written and why."""

    ref: str
    reason: str     # "missing" | "remote" | "data" | "broken"


class RefRewriter:
    """Decides, for one entry, where every image and link of its HTML should point."""

    def __init__(self, entry: Entry, collection: Collection, allow_remote: bool = False) -> None:
        """Prepare lookups for `entry` of `collection`."""
        self.entry = entry
        self.collection = collection
        self.allow_remote = allow_remote
        self.root = Path(collection.root)
        self.note_dir = posixpath.dirname(entry.source)
        self.placeholders: list[Placeholder] = []
        self.problems: list[RenderProblem] = []
        self._site: str | None = None   # the note's site root (`site_root`), found on the first root path
        self._by_name: dict[str, list[str]] | None = None   # collection files by case-folded name, when needed
        self._images: dict[str, Any] = {}
        for image in getattr(entry, "images", ()):
            for key in (image.ref, unquote(image.ref), html.unescape(image.ref)):
                self._images.setdefault(key, image)
        self._own_slugs: set[str] | None = None
        self._files = set(getattr(collection, "files", ()))
        self._by_source: dict[str, list[Any]] | None = None
        self._slug_cache: dict[str, set[str]] = {}
        self.local_images: dict[str, str] = {}   # paperdesk://note/ URL -> collection-relative path

    # -- helpers -----------------------------------------------------------------------------
    def _line_of(self, ref: str) -> int | None:
        offset = self.entry.body.find(ref)
        if offset < 0:
            offset = self.entry.body.find(ref.replace("\\", "\\\\"))
        if offset < 0:
            return self.entry.lines[0]
        return self.entry.lines[0] + self.entry.body.count("\n", 0, offset)

    def _problem(self, kind: str, message: str, line: int | None) -> None:
        self.problems.append(RenderProblem(kind, message, line, self.entry.source))

    def _placeholder(self, prefix: str, ref: str, reason: str) -> str:
        self.placeholders.append(Placeholder(ref, reason))
        return f"{prefix}{len(self.placeholders) - 1}"

    def _existing_file(self, relpath: str) -> str | None:
        relpath = posixpath.normpath(relpath)
        if relpath.startswith("../") or relpath == "..":
            return None
        target = resolve_inside(self.root, quote(relpath, safe="/"))
        if target is None or not target.is_file():
            return None
        try:
            return target.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def _link_target(self, path: str) -> str:
        """The collection path a link's (unquoted) path names: from the note's folder, or the root for "/..."."""
        return posixpath.normpath(posixpath.join(self.note_dir, path)) if not path.startswith("/") else path.lstrip("/")

    def find_image_file(self, ref: str) -> str | None:
        """Return the collection-relative path of image `ref` as written in the note, or None: the scan's
        rule (`collection.images.find_image`), each answer checked on disk inside the root."""
        return find_image(ref, self.entry.source, self._existing_file, self._site_root,
                          self._named if getattr(self.collection, "all_files", None) else None)

    def _site_root(self) -> str:
        if self._site is None:   # a root path starts at the note's site (a Jekyll/Hugo folder) or the collection
            self._site = site_root(self.entry.source, lambda f: self._existing_file(f) is not None)
        return self._site

    def _named(self, name: str) -> list[str]:
        if self._by_name is None:
            self._by_name = {}
            for f in sorted(getattr(self.collection, "all_files", None) or ()):
                self._by_name.setdefault(f.rsplit("/", 1)[-1].casefold(), []).append(f)
        return self._by_name.get(name, [])

    # -- images ------------------------------------------------------------------------------
    def image_src(self, src: str) -> str:
        """Return the URL to use for an `<img src>` written as `src` (maybe a placeholder URL)."""
        src = src.strip()
        if src.startswith(UNRESOLVED_PREFIX):   # ![[name]] naming no file of the collection
            written = unquote(src[len(UNRESOLVED_PREFIX):])
            self._problem("image", f"image not found: {written}", self._line_of(written))
            return self._placeholder(MISSING_PREFIX, written, "missing")
        scheme = _SCHEME.match(src)
        if scheme and not _WINDOWS_ABS.match(src):
            name = scheme.group(1).lower()
            if name in ("http", "https"):
                if self.allow_remote:
                    return src
                self._problem("image", f"remote image not loaded: {src}", self._line_of(src))
                return self._placeholder(BLOCKED_PREFIX, src, "remote")
            if name == "data":
                self._problem("image", "embedded data: image not shown", self._line_of("data:"))
                return self._placeholder(BLOCKED_PREFIX, src[:60] + ("…" if len(src) > 60 else ""), "data")
            self._problem("image", f"unsupported image address: {src}", self._line_of(src))
            return self._placeholder(MISSING_PREFIX, src, "missing")
        known = self._images.get(src) or self._images.get(unquote(src))
        resolved = getattr(known, "resolved", None) if known is not None else self.find_image_file(src)
        if resolved:
            url = note_url(resolved)
            self.local_images[url] = resolved
            return url
        line = getattr(known, "line", None) if known is not None else self._line_of(src)
        self._problem("image", f"image not found: {src}", line)
        return self._placeholder(MISSING_PREFIX, src, "missing")

    # -- links -------------------------------------------------------------------------------
    def _entries_of(self, source: str) -> list[Any]:
        if self._by_source is None:
            self._by_source = {}
            for e in self.collection.entries:
                self._by_source.setdefault(e.source, []).append(e)
        return self._by_source.get(source, [])

    def _slugs(self, entry: Any) -> set[str]:
        found = self._slug_cache.get(entry.id)
        if found is None:
            found = self._slug_cache[entry.id] = heading_slugs(entry.body)
        return found

    def _entry_for(self, source: str, anchor: str) -> Any | None:
        entries = self._entries_of(source)
        if not entries:
            return None
        if anchor:
            wanted = unquote(anchor)
            for candidate in entries:
                if wanted in self._slugs(candidate) or wanted.lower() in self._slugs(candidate):
                    return candidate
        return entries[0]

    def link_href(self, href: str) -> str | None:
        """Return the URL to use for an `<a href>` written as `href`; None drops the link target."""
        href = href.strip()
        if not href:
            return None
        if href.startswith(UNRESOLVED_PREFIX):   # [[name]] naming no file of the collection
            written = unquote(href[len(UNRESOLVED_PREFIX):])
            self._problem("link", f"broken link: [[{written}]]", self._line_of(written))
            return self._placeholder(BROKEN_PREFIX, written, "broken")
        if href.startswith("#"):
            anchor = unquote(href[1:])
            if self._own_slugs is None:
                self._own_slugs = heading_slugs(self.entry.body)
            if anchor in self._own_slugs or anchor.startswith(("fn:", "fnref:")):
                return href
            for other in self._entries_of(self.entry.source):
                if other.id != self.entry.id and anchor in self._slugs(other):
                    return f"paperdesk://open/{quote(other.id, safe='')}{href}"
            return href
        scheme = _SCHEME.match(href)
        if scheme and not _WINDOWS_ABS.match(href):
            return href if scheme.group(1).lower() in ("http", "https", "mailto") else None
        if href.startswith("//"):
            return None
        path, _, anchor = href.partition("#")
        path = unquote(path.split("?", 1)[0]).replace("\\", "/")
        target = self._link_target(path)
        if anchor:   # `<beta #2.md>`: a note whose name holds "#" is that note, not a fragment of another
            whole = self._link_target(unquote(href).replace("\\", "/"))
            if whole in self._files and target not in self._files:
                target, anchor = whole, ""
        if target in self._files:
            found = self._entry_for(target, anchor)
            if found is not None:
                return f"paperdesk://open/{quote(found.id, safe='')}" + (f"#{anchor}" if anchor else "")
        elif not path.lower().endswith(NOTE_SUFFIXES):
            existing = self._existing_file(target)
            if existing:
                return note_url(existing)
        self._problem("link", f"broken link: {href}", self._line_of(href))
        return self._placeholder(BROKEN_PREFIX, href, "broken")
