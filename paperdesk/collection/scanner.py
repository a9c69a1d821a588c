"""`scan()`: a folder or file to a Collection of entries and warnings, with a per-file scan cache."""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path

from paperdesk.collection.cache import (
    Parsed,
    ScanCache,
    Stamp,
    content_digest,
    load_cache,
    pack,
    save_cache,
    stamp,
)
from paperdesk.collection.decode import BinaryFile, decode_text
from paperdesk.collection.discover import NotReadable, discover, read_note_bytes
from paperdesk.collection.file_texts import EntrySpan, FileTexts
from paperdesk.collection.frontmatter import as_list
from paperdesk.collection.images import ImageResolver, expand_site_urls, is_remote, missing_message
from paperdesk.collection.indexfiles import (
    DESCRIBES_FOLDER,
    INDEX_NAMES,
    could_be_index,
    index_hints,
    is_index,
    is_link_list,
    link_list_warning,
    pdf_text_warning,
)
from paperdesk.collection.keys import assign_ids, normalise_title
from paperdesk.collection.layout import detect_layout
from paperdesk.collection.metadata import RawEntry, entry_metadata
from paperdesk.collection.model import (
    Collection,
    Entry,
    EntryKind,
    ImageRef,
    ScanWarning,
    new_body_span,
    new_entry,
    new_image_ref,
)
from paperdesk.collection.sections import is_placeholder_title
from paperdesk.collection.tidy import apply_hints, tidy_categories
from paperdesk.collection.workers import read_and_parse_all
from paperdesk.errors import UserError


def _fallback_category(rel: str, file_title: str | None, stem: str) -> str:
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    return folder.rsplit("/", 1)[-1] or file_title or stem or "Uncategorised"


# decode.py's binary signatures and control characters; tests/collection/test_scanner_decode.py checks
# that decode_text() and decode_bytes() agree, so a change there shows up as a failing test here
_KINDS = {k.value: k for k in EntryKind}


def _span_offsets(lines: list[str], start: int, end: int, total: int) -> tuple[int, int]:
    """Character offsets of lines start..end (inclusive) in the joined text, counted from the near ends."""
    first = sum(len(line) + 1 for line in lines[:start])
    last = total - sum(len(line) + 1 for line in lines[end + 1:])
    return first, last


def parse_file(rel: str, data: bytes) -> tuple[str, tuple, tuple, str, tuple]:
    """Decode and split one file; returns (text, raw entry tuples, warning tuples, file kind, index hints).

    The file kind is the layout name, or "index", "template", "binary".
    """
    warnings: list[tuple[str, int | None, str]] = []
    try:
        text, notes = decode_text(data)
    except BinaryFile as exc:
        return "", (), (("binary", None, f"skipped: not a text file ({exc})"),), "binary", ()
    warnings.extend(notes)
    lines = text.split("\n")
    layout = detect_layout(lines)
    name = rel.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if layout.layout in ("note", "unrecognised") and "      " in text[:4000] and (pdf := pdf_text_warning(lines)):
        return text, (), (*warnings, ("extracted", None, pdf)), "template", ()   # a PDF's text beside its note
    # a file of paper-like items is not an index, unless its items are topics over lists of links (an
    # "awesome list"); a one-note file that mostly lists links may be one
    if ((layout.layout in ("note", "unrecognised") and could_be_index(text, stem, len(lines))
         and is_index(lines, stem, layout.content_start))
            or (layout.layout in ("headings", "bullets")
                and is_link_list(lines, [(span.start, span.end) for span in layout.spans]))):
        hints = tuple((h.target, h.title, h.noted, h.topic) for h in index_hints(lines, rel))
        listed = link_list_warning(lines, layout.content_start)
        if listed:
            warnings.append(("index", None, listed))
        return text, (), tuple(warnings), "index", hints
    if stem.startswith("_") and stem.casefold() not in INDEX_NAMES:
        return text, (), (*warnings, ("template", None, "skipped: a template (its name starts with _)")), "template", ()
    single = layout.layout in ("note", "unrecognised")
    fallback = _fallback_category(rel, None if single else layout.title, "" if single else stem)
    declared = as_list(layout.front_matter.get("category")) or as_list(layout.front_matter.get("categories"))
    if declared and not single:  # a post's own category outranks its folder and title
        fallback = declared[0]
    starts = [0, *accumulate(len(line) + 1 for line in lines)] if len(layout.spans) > 1 else None
    raws: list[tuple] = []
    for span in layout.spans:
        offsets = ((starts[span.start], starts[span.end + 1] - 1) if starts is not None
                   else _span_offsets(lines, span.start, span.end, len(text)))
        try:
            raw = entry_metadata(span, layout, rel, stem, fallback, text[offsets[0]:offsets[1]])
        except Exception as exc:  # a metadata bug must not lose the entry or fail the scan
            warnings.append(("internal", span.start + 1, f"metadata not read: {type(exc).__name__}"))
            raw = RawEntry(stem, fallback, None, "none", f"file:{rel}#{span.start + 1}", span.start + 1,
                           span.end + 1, (), None, None, (), ())
        if is_placeholder_title(raw.title):
            warnings.append(("template", span.start + 1, f"skipped: a template entry (title {raw.title!r})"))
            continue
        raw.offsets = offsets
        raw.norm_title = normalise_title(raw.title)
        raws.append(raw.to_tuple())
    if layout.layout in ("note", "unrecognised") and not raws and layout.spans:
        return text, (), tuple(warnings), "template", ()
    if layout.layout == "unrecognised":
        warnings.append(("unrecognised", None, "layout not recognised; the whole file is one entry"))
    kind = layout.layout
    # a README that describes the folder without being about one paper: dropped when the folder holds other notes
    if raws and single and stem.casefold() in DESCRIBES_FOLDER and raws[0][4].startswith("file:"):
        kind = "index"
    return text, tuple(raws), tuple(warnings), kind, ()


