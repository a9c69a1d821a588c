"""Structural lines of a note file (headings, bold bullets), entry spans and the layout record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BULLET_LEVEL = 7
MAX_TITLE = 1000  # longer heading text is cut: titles are for display, and regexes stay fast

_SETEXT = re.compile(r"(?:={3,}|-{3,})[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"\s{0,3}(?:[-*+>#|]|\d{1,9}[.)]\s|<|```|~~~|\$\$|[-=_*]{3,}\s*$)")
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*))?$")  # the rule; scan_markers spells it with str methods
_BULLET = re.compile(r"[*+-][ \t]+\*\*(.+?)\*\*(.*)$")
_NUM_BULLET = re.compile(r"\d{1,4}[.)][ \t]+\*\*(.+?)\*\*(.*)$")
YEAR_HEADING = re.compile(r"(?i)(?:year\s*)?((?:19|20)\d\d)(?:\s*(?:papers?|年))?:?")
# "2024 - Title", "[2019] Title", "(2021): Title": a year before a title (shared with metadata.py)
YEAR_PREFIX = re.compile(r"(?:[\[(]((?:19|20)\d\d)[\])]\s*[-–—:|.]?|((?:19|20)\d\d)\s*[-–—:|.])\s*(?=\S)")
YEAR_SUFFIX = re.compile(r".*\S\s*\(((?:19|20)\d\d)\)\s*$")
NUMBERED = re.compile(r"\d{1,4}[.)]\s+\S")
HAS_LINK = re.compile(r"\]\(|(?:h|H)(?i:ttps?://)")  # "(?i)\]\(|https?://", spelt for speed
META_LINE = re.compile(
    r"(?i)\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(keywords?|tags?|summary|link|url|year|venue|authors?|"
    r"title and link|paper|information|tl;?dr|arxiv|conference)\b"
)
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
QUESTION_LABEL = re.compile(r"[A-Za-z]{1,12}\s*:\s")
LIST_START = re.compile(r"(?:[-*+•]|\d{1,3}[.)])(?:\s|$)")
# "(?<!\w)[*_]...": the look-behind after the first character lets the regex engine skip to candidates
_EMPHASIS = re.compile(r"[*_](?<!\w[*_])(\S(?:[^\n]{0,200}?\S)?)[*_](?!\w)")
_SLUG = re.compile(r"[\W_]+")
# a highlight `==text==` (Obsidian's, and the export's own mark): its text, when it opens and closes on a non-space
_HIGHLIGHT = re.compile(r"==(?=[^\s=])([^=\n]{0,500}?[^\s=])?==")
_MD_LINK = re.compile(r"!?\[([^\]]{0,500})\]\([^)]{0,2000}\)?")
# a wiki link `[[target]]`, `[[target|shown]]` or `[[target#part]]`: its shown name (the target without its part)
_WIKI_LINK = re.compile(r"!?\[\[([^\[\]|#\n]{0,500})(?:#[^\[\]|\n]{0,500})?(?:\|([^\[\]\n]{0,500}))?\]\]")

SKIP_SECTIONS = frozenset(
    ["progress", "contents", "table-of-contents", "toc", "references", "bibliography", "todo", "to-do", "license", "licence", "about", "changelog", "acknowledgements", "acknowledgments", "index", "links", "see-also", "further-reading"]
)
GENERIC_SECTIONS = frozenset(
    ["paper", "papers", "paper-notes", "paper-review", "reading-notes", "key-points", "main-points", "my-thoughts", "summary", "abstract", "introduction", "intro", "method", "methods", "methodology", "approach", "results", "result", "experiments", "experiment", "evaluation", "conclusion", "conclusions", "discussion", "notes", "note", "thoughts", "comments", "key-ideas", "key-idea", "ideas", "idea", "contributions", "contribution", "limitations", "limitation", "background", "related-work", "motivation", "problem", "takeaways", "takeaway", "questions", "strengths", "weaknesses", "pros", "cons", "overview", "details", "implementation", "analysis", "tldr", "tl-dr", "review", "my-notes", "code", "data", "datasets", "dataset", "model", "architecture", "training", "setup", "future-work", "open-questions", "highlights", "main-idea", "core-idea", "insights", "references", "links", "resources"]
)
SMALL_WORDS = frozenset(["a", "an", "and", "or", "of", "the", "for", "in", "on", "with", "to", "vs", "via", "from", "by", "at", "as", "is", "its"])


def slug(text: str) -> str:
    """The text case-folded, each run of non-word characters (and "_") one dash, none at the ends."""
    folded = text.casefold()
    if folded.isascii() and folded.replace(" ", "").isalnum():  # only letters, digits and spaces
        return "-".join(folded.split())
    return _SLUG.sub("-", folded).strip("-")


def clean_inline(text: str) -> str:
    """Strip Markdown emphasis, highlights, links and wiki links (keeping their text) and stray punctuation from a one-line title."""
    if "[[" in text:
        text = _WIKI_LINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    if "](" in text:
        text = _MD_LINK.sub(lambda m: m.group(1), text)
    if "==" in text:
        text = _HIGHLIGHT.sub(lambda m: m.group(1) or "", text)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\1", text)
    return " ".join(text.split()).strip(" :-–—|#")


@dataclass(slots=True)
class Marker:
    """A structural line: a heading, a bold bullet, a question or a topic line."""

    index: int          # 0-based line index
    level: int          # 1-6 for headings, BULLET_LEVEL for bullets, 0 for topics, 8 for questions
    text: str           # heading text / bold text / question line
    extra: str = ""     # for bullets: the rest of the line, e.g. "(**ABBR**)"
    year: int | None = None        # a pure year heading ("# 2022")
    strong: bool = False           # its own link, or a year prefix/suffix
    numbered: bool = False         # "3. Title"
    meta: bool = False             # metadata lines ("keywords:", "Year:") right below it
    long_numbered: bool = False    # "3. A Long Non-Generic Title"
    skip: bool = False             # a section such as "Progress" or "Contents"
    generic: bool = False          # a section name such as "Summary" or "Method"
    identity: bool = False         # paper metadata lines (Year:, Link:, Authors: ...) right below it
    nested: bool = False           # inside a section ("## Related work" > "### [Paper](link)")


@dataclass
class Span:
    """Lines of one entry, with the context the layout gives it."""

    start: int                   # 0-based first line
    end: int                     # 0-based last line (inclusive)
    kind: str                    # "heading" | "bullet" | "question" | "note" | "unrecognised"
    marker: Marker | None
    category: str | None = None  # nearest non-year heading above / topic line
    year: int | None = None      # from a year heading above
    noted: str | None = None     # from a date heading above ("## 2018-10-08" in a reading log)


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


_ACTIVE = "=-#*+<` \t~"  # first characters of the lines scan_markers acts on (and digits)


def scan_markers(lines: list[str], start: int) -> tuple[list[Marker], list[Marker], bytearray]:
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
        if fence or closer:
            opaque[i] = 1
            if fence:
                s = line.strip()
                if s.startswith(fence) and not s.strip(fence[0]):
                    fence = ""
            elif closer in line.lower():
                closer = ""
            continue
        if not line:
            continue
        c = line[0]
        if c not in _ACTIVE and not c.isdigit():
            continue  # prose: no branch below acts on it
        if c in "=-" and i > start and line.startswith(("===", "---")) and _SETEXT.match(line):
            prev = lines[i - 1]
            if prev.strip() and not opaque[i - 1] and not prev.startswith(("    ", "\t")) and not _NOT_PARAGRAPH.match(prev):
                headings.append(Marker(i - 1, 1 if c == "=" else 2, prev.strip()))
                continue
        if c == "#":  # what _HEADING matches: 1-6 "#", then the end or spaces/tabs before the text
            rest = line.lstrip("#")
            level = len(line) - len(rest)
            if level <= 6 and (not rest or rest[0] in " \t"):
                headings.append(Marker(i, level, rest.lstrip(" \t")[:MAX_TITLE].rstrip("#").strip()))
        elif c in "*-+":
            if "**" in line[:6]:
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


def next_nonblank(lines: list[str], i: int, limit: int) -> int:
    n = min(len(lines), limit)
    while i < n and not lines[i].strip():
        i += 1
    return i
