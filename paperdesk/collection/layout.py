"""Layout detection: split a note file into entry spans with no per-file configuration.

One mechanism for every layout: the file is read once into *markers* (ATX headings, top-level
bold bullets, and - for heading-less text - question and topic lines), skipping front matter,
code fences, HTML comments and <script>/<style> blocks. Each heading level (and the bullet
level) is a candidate "entry level", scored by how paper-like its markers are (links, year
prefixes, numbering, metadata lines under them, long titles). The best level gives the entries;
shallower headings above an entry give its category and year. A file with one title heading
(or metadata lines) is a single note; plain text with question lines is split per question.
"""


from __future__ import annotations

import bisect

from paperdesk.collection.frontmatter import front_matter_end, parse_front_matter
from paperdesk.collection.markers import (
    BULLET_LEVEL,
    CJK,
    GENERIC_SECTIONS,
    HAS_LINK,
    META_LINE,
    NUMBERED,
    SKIP_SECTIONS,
    YEAR_HEADING,
    YEAR_PREFIX,
    YEAR_SUFFIX,
    FileLayout,
    Marker,
    Span,
    clean_inline,
    next_nonblank,
    scan_markers,
    slug,
)
from paperdesk.collection.questions import question_spans

__all__ = ["YEAR_PREFIX", "FileLayout", "Marker", "Span", "clean_inline", "detect_layout"]

def _classify(marker: Marker, lines: list[str]) -> None:
    text = marker.text
    if marker.level <= 6:
        ym = YEAR_HEADING.fullmatch(text)
        if ym:
            marker.year = int(ym.group(1))
            return
    key = slug(clean_inline(text))
    marker.skip = key in SKIP_SECTIONS
    marker.generic = key in GENERIC_SECTIONS
    marker.strong = bool(
        HAS_LINK.search(text) or YEAR_PREFIX.match(text) or NUMBERED.match(text) or YEAR_SUFFIX.match(text)
    )
    if marker.level == BULLET_LEVEL:
        marker.strong = marker.strong or "**" in marker.extra or bool(HAS_LINK.search(marker.extra))
    meta = False
    j = marker.index + 1
    for _ in range(3):
        j = next_nonblank(lines, j, marker.index + 8)
        if j >= len(lines) or lines[j].startswith("#"):
            break
        if META_LINE.match(lines[j]):
            meta = True
            if marker.level == BULLET_LEVEL and HAS_LINK.search(lines[j]):
                marker.strong = True
            break
        j += 1
    words = len(text.split())
    long_title = words >= 4 or (bool(CJK.search(text)) and len(text) >= 6)
    marker.paperish = marker.strong or meta or (long_title and not marker.generic)


def _bullet_has_children(lines: list[str], marker: Marker) -> bool:
    j = next_nonblank(lines, marker.index + 1, marker.index + 4)
    return j < len(lines) and lines[j][:1] in (" ", "\t")


def _choose_level(headings: list[Marker], bullets: list[Marker]) -> tuple[int, list[Marker]]:
    """Return (entry level, its entry markers); level 0 when no level holds entries."""
    by_level: dict[int, list[Marker]] = {}
    for h in headings:
        if h.year is None and not h.skip and not h.generic and h.text:
            by_level.setdefault(h.level, []).append(h)
    if len(bullets) >= 2 and sum(1 for b in bullets if b.strong) * 2 >= len(bullets):
        by_level[BULLET_LEVEL] = bullets
    best_level, best_score = 0, 0.0
    for level in sorted(by_level):
        cands = by_level[level]
        score = sum(1 + 2 * c.strong + c.paperish for c in cands)
        if score > best_score:
            best_level, best_score = level, score
    if not best_level:
        return 0, []
    chosen = by_level[best_level]
    strong = sum(1 for c in chosen if c.strong)
    if strong * 10 >= len(chosen) * 7:
        chosen = [c for c in chosen if c.strong]
    return best_level, chosen


def _single_top(headings: list[Marker], level: int) -> Marker | None:
    """The file's title heading: the only heading at the shallowest level, above the entry level."""
    named = [h for h in headings if h.year is None and h.text]
    if not named:
        return None
    top = min(h.level for h in named)
    tops = [h for h in named if h.level == top]
    if len(tops) == 1 and top < level:
        return tops[0]
    return None