def read_and_parse(root: str, rel: str, cached_size: int, cached_digest: str) -> tuple:
    """Read and parse one note file: ("refused", warning kind, message), ("same", size) when its
    content hashes to the cached digest, or ("parsed", size, digest, (raws, warnings, kind, hints)); the
    text is not returned (entries read their bodies back from the file)."""
    try:
        data = read_note_bytes(os.path.join(root, rel))  # regular files only, never above the size cap
    except NotReadable as refused:
        return ("refused", refused.kind, refused.message)
    digest = content_digest(data)
    if cached_size == len(data) and cached_digest == digest:
        return ("same", len(data))
    try:
        _, raws, file_warnings, kind, hints = parse_file(rel, data)
    except Exception as exc:  # never fail a whole scan on one file
        raws, kind, hints = (), "error", ()
        file_warnings = (("unreadable", None, f"skipped after an internal error: {type(exc).__name__}"),)
    return ("parsed", len(data), digest, (raws, file_warnings, kind, hints))


def _root_and_files(path: Path) -> tuple[Path, str | None]:
    path = Path(os.path.abspath(Path(path).expanduser()))
    if not path.exists():
        raise UserError(f"no such file or folder: {path}")
    if path.is_dir():
        return path, None
    if not path.is_file():
        raise UserError(f"not a file or folder: {path}")
    return path.parent, path.name


