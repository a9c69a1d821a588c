"""Obsidian-style wikilinks (`[[Note]]`, `[[Note|text]]`, `[[Note#Heading]]`, `![[figure.png|300]]`):
parsing, and resolving a target by name across the collection's files, the way Obsidian does."""

from __future__ import annotations

import posixpath
import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from collections.abc import Iterable

    from paperdesk.collection import Collection

# `[[...]]` or `![[...]]`, not after a backslash, on one line, no brackets inside, and not the text
# of an ordinary link (`[[1]](https://...)`, `[[1]][ref]`).
WIKILINK_RE = r"(?<!\\)(!?)\[\[([^\[\]\n]{1,1000})\]\](?![(\[])"
WIKILINK = re.compile(WIKILINK_RE)
NOTE_SUFFIXES = (".md", ".markdown")          # `.md` may be left out of a link to these
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif", ".tif", ".tiff")
UNRESOLVED_PREFIX = "paperdesk://wikilink/"   # href/src of a wikilink whose target is not in the collection
_SIZE = re.compile(r"^\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$")


@dataclass(frozen=True)
class WikiLink:
    """One wikilink as written: target (a name or a path), heading, alias, embed (`![[...]]`)."""

    target: str
    heading: str = ""
    alias: str = ""
    embed: bool = False

    @property
    def size(self) -> tuple[str, str | None] | None:
        """An embed's `|300` or `|300x200`: (width, height or None), else None."""
        m = _SIZE.match(self.alias) if self.embed and self.alias else None
        return (m.group(1), m.group(2)) if m else None

    def heading_text(self) -> str:
        """The heading linked to (the last of `#A#B`), "" for none or a block id (`#^id`)."""
        heading = self.heading.split("#")[-1].strip()
        return "" if heading.startswith("^") else heading

    def shown(self) -> str:
        """The text a reader sees: the alias, else `Note > Heading`, else the target as written."""
        if self.alias and self.size is None:
            return self.alias
        heading = self.heading_text()
        if not self.target:
            return heading or self.heading
        return f"{self.target} > {heading}" if heading else self.target

    def anchor(self) -> str:
        """The heading's anchor (a GitHub slug, as the renderer's toc makes), "" for none or a block id."""
        # imported here: the module stays light for the quick start's record (Markdown comes with a render)
        from paperdesk.render.markdown_setup import github_slug

        heading = self.heading_text()
        return github_slug(heading) if heading else ""


def parse(inner: str, embed: bool = False) -> WikiLink | None:
    """The wikilink written as `[[inner]]` (`\\|` counts as `|`, as inside a table); None if empty."""
    inner = inner.replace("\\|", "|")
    target, _, alias = inner.partition("|")
    target, _, heading = target.partition("#")
    link = WikiLink(target.strip(), heading.strip(), alias.strip(), embed)
    return link if link.target or link.heading else None


def is_image(path: str) -> bool:
    """Whether a file is shown as an image when embedded."""
    return path.lower().endswith(IMAGE_SUFFIXES)


def _stem(path: str) -> str | None:
    low = path.lower()
    for suffix in NOTE_SUFFIXES:
        if low.endswith(suffix):
            return path[: -len(suffix)]
    return None


