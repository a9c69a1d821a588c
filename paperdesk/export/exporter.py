"""export_entries: entries + annotations -> a folder of Markdown notes (or one file), images,
an index and a manifest; deterministic bytes, never overwriting a file paperdesk did not write."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperdesk.collection.own_link import paper_link
from paperdesk.errors import UserError
from paperdesk.export.index_file import index_markdown, legend_markdown
from paperdesk.export.links import LinkMap, anchor_of
from paperdesk.export.manifest import MANIFEST_NAME, Manifest
from paperdesk.export.markdown_map import build_map
from paperdesk.export.names import asset_path
from paperdesk.export.note_text import (
    EntryAnnotations,
    HighlightInfo,
    NoteStats,
    escape_inline,
    highlight_sections,
    note_body,
    split_front_matter,
)
from paperdesk.export.plan import NamePlan, asset_source, note_paths, write_file
from paperdesk.export.yaml_block import front_matter, writable
from paperdesk.render.math_marks import MathMark, math_marks, quote_pieces
from paperdesk.render.wikilinks import WIKILINK, WikiIndex, index_for, is_image, parse
from paperdesk.vocab import default_palette, effective_tags

SINGLE_FILE_NAME = "paperdesk-notes.md"
INDEX_NAME = "index.md"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


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
    skipped: list[str] = field(default_factory=list)        # ids of entries that could not be exported
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
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} entries that could not be exported (see the warnings)")
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
    marks: list[MathMark] = []
    if stored:
        # Re-anchor against the entry's current text, read-only: the export never writes to the
        # store (it may run in a worker thread while the window uses the store).
        try:
            from paperdesk.render import render_entry

            rendered = render_entry(entry, collection)
            if rendered.cut_off:    # the source, not the rendered text: anchoring would mislead
                raise ValueError("rendering was cut off by its time limit")
            text = rendered.text
            marks = math_marks(rendered.html)
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
                () if orphan else tuple(quote_pieces(text, start, end, marks)),
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


def export_entries(collection: Any, store: Any | None, entries: list[Any], out_dir: Path, *,
                   single_file: bool = False, html_marks: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> ExportReport:
    """Export `entries` of `collection` with the annotations in `store` (may be None) to `out_dir`.

    One Markdown file per entry in a folder per category (or one combined file), images under
    assets/, an index.md, and a manifest (.paperdesk-export.json) of the files written, so a
    second export gives the same bytes and a file paperdesk did not write is never overwritten.
    An entry that cannot be exported is reported (`skipped`, and a warning) and left out; the
    rest of the export goes on.
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
    run = _Run(collection, store, list(entries), report, single_file, html_marks,
               list(store.palette()) if store is not None else default_palette())
    plan = NamePlan(out_dir, manifest, report)
    plan.used.add(MANIFEST_NAME.casefold())
    links, sources = _plan_names(run, plan, root)
    contents = _single_file(run, links, root.name, progress) if single_file else _note_files(run, links, progress)
    try:
        for rel in sorted(contents):
            write_file(out_dir, rel, contents[rel], manifest, report)
        for rel, source in sorted(sources.items()):
            try:
                data = source.read_bytes()
            except OSError as exc:
                report.warnings.append(f"could not read image {source}: {exc}")
                continue
            write_file(out_dir, rel, data, manifest, report)
            report.images_copied.append(rel)
    except OSError:   # a full disk mid-way: the files written so far are still ours next time
        with contextlib.suppress(OSError):
            manifest.save()
        raise
    manifest.save()
    return report


@dataclass
class _Run:
    """One export's inputs and what it learned along the way."""

    collection: Any
    store: Any | None
    entries: list[Any]
    report: ExportReport
    single_file: bool
    html_marks: bool
    palette: list[tuple[str, str]]
    annotations: dict[str, EntryAnnotations] = field(default_factory=dict)
    index_path: str = INDEX_NAME          # index.md, or the combined file with single_file


def _plan_names(run: _Run, plan: NamePlan, root: Path) -> tuple[LinkMap, dict[str, Path]]:
    """Final names of every note, the index and each image (before anything is written)."""
    if run.single_file:
        run.index_path = plan.claim(SINGLE_FILE_NAME)
        note_path = {e.id: run.index_path for e in run.entries}
    else:
        wanted = note_paths(run.entries)
        note_path = {e.id: plan.claim(wanted[e.id]) for e in run.entries}
        run.index_path = plan.claim(INDEX_NAME)
    assets: dict[str, str] = {}       # resolved collection path -> exported path
    sources: dict[str, Path] = {}     # exported path -> collection file
    wiki = index_for(run.collection)
    for e in run.entries:
        refs = [(ref.line, ref.ref, ref.resolved) for ref in e.images] + _embedded_images(e, wiki)
        for line, written, resolved in refs:
            source = asset_source(root, resolved) if resolved else None
            if source is None or resolved is None:
                run.report.unresolved_images.append(f"{e.source}:{line}: {written}")
                continue
            if resolved not in assets:
                assets[resolved] = plan.claim(f"assets/{asset_path(resolved)}")
                sources[assets[resolved]] = source
    all_sources = set(getattr(run.collection, "files", []) or []) | {e.source for e in run.collection.entries}
    links = LinkMap(note_path, assets, run.entries, all_sources, run.single_file, run.report.warnings, wiki=wiki)
    return links, sources


