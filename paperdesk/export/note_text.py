"""One exported note: the body with highlight marks and rewritten paths, footnotes, and the
Highlights / Orphaned highlights sections."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from paperdesk.export.markdown_map import build_map
from paperdesk.export.marks import Insert, MarkRequest, apply_edits, plan_marks
from paperdesk.vocab import Status, color_name

_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|~=$^])")
_NUMBERED = re.compile(r"(\d+)[.)](?:\s|$)")
_REWRITE_HINTS = ("](", "<img", "<IMG", "<Img", "---")
_RISKY_RULE = re.compile(r"^---[ \t]*$")


@dataclass(frozen=True)
class HighlightInfo:
    """A highlight as the export needs it (from store.Highlight plus a fresh anchoring)."""

    id: str
    color: int
    note: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    position: float | None = None   # relative position in the rendered text
    orphan: bool = False
    created: str = ""


@dataclass(frozen=True)
class EntryAnnotations:
    """What the store knows about one entry."""

    tags: tuple[str, ...] = ()
    status: Status = Status.UNREAD
    status_changed: str | None = None
    highlights: tuple[HighlightInfo, ...] = ()


@dataclass
class NoteContext:
    """How to write one note: marks style, palette, and rewriters for image and note links."""

    palette: list[tuple[str, str]]
    html_marks: bool = False
    footnote_prefix: str = "hl-"
    section_level: int = 2
    image_url: Callable[[int, str], str | None] = lambda line, ref: None   # (source line, ref) -> new
    link_url: Callable[[str], str | None] = lambda url: None


@dataclass
class NoteStats:
    """Counts for the export report."""

    inline: int = 0
    listed_only: int = 0
    orphans: int = 0
    warnings: list[str] = field(default_factory=list)


def escape_inline(text: str) -> str:
    """Text shown literally in Markdown: one line, markup characters escaped."""
    return _ESCAPE.sub(r"\\\1", " ".join(text.split()))


def escape_block(text: str, indent: str) -> str:
    """Multi-line text shown literally, continuation lines indented with `indent`."""
    lines = []
    for line in text.strip().splitlines():
        escaped = _ESCAPE.sub(r"\\\1", line.strip())
        numbered = _NUMBERED.match(escaped)
        if numbered:
            escaped = numbered.group(1) + "\\" + escaped[len(numbered.group(1)):]
        elif escaped[:1] in ("-", "+") and escaped[1:2] in ("", " ", "\t"):
            escaped = "\\" + escaped
        lines.append(escaped)
    return ("\n" + indent).join(line if line else "" for line in lines).replace(indent + "\n", "\n")


def color_label(color: int, palette: list[tuple[str, str]]) -> str:
    """"yellow" or "yellow (method)" for a palette index."""
    name = color_name(color)
    meaning = palette[color][1] if 0 <= color < len(palette) else ""
    return f"{name} ({meaning})" if meaning else name


def _html_mark(color: int, palette: list[tuple[str, str]]) -> tuple[str, str]:
    hexcolor = palette[color][0] if 0 <= color < len(palette) else "#ffe066"
    return f'<mark class="hl-{color}" style="background-color: {hexcolor}">', "</mark>"


def split_front_matter(body: str) -> tuple[str, dict, int]:
    """Remove a YAML front matter block at the top of a body: (rest, data, lines removed)."""
    lines = body.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return body, {}, 0
    for i in range(1, min(len(lines), 200)):
        if lines[i].rstrip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:i]))
            except yaml.YAMLError:
                return body, {}, 0
            if not isinstance(data, dict):
                return body, {}, 0
            rest = "\n".join(lines[i + 1:])
            return rest.lstrip("\n"), data, i + 1 + (len(rest) - len(rest.lstrip("\n")))
    return body, {}, 0


def note_body(body: str, first_line: int, ann: EntryAnnotations, ctx: NoteContext,
              stats: NoteStats) -> tuple[str, list[str], list[str | None]]:
    """The body with marks and rewritten paths; footnote definitions; per live highlight None
    (marked inline) or the reason it is only listed."""
    live = [h for h in ann.highlights if not h.orphan]
    if not live and not any(s in body for s in _REWRITE_HINTS):
        return body, [], []          # nothing to mark or rewrite (most entries of a big export)
    mm = build_map(body, with_key=bool(live))
    requests = []
    footnotes: list[str] = []
    for h in live:
        if ctx.html_marks:
            open_mark, close_mark = _html_mark(h.color, ctx.palette)
        else:
            open_mark, close_mark = "==", "=="
        fallback = _html_mark(h.color, ctx.palette)
        label = None
        if h.note.strip():
            label = f"[^{ctx.footnote_prefix}{len(footnotes) + 1}]"
        requests.append(MarkRequest(h.quote, h.prefix, h.suffix, h.position, open_mark, close_mark,
                                    fallback[0], fallback[1], label))
        if label:
            footnotes.append(label)
    # The first line names the entry (an importer reads the title there): keep it unmarked.
    first = next((i for i, start in enumerate(mm.line_starts) if body[start:].split("\n", 1)[0].strip()), 0)
    reasons: list[str | None] = []
    inserts, placed = plan_marks(mm, requests, frozenset({first}), reasons)
    # Footnotes only for placed highlights; renumber so labels stay consecutive.
    kept: list[Insert] = []
    definitions: list[str] = []
    number = 0
    for request, ok, h in zip(requests, placed, live, strict=True):
        if request.footnote and ok:
            number += 1
            label = f"[^{ctx.footnote_prefix}{number}]"
            kept_label = request.footnote
            for ins in inserts:
                if ins.text == kept_label and ins.order == 1:
                    kept.append(Insert(ins.pos, 1, label))
            note = escape_block(h.note, "    ")
            definitions.append(f"{label}: {color_label(h.color, ctx.palette).capitalize()}: {note}")
    inserts = [i for i in inserts if i.order != 1] + kept
    stats.inline += sum(placed)
    stats.listed_only += len(placed) - sum(placed)

    replacements: list[tuple[int, int, str]] = []
    for start, end in mm.image_urls:
        line = first_line + mm.line_of(start)
        new = ctx.image_url(line, body[start:end])
        if new is not None:
            replacements.append((start, end, new))
    for start, end in mm.link_urls:
        new = ctx.link_url(body[start:end])
        if new is not None:
            replacements.append((start, end, new))
    # A `---` line after a blank line opens a YAML block for pandoc: write it as `* * *` (same rule).
    for li, start in enumerate(mm.line_starts):
        line_end = body.find("\n", start)
        line_end = len(body) if line_end < 0 else line_end
        if _RISKY_RULE.match(body[start:line_end]) and not mm.in_code_block(start):
            previous_blank = li == 0 or not body[mm.line_starts[li - 1]:start].strip()
            if previous_blank:
                replacements.append((start, line_end, "* * *"))
    return apply_edits(body, inserts, replacements), definitions, reasons


def highlight_sections(ann: EntryAnnotations, reasons: list[str | None], ctx: NoteContext) -> str:
    """The "Highlights" and "Orphaned highlights" sections (empty string when there are none)."""
    hashes = "#" * ctx.section_level
    parts: list[str] = []
    live = [h for h in ann.highlights if not h.orphan]
    orphans = [h for h in ann.highlights if h.orphan]
    if live:
        items = []
        for h, reason in zip(live, reasons, strict=True):
            quote = escape_inline(h.quote)
            if ctx.html_marks:
                open_mark, close_mark = _html_mark(h.color, ctx.palette)
                shown = f"{open_mark}{quote}{close_mark}"
            else:
                shown = f"=={quote}==" if quote and not quote.startswith(" ") else quote
            line = f"- {shown} — *{color_label(h.color, ctx.palette)}*"
            if h.note.strip():
                line += ": " + escape_block(h.note, "  ")
            if reason:
                line += f" *(not marked in the text above: {reason})*"
            items.append(line)
        parts.append(f"{hashes} Highlights\n\n" + "\n".join(items) + "\n")
    if orphans:
        items = []
        for h in orphans:
            line = f"- {escape_inline(h.quote)} — *{color_label(h.color, ctx.palette)}*"
            if h.note.strip():
                line += ": " + escape_block(h.note, "  ")
            if h.created:
                line += f" (highlighted {h.created[:10]})"
            items.append(line)
        parts.append(
            f"{hashes} Orphaned highlights\n\n"
            "These highlights no longer match the note's text; they are kept here so nothing is lost.\n\n"
            + "\n".join(items) + "\n"
        )
    return "\n".join(parts)