def _is_multi(level: int, chosen: list[Marker], top: Marker) -> bool:
    """Whether a file with one title heading really holds papers below it (rather than sections)."""
    if len(chosen) == 1:  # one linked/numbered paper under a plain title heading
        return chosen[0].strong and not top.strong and not top.paperish
    if len(chosen) < 2:
        return False
    evidence = sum(1 for c in chosen if c.strong or c.paperish)
    strong_or_meta = sum(1 for c in chosen if c.strong)
    if level == BULLET_LEVEL:
        return strong_or_meta >= 2
    # without links/years/numbering, ask for metadata lines or long titles under most of them
    return strong_or_meta >= 2 or (evidence * 2 >= len(chosen) and evidence >= 2)


def _heading_spans(lines: list[str], headings: list[Marker], bullets: list[Marker],
                   level: int, chosen: list[Marker], layout: FileLayout) -> None:
    boundaries = sorted(
        [h.index for h in headings if h.level <= level] + ([b.index for b in bullets] if level == BULLET_LEVEL else [])
    )
    stack: dict[int, Marker] = {}
    heading_iter = iter(headings)
    pending = next(heading_iter, None)
    n = len(lines)
    for c in chosen:
        while pending is not None and pending.index < c.index:
            for lv in [lv for lv in stack if lv >= pending.level]:
                del stack[lv]
            stack[pending.level] = pending
            pending = next(heading_iter, None)
        category = None
        year = None
        for lv in sorted(stack, reverse=True):
            h = stack[lv]
            if lv >= level:
                continue
            if h.year is not None:
                if year is None:
                    year = h.year
            elif category is None and not h.skip and h.text:
                category = clean_inline(h.text)
        k = bisect.bisect_right(boundaries, c.index)
        end = boundaries[k] - 1 if k < len(boundaries) else n - 1
        while end > c.index and not lines[end].strip():
            end -= 1
        layout.spans.append(Span(c.index, end, "bullet" if level == BULLET_LEVEL else "heading", c, category, year))


def detect_layout(lines: list[str]) -> FileLayout:
    """Split the lines of one file into entry spans (see the module docstring)."""
    layout = FileLayout(lines)
    fm_end = front_matter_end(lines)
    if fm_end > 0:
        layout.front_matter = parse_front_matter(lines, fm_end)
        layout.content_start = fm_end + 1
    headings, bullets, opaque = scan_markers(lines, layout.content_start)
    bullets = [b for b in bullets if _bullet_has_children(lines, b)]
    for m in headings:
        _classify(m, lines)
    for b in bullets:
        _classify(b, lines)
    layout.headings = headings
    fm_title = layout.front_matter.get("title")
    if isinstance(fm_title, str) and fm_title:
        layout.title = fm_title
    level, chosen = _choose_level(headings, bullets)
    top = _single_top(headings, level) if level else None
    if top is not None and layout.title is None:
        layout.title = clean_inline(top.text)
    if level and ((len(chosen) >= 2 and top is None) or (top is not None and _is_multi(level, chosen, top))):
        layout.layout = "bullets" if level == BULLET_LEVEL else "headings"
        _heading_spans(lines, headings, bullets, level, chosen, layout)
        return layout
    if not headings and question_spans(lines, opaque, layout.content_start, layout):
        layout.layout = "questions"
        return layout
    start = next_nonblank(lines, layout.content_start, len(lines))
    if start >= len(lines):
        layout.layout = "empty"
        return layout
    end = len(lines) - 1
    while end > start and not lines[end].strip():
        end -= 1
    named = [h for h in headings if h.year is None and h.text]
    first = named[0] if named else None
    has_meta = any(META_LINE.match(lines[i]) and (":" in lines[i]) for i in range(start, min(end + 1, start + 25)))
    if first is not None or has_meta or layout.title:
        layout.layout = "note"
        layout.spans.append(Span(start, end, "note", first, None, None))
    else:
        layout.layout = "unrecognised"
        layout.spans.append(Span(start, end, "unrecognised", None, None, None))
    return layout
