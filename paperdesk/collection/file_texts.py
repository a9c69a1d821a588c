"""A scanned collection's file texts, read back from disk on demand and checked against the scan's
content hash, so entries need not keep their bodies in memory."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from paperdesk.collection.cache import content_digest
from paperdesk.collection.discover import NotReadable, read_note_bytes
from paperdesk.collection.keys import normalise_title

KEEP_FILES = 8                 # decoded texts kept (the reader's entry, a scan's run through a file)
KEEP_CHARS = 8 * 1024 * 1024   # ...and at most this many characters of them (the newest is always kept)


@dataclass(frozen=True)
class EntrySpan:
    """Where an entry lies in its file as it is now: its paper key, normalised title and the
    character offsets of its body."""

    paper_key: str
    norm_title: str
    start: int
    end: int


# bytes of a file that changed since the scan -> (its text, the spans of the entries it holds now)
Respan = Callable[[str, bytes], tuple[str, list[EntrySpan]]]


@dataclass(frozen=True)
class _Text:
    text: str
    spans: tuple[EntrySpan, ...] | None   # None: the text the scan read; else the file changed since


class FileTexts:
    """Decoded texts of a collection's files, read again from the file when asked.

    A file's bytes are used only when they hash to the digest the scan recorded for it, so a body
    is always the exact slice of the text the scan parsed. A file edited since the scan gives each
    entry its whole current body (found again by paper key or title), never old offsets applied to
    new text. Files outside the collection root (a link swapped in after the scan) are never read.
    Thread-safe: the index worker and the GUI thread read bodies at the same time.
    """

    def __init__(self, root: Path, digests: Mapping[str, str], decode: Callable[[bytes], str],
                 respan: Respan | None = None) -> None:
        self.root = Path(root)
        self._root_str = str(self.root)
        self._inside_prefix = os.path.realpath(self.root).rstrip(os.sep) + os.sep
        self._digests = dict(digests)
        self._decode = decode
        self._respan = respan
        self._kept: OrderedDict[str, _Text] = OrderedDict()
        self._kept_chars = 0
        self._real_dirs: dict[str, str] = {}   # folder -> its real path, for the common read
        self._lock = threading.Lock()

    def __contains__(self, source: str) -> bool:
        return source in self._digests

    @property
    def kept_sources(self) -> tuple[str, ...]:
        """The files whose decoded texts are kept in memory now, oldest first."""
        with self._lock:
            return tuple(self._kept)

    def scanned_text(self, source: str) -> str | None:
        """The text the scan read from `source`, or None when the file no longer holds it."""
        found = self._get(source)
        return found.text if found is not None and found.spans is None else None

    def current_text(self, source: str) -> str:
        """The file's text: the scanned one, or what it holds now when it changed ("" if unreadable)."""
        found = self._get(source)
        return found.text if found is not None else ""

    def body(self, source: str, start: int, end: int, paper_key: str, title: str, *, alone: bool = False) -> str:
        """The body of an entry: text[start:end] of the scanned file; when the file changed since the
        scan, the entry's current body, matched by paper key, then title, then (for an entry that was
        `alone` in its file) the file's only entry; "" when the file is gone or no longer holds it."""
        found = self._get(source)
        if found is None:
            return ""
        if found.spans is None:
            return found.text[start:end]
        spans, norm_title = found.spans, normalise_title(title)
        match = (next((s for s in spans if s.paper_key == paper_key), None)
                 or next((s for s in spans if s.norm_title == norm_title), None)
                 or (spans[0] if alone and len(spans) == 1 else None))
        return found.text[match.start:match.end] if match is not None else ""

    def _get(self, source: str) -> _Text | None:
        with self._lock:
            found = self._kept.get(source)
            if found is not None:
                self._kept.move_to_end(source)
                return found
        found = self._read(source)
        if found is None or found.spans is not None:   # a changed file is read again each time
            return found
        with self._lock:
            old = self._kept.pop(source, None)
            self._kept_chars += len(found.text) - (len(old.text) if old is not None else 0)
            self._kept[source] = found
            while len(self._kept) > 1 and (len(self._kept) > KEEP_FILES or self._kept_chars > KEEP_CHARS):
                _, dropped = self._kept.popitem(last=False)
                self._kept_chars -= len(dropped.text)
        return found

    def _inside(self, path: str, *, strict: bool) -> bool:
        """Whether `path` lies inside the root. Not strict: a plain file's folder is resolved once
        (its bytes must still hash to the scan's digest, so nothing the scan did not read is shown)."""
        if strict or os.path.islink(path):
            real = os.path.realpath(path)
        else:
            folder, name = os.path.split(path)
            real_folder = self._real_dirs.get(folder)
            if real_folder is None:
                real_folder = self._real_dirs[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, name)
        return real.startswith(self._inside_prefix)

    def _read(self, source: str) -> _Text | None:
        digest = self._digests.get(source)
        if digest is None:
            return None
        path = os.path.join(self._root_str, source)
        if not self._inside(path, strict=False):
            return None   # never read outside the collection
        try:
            data = read_note_bytes(path)
        except NotReadable:
            return None
        try:
            if content_digest(data) == digest:
                return _Text(self._decode(data), None)
            if self._respan is None or not self._inside(path, strict=True):
                return None
            text, spans = self._respan(source, data)
        except Exception:  # a file turned binary, a parser problem on the new text: no body, no crash
            return None
        return _Text(text, tuple(spans))