def scan(path: Path, *, use_cache: bool = True) -> Collection:
    """Scan a notes folder (or one file) into a Collection; raises UserError when the path is missing."""
    root, single = _root_and_files(path)
    with _no_cycle_collection():
        return _scan(root, single, use_cache)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector: a scan allocates hundreds of thousands of objects that hold no
    cycles, and the collector would walk them all again and again (about 15% of an unchanged re-scan)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _scan(root: Path, single: str | None, use_cache: bool) -> Collection:
    """The scan of `root` (or of its file `single`)."""
    started_ns = _now_ns()   # before any stat: see cache.stamp
    warnings: list[ScanWarning] = []
    if single is None:
        found = discover(str(root))
        notes = found.notes
        all_files = found.files
        warnings.extend(ScanWarning(k, s, None, m) for k, s, m in found.warnings)
    else:
        try:
            notes = [(single, os.stat(root / single))]
        except OSError as exc:
            raise UserError(f"cannot read {root / single}: {exc.strerror or exc}") from exc
        all_files = None
    walk_warnings = len(warnings)  # the walk's own warnings are found afresh on every scan
    cache_key = root if single is None else root / single  # a single file keeps its own cache
    cache = load_cache(cache_key) if use_cache else ScanCache({}, None, b"")
    stamps = cache.stamps
    stale: list[str] = []   # notes whose size, mtime or ctime differ from their stamp (or have none)
    for rel, st in notes:
        old = stamps.get(rel)
        if old is None or old[1] != st.st_mtime_ns or old[0] != st.st_size or old[2] != st.st_ctime_ns:
            stale.append(rel)
    # the snapshot of entries is written by the first re-scan that finds no note changed (so a cold
    # scan does not pay for it) and used by every later one while the collection's files stay the same
    unchanged = not stale and len(stamps) == len(notes)
    fingerprint = _files_fingerprint(all_files) if use_cache and unchanged and all_files is not None else None
    snapshot = cache.snapshot
    if fingerprint is not None and snapshot is not None and snapshot[0] == fingerprint:
        texts = FileTexts(root, {rel: old[3] for rel, old in stamps.items()}, _decoded, _respan)
        return _from_snapshot(root, snapshot, warnings, texts, all_files)
    known = cache.parsed() if stamps else {}
    stale_set = set(stale)
    misses: list[tuple[str, int, int, str]] = []  # (rel, size, cached size, cached digest) of files to read
    for rel, st in notes:
        if rel not in known:
            misses.append((rel, st.st_size, -1, ""))
        elif rel in stale_set:
            old = stamps[rel]
            misses.append((rel, st.st_size, old[0], old[3]))
    results = read_and_parse_all(root, misses, read_and_parse) if misses else {}
    new_stamps: dict[str, Stamp] = {}
    new_parsed: dict[str, Parsed] = {}
    digests: dict[str, str] = {}   # bodies are read back from the files, checked against these
    for rel, st in notes:
        result = results.get(rel)
        if result is None:
            new_stamps[rel] = stamps[rel]
            new_parsed[rel] = known[rel]
        else:
            status = result[0]
            if status == "refused":
                warnings.append(ScanWarning(result[1], rel, None, result[2]))
                continue
            if status == "same":
                new_stamps[rel] = stamp(result[1], st, stamps[rel][3], started_ns)
                new_parsed[rel] = known[rel]
            else:
                _, size, digest, fresh = result
                new_stamps[rel] = stamp(size, st, digest, started_ns)
                new_parsed[rel] = fresh
        digests[rel] = new_stamps[rel][3]
    texts = FileTexts(root, digests, _decoded, _respan)
    # packed before the entries share their strings and tuples: marshal keeps a table of every object
    # referred to more than once, and that table made packing afterwards about twice as slow (10,000 notes:
    # 34 ms against 18 ms)
    packed = (pack(new_parsed) if results or not unchanged else cache.packed) if use_cache else b""
    parsed = [(rel, *result) for rel, result in new_parsed.items()]
    multi_file = single is None and len(parsed) > 1
    resolver: ImageResolver | None = ImageResolver(all_files) if all_files is not None else None
    raws_all: list[tuple[str, RawEntry]] = []
    files: list[str] = []
    hints: list[tuple] = []
    under: Counter[str] = Counter()
    for rel, raws, file_warnings, kind, file_hints in parsed:
        if file_warnings:
            warnings.extend(ScanWarning(k, rel, line, msg) for k, line, msg in file_warnings)
        if kind == "binary":
            continue
        files.append(rel)
        if kind in ("index", "template") and multi_file and not (raws and _alone_in_folder(rel, parsed, under)):
            hints.extend(file_hints)  # (a folder's README with entries stays when no other note is under it)
            continue
        for t in raws:
            raws_all.append((rel, RawEntry(*t)))  # RawEntry.from_tuple, without its call
    apply_hints(raws_all, hints)
    tidy_categories(raws_all)
    if resolver is None and any(r.images for _, r in raws_all):
        resolver = ImageResolver(discover(str(root)).files)
    per_file = Counter(rel for rel, _ in raws_all)
    ids = assign_ids([(r.paper_key, r.norm_title, rel, r.start) for rel, r in raws_all])
    entries: list[Entry] = []
    snap_entries: list[tuple] | None = [] if fingerprint is not None else None
    one = {}.setdefault   # the snapshot stores each repeated string once (marshal writes the rest as references)
    for (rel, r), entry_id in zip(raws_all, ids, strict=False):
        images: list[ImageRef] = []
        for ref, line in r.images:
            if is_remote(ref) or ("{{" in ref and is_remote(expand_site_urls(ref.strip().strip("<>")))):
                continue  # a web address, also one a site URL gives (`{{ "https://..." }}`)
            resolved = resolver.resolve(ref, rel) if resolver is not None else None
            images.append(new_image_ref(ref, resolved, line))
            if resolved is None:
                warnings.append(ScanWarning("image", rel, line, missing_message(ref)))
        so, eo = r.offsets
        alone = per_file[rel] == 1
        entry = new_entry(entry_id, r.title, r.category, r.year, r.year_source, r.paper_key, rel, (r.start, r.end),
                          new_body_span(texts, so, eo, alone), tuple(r.links), r.short_name, r.venue,
                          tuple(r.note_tags), tuple(images), r.noted, _KINDS[r.kind], tuple(r.aliases))
        entries.append(entry)
        if snap_entries is not None:
            snap_entries.append((
                entry_id, entry.title, one(r.category, r.category), r.year, one(r.year_source, r.year_source),
                r.paper_key, rel, entry.lines, entry.links, one(r.short_name, r.short_name), one(r.venue, r.venue),
                tuple([one(t, t) for t in entry.note_tags]),
                tuple([(one(i.ref, i.ref), one(i.resolved, i.resolved), i.line) for i in images]),
                one(r.noted, r.noted), r.kind, so, eo, alone, entry.aliases))
    if use_cache:
        snap = None
        if fingerprint is not None:
            snap = (fingerprint, tuple(files), tuple(snap_entries),
                    tuple((w.kind, w.source, w.line, w.message) for w in warnings[walk_warnings:]))
        save_cache(cache_key, new_stamps, packed, snap)
    warnings.sort(key=lambda w: (w.source, w.line or 0))
    return Collection(root=root, files=files, entries=entries, warnings=warnings, _file_texts=texts,
                      all_files=all_files)


