"""One exported note: the body with highlight marks and rewritten paths, footnotes, and the
Highlights / Orphaned highlights sections."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from paperdesk.export.markdown_map import build_map
from paperdesk.export.marks import Insert, MarkRequest, apply_edits, plan_marks
from paperdesk.export.yaml_safe import load_mapping
from paperdesk.vocab import Status, color_name

_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|~=$^])")
_NUMBERED = re.compile(r"(\d+)[.)](?:\s|$)")
_REWRITE_HINTS = ("](", "<img", "<IMG", "<Img", "---", "[[")
# A `---` line, alone or inside quotes / list items: pandoc opens a YAML metadata block there
# wherever a new block starts (after a blank line of the same container, a bare list marker, a
# code block, an HTML block or a table), so it is written as `* * *` (the same rule) unless it can
# be the underline of the paragraph line above it (a setext heading, kept).
_RISKY_RULE = re.compile(r"^((?:[ \t]{0,3}>)*[ \t]*)---[ \t]*$")
_CONTAINER_ONLY = re.compile(r"^(?:[ \t]{0,3}>)*[ \t]*$")
_BLOCK_END = re.compile(r"^(?:[ \t]{0,3}>)*[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]*$|[<|]|#{1,6}(?:[ \t]|$)"
                        r"|(?:[-*_][ \t]*){3,}$|`{3,}|~{3,})|\|[ \t]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A body longer than this is not mapped character by character (the map of a 10 MB note takes
# seconds): it is written as it is, see _unmapped_body. The renderer's own cap is the same.
MAX_MAPPED_CHARS = 1_000_000


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
    pieces: tuple[tuple[str, bool], ...] = ()  # the quote with its formulas as TeX (piece, is_formula)


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
    wikilink: Callable[[str], str | None] = lambda written: None   # `[[...]]` -> an ordinary Markdown link


@dataclass
class NoteStats:
    """Counts for the export report."""

    inline: int = 0
    listed_only: int = 0
    orphans: int = 0
    warnings: list[str] = field(default_factory=list)


def escape_inline(text: str) -> str:
    """Text shown literally in Markdown: one line, no control characters, markup characters escaped."""
    return _ESCAPE.sub(r"\\\1", " ".join(_CONTROL.sub(" ", text).split()))


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


def split_front_matter(body: str) -> tuple[str, dict, int, str | None]:
    """Remove a YAML front matter block at the top of a body: (rest, data, lines removed, problem).

    A block that is not a plain mapping (aliases, deep nesting, invalid YAML) stays in the body,
    where `note_body` keeps it from being read as metadata, and `problem` says why.
    """
    lines = body.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return body, {}, 0, None
    for i in range(1, min(len(lines), 200)):
        if lines[i].rstrip() in ("---", "..."):
            data, problem = load_mapping("\n".join(lines[1:i]))
            if data is None:
                return body, {}, 0, f"front matter kept as text: it {problem}"
            rest = "\n".join(lines[i + 1:])
            return rest.lstrip("\n"), data, i + 1 + (len(rest) - len(rest.lstrip("\n"))), None
    return body, {}, 0, None


def _metadata_openers(body: str, line_starts: list[int], in_code: Callable[[int], bool]) -> list[tuple[int, int, str]]:
    """Replacements turning each `---` line that could open a YAML block into `* * *` (the same rule)."""
    out: list[tuple[int, int, str]] = []
    block_ended = True   # the line above cannot be continued: `---` would start a new block
    for start in line_starts:
        end = body.find("\n", start)
        end = len(body) if end < 0 else end
        line = body[start:end]
        m = _RISKY_RULE.match(line)
        code = in_code(start)
        if m and block_ended and not code:
            out.append((start, end, m.group(1) + "* * *"))
        block_ended = code or bool(_CONTAINER_ONLY.match(line) or _BLOCK_END.match(line))
    return out


def _fenced_code(body: str, line_starts: list[int]) -> Callable[[int], bool]:
    """Whether a position lies in fenced code, by a plain line scan (no full Markdown map)."""
    spans: list[tuple[int, int]] = []
    fence: str | None = None
    opened = 0
    for start in line_starts:
        line = body[start:body.find("\n", start) if body.find("\n", start) >= 0 else len(body)]
        m = _FENCE_OPEN.match(line)
        if fence is None and m:
            fence, opened = m.group(1), start
        elif fence is not None and m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            spans.append((opened, start + len(line)))
            fence = None
    if fence is not None:
        spans.append((opened, len(body)))
    return lambda pos: any(a <= pos < b for a, b in spans)


def _unmapped_body(body: str, live: list[HighlightInfo],
                   stats: NoteStats) -> tuple[str, list[str], list[str | None]]:
    """A body too large to map: written as it is (links and images not rewritten, highlights only
    listed), with `---` lines still kept from opening a YAML block."""
    starts = [0] + [i + 1 for i, ch in enumerate(body) if ch == "\n"]
    stats.listed_only += len(live)
    reasons: list[str | None] = [f"the note has more than {MAX_MAPPED_CHARS:,} characters"] * len(live)
    return apply_edits(body, [], _metadata_openers(body, starts, _fenced_code(body, starts))), [], reasons


def note_body(body: str, first_line: int, ann: EntryAnnotations, ctx: NoteContext,
              stats: NoteStats) -> tuple[str, list[str], list[str | None]]:
    """The body with marks and rewritten paths; footnote definitions; per live highlight None
    (marked inline) or the reason it is only listed."""
    live = [h for h in ann.highlights if not h.orphan]
    if not live and not any(s in body for s in _REWRITE_HINTS):
        return body, [], []          # nothing to mark or rewrite (most entries of a big export)
    if len(body) > MAX_MAPPED_CHARS:
        return _unmapped_body(body, live, stats)
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
    for start, end in mm.wikilinks:
        new = ctx.wikilink(body[start:end])
        if new is not None:
            replacements.append((start, end, new))
    replacements += _metadata_openers(body, mm.line_starts, mm.in_code_block)
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
            quote = shown_quote(h)
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


def shown_quote(h: HighlightInfo) -> str:
    """The highlight's quote for the Highlights list: text escaped, formulas kept as TeX."""
    if not any(is_formula for _, is_formula in h.pieces):
        return escape_inline(h.quote)
    out = []
    for piece, is_formula in h.pieces:
        if is_formula:
            out.append(piece)
            continue
        core = piece.strip()  # escape_inline trims; keep one space where the text had some
        lead = " " if piece[:1].isspace() else ""
        trail = " " if piece[-1:].isspace() and core else ""
        out.append(lead + (escape_inline(core) if core else "") + trail)
    return "".join(out).strip()
