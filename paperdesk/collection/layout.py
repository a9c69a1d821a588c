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
import re
from functools import lru_cache

from paperdesk.collection.dates import is_date_heading, parse_date
from paperdesk.collection.fields import front_matter_title
from paperdesk.collection.frontmatter import front_matter_end, parse_front_matter
from paperdesk.collection.markers import (
    BULLET_LEVEL,
    CJK,
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
from paperdesk.collection.notefacts import cjk_label, link_dominant
from paperdesk.collection.questions import question_spans
from paperdesk.collection.sections import IDENTITY_LABELS, cites_others, is_section_name

__all__ = ["YEAR_PREFIX", "FileLayout", "Marker", "Span", "clean_inline", "detect_layout"]

_IDENTITY_LINE = re.compile(
    r"(?i)\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?:title|authors?|year|venue|link|url|arxiv|paper(?: link| url)?|pdf|doi|"
    r"conference|journal|published|title and link|information)\s*(?:\*\*|__)?\s*[:：]"
)
# lazy: only whether it matches is used, and the lazy form finds that without backtracking over the URL
# "(?:h|H)(?i:ttps?..." is "(?i)https?...", spelt so that the regex engine skips to an "h" or "H"
_PAPER_URL = re.compile(
    r"(?:h|H)(?i:ttps?://[^\s)]*?(?:arxiv\.org|doi\.org|openreview\.net|aclanthology|proceedings|papers?\b|\.pdf\b|"
    r"semanticscholar|ieeexplore|dl\.acm\.org|springer|sciencedirect|nature\.com|science\.org|jmlr|pmlr))"
)
_CJK_IDENTITY = frozenset({"title", "authors", "year", "link", "venue"})
_LABEL_TEXT = re.compile(r"\s*([A-Za-z][A-Za-z ]{0,24}?)\s*[:：]?\s*$")


@lru_cache(maxsize=16384)
def _text_facts(text: str, heading: bool) -> tuple[int | None, bool, bool, bool, bool, bool]:
    """What a marker's text alone says: (year of a year heading, skip, strong, numbered, generic,
    long title). Section headings repeat across a collection, so this is cached."""
    if heading:
        ym = YEAR_HEADING.fullmatch(text)
        if ym:
            return int(ym.group(1)), False, False, False, False, False
        if is_date_heading(text):
            return None, True, False, False, False, False  # a month heading of a log: context, never an entry
    clean = clean_inline(text)
    skip = slug(clean) in SKIP_SECTIONS
    strong = bool(HAS_LINK.search(text) or YEAR_PREFIX.match(text) or YEAR_SUFFIX.match(text))
    numbered = bool(NUMBERED.match(text))
    generic = not strong and is_section_name(clean)
    long_title = len(text.split()) >= 4 or (bool(CJK.search(text)) and len(text) >= 6)
    return None, skip, strong, numbered, generic, long_title


def _classify(marker: Marker, lines: list[str]) -> None:
    text = marker.text
    year, skip, strong, numbered, generic, long_title = _text_facts(text, marker.level <= 6)
    if year is not None or (skip and marker.level <= 6 and not numbered and is_date_heading(text)):
        marker.year, marker.skip = year, skip
        return
    marker.skip, marker.strong, marker.numbered, marker.generic = skip, strong, numbered, generic
    if marker.level == BULLET_LEVEL:
        label = _LABEL_TEXT.fullmatch(marker.text)
        if marker.extra.lstrip().startswith((":", "：")) or (label and label.group(1).strip().lower() in IDENTITY_LABELS):
            marker.skip = True  # "* **Year**: 2017" is a metadata line, not a paper
            return
        marker.strong = marker.strong or "**" in marker.extra or bool(HAS_LINK.search(marker.extra))
        _look_below(marker, lines)  # a bullet's link on its metadata line makes it strong: always needed
    marker.long_numbered = numbered and long_title and not generic


def _look_below(marker: Marker, lines: list[str]) -> None:
    """Read the lines right below a marker: its own paper link, metadata lines ("Year:", "keywords:")."""
    meta = False
    j = marker.index + 1
    n = len(lines)
    for _ in range(3):
        while j < n and j < marker.index + 8 and not lines[j].strip():
            j += 1
        if j >= n or lines[j].startswith("#"):
            break
        if "://" in lines[j] and _PAPER_URL.search(lines[j]) and link_dominant(lines[j][:2000]):
            marker.identity = True  # its own paper link right below it ("## Title" / "https://arxiv.org/...")
            break
        cjk = None if lines[j].isascii() else cjk_label(lines[j][:200])  # "- 会议：CVPR 2016"
        if cjk is not None or META_LINE.match(lines[j]):
            meta = True
            marker.identity = cjk[0] in _CJK_IDENTITY if cjk else bool(_IDENTITY_LINE.match(lines[j]))
            if marker.level == BULLET_LEVEL and HAS_LINK.search(lines[j]):
                marker.strong = True
            break
        j += 1
    marker.meta = meta


def _mark_nested(headings: list[Marker], bullets: list[Marker]) -> None:
    """Flag markers inside a section of a note: under "Related work"/"References", or under a section
    word ("Method") that is not the file's lone top heading ("# Notes" above papers nests nothing)."""
    stack: list[Marker] = []
    levels = [h.level for h in headings]
    top = min(levels, default=0)
    lone = headings[levels.index(top)] if levels.count(top) == 1 else None
    # headings come in line order (scan_markers), so only bullets need merging in
    items = sorted([*headings, *bullets], key=lambda m: m.index) if bullets else headings
    for m in items:
        if m.level <= 6:
            while stack and stack[-1].level >= m.level:
                stack.pop()
        p = stack[-1] if stack else None
        m.nested = p is not None and (p.nested or (p.year is None and not is_date_heading(p.text) and (
            cites_others(p.text) or (p.generic and p is not lone))))
        if m.level <= 6:
            stack.append(m)


def _bullet_has_children(lines: list[str], marker: Marker) -> bool:
    j = next_nonblank(lines, marker.index + 1, marker.index + 4)
    return j < len(lines) and lines[j][:1] in (" ", "\t")


def _evidence(m: Marker, weak: int) -> bool:
    """Whether a candidate looks like a paper of its own: its link, year or "Year:"/"Link:" lines; in a
    file without a title of its own, also "keywords:"-style lines (weak >= 1); in a file that does not
    open with a paper's heading, also numbering with a long title (weak >= 2)."""
    return m.strong or m.identity or (weak >= 1 and m.meta) or (weak >= 2 and m.long_numbered)


def _candidate(h: Marker) -> bool:
    """Whether a heading may name a paper: not a year, a section word, a skipped or a nested heading."""
    return h.year is None and not h.skip and not h.generic and not h.nested and bool(h.text)


def _choose_level(headings: list[Marker], bullets: list[Marker], weak: int) -> tuple[int, list[Marker]]:
    """Return (entry level, its entry markers); level 0 when no level holds entries."""
    by_level: dict[int, list[Marker]] = {}
    for h in headings:
        if _candidate(h):
            by_level.setdefault(h.level, []).append(h)
    live = [b for b in bullets if not b.skip and not b.nested]
    if len(live) >= 2 and sum(1 for b in live if b.strong) * 2 >= len(live):
        by_level[BULLET_LEVEL] = live
    best_level, best_score = 0, 0.0
    for level in sorted(by_level):
        cands = by_level[level]
        score = sum(1 + 2 * _evidence(c, weak) for c in cands)
        if score > best_score:
            best_level, best_score = level, score
    if not best_level:
        return 0, []
    chosen = by_level[best_level]
    strong = sum(1 for c in chosen if _evidence(c, weak))
    if strong * 10 >= len(chosen) * 7:
        chosen = [c for c in chosen if _evidence(c, weak)]
    return best_level, chosen


def _single_top(headings: list[Marker], level: int) -> Marker | None:
    """The file's title heading: the only heading at the shallowest level, above the entry level."""
    named = [h for h in headings if h.year is None and h.text and not (h.skip and is_date_heading(h.text))]
    if not named:
        return None
    top = min(h.level for h in named)
    tops = [h for h in named if h.level == top]
    if len(tops) == 1 and top < level:
        return tops[0]
    return None


def _preamble_identity(lines: list[str], opaque: bytearray, start: int, first: int) -> bool:
    """Whether a paper's own metadata lines (Title:, Year:, Link: ...) come before the first candidate."""
    return any(not opaque[i] and _IDENTITY_LINE.match(lines[i]) for i in range(start, min(first, start + 40)))


def _is_multi(level: int, chosen: list[Marker], top: Marker | None, weak: int) -> bool:
    """Whether the candidates are papers of their own rather than sections of one paper's note."""
    if len(chosen) < 2 or (top is not None and top.strong):
        return False
    evidence = sum(1 for c in chosen if _evidence(c, weak))
    return evidence >= 2 and evidence * 2 >= len(chosen)


def _title_heading(headings: list[Marker]) -> Marker | None:
    """The heading that names a one-paper note: the first of its first headings that is not a section word."""
    for h in headings[:4]:
        if h.year is None and h.text and not h.generic and not h.skip:
            return h
    return None


def _one_of_sections(first: Marker, headings: list[Marker]) -> bool:
    """Whether a note's would-be title heading is one of several like it: nothing above its level, and
    another heading at its level that is no section word ("## The gist" / "## What they built")."""
    if first.level == 1 or any(h.level < first.level for h in headings):
        return False
    return any(h is not first and h.level == first.level and h.year is None and h.text and not h.generic
               and not h.skip for h in headings)


def _heading_spans(lines: list[str], headings: list[Marker], bullets: list[Marker],
                   level: int, chosen: list[Marker], layout: FileLayout) -> None:
    # a heading at the entry level that was a candidate but lacks a paper's evidence while most of its
    # siblings have it ("### Gamma Paper" among linked papers) ends no entry: its text stays in the
    # entry above it instead of belonging to none (never shown, searched or annotatable)
    kept = {id(c) for c in chosen}
    folded = {id(h) for h in headings if h.level == level and id(h) not in kept and _candidate(h)}
    boundaries = sorted(
        [h.index for h in headings if h.level <= level and id(h) not in folded]
        + ([b.index for b in bullets] if level == BULLET_LEVEL else [])
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
        noted = None
        for lv in sorted(stack, reverse=True):
            h = stack[lv]
            if lv >= level:
                continue
            if h.year is not None:
                if year is None:
                    year = h.year
            elif category is None and not h.skip and h.text:
                category = clean_inline(h.text)
            elif noted is None and h.skip and is_date_heading(h.text):
                noted = parse_date(h.text, year_alone=False)
        k = bisect.bisect_right(boundaries, c.index)
        end = boundaries[k] - 1 if k < len(boundaries) else n - 1
        while end > c.index and not lines[end].strip():
            end -= 1
        layout.spans.append(Span(c.index, end, "bullet" if level == BULLET_LEVEL else "heading", c, category, year,
                                 noted))


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
    _mark_nested(headings, bullets)
    # what lies below a heading matters only for an entry candidate and for the file's opening heading,
    # and never for a strong one (its identity and meta are read only as "strong or identity or ...")
    first_line = next_nonblank(lines, layout.content_start, len(lines))
    for k, h in enumerate(headings):
        if not h.strong and ((h.year is None and not h.skip and not h.generic and not h.nested and h.text) or (
                k == 0 and h.index == first_line)):
            _look_below(h, lines)
    # a level that holds section words ("Summary", "Method") is a level of sections: there, numbering and
    # "keywords:" lines mark no papers (links, year prefixes and "Year:"/"Link:" lines still do)
    section_levels = {h.level for h in headings if not h.strong and h.year is None
                      and (h.generic or (cites_others(h.text) and not is_date_heading(h.text)))}
    for h in headings:
        if h.level in section_levels:
            h.meta = h.long_numbered = False
    layout.headings = headings
    fm_title = front_matter_title(layout.front_matter)
    if fm_title:
        layout.title = fm_title
    named = [h for h in headings if h.year is None and h.text and not h.skip]
    shallowest = min(h.level for h in named) if named else 0
    tops = [h for h in named if h.level == shallowest]
    # "keywords:" lines and numbering mark papers only in a file without a title of its own
    opener = headings[0] if headings and headings[0].index == first_line else None
    titled = opener is not None and (opener.strong or opener.identity)  # "## [Title](link)" opening the file
    weak = (0 if len(tops) == 1 or layout.title is not None else 1 if titled else 2)
    level, chosen = _choose_level(headings, bullets, weak)
    top = _single_top(headings, level) if level else None
    if top is not None and layout.title is None and not top.generic:
        layout.title = clean_inline(top.text)
    if (level and _is_multi(level, chosen, top, weak)
            and not _preamble_identity(lines, opaque, layout.content_start, chosen[0].index)):
        layout.layout = "bullets" if level == BULLET_LEVEL else "headings"
        _heading_spans(lines, headings, bullets, level, chosen, layout)
        return layout
    if not headings and question_spans(lines, opaque, layout.content_start, layout):
        layout.layout = "questions"
        return layout
    start = next_nonblank(lines, layout.content_start, len(lines))
    if start >= len(lines):
        if layout.title and layout.content_start:  # a note that is all front matter
            layout.layout = "note"
            layout.spans.append(Span(0, layout.content_start - 1, "note", None, None, None))
        else:
            layout.layout = "empty"
        return layout
    end = len(lines) - 1
    while end > start and not lines[end].strip():
        end -= 1
    first = _title_heading(headings)
    category = None
    lone = [c for c in chosen if c.strong] if level else []
    if top is not None and not top.strong and len(lone) == 1 and lone[0].level > top.level:
        first = lone[0]  # "## Vision" / "### 2015 - [Title](link)": one linked paper under a topic heading
        category = None if top.generic else clean_inline(top.text)
    if first is not None and layout.content_start and layout.title is None and _one_of_sections(first, headings):
        first = None  # a note with properties is named by its file (Obsidian), not by its first section
    elif first is None and headings and layout.title is None:
        layout.title = clean_inline(headings[0].text) or None  # a section word beats nothing in a lone file
    # front matter (an editor's note properties) or metadata lines near the top make a heading-less,
    # untitled file a note (not needed otherwise)
    if headings or layout.title or layout.content_start or any(
            ":" in line and META_LINE.match(line) for line in lines[start:min(end + 1, start + 25)]):
        layout.layout = "note"
        layout.spans.append(Span(start, end, "note", first, category, None))
    else:
        layout.layout = "unrecognised"
        layout.spans.append(Span(start, end, "unrecognised", None, None, None))
    return layout