_now_ns = time.time_ns   # the clock the stamps are judged by (tests move it)


def _decoded(data: bytes) -> str:
    return decode_text(data)[0]


def _respan(rel: str, data: bytes) -> tuple[str, list[EntrySpan]]:
    """A file changed since the scan: its text now and where its entries lie in it (for FileTexts)."""
    text, raws, _, _, _ = parse_file(rel, data)
    spans = [EntrySpan(r.paper_key, r.norm_title, *r.offsets) for r in map(RawEntry.from_tuple, raws)]
    return text, spans


def _alone_in_folder(rel: str, parsed: list[tuple], under: Counter[str]) -> bool:
    """Whether no other parsed file lies in or under the folder of `rel` (a paper's folder holding its README);
    `under` (files per folder, counted on first use) is filled here."""
    folder = rel.rpartition("/")[0]
    if not folder:
        return False
    if not under:
        for other, *_ in parsed:
            while "/" in other:
                other = other.rpartition("/")[0]
                under[other] += 1
    return under[folder] == 1


def _files_fingerprint(all_files: set[str]) -> str:
    """A hash of every file of the collection (images resolve against them)."""
    return content_digest("\0".join(sorted(all_files)).encode("utf-8", "surrogatepass"))


def _from_snapshot(root: Path, snapshot: tuple, warnings: list[ScanWarning], texts: FileTexts,
                   all_files: set[str] | None) -> Collection:
    """The collection of the last scan, rebuilt from its snapshot (nothing changed since)."""
    _, files, entry_tuples, warning_tuples = snapshot
    kinds = _KINDS
    entries = [
        new_entry(eid, title, category, year, year_source, key, source, lines, new_body_span(texts, so, eo, alone),
                  links, short, venue, tags, tuple([new_image_ref(*i) for i in images]) if images else (),
                  noted, kinds[kind], aliases)
        for (eid, title, category, year, year_source, key, source, lines, links, short, venue, tags, images,
             noted, kind, so, eo, alone, aliases) in entry_tuples
    ]  # positional, in Entry's field order (a test compares this path with a fresh scan)
    warnings.extend(ScanWarning(*w) for w in warning_tuples)
    warnings.sort(key=lambda w: (w.source, w.line or 0))
    return Collection(root=root, files=list(files), entries=entries, warnings=warnings, _file_texts=texts,
                      all_files=all_files)
