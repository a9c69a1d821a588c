"""export_entries: entries + annotations -> a folder of Markdown notes (or one file), images,
an index and a manifest; deterministic bytes, never overwriting a file paperdesk did not write."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from paperdesk.atomic import atomic_write_bytes
from paperdesk.errors import UserError
from paperdesk.export.index_file import index_markdown, legend_markdown
from paperdesk.export.manifest import MANIFEST_NAME, Manifest, sha256
from paperdesk.export.names import folder_name, slugify, url_path
from paperdesk.export.note_text import (
    EntryAnnotations,
    HighlightInfo,
    NoteContext,
    NoteStats,
    escape_inline,
    highlight_sections,
    note_body,
    split_front_matter,
)
from paperdesk.export.yaml_block import front_matter
from paperdesk.vocab import default_palette, effective_tags

SINGLE_FILE_NAME = "paperdesk-notes.md"
INDEX_NAME = "index.md"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
NOTE_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass
class ExportReport:
    """What an export did."""

    out_dir: Path
    files: list[str] = field(default_factory=list)          # every file of this export (posix, relative)
    written: list[str] = field(default_factory=list)        # files whose bytes changed on disk
    unchanged: list[str] = field(default_factory=list)
    images_copied: list[str] = field(default_factory=list)  # asset files of this export
    unresolved_images: list[str] = field(default_factory=list)   # "source:line: ref"
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (wanted, used): a foreign file held the name
    refused: list[str] = field(default_factory=list)        # foreign files left untouched
    warnings: list[str] = field(default_factory=list)
    entries: int = 0
    highlights_inline: int = 0
    highlights_listed_only: int = 0
    orphans: int = 0

    def summary(self, limit: int = 10) -> str:
        """A few lines for the command line (at most `limit` lines per kind of problem)."""
        lines = [
            f"exported {self.entries} entries to {self.out_dir}: {len(self.files)} files "
            f"({len(self.written)} written, {len(self.unchanged)} unchanged), {len(self.images_copied)} images",
            f"highlights: {self.highlights_inline} marked inline, {self.highlights_listed_only} listed only, "
            f"{self.orphans} orphaned (listed apart)",
        ]
        for wanted, used in self.renamed:
            lines.append(f"renamed: {wanted} exists and was not written by paperdesk; wrote {used} instead")
        lines += _capped("unresolved image (left as written)", self.unresolved_images, limit)
        lines += _capped("warning", self.warnings, limit)
        return "\n".join(lines)


def _capped(label: str, items: list[str], limit: int) -> list[str]:
    lines = [f"{label}: {item}" for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"{label}: ... and {len(items) - limit} more")
    return lines


def gather_annotations(entry: Any, collection: Any, store: Any | None, warnings: list[str]) -> EntryAnnotations:
    """Tags, status, status date and freshly anchored highlights of one entry."""
    tags = effective_tags(entry, store)
    if store is None:
        return EntryAnnotations(tags=tags)
    history = store.status_history(entry.paper_key)
    stored = store.highlights(entry.id)
    infos: list[HighlightInfo] = []
    spans = None
    text = ""
    if stored:
        # Re-anchor against the entry's current text, read-only: the export never writes to the
        # store (it may run in a worker thread while the window uses the store).
        try:
            from paperdesk.render import render_entry

            text = render_entry(entry, collection).text
            spans = [(a.highlight, a.start, a.end) for a in store.reanchor(entry.id, text)]
        except Exception as exc:  # a rendering failure must not stop the export
            spans = None
            warnings.append(f"{entry.source}: could not re-anchor highlights of {entry.title!r} ({exc}); "
                            "using their stored places")
    if spans is not None:
        for h, start, end in spans:
            orphan = start is None or end is None
            infos.append(HighlightInfo(
                h.id, h.color, h.note or "", h.quote if orphan else text[start:end],
                h.prefix, h.suffix, None if orphan else start / max(1, len(text)), orphan, h.created,
            ))
    else:
        for h in stored:
            infos.append(HighlightInfo(h.id, h.color, h.note or "", h.quote, h.prefix, h.suffix, None,
                                       bool(h.orphan), h.created))
    infos.sort(key=lambda i: (i.orphan, i.position if i.position is not None else 2.0, i.id))
    return EntryAnnotations(
        tags=tags, status=store.status(entry.paper_key),
        status_changed=history[-1][0] if history else None, highlights=tuple(infos),
    )


def _metadata(entry: Any, ann: EntryAnnotations, extra: dict | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"title": " ".join(_CONTROL.sub(" ", entry.title).split()) or "Untitled"}
    if entry.links:
        data["links"] = list(entry.links)
    data["paper_key"] = entry.paper_key
    # A one-item list: readers that split a scalar category on spaces (Jekyll style) keep it whole.
    data["categories"] = [entry.category]
    data["year"] = entry.year
    if entry.venue:
        data["venue"] = entry.venue
    if entry.short_name:
        data["short_name"] = entry.short_name
    data["tags"] = list(ann.tags)
    data["status"] = ann.status
    if ann.status_changed:
        data["status_changed"] = ann.status_changed
    created = sorted(h.created for h in ann.highlights if h.created)
    if created:
        data["first_highlight"] = created[0]
        data["last_highlight"] = created[-1]
    data["highlights"] = len(ann.highlights)
    data["source"] = entry.source
    data["lines"] = [int(entry.lines[0]), int(entry.lines[1])]
    data["entry_id"] = entry.id
    if extra:
        data["note_front_matter"] = extra
    return data


class _Plan:
    """Names of every output file, decided before any content is written."""

    def __init__(self, out_dir: Path, manifest: Manifest, report: ExportReport) -> None:
        self.out_dir = out_dir
        self.manifest = manifest
        self.report = report
        self.used: set[str] = set()

    def _folder_ok(self, rel: str) -> bool:
        """A folder we may write into: absent, or a real folder (not a file, not a symlink)."""
        path = self.out_dir / rel
        if path.is_symlink():
            return False
        return not path.exists() or path.is_dir()

    def claim(self, wanted: str) -> str:
        """`wanted`, or a free name (`stem-N.ext`, or `folder-N/` when a foreign file or link holds
        a folder's name) when something paperdesk did not write is in the way."""
        parts = wanted.split("/")
        for k in range(len(parts) - 1):
            original, n = parts[k], 1
            while not self._folder_ok("/".join(parts[:k + 1])):
                n += 1
                parts[k] = f"{original}-{n}"
                if n > 10_000:
                    raise UserError(f"cannot find a free folder name for {wanted!r} in {self.out_dir}")
        folder, _, name = "/".join(parts).rpartition("/")
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        prefix = f"{folder}/" if folder else ""
        candidate = prefix + name
        n = 1
        while candidate.casefold() in self.used or not self.manifest.owns(candidate):
            if candidate.casefold() not in self.used and candidate not in self.report.refused:
                self.report.refused.append(candidate)
            n += 1
            if n > 10_000:
                raise UserError(f"cannot find a free file name for {wanted!r} in {self.out_dir}")
            candidate = prefix + (f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}")
        if candidate != wanted:
            self.report.renamed.append((wanted, candidate))
        self.used.add(candidate.casefold())
        return candidate


def _note_paths(entries: list[Any]) -> dict[str, str]:
    """Entry id -> wanted relative path: <category folder>/<year>-<title slug>.md, unique."""
    folders: dict[str, str] = {}
    for cat in sorted({e.category for e in entries}):
        folders.setdefault(folder_name(cat).casefold(), folder_name(cat))
    wanted: dict[str, str] = {}
    for e in entries:
        folder = folders[folder_name(e.category).casefold()]
        wanted[e.id] = f"{folder}/{e.year or 'undated'}-{slugify(e.title)}.md"
    counts: dict[str, int] = {}
    for path in wanted.values():
        counts[path.casefold()] = counts.get(path.casefold(), 0) + 1
    for e in entries:
        path = wanted[e.id]
        if counts[path.casefold()] > 1:
            wanted[e.id] = f"{path[:-3]}-{slugify(e.id, 12)}.md"
    return wanted


def _asset_source(root: Path, resolved: str) -> Path | None:
    """The collection file an image resolves to, if it is a regular file inside the root."""
    if not resolved or resolved.startswith("/") or "\x00" in resolved:
        return None
    path = root / resolved
    try:
        real = path.resolve()
        if not real.is_file() or not (real == root.resolve() or root.resolve() in real.parents):
            return None
    except OSError:
        return None
    return path


def _replace_file(path: Path, data: bytes) -> None:
    """Write through a temporary file and an atomic rename (no fsync per file: an export of
    thousands of notes stays fast; the manifest, written last, is the durable record)."""
    atomic_write_bytes(path, data, durable=False)


def _write(out_dir: Path, rel: str, data: bytes, manifest: Manifest, report: ExportReport) -> None:
    path = out_dir / rel
    report.files.append(rel)
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        report.unchanged.append(rel)
    else:
        _replace_file(path, data)
        report.written.append(rel)
    manifest.files[rel] = sha256(data)


def export_entries(collection: Any, store: Any | None, entries: list[Any], out_dir: Path, *,
                   single_file: bool = False, html_marks: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> ExportReport:
    """Export `entries` of `collection` with the annotations in `store` (may be None) to `out_dir`.

    One Markdown file per entry in a folder per category (or one combined file), images under
    assets/, an index.md, and a manifest (.paperdesk-export.json) of the files written, so a
    second export gives the same bytes and a file paperdesk did not write is never overwritten.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir} exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    root = Path(collection.root)
    manifest = Manifest.load(out_dir)
    report = ExportReport(out_dir=out_dir, entries=len(entries))
    if out_dir.resolve() == root.resolve() or root.resolve() in out_dir.resolve().parents:
        report.warnings.append("the export folder is inside the collection: its next scan will see the export")
    palette = list(store.palette()) if store is not None else default_palette()
    entries = list(entries)
    total = len(entries)

    # Annotations are gathered entry by entry while writing (re-anchoring renders the entries that
    # have highlights, the slow part), so progress moves steadily.
    annotations: dict[str, EntryAnnotations] = {}

    # Names, decided before writing anything so links and the index point at the final files.
    plan = _Plan(out_dir, manifest, report)
    plan.used.add(MANIFEST_NAME.casefold())
    if single_file:
        combined = plan.claim(SINGLE_FILE_NAME)
        note_path = {e.id: combined for e in entries}
    else:
        wanted = _note_paths(entries)
        note_path = {e.id: plan.claim(wanted[e.id]) for e in entries}
        index_path = plan.claim(INDEX_NAME)
    assets: dict[str, tuple[str, Path]] = {}  # resolved collection path -> (export path, source)
    for e in entries:
        for ref in e.images:
            source = _asset_source(root, ref.resolved) if ref.resolved else None
            if source is None:
                report.unresolved_images.append(f"{e.source}:{ref.line}: {ref.ref}")
                continue
            if ref.resolved not in assets:
                assets[ref.resolved] = (plan.claim(f"assets/{ref.resolved}"), source)

    by_source: dict[str, list[Any]] = {}
    for e in sorted(entries, key=lambda x: (x.source, x.lines[0])):
        by_source.setdefault(e.source, []).append(e)
    all_sources = set(getattr(collection, "files", []) or []) | {e.source for e in collection.entries}
    title_slugs = {e.id: slugify(e.title, 1000) for e in entries}

    def anchor_of(e: Any) -> str:
        return f"entry-{slugify(e.id, 40)}"

    def ctx_for(e: Any, number: int) -> NoteContext:
        here = posixpath.dirname(note_path[e.id])
        images = {(r.line, r.ref.strip()): r for r in e.images}
        by_ref = {r.ref.strip(): r for r in e.images}

        def image_url(line: int, ref: str) -> str | None:
            key = ref.strip()
            found = images.get((line, key)) or by_ref.get(key) or by_ref.get(unquote(key))
            if found is None or found.resolved not in assets:
                return None
            return url_path(posixpath.relpath(assets[found.resolved][0], here or "."))

        def link_url(url: str) -> str | None:
            url = url.strip()
            if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
                return None
            path, _, anchor = url.partition("#")
            path = unquote(path)
            if not path.lower().endswith(NOTE_SUFFIXES):
                return None
            target = posixpath.normpath(posixpath.join(posixpath.dirname(e.source), path))
            if target.startswith("../") or target == "..":
                return None
            candidates = by_source.get(target)
            if not candidates:
                if target in all_sources:
                    report.warnings.append(f"{e.source}: link to {url} points at a note that was not exported")
                return None
            chosen = candidates[0]
            if anchor:
                chosen = next((c for c in candidates if title_slugs[c.id] == slugify(unquote(anchor), 1000)),
                              candidates[0])
            if single_file:
                return f"#{anchor_of(chosen)}"
            rel = url_path(posixpath.relpath(note_path[chosen.id], here or "."))
            return f"{rel}#{anchor}" if anchor else rel

        prefix = f"e{number}-hl-" if single_file else "hl-"
        return NoteContext(palette=palette, html_marks=html_marks, footnote_prefix=prefix,
                           section_level=3 if single_file else 2, image_url=image_url, link_url=link_url)

    def entry_parts(e: Any, number: int) -> tuple[dict[str, Any], str]:
        ann = annotations[e.id] = gather_annotations(e, collection, store, report.warnings)
        body, extra, removed = split_front_matter(e.body)
        stats = NoteStats()
        text, definitions, reasons = note_body(body, e.lines[0] + removed, ann, ctx_for(e, number), stats)
        report.highlights_inline += stats.inline
        report.highlights_listed_only += stats.listed_only
        report.orphans += sum(1 for h in ann.highlights if h.orphan)
        ctx = ctx_for(e, number)
        # Sections sit one level below the entry's own heading, so they read (and re-import) as
        # parts of the entry rather than as entries of their own.
        first_heading = _first_heading_level(body)
        ctx.section_level = min(6, max(ctx.section_level, (first_heading or 1) + 1))
        sections = highlight_sections(ann, reasons, ctx)
        chunks = [text.rstrip("\n") + "\n"]
        if first_heading is None and not single_file:
            # A note without any heading gets its title as one, so that readers (and importers)
            # see one titled note rather than loose lines.
            chunks.insert(0, f"# {escape_inline(e.title) or 'Untitled'}\n")
        if sections:
            chunks.append(sections)
        if definitions:
            chunks.append("\n".join(definitions) + "\n")
        return _metadata(e, ann, extra or None), "\n".join(chunks)

    contents: dict[str, bytes] = {}
    if single_file:
        parts: list[str] = []
        metas = []
        ordered = sorted(entries, key=_index_order)
        last_cat = None
        for number, e in enumerate(ordered, 1):
            meta, text = entry_parts(e, number)
            metas.append({k: meta[k] for k in ("title", "paper_key", "categories", "year", "tags", "status")})
            if e.category != last_cat:
                parts.append(f"# {_heading_text(e.category)}\n")
                last_cat = e.category
            ann = annotations[e.id]
            facts = [f"**Status**: {ann.status}", f"**Year**: {e.year or 'undated'}"]
            if ann.tags:
                facts.append("**Tags**: " + ", ".join(_heading_text(t) for t in ann.tags))
            if e.venue:
                facts.append(f"**Venue**: {_heading_text(e.venue)}")
            if e.links:
                facts.append(f"**Link**: <{e.links[0]}>" if _SCHEME.match(e.links[0]) else "")
            parts.append(f'<a id="{anchor_of(e)}"></a>\n\n## {_heading_text(e.title) or "Untitled"}\n\n'
                         + " · ".join(f for f in facts if f) + "\n\n" + text)
            if progress:
                progress(number, total)
        head = front_matter({"title": "Paper notes", "generator": "paperdesk", "entries": metas})
        rows = [(e, annotations[e.id], f"#{anchor_of(e)}") for e in ordered]
        index = index_markdown(rows, palette, collection_name=root.name, standalone=False)
        legend = legend_markdown(palette, level=1)
        contents[combined] = (head + "\n" + index + "\n" + legend + "\n" + "\n".join(parts)).encode("utf-8")
    else:
        for number, e in enumerate(entries, 1):
            meta, text = entry_parts(e, number)
            contents[note_path[e.id]] = (front_matter(meta) + "\n" + text).encode("utf-8")
            if progress:
                progress(number, total)
        rows = [(e, annotations[e.id], note_path[e.id]) for e in sorted(entries, key=_index_order)]
        contents[index_path] = index_markdown(rows, palette, collection_name=root.name).encode("utf-8")

    for rel in sorted(contents):
        _write(out_dir, rel, contents[rel], manifest, report)
    for _resolved, (rel, source) in sorted(assets.items()):
        try:
            data = source.read_bytes()
        except OSError as exc:
            report.warnings.append(f"could not read image {source}: {exc}")
            continue
        _write(out_dir, rel, data, manifest, report)
        report.images_copied.append(rel)
    manifest.save()
    return report


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_FENCE_LINE = re.compile(r"^\s*(```|~~~)")


def _first_heading_level(body: str) -> int | None:
    """Level of the first ATX heading outside fenced code, or None."""
    in_fence = False
    for line in body.split("\n"):
        if _FENCE_LINE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            match = _ATX.match(line)
            if match:
                return len(match.group(1))
    return None


def _index_order(e: Any) -> tuple:
    return (e.category.casefold(), e.year is None, -(e.year or 0), e.title.casefold(), e.id)


def _heading_text(text: str) -> str:
    return escape_inline(text)
