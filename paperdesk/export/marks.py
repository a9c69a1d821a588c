"""Placing highlight marks in Markdown: find each quote (offsets refer to rendered text, not to the
Markdown), then wrap it without splitting markup pairs and never inside code or math."""

from __future__ import annotations

from dataclasses import dataclass

from paperdesk.export.markdown_map import MarkdownMap, significant

MAX_CANDIDATES = 200


@dataclass(frozen=True)
class MarkRequest:
    """One highlight to place: its quote and context, and the marks to put around it."""

    quote: str
    prefix: str = ""
    suffix: str = ""
    position: float | None = None      # relative position (0..1) in the rendered text
    open_mark: str = "=="
    close_mark: str = "=="
    fallback_open: str = "<mark>"       # used when `==` would touch another `=`
    fallback_close: str = "</mark>"
    footnote: str | None = None         # text inserted after the mark, e.g. "[^hl-1]"


@dataclass(frozen=True)
class Insert:
    """Text to insert at a position of the Markdown; `order` sorts inserts at the same position."""

    pos: int
    order: int
    text: str


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def locate(mm: MarkdownMap, quote: str, prefix: str = "", suffix: str = "",
           position: float | None = None) -> tuple[int, int] | None:
    """Find a quote in the map's visible text: (first, last+1) indices into `mm.key`, or None.

    Ignores whitespace and emphasis-like characters on both sides; among several occurrences the
    one whose surroundings agree best with prefix/suffix, then nearest to `position`, wins.
    """
    qkey, _ = significant(quote)
    if not qkey:
        return None
    key = mm.key
    found: list[int] = []
    at = key.find(qkey)
    while at >= 0 and len(found) < MAX_CANDIDATES:
        found.append(at)
        at = key.find(qkey, at + 1)
    if not found:
        return None
    if len(found) == 1:
        return found[0], found[0] + len(qkey)
    pkey, _ = significant(prefix)
    skey, _ = significant(suffix)

    def score(at: int) -> tuple[float, int]:
        agree = _common_suffix(key[max(0, at - len(pkey)):at], pkey)
        agree += _common_prefix(key[at + len(qkey):at + len(qkey) + len(skey)], skey)
        distance = abs(at / max(1, len(key)) - position) if position is not None else 0.0
        return (agree - distance, -at)

    best = max(found, key=score)
    return best, best + len(qkey)


def _cell_border(mm: MarkdownMap, start: int, end: int) -> bool:
    """Whether text[start:end] holds a `|` that is not a wikilink's alias bar."""
    at = mm.text.find("|", start, end)
    while at >= 0:
        if not any(a < at < b for a, b in mm.wikilinks):
            return True
        at = mm.text.find("|", at + 1, end)
    return False


def segments(mm: MarkdownMap, first: int, last: int) -> list[tuple[int, int]] | None:
    """Markdown ranges (one per line) to wrap for key range [first, last); None inside code."""
    positions = mm.key_pos[first:last]
    if not positions or any(mm.in_code_block(p) for p in positions):
        return None
    groups: dict[int, list[list[int]]] = {}
    for p in positions:
        runs = groups.setdefault(mm.line_of(p), [])
        # a table cell border (or any `|` but a wikilink's alias bar) between two characters starts a new run
        if runs and not _cell_border(mm, runs[-1][-1] + 1, p):
            runs[-1].append(p)
        else:
            runs.append([p])
    result: list[tuple[int, int]] = []
    for line in sorted(groups):
        for run in groups[line]:
            s, e = _balance(mm, run[0], run[-1] + 1)
            if result and s <= result[-1][1]:   # balancing made two runs meet: one mark
                s, e = min(s, result[-1][0]), max(e, result[-1][1])
                result.pop()
            result.append((s, e))
    return result


def _balance(mm: MarkdownMap, s: int, e: int) -> tuple[int, int]:
    """Grow [s, e) until no atom is cut and every markup pair is wholly in or out."""
    changed = True
    while changed:
        changed = False
        for a, b in mm.atoms:
            if a < s < b:
                s, changed = a, True
            if a < e < b:
                e, changed = b, True
        for os_, oe, cs, ce in (*mm.pairs, *mm.links):
            has_open = s <= os_ and oe <= e
            has_close = s <= cs and ce <= e
            cut = os_ < s < oe or os_ < e < oe or cs < s < ce or cs < e < ce
            if has_open != has_close or cut:
                ns, ne = min(s, os_), max(e, ce)
                if (ns, ne) != (s, e):
                    s, e, changed = ns, ne, True
    return s, e


NOT_FOUND = "not found as written in the note"
IN_CODE = "inside code"
OVERLAP = "overlaps another highlight"
TITLE_LINE = "on the note's title line"


def plan_marks(mm: MarkdownMap, requests: list[MarkRequest], skip_lines: frozenset[int] = frozenset(),
               reasons: list[str | None] | None = None) -> tuple[list[Insert], list[bool]]:
    """Inserts that mark every request that can be placed, and for each request whether it was.

    Nothing is marked on `skip_lines` (0-based), e.g. the line an importer reads the title from.
    When `reasons` is given, it receives per request None (placed) or why it was not placed.
    """
    why: list[str | None] = reasons if reasons is not None else []
    text = mm.text
    inserts: list[Insert] = []
    placed: list[bool] = []
    taken: list[tuple[int, int]] = []
    for request in requests:
        found = locate(mm, request.quote, request.prefix, request.suffix, request.position)
        spans = segments(mm, *found) if found else None
        reason = NOT_FOUND if not found else IN_CODE if spans is None else None
        if spans and skip_lines:
            spans = [(s, e) for s, e in spans if mm.line_of(s) not in skip_lines]
            reason = None if spans else TITLE_LINE
        if spans and any(s < te and ts < e for s, e in spans for ts, te in taken):
            reason = OVERLAP
        if reason is not None:
            placed.append(False)
            why.append(reason)
            continue
        why.append(None)
        open_mark, close_mark = request.open_mark, request.close_mark
        if "=" in open_mark + close_mark:
            touches = any(
                (s > 0 and text[s - 1] == "=") or (e < len(text) and text[e] == "=")
                or any(s == te or e == ts for ts, te in taken)
                for s, e in spans
            )
            if touches:
                open_mark, close_mark = request.fallback_open, request.fallback_close
        for s, e in spans:
            inserts.append(Insert(s, 2, open_mark))
            inserts.append(Insert(e, 0, close_mark))
            taken.append((s, e))
        if request.footnote:
            at = spans[-1][1]
            for os_, _oe, _cs, ce in mm.links:
                if os_ < at < ce:
                    at = ce
            inserts.append(Insert(at, 1, request.footnote))
        placed.append(True)
    return inserts, placed


def apply_edits(text: str, inserts: list[Insert], replacements: list[tuple[int, int, str]]) -> str:
    """Apply inserts and non-overlapping replacements (start, end, new text) to `text`."""
    events: list[tuple[int, int, int, str]] = [(i.pos, i.order, i.pos, i.text) for i in inserts]
    events += [(s, 1, e, new) for s, e, new in replacements]
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out: list[str] = []
    cursor = 0
    for start, _order, end, new in events:
        if start < cursor:
            continue  # overlapping replacement: keep the first
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
