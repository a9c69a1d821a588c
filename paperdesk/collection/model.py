"""The collection's data types: entries, image references, scan warnings and the collection itself."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field
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


_FIELDS = ("id", "title", "category", "year", "year_source", "paper_key", "source", "lines", "body", "links",
           "short_name", "venue", "note_tags", "images", "noted", "kind")


class Entry:
    """One paper (or one question, or one document) found in a note file.

    Immutable, compared field by field like a frozen dataclass. `body` is a string given by hand,
    or a BodySpan: then it is read back from the file on each access (a few recent files' texts
    are kept), always the exact text the scan parsed; see FileTexts for a file edited since.
    """

    __slots__ = ("_body", "category", "id", "images", "kind", "lines", "links", "note_tags", "noted", "paper_key",
                 "short_name", "source", "title", "venue", "year", "year_source")
    id: str
    title: str
    category: str
    year: int | None
    year_source: str
    paper_key: str
    source: str
    lines: tuple[int, int]
    links: tuple[str, ...]
    short_name: str | None
    venue: str | None
    note_tags: tuple[str, ...]
    images: tuple[ImageRef, ...]
    noted: str | None          # when the note was written/read: "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    kind: EntryKind

    def __init__(self, id: str, title: str, category: str, year: int | None, year_source: str,
                 paper_key: str, source: str, lines: tuple[int, int], body: str | BodySpan,
                 links: tuple[str, ...], short_name: str | None, venue: str | None,
                 note_tags: tuple[str, ...], images: tuple[ImageRef, ...], noted: str | None = None,
                 kind: EntryKind = EntryKind.PAPER) -> None:
        put = object.__setattr__
        for name, value in (("id", id), ("title", title), ("category", category), ("year", year),
                            ("year_source", year_source), ("paper_key", paper_key), ("source", source),
                            ("lines", lines), ("_body", body), ("links", links), ("short_name", short_name),
                            ("venue", venue), ("note_tags", note_tags), ("images", images), ("noted", noted),
                            ("kind", kind)):
            put(self, name, value)

    @property
    def body(self) -> str:
        """Exactly the entry's slice of the (decoded, repaired) file text."""
        body = self._body
        if isinstance(body, str):
            return body
        return body.texts.body(self.source, body.start, body.end, self.paper_key, self.title, alone=body.alone)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.id, self.paper_key, self.source, self.lines, self.title))

    def __repr__(self) -> str:
        body = self._body
        shown = repr(body) if isinstance(body, str) else f"<{self.source}[{body.start}:{body.end}]>"
        parts = (f"{name}={shown if name == 'body' else repr(getattr(self, name))}" for name in _FIELDS)
        return f"Entry({', '.join(parts)})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass
class Collection:
    """The result of scanning a folder or a file: entries, warnings, and the file texts read back on demand."""

    root: Path
    files: list[str]
    entries: list[Entry]
    warnings: list[ScanWarning]
    _file_texts: FileTexts | None = field(default=None, repr=False)   # None: built by hand
    _texts: dict[str, str] = field(default_factory=dict, repr=False)   # a hand-built collection's, once read
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
        """Return the decoded (and repaired) text of a scanned file, which entries' bodies slice; a
        file changed since the scan gives its current text ("" when it is gone or unreadable).

        Raises KeyError for a source that is not one of `files`.
        """
        if source not in self.files:
            raise KeyError(source)
        if self._file_texts is not None and source in self._file_texts:
            return self._file_texts.current_text(source)
        text = self._texts.get(source)
        if text is None:  # a Collection built by hand (tests, tools): decode the file like the scan does
            from paperdesk.collection.decode import decode_bytes

            text = decode_bytes((Path(self.root) / source).read_bytes())[0]
            self._texts[source] = text
        return text
