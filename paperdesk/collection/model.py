"""The collection's data types: entries, image references, scan warnings and the collection itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class EntryKind(StrEnum):
    """What an entry is about: a paper, or a document (tutorial, talk, course notes)."""

    PAPER = "paper"
    DOC = "doc"


@dataclass(frozen=True)
class ImageRef:
    """An image referenced by an entry, and the collection file it resolves to."""

    ref: str                 # as written in the note
    resolved: str | None     # path relative to the collection root (posix), or None
    line: int                # 1-based line in the source file


@dataclass(frozen=True)
class ScanWarning:
    """Something the scan noticed but worked around (an unrecognised file, a missing image...)."""

    kind: str      # "unrecognised", "image", "encoding", "mojibake", "unreadable", "binary", "symlink", ...
    source: str    # file relative to root (posix)
    line: int | None
    message: str


@dataclass(frozen=True)
class Entry:
    """One paper (or one question, or one document) found in a note file."""

    id: str
    title: str
    category: str
    year: int | None
    year_source: str
    paper_key: str
    source: str
    lines: tuple[int, int]
    body: str
    links: tuple[str, ...]
    short_name: str | None
    venue: str | None
    note_tags: tuple[str, ...]
    images: tuple[ImageRef, ...]
    noted: str | None = None             # when the note was written/read: "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    kind: EntryKind = EntryKind.PAPER


@dataclass
class Collection:
    """The result of scanning a folder or a file: entries, warnings and the decoded file texts."""

    root: Path
    files: list[str]
    entries: list[Entry]
    warnings: list[ScanWarning]
    _texts: dict[str, str] = field(default_factory=dict, repr=False)
    _loader: Callable[[str], str] | None = field(default=None, repr=False)
    _by_id: dict[str, Entry] | None = field(default=None, repr=False)

    def entry(self, entry_id: str) -> Entry | None:
        """Return the entry with this id, or None."""
        if self._by_id is None or len(self._by_id) != len(self.entries):
            self._by_id = {e.id: e for e in self.entries}
        return self._by_id.get(entry_id)

    def find(self, text: str) -> list[Entry]:
        """Find entries by id, id prefix, paper key, or exact then case-insensitive title."""
        text = text.strip()
        if not text:
            return []
        exact = self.entry(text)
        if exact is not None:
            return [exact]
        for test in (
            lambda e: e.paper_key == text,
            lambda e: len(text) >= 4 and e.id.startswith(text),
            lambda e: e.title == text,
            lambda e: e.title.casefold() == text.casefold(),
        ):
            found = [e for e in self.entries if test(e)]
            if found:
                return found
        return []

    def file_text(self, source: str) -> str:
        """Return the decoded (and repaired) text of a scanned file; entries' bodies slice it.

        Raises KeyError for a source that is not one of `files`.
        """
        text = self._texts.get(source)
        if text is None:
            if source not in self.files:
                raise KeyError(source)
            if self._loader is not None:
                text = self._loader(source)
            else:  # a Collection built by hand (tests, tools): decode the file like the scan does
                from paperdesk.collection.decode import decode_bytes

                text = decode_bytes((Path(self.root) / source).read_bytes())[0]
            self._texts[source] = text
        return text
