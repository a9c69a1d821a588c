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
from dataclasses import dataclass, field

from paperdesk.collection.frontmatter import front_matter_end, parse_front_matter

BULLET_LEVEL = 7
MAX_TITLE = 1000  # longer heading text is cut: titles are for display, and regexes stay fast

_SETEXT = re.compile(r"(?:={3,}|-{3,})[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"\s{0,3}(?:[-*+>#|]|\d{1,9}[.)]\s|<|```|~~~|\$\$|[-=_*]{3,}\s*$)")
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*))?$")
_BULLET = re.compile(r"[*+-][ \t]+\*\*(.+?)\*\*(.*)$")
_NUM_BULLET = re.compile(r"\d{1,4}[.)][ \t]+\*\*(.+?)\*\*(.*)$")
_YEAR_HEADING = re.compile(r"(?i)(?:year\s*)?((?:19|20)\d\d)(?:\s*(?:papers?|年))?:?")
# "2024 - Title", "[2019] Title", "(2021): Title": a year before a title (shared with metadata.py)
YEAR_PREFIX = re.compile(r"(?:[\[(]((?:19|20)\d\d)[\])]\s*[-–—:|.]?|((?:19|20)\d\d)\s*[-–—:|.])\s*(?=\S)")
_YEAR_SUFFIX = re.compile(r".*\S\s*\(((?:19|20)\d\d)\)\s*$")
_NUMBERED = re.compile(r"\d{1,4}[.)]\s+\S")
_HAS_LINK = re.compile(r"\]\(|https?://", re.IGNORECASE)
_META_LINE = re.compile(
    r"(?i)\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(keywords?|tags?|summary|link|url|year|venue|authors?|"
    r"title and link|paper|information|tl;?dr|arxiv|conference)\b"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_QUESTION_LABEL = re.compile(r"[A-Za-z]{1,12}\s*:\s")
_LIST_START = re.compile(r"(?:[-*+•]|\d{1,3}[.)])(?:\s|$)")
_EMPHASIS = re.compile(r"(?<!\w)[*_](\S(?:[^\n]{0,200}?\S)?)[*_](?!\w)")
_SLUG = re.compile(r"[\W_]+")
_MD_LINK = re.compile(r"!?\[([^\]]{0,500})\]\([^)]{0,2000}\)?")

SKIP_SECTIONS = frozenset(
    ["progress", "contents", "table-of-contents", "toc", "references", "bibliography", "todo", "to-do", "license", "licence", "about", "changelog", "acknowledgements", "acknowledgments", "index", "links", "see-also", "further-reading"]
)
GENERIC_SECTIONS = frozenset(
    ["summary", "abstract", "introduction", "intro", "method", "methods", "methodology", "approach", "results", "result", "experiments", "experiment", "evaluation", "conclusion", "conclusions", "discussion", "notes", "note", "thoughts", "comments", "key-ideas", "key-idea", "ideas", "idea", "contributions", "contribution", "limitations", "limitation", "background", "related-work", "motivation", "problem", "takeaways", "takeaway", "questions", "strengths", "weaknesses", "pros", "cons", "overview", "details", "implementation", "analysis", "tldr", "tl-dr", "review", "my-notes", "code", "data", "datasets", "dataset", "model", "architecture", "training", "setup", "future-work", "open-questions", "highlights", "main-idea", "core-idea", "insights", "references", "links", "resources"]
)
SMALL_WORDS = frozenset(["a", "an", "and", "or", "of", "the", "for", "in", "on", "with", "to", "vs", "via", "from", "by", "at", "as", "is", "its"])


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-")


def clean_inline(text: str) -> str:
    """Strip Markdown emphasis, links (keeping their text) and stray punctuation from a one-line title."""
    if "](" in text:
        text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\1", text)
    return " ".join(text.split()).strip(" :-–—|#")


@dataclass
class Marker:
    """A structural line: a heading, a bold bullet, a question or a topic line."""

    index: int          # 0-based line index
    level: int          # 1-6 for headings, BULLET_LEVEL for bullets, 0 for topics, 8 for questions
    text: str           # heading text / bold text / question line
    extra: str = ""     # for bullets: the rest of the line, e.g. "(**ABBR**)"
    year: int | None = None        # a pure year heading ("# 2022")
    strong: bool = False           # link, year prefix or numbering in the marker
    paperish: bool = False         # strong, metadata lines below, or a long non-generic title
    skip: bool = False             # a section such as "Progress" or "Contents"
    generic: bool = False          # a section name such as "Summary" or "Method"


@dataclass
class Span:
    """Lines of one entry, with the context the layout gives it."""

    start: int                   # 0-based first line
    end: int                     # 0-based last line (inclusive)
    kind: str                    # "heading" | "bullet" | "question" | "note" | "unrecognised"
    marker: Marker | None
    category: str | None = None  # nearest non-year heading above / topic line
    year: int | None = None      # from a year heading above


@dataclass
class FileLayout:
    """The layout of one file: its entry spans plus file-level facts."""

    lines: list[str]
    spans: list[Span] = field(default_factory=list)
    front_matter: dict[str, str | list[str]] = field(default_factory=dict)
    content_start: int = 0        # first line after front matter
    title: str | None = None      # the file's own title (front matter or lone top heading)
    layout: str = "unrecognised"
    headings: list[Marker] = field(default_factory=list)


def _scan_markers(lines: list[str], start: int) -> tuple[list[Marker], list[Marker], bytearray]:
    """Return (headings, bold bullets, opaque-line mask) for lines from `start`."""
    n = len(lines)
    opaque = bytearray(n)
    for i in range(start):
        opaque[i] = 1
    headings: list[Marker] = []
    bullets: list[Marker] = []
    fence = ""
    closer = ""
    for i in range(start, n):
        line = lines[i]
        if fence:
            opaque[i] = 1
            s = line.strip()
            if s.startswith(fence) and not s.strip(fence[0]):
                fence = ""
            continue
        if closer:
            opaque[i] = 1
            if closer in line.lower():
                closer = ""
            continue
        if not line:
            continue
        c = line[0]
        if c in "=-" and i > start and _SETEXT.match(line):
            prev = lines[i - 1]
            if prev.strip() and not opaque[i - 1] and not prev.startswith(("    ", "\t")) and not _NOT_PARAGRAPH.match(prev):
                headings.append(Marker(i - 1, 1 if c == "=" else 2, prev.strip()))
                continue
        if c == "#":
            m = _HEADING.match(line)
            if m:
                text = (m.group(2) or "")[:MAX_TITLE].rstrip("#").strip()
                headings.append(Marker(i, len(m.group(1)), text))
        elif c in "*-+":
            if (len(line) > 4 and line[2:4] == "**") or "**" in line[:6]:
                m = _BULLET.match(line)
                if m:
                    bullets.append(Marker(i, BULLET_LEVEL, m.group(1)[:MAX_TITLE].strip(), m.group(2)[:MAX_TITLE].strip()))
        elif c.isdigit():
            if "**" in line[:8]:
                m = _NUM_BULLET.match(line)
                if m:
                    bullets.append(Marker(i, BULLET_LEVEL, m.group(1)[:MAX_TITLE].strip(), m.group(2)[:MAX_TITLE].strip()))
        elif c == "<":
            low = line[:12].lower()
            for tag, end in (("<script", "</script>"), ("<style", "</style>"), ("<!--", "-->")):
                if low.startswith(tag):
                    opaque[i] = 1
                    if end not in line.lower()[len(tag):]:
                        closer = end
                    break
        elif c in " \t`~":
            s = line.lstrip()
            if s[:3] in ("```", "~~~"):
                opaque[i] = 1
                fc = s[0]
                k = len(s) - len(s.lstrip(fc))
                if fc == "`" and "`" in s[k:]:
                    continue  # inline code, not a fence
                fence = fc * k
    return headings, bullets, opaque


def _next_nonblank(lines: list[str], i: int, limit: int) -> int:
    n = min(len(lines), limit)
    while i < n and not lines[i].strip():
        i += 1
    return i


def _classify(marker: Marker, lines: list[str]) -> None:
    text = marker.text
    if marker.level <= 6:
        ym = _YEAR_HEADING.fullmatch(text)
        if ym:
            marker.year = int(ym.group(1))
            return
    slug = _slug(clean_inline(text))
    marker.skip = slug in SKIP_SECTIONS
    marker.generic = slug in GENERIC_SECTIONS
    marker.strong = bool(
        _HAS_LINK.search(text) or YEAR_PREFIX.match(text) or _NUMBERED.match(text) or _YEAR_SUFFIX.match(text)
    )
    if marker.level == BULLET_LEVEL:
        marker.strong = marker.strong or "**" in marker.extra or bool(_HAS_LINK.search(marker.extra))
    meta = False
    j = marker.index + 1
    for _ in range(3):
        j = _next_nonblank(lines, j, marker.index + 8)
        if j >= len(lines) or lines[j].startswith("#"):
            break
        if _META_LINE.match(lines[j]):
            meta = True
            if marker.level == BULLET_LEVEL and _HAS_LINK.search(lines[j]):
                marker.strong = True
            break
        j += 1
    words = len(text.split())
    long_title = words >= 4 or (bool(_CJK.search(text)) and len(text) >= 6)
    marker.paperish = marker.strong or meta or (long_title and not marker.generic)


def _bullet_has_children(lines: list[str], marker: Marker) -> bool:
    j = _next_nonblank(lines, marker.index + 1, marker.index + 4)
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


def _is_topic(text: str) -> bool:
    if not 3 <= len(text) <= 60 or "\t" in text or text[-1] in ".:;,?!)" or text[0] in "-*+[($!<|>":
        return False
    words = text.replace("/", " / ").split()
    if len(words) > 8 or text.lower().startswith(("figure", "fig.", "table")):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) > 3 and text.upper() == text:
        return False
    caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS or not w[0].isalpha())
    return caps == len(words) and (text[0].isupper() or text[0].isdigit())


