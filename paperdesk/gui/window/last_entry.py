"""The last-open entry kept in the cache folder, so a second launch paints it before the scan ends.

Qt-free. The record holds the entry's fields (not its body), a digest of its note file's text, and
the ids of the entries in the files its text names (what its links to other notes resolve to).
`load_preview` reads the note file afresh: the preview is only made when the file's text is the
one the record was made from, so a note changed while the app was closed is never shown stale.
The full scan's collection always replaces the preview (the start-up shows its page again only
when the scanned entry's page differs from the one on show). The page itself may be kept beside
the record (`first_page.py`), so that it is painted without rendering.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from paperdesk.atomic import atomic_write_bytes
from paperdesk.collection import Collection, Entry, EntryKind, ImageRef
from paperdesk.paths import cache_dir, collection_slug

log = logging.getLogger(__name__)
RECORD_VERSION = 1


@dataclass(frozen=True)
class Preview:
    """The last entry rebuilt from its record and its note file, in a collection that holds only
    the entries of the files its text names, as ids and sources (their bodies are empty)."""

    entry: Entry
    collection: Collection


def record_path(path: Path) -> Path:
    """The record file of a collection (the folder or single file it was opened from)."""
    return cache_dir() / "last-entry" / f"{collection_slug(path)}.marshal"


def text_digest(text: str) -> str:
    """The digest a record keeps of its note file's text."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _entry_fields(entry: Entry) -> tuple:
    return (entry.id, entry.title, entry.category, entry.year, entry.year_source, entry.paper_key, entry.source,
            tuple(entry.lines), tuple(entry.links), entry.short_name, entry.venue, tuple(entry.note_tags),
            tuple((i.ref, i.resolved, i.line) for i in entry.images), entry.noted, str(entry.kind))


def save_record(path: Path, collection: Collection, entry: Entry) -> None:
    """Remember `entry` of `collection` (opened from `path`) as the one to paint first next time."""
    try:
        text = collection.file_text(entry.source)
        named = {entry.source} | {f for f in collection.files if _names(entry.body, f)}
        if "[[" in entry.body:   # a wikilink names its note without the file's name
            from paperdesk.render.wikilinks import linked_notes

            named |= linked_notes(entry.body, entry.source, collection)
        payload = (RECORD_VERSION, str(Path(path).resolve()), text_digest(text), text_digest(entry.body),
                   _entry_fields(entry), tuple(sorted(named)),
                   tuple((e.id, e.source) for e in collection.entries if e.source in named))
        # a cache: losing it costs one slower start, so no fsync
        atomic_write_bytes(record_path(path), marshal.dumps(payload), durable=False)
    except (OSError, KeyError, ValueError) as exc:
        log.info("could not remember the last entry for a quick start: %s", exc)


def _names(body: str, source: str) -> bool:
    """Whether a note's text may link to the note file `source` (its name, plain or %-encoded).

    A link this misses only costs a second paint: the start-up compares with the full collection's page."""
    name = posixpath.basename(source)
    return name in body or ("%" in body and quote(name) in body)


def _safe_relative(rel: str) -> bool:
    """A plain path inside the collection, as the scan writes them (no '..', not absolute)."""
    return bool(rel) and posixpath.normpath(rel) == rel and not rel.startswith("/") \
        and ".." not in rel.split("/") and "\\" not in rel and "\0" not in rel


def _read_inside(root: Path, rel: str) -> str | None:
    """Read and decode one note file the way the scan does, refusing anything outside `root`."""
    from paperdesk.collection.decode import decode_text
    from paperdesk.collection.discover import NotReadable, read_note_bytes

    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, rel))
    if os.path.commonpath([real_root, target]) != real_root:
        return None
    try:
        return decode_text(read_note_bytes(Path(target)))[0]
    except (NotReadable, ValueError):   # gone, unreadable, binary: the scan will say why
        return None


def load_preview(path: Path) -> Preview | None:
    """The last entry of the collection opened from `path`, rebuilt from its record and its note
    file as it is now; None when there is no usable record or the note's text changed since."""
    try:
        data = marshal.loads(record_path(path).read_bytes())
        version, where, digest, body_digest, fields, files, stubs = data
        if version != RECORD_VERSION or where != str(Path(path).resolve()):
            return None
        (eid, title, category, year, year_source, paper_key, source, lines, links, short_name, venue,
         note_tags, images, noted, kind) = fields
        start, end = lines
    except Exception:   # missing, truncated, foreign: no quick start, the scan shows the entry
        return None
    if not isinstance(source, str) or not _safe_relative(source) or source not in files:
        return None
    path = Path(path)
    root = path if path.is_dir() else path.parent
    text = _read_inside(root, source)
    if text is None or text_digest(text) != digest:
        return None
    try:
        body = "\n".join(text.split("\n")[start - 1:end])
        if text_digest(body) != body_digest:   # the entry is not its lines as the record says
            return None
        entry = Entry(id=eid, title=title, category=category, year=year, year_source=year_source,
                      paper_key=paper_key, source=source, lines=(start, end), body=body, links=tuple(links),
                      short_name=short_name, venue=venue, note_tags=tuple(note_tags),
                      images=tuple(ImageRef(*i) for i in images), noted=noted, kind=EntryKind(kind))
        entries = [entry if other_id == eid else _stub(other_id, other_source) for other_id, other_source in stubs]
        collection = Collection(root=root, files=list(files), entries=entries, warnings=[],
                                _texts={source: text}, _loader=lambda _rel: "")
    except (TypeError, ValueError):
        return None
    return Preview(entry, collection)


def _stub(entry_id: str, source: str) -> Entry:
    """Another entry of the collection as far as a page's links need it: its id and its file."""
    return Entry(id=entry_id, title="", category="", year=None, year_source="", paper_key="", source=source,
                 lines=(0, 0), body="", links=(), short_name=None, venue=None, note_tags=(), images=())

