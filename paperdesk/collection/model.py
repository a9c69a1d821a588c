"""The collection's data types: entries, image references, scan warnings and the collection itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from paperdesk.collection.file_texts import FileTexts


class EntryKind(StrEnum):
    """What an entry is about: a paper, or a document (tutorial, talk, course notes)."""

    PAPER = "paper"
    DOC = "doc"


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class BodySpan:
    """An entry body that is not kept in memory: characters start..end of its file's scanned text,
    read back through the collection's FileTexts when asked for."""

    texts: FileTexts
    start: int
    end: int
    alone: bool = False   # the only entry of its file at scan time (found again after any edit)


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper (or one question, or one document) found in a note file.

    `body` is given as a string, or as a BodySpan (what a scan gives): then it is read back from
    the file on each access (a few recent files' texts are kept), always the exact text the scan
    parsed; see FileTexts for a file edited since. Either way `entry.body` is a string, and
    equality, `dataclasses.replace`/`astuple` see the text.
    """

    id: str
    title: str
    category: str
    year: int | None
    year_source: str
    paper_key: str
    source: str
    lines: tuple[int, int]
    body: str  # a property (below) over this slot, which holds the string or its BodySpan
    links: tuple[str, ...]
    short_name: str | None
    venue: str | None
    note_tags: tuple[str, ...]
    images: tuple[ImageRef, ...]
    noted: str | None = None             # when the note was written/read: "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    kind: EntryKind = EntryKind.PAPER
    aliases: tuple[str, ...] = ()        # the note's other names (front matter `aliases:`): [[Alias]] links to it

    def __hash__(self) -> int:   # without the body, which may mean reading the file
        return hash((self.id, self.paper_key, self.source, self.lines, self.title))

    def body_span(self) -> BodySpan | None:
        """Where the body is read back from, or None when it is kept as a string."""
        stored = _BODY_SLOT.__get__(self, Entry)
        return stored if isinstance(stored, BodySpan) else None


_BODY_SLOT = Entry.body   # the slot's own descriptor, kept under the property that replaces its name


def _read_body(entry: Entry) -> str:
    """Exactly the entry's slice of the (decoded, repaired) file text."""
    stored = _BODY_SLOT.__get__(entry, Entry)
    if isinstance(stored, str):
        return stored
    return stored.texts.body(entry.source, stored.start, stored.end, entry.paper_key, entry.title, alone=stored.alone)


def _keep_body(entry: Entry, value: str | BodySpan) -> None:
    # reached only through object.__setattr__ (the dataclass __init__): `entry.body = x` is refused
    _BODY_SLOT.__set__(entry, value)


Entry.body = property(_read_body, _keep_body, doc=_read_body.__doc__)  # type: ignore[assignment, method-assign]


# Fast builders for the scan, which makes tens of thousands of these at a time. A frozen dataclass's
# __init__ sets each field through object.__setattr__ (about 0.35 us a field here, 5.7 us an Entry);
# these twins have the same slots in the same order and plain stores, and then become the frozen
# class by __class__ assignment, which Python allows between classes of the same layout (it raises
# TypeError if the slots ever differ). tests/collection/test_model.py checks they equal the real thing.

class _ImageRefFields:
    __slots__ = ("ref", "resolved", "line")  # noqa: RUF023 (the frozen class's order)

    def __init__(self, ref: str, resolved: str | None, line: int) -> None:
        self.ref = ref
        self.resolved = resolved
        self.line = line
        self.__class__ = ImageRef  # type: ignore[assignment]


class _BodySpanFields:
    __slots__ = ("texts", "start", "end", "alone")  # noqa: RUF023

    def __init__(self, texts: FileTexts, start: int, end: int, alone: bool) -> None:
        self.texts = texts
        self.start = start
        self.end = end
        self.alone = alone
        self.__class__ = BodySpan  # type: ignore[assignment]


class _EntryFields:
    __slots__ = ("id", "title", "category", "year", "year_source", "paper_key", "source", "lines",  # noqa: RUF023
                 "body", "links", "short_name", "venue", "note_tags", "images", "noted", "kind", "aliases")

    def __init__(self, id: str, title: str, category: str, year: int | None, year_source: str,
                 paper_key: str, source: str, lines: tuple[int, int], body: str | BodySpan,
                 links: tuple[str, ...], short_name: str | None, venue: str | None,
                 note_tags: tuple[str, ...], images: tuple[ImageRef, ...], noted: str | None,
                 kind: EntryKind, aliases: tuple[str, ...]) -> None:
        self.id = id
        self.title = title
        self.category = category
        self.year = year
        self.year_source = year_source
        self.paper_key = paper_key
        self.source = source
        self.lines = lines
        self.body = body
        self.links = links
        self.short_name = short_name
        self.venue = venue
        self.note_tags = note_tags
        self.images = images
        self.noted = noted
        self.kind = kind
        self.aliases = aliases
        self.__class__ = Entry  # type: ignore[assignment]


# each called like the class it builds, with every field given positionally, and returns an instance of it
new_image_ref: Callable[[str, str | None, int], ImageRef] = _ImageRefFields  # type: ignore[assignment]
new_body_span: Callable[[FileTexts, int, int, bool], BodySpan] = _BodySpanFields  # type: ignore[assignment]
new_entry: Callable[..., Entry] = _EntryFields  # type: ignore[assignment]


@dataclass
class Collection:
    """The result of scanning a folder or a file: entries, warnings, and the file texts read back on demand."""

    root: Path
    files: list[str]
    entries: list[Entry]
    warnings: list[ScanWarning]
    _file_texts: FileTexts | None = field(default=None, repr=False)   # None: built by hand
    _texts: dict[str, str] = field(default_factory=dict, repr=False)   # a hand-built collection's, once read
    _loader: Callable[[str], str] | None = field(default=None, repr=False)   # ...or how to read one
    _by_id: dict[str, Entry] | None = field(default=None, repr=False)
    # every regular file the scan's walk found (notes, images, attachments; relative posix paths),
    # None when there was no walk (a single file, a collection built by hand)
    all_files: set[str] | None = field(default=None, repr=False, compare=False)

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
        """Return the decoded (and repaired) text of a scanned file, which entries' bodies slice; a
        file changed since the scan gives its current text ("" when it is gone or unreadable).

        Raises KeyError for a source that is not one of `files`.
        """
        if source not in self.files:
            raise KeyError(source)
        if self._file_texts is not None and source in self._file_texts:
            return self._file_texts.current_text(source)
        text = self._texts.get(source)
        if text is None and self._loader is not None:
            text = self._texts[source] = self._loader(source)
        if text is None:  # a Collection built by hand (tests, tools): decode the file like the scan does
            from paperdesk.collection.decode import decode_bytes

            text = decode_bytes((Path(self.root) / source).read_bytes())[0]
            self._texts[source] = text
        return text