def _is_label(text: str) -> bool:
    """A short caption-like line ("Photograph", "Input"): such runs are figure labels, not topics."""
    return len(text) <= 30 and text[0].isalnum() and text[-1] not in ".:;,?!)" and "\t" not in text


def _question_spans(lines: list[str], opaque: bytearray, start: int, layout: FileLayout) -> bool:
    """Split heading-less text into one entry per question line, grouped under topic lines."""
    n = len(lines)
    questions: list[int] = []
    labelled: list[int] = []
    prev_blank = True
    for i in range(start, n):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            prev_blank = True
            continue
        was_blank = prev_blank
        prev_blank = False
        if opaque[i] or not was_blank or stripped[-1] != "?" or line[0] in " \t" or len(stripped) > 300:
            continue
        if "\t" in stripped or _LIST_START.match(stripped) or stripped[0] in "|>$<!#":
            continue
        (labelled if _QUESTION_LABEL.match(stripped) else questions).append(i)
    if len(labelled) > len(questions):
        questions = sorted(questions + labelled)
    if len(questions) < 2:
        return False
    topics: dict[int, str] = {}
    for q in questions:
        j = q - 1
        while j >= start and not lines[j].strip():
            j -= 1
        if j >= start and j < q - 1 and not opaque[j] and _is_topic(lines[j].strip()):
            k = j - 1
            while k >= start and not lines[k].strip():
                k -= 1
            # not the last of a run of blank-separated figure labels ("Input", "Photograph", ...)
            if k < start or k == j - 1 or not _is_label(lines[k].strip()):
                topics[q] = lines[j].strip()
    current: str | None = None
    topic_line_of: dict[int, int] = {}
    for q in topics:
        j = q - 1
        while not lines[j].strip():
            j -= 1
        topic_line_of[q] = j
    for k, q in enumerate(questions):
        if q in topics:
            current = topics[q]
        if k + 1 < len(questions):
            nq = questions[k + 1]
            end = topic_line_of.get(nq, nq) - 1
        else:
            end = n - 1
        while end > q and not lines[end].strip():
            end -= 1
        layout.spans.append(Span(q, end, "question", Marker(q, 8, lines[q].strip()), current, None))
    return True


def detect_layout(lines: list[str]) -> FileLayout:
    """Split the lines of one file into entry spans (see the module docstring)."""
    layout = FileLayout(lines)
    fm_end = front_matter_end(lines)
    if fm_end > 0:
        layout.front_matter = parse_front_matter(lines, fm_end)
        layout.content_start = fm_end + 1
    headings, bullets, opaque = _scan_markers(lines, layout.content_start)
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
    if not headings and _question_spans(lines, opaque, layout.content_start, layout):
        layout.layout = "questions"
        return layout
    start = _next_nonblank(lines, layout.content_start, len(lines))
    if start >= len(lines):
        layout.layout = "empty"
        return layout
    end = len(lines) - 1
    while end > start and not lines[end].strip():
        end -= 1
    named = [h for h in headings if h.year is None and h.text]
    first = named[0] if named else None
    has_meta = any(_META_LINE.match(lines[i]) and (":" in lines[i]) for i in range(start, min(end + 1, start + 25)))
    if first is not None or has_meta or layout.title:
        layout.layout = "note"
        layout.spans.append(Span(start, end, "note", first, None, None))
    else:
        layout.layout = "unrecognised"
        layout.spans.append(Span(start, end, "unrecognised", None, None, None))
    return layout