def _embedded_images(entry: Any, wiki: WikiIndex) -> list[tuple[int, str, str | None]]:
    """(line, as written, collection path or None) of each image an entry embeds as `![[name]]`, outside code."""
    body = entry.body
    if "![[" not in body:
        return []
    mm = build_map(body, with_key=False)
    found: list[tuple[int, str, str | None]] = []
    for start, end in mm.wikilinks:
        match = WIKILINK.fullmatch(body, start, end)
        link = parse(match.group(2), embed=True) if match and match.group(1) else None
        if link is None or not link.target:
            continue
        path = wiki.resolve(link.target, entry.source)
        if (path and is_image(path)) or (path is None and is_image(link.target)):
            found.append((entry.lines[0] + mm.line_of(start), link.target, path))
    return found


def _entry_parts(run: _Run, links: LinkMap, e: Any, number: int) -> tuple[dict[str, Any], str]:
    """Front matter data and Markdown text of one entry."""
    report = run.report
    ann = run.annotations[e.id] = gather_annotations(e, run.collection, run.store, report.warnings)
    body, extra, removed, problem = split_front_matter(e.body)
    if problem:
        report.warnings.append(f"{e.source}:{e.lines[0]}: {problem}")
    stats = NoteStats()
    ctx = links.context(e, number, run.palette, run.html_marks)
    text, definitions, reasons = note_body(body, e.lines[0] + removed, ann, ctx, stats)
    report.highlights_inline += stats.inline
    report.highlights_listed_only += stats.listed_only
    report.orphans += sum(1 for h in ann.highlights if h.orphan)
    # Sections sit one level below the entry's own heading, so they read (and re-import) as
    # parts of the entry rather than as entries of their own.
    first_heading = _first_heading_level(body)
    ctx.section_level = min(6, max(ctx.section_level, (first_heading or 1) + 1))
    sections = highlight_sections(ann, reasons, ctx)
    chunks = [text.rstrip("\n") + "\n"]
    if first_heading is None and not run.single_file:
        # A note without any heading gets its title as one, so that readers (and importers)
        # see one titled note rather than loose lines.
        chunks.insert(0, f"# {escape_inline(e.title) or 'Untitled'}\n")
    if sections:
        chunks.append(sections)
    if definitions:
        chunks.append("\n".join(definitions) + "\n")
    return _metadata(e, ann, extra or None), "\n".join(chunks)


def _exported_parts(run: _Run, links: LinkMap, entries: list[Any],
                    progress: Callable[[int, int], None] | None) -> list[tuple[Any, dict[str, Any], str]]:
    """(entry, front matter, text) of each entry that could be exported; the others are reported."""
    done: list[tuple[Any, dict[str, Any], str]] = []
    for number, e in enumerate(entries, 1):
        try:
            meta, text = _entry_parts(run, links, e, number)
        except (Exception, RecursionError) as exc:   # one hostile note must not stop the export
            run.annotations.pop(e.id, None)
            run.report.skipped.append(e.id)
            run.report.warnings.append(f"{e.source}:{e.lines[0]}: {e.title[:80]!r} not exported "
                                       f"({type(exc).__name__}: {str(exc)[:120]})")
        else:
            done.append((e, meta, text))
        if progress:
            progress(number, len(entries))
    return done


def _note_files(run: _Run, links: LinkMap, progress: Callable[[int, int], None] | None) -> dict[str, bytes]:
    """One file per exported entry, and the index."""
    contents: dict[str, bytes] = {}
    done = _exported_parts(run, links, run.entries, progress)
    for e, meta, text in done:
        contents[links.note_path[e.id]] = writable(front_matter(meta) + "\n" + text).encode("utf-8")
    rows = [(e, run.annotations[e.id], links.note_path[e.id]) for e, _m, _t in sorted(done, key=lambda d: _index_order(d[0]))]
    index = index_markdown(rows, run.palette, collection_name=Path(run.collection.root).name)
    contents[run.index_path] = writable(index).encode("utf-8")
    return contents


def _single_file(run: _Run, links: LinkMap, name: str, progress: Callable[[int, int], None] | None) -> dict[str, bytes]:
    """The combined file: front matter listing every entry, the index, the legend, then the entries."""
    parts: list[str] = []
    metas = []
    last_cat = None
    done = _exported_parts(run, links, sorted(run.entries, key=_index_order), progress)
    for e, meta, text in done:
        metas.append({k: meta[k] for k in ("title", "paper_key", "categories", "year", "tags", "status")})
        if e.category != last_cat:
            parts.append(f"# {_heading_text(e.category)}\n")
            last_cat = e.category
        ann = run.annotations[e.id]
        facts = [f"**Status**: {ann.status}", f"**Year**: {e.year or 'undated'}"]
        if ann.tags:
            facts.append("**Tags**: " + ", ".join(_heading_text(t) for t in ann.tags))
        if e.venue:
            facts.append(f"**Venue**: {_heading_text(e.venue)}")
        own = paper_link(e)
        if own and _SCHEME.match(own):
            facts.append(f"**Link**: <{own}>")
        parts.append(f'<a id="{anchor_of(e)}"></a>\n\n## {_heading_text(e.title) or "Untitled"}\n\n'
                     + " · ".join(facts) + "\n\n" + text)
    head = front_matter({"title": "Paper notes", "generator": "paperdesk", "entries": metas})
    rows = [(e, run.annotations[e.id], f"#{anchor_of(e)}") for e, _m, _t in done]
    index = index_markdown(rows, run.palette, collection_name=name, standalone=False)
    legend = legend_markdown(run.palette, level=1)
    return {run.index_path: writable(head + "\n" + index + "\n" + legend + "\n" + "\n".join(parts)).encode("utf-8")}


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