class WikiIndex:
    """Name -> paths of one collection's files, built once; resolves wikilink targets against it.

    Only names of files the scan listed are ever answered, so no target leads outside the collection.
    """

    def __init__(self, notes: Iterable[str], files: Iterable[str] | None = None,
                 aliases: Iterable[tuple[str, str]] = ()) -> None:
        """Index note files (by file name and, for Markdown, by name without `.md`), every other
        file, and the notes' aliases ((alias, note path) pairs: front matter `aliases:`)."""
        self._by_name: dict[str, list[str]] = {}   # file name, case-folded -> paths
        self._by_stem: dict[str, list[str]] = {}   # Markdown note name without its suffix -> paths
        self._by_alias: dict[str, list[str]] = {}  # alias, case-folded -> note paths
        by_name, by_stem = self._by_name, self._by_stem
        note_paths = set(notes)
        paths = set(files) if files is not None else set()
        paths.update(note_paths)
        for path in paths:
            name = path[path.rfind("/") + 1:].casefold()
            found = by_name.get(name)
            if found is None:
                by_name[name] = [path]
            else:
                found.append(path)
            if name.endswith(NOTE_SUFFIXES):
                stem = name[: name.rfind(".")]
                by_stem.setdefault(stem, []).append(path)
        for alias, path in aliases:
            if path in note_paths:   # an alias names only a note the scan listed
                found = self._by_alias.setdefault(" ".join(alias.split()).casefold(), [])
                if path not in found:
                    found.append(path)
        for table in (by_name, by_stem, self._by_alias):
            for found in table.values():
                if len(found) > 1:
                    found.sort(key=lambda p: (len(p), p))   # shortest path first: it wins a tie

    def resolve(self, target: str, from_source: str = "") -> str | None:
        """The collection path `target` (a name, `folder/name`, `./rel` or `../rel`) names, or None.

        File names match case-insensitively, `.md` may be left out, a path form matches the end of
        a path, and the shortest matching path wins; a plain name that is no file's is looked up
        among the notes' aliases (case-insensitively); `./` and `../` forms are taken relative to
        the note `from_source` and never leave the collection.
        """
        target = target.strip().replace("\\", "/")
        if not target or "\0" in target:
            return None
        if target.startswith(("./", "../")):
            folder = posixpath.dirname(from_source)
            target = posixpath.normpath(posixpath.join(folder, target))
            if target == ".." or target.startswith("../"):
                return None
            found = self._match(target.split("/"), exact=True)
            return found
        parts = [p for p in target.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            return None
        found = self._match(parts, exact=False)
        if found is None and len(parts) == 1:
            aliased = self._by_alias.get(" ".join(parts[0].split()).casefold())
            found = aliased[0] if aliased else None
        return found

    def _match(self, parts: list[str], *, exact: bool) -> str | None:
        name = parts[-1].casefold()
        wanted = "/".join(parts).casefold()
        for table, cut in ((self._by_name, False), (self._by_stem, True)):
            for path in table.get(name, ()):
                compared = path.casefold()
                if cut:
                    compared = _stem(compared) or compared
                if compared == wanted or (not exact and compared.endswith("/" + wanted)):
                    return path
        return None


def linked_notes(body: str, source: str, collection: Collection) -> set[str]:
    """The note files of `collection` the wikilinks of `body` (written in note `source`) name."""
    if "[[" not in body:
        return set()
    index = index_for(collection)
    notes = set(getattr(collection, "files", ()) or ())
    found: set[str] = set()
    for match in WIKILINK.finditer(body):
        link = parse(match.group(2))
        path = index.resolve(link.target, source) if link is not None and link.target else None
        if path in notes:
            found.add(path)
    return found


def _relative(path: str, folder: str) -> str:
    """`path` relative to `folder`, both relative to the collection root (posixpath.relpath without the cwd)."""
    if not folder:
        return path
    here, there = folder.split("/"), path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def href_to(path: str, from_source: str, anchor: str = "") -> str:
    """A relative URL from note `from_source` to collection file `path`, as an ordinary Markdown link writes it."""
    rel = _relative(path, posixpath.dirname(from_source))
    return quote(rel, safe="/") + (f"#{quote(anchor, safe='')}" if anchor else "")


def unresolved_url(link: WikiLink) -> str:
    """The marker URL of a wikilink whose target is not in the collection (the renderer makes it broken)."""
    written = link.target + (f"#{link.heading}" if link.heading else "")
    return UNRESOLVED_PREFIX + quote(written, safe="")


# One index per collection, built on first use, beside a weak reference to the collection. No lock:
# the list is only replaced whole (atomic under the GIL); two threads may at worst both build one.
_indexes: list[tuple[weakref.ref[Collection], int, WikiIndex]] = []
_KEPT = 4


def index_for(collection: Collection) -> WikiIndex:
    """The wikilink index of `collection` (its note files and every file its scan found), built once."""
    global _indexes
    files = getattr(collection, "files", ()) or ()
    for ref, count, index in _indexes:
        if ref() is collection and count == len(files):
            return index
    aliases = [(alias, e.source) for e in getattr(collection, "entries", ()) for alias in getattr(e, "aliases", ())]
    index = WikiIndex(files, getattr(collection, "all_files", None), aliases)
    try:
        ref = weakref.ref(collection)
    except TypeError:   # a stand-in for a collection (tests, tools): not kept
        return index
    kept = [item for item in _indexes if item[0]() is not None and item[0]() is not collection]
    _indexes = [*kept[-(_KEPT - 1):], (ref, len(files), index)]
    return index
