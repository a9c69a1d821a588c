"""Index files (READMEs, reading lists, logs that mostly link to notes or papers) and what they tell.

An index produces no entries. What it knows about the notes it links (the link text as a title,
the month heading it sits under as the date read, a topic heading) is handed to those notes.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from paperdesk.collection.dates import is_date_heading, parse_date
from paperdesk.collection.markers import clean_inline
from paperdesk.collection.notefacts import name_date
from paperdesk.collection.sections import cites_others

INDEX_NAMES = frozenset({"readme", "index", "_index", "contents", "toc", "summary", "home", "reading-list",
                         "readinglist", "reading_list", "papers", "log", "reading-log", "changelog"})
DESCRIBES_FOLDER = frozenset({"readme", "index", "_index"})
# a link as Python-Markdown reads it: `<...>` whole (spaces and all), a run without spaces, or a note's name with
# spaces ("[Closing the Loop](Closing the Sim-to-Real Loop.md)")
_LINK = re.compile(r"(?<!!)\[([^\]\n]{1,500})\]\(\s*<?((?<=<)[^>\n]{1,2000}|[^)\s>]{1,2000}|[^)\n<>]{1,500}?\.(?:md|markdown|txt))"
                   r">?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"https?://\S+")
_LIST = re.compile(r"\s*(?:[-*+•]|\d{1,4}[.)]|\|)\s*")
_HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_GENERIC_TEXT = re.compile(r"(?i)\s*(?:link|paper|pdf|arxiv|code|project|url|page|here|site|github|slides?|video|"
                           r"blog|website|demo|data(?:set)?|abs|html|openreview|poster|talk|notes?)\s*")
_IDENTITY = re.compile(r"(?i)\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?:title|authors?|year|venue|arxiv|doi|conference)"
                       r"\s*(?:\*\*|__)?\s*[:：]")
MAX_LINE = 1000  # index lines are short; longer lines are cut so that no regex sees a huge line
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
_WORD = re.compile(r"\w+")
_NOTE_EXT = (".md", ".markdown", ".txt")
# a log named by the days it covers: "210118-210124-papers-reading" (yymmdd-yymmdd), "2021-W03", "week-03"
_YYMMDD_RANGE = re.compile(r"(\d{2})(\d{2})(\d{2})\s*[-_~]\s*\d{6}(?!\d)")
_WEEK_NAME = re.compile(r"(?i)(?:(?:19|20)\d\d[-_ ]?w|week(?:ly)?[-_ ]?|wk[-_ ]?)\d{1,2}(?!\d)")


def log_name_date(stem: str) -> str | None:
    """The first day a dated log's file name gives ("210118-210124-papers" -> "2021-01-18", "2021-03-01-reading"
    -> "2021-03-01"), "" for a week without a day ("2021-W03", "week-03"), None for a name that is no log's."""
    m = _YYMMDD_RANGE.match(stem)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return f"20{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if _WEEK_NAME.match(stem):
        return ""
    return name_date(stem) if stem[:2] in ("19", "20") else None


@dataclass(frozen=True)
class IndexHint:
    """What an index says about one note it links."""

    target: str            # the linked note, relative to the collection root (posix)
    title: str             # the link text
    noted: str | None      # the month/date heading above the link, or a date on its line
    topic: str | None      # the nearest topic heading above the link


def _link_line(line: str) -> list[tuple[str, str]]:
    """The (text, target) links of a line that is mostly links with their own names, else []."""
    links = [(t, u) for t, u in _LINK.findall(line)]
    if not links and not _BARE_URL.search(line):
        return []
    named = [(t, u) for t, u in links if not _GENERIC_TEXT.fullmatch(clean_inline(t) or "x")
             or u.lower().split("#", 1)[0].endswith(_NOTE_EXT)]
    if not named:
        return []
    rest = _BARE_URL.sub(" ", _LINK.sub(" ", line))
    words = len(_WORD.findall(rest))
    linked_words = sum(len(t.split()) for t, _ in named)
    return named if words <= max(12, 2 * linked_words) else []


def could_be_index(text: str, stem: str, line_count: int | None = None) -> bool:
    """A cheap bound from character counts: False when the file has far too few links for an index.

    `line_count`, when given, is len(text.split("\n")) (the caller has the lines already)."""
    links = text.count("](") + text.count("://")  # at least one per linked line
    if links < 2:
        return False
    lines = text.count("\n") + 1 if line_count is None else line_count
    share = 3 if stem.casefold() in INDEX_NAMES or (stem[:1] in "0123456789wW" and log_name_date(stem) is not None) else 5
    headings = text.count("\n#")
    # "\n\n" matches take two of the lines - 1 line breaks each, none of them one followed by "#":
    # when even that many cannot bring the content down far enough, the count is not needed
    if links * 10 < (lines - headings - min((lines - 1) // 2, lines - 1 - headings)) * share:
        return False
    content = lines - text.count("\n\n") - headings  # about the non-blank, non-heading lines
    return links * 10 >= content * share


def is_index(lines: list[str], stem: str, start: int) -> bool:
    """Whether a file mostly lists links to other notes or papers (under date, month or topic headings)."""
    content = 0
    linked = 0
    notes = 0   # linked lines linking a note of the collection
    fence = False
    identity = 0
    citing = False
    first_heading = True
    for i in range(start, len(lines)):
        s = lines[i][:MAX_LINE].strip()
        if s.startswith(("```", "~~~")):
            fence = not fence
            continue
        hm = _HEADING.match(s) if s.startswith("#") and not fence else None
        if hm:
            if first_heading and _LINK.search(hm.group(2)):
                identity += 2  # a note titled by its paper's link
            first_heading = False
            citing = cites_others(clean_inline(hm.group(2)))
            continue
        if fence or not s or s.startswith(("<!--", "---", "===", "![", "|--", "| --", "|:")):
            continue
        content += 1
        if i - start < 15 and _IDENTITY.match(s):
            identity += 1
        found = _link_line(s) if not citing else []
        if found and (_LIST.match(lines[i]) or len(s) < 200):
            linked += 1
            notes += any("://" not in u and u.lower().split("#", 1)[0].endswith(_NOTE_EXT) for _, u in found)
    named = stem.casefold() in INDEX_NAMES
    if identity >= 2 and not named:
        return False  # a paper's note with its own metadata, however many links it lists
    if not named and notes >= 2 and notes == linked and log_name_date(stem) is not None:
        named = True  # a log named by its days that only links the notes read then ("210118-210124-reading")
    if linked < (2 if named else 4):
        return False
    return linked * 10 >= content * (4 if named else 6)


_BOLD_NAME = re.compile(r"\s*(?:[-*+•]|\d{1,4}[.)])\s+(?:\*\*|__)([^*_\n]{2,300}?)(?:\*\*|__)")
_ITEM_MARK = re.compile(r"\s*(?:[-*+•]|\d{1,4}[.)])\s+")
_ANY_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)|https?://\S+")
MAX_ITEM_WORDS = 15  # besides its name and links: "- [Title](url) - Author et al., NeurIPS 2020"


def listed_paper(line: str) -> str | None:
    """The name of the paper a list item only lists ("- [Title](url) - Author et al., 2020", "- **Title**
    [[paper](url)] [[code](url)]"): a link or bold name, links, a few words; None for anything with prose."""
    if not _ITEM_MARK.match(line) or ("](" not in line and "://" not in line):
        return None
    line = line[:MAX_LINE]
    bold = _BOLD_NAME.match(line)
    texts = [clean_inline(text) for text, _ in _LINK.findall(line)]
    name = bold.group(1).strip() if bold else next((t for t in texts if not _GENERIC_TEXT.fullmatch(t or "x")), None)
    if not name:
        return None
    rest = _ANY_LINK.sub(" ", line[bold.end():] if bold else line)
    return name if len(_WORD.findall(rest)) <= MAX_ITEM_WORDS else None


def is_link_list(lines: list[str], spans: list[tuple[int, int]]) -> bool:
    """Whether a file's entries are topic headings over lists of papers they only name and link (an
    "awesome list"), not papers: most spans hold two or more listed papers and next to no other lines."""
    listing = 0
    for done, (start, end) in enumerate(spans):
        if (listing + len(spans) - done) * 2 <= len(spans):
            return False  # too few spans are left to make most of them lists
        names: set[str] = set()
        other = 0
        fence = False
        for line in lines[start + 1:end + 1]:
            s = line.strip()
            if s.startswith(("```", "~~~")):
                fence = not fence
                continue
            if fence or not s or s.startswith(("#", "<!--", "|--", "| --", "|:")):
                continue
            name = listed_paper(line)
            if name:
                names.add(name.casefold())
            else:
                other += 1
                if other > 3 and other * 3 > len(names) + (end - start):
                    break  # this span holds prose
        if len(names) >= 2 and other * 3 <= len(names):
            listing += 1
    return bool(spans) and listing * 2 > len(spans)


def link_counts(lines: list[str], start: int) -> tuple[int, int]:
    """(lines linking only web pages, lines linking a note file) among an index's linked lines, code left out."""
    web = notes = 0
    fence = False
    for line in lines[start:]:
        s = line[:MAX_LINE].strip()
        if s.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or not s or s.startswith("#"):
            continue
        urls = [url for _, url in _link_line(s) or (_LINK.findall(s) if listed_paper(line) else [])]
        if any(url.lower().split("#", 1)[0].endswith(_NOTE_EXT) and "://" not in url for url in urls):
            notes += 1
        elif any("://" in url for url in urls):
            web += 1
    return web, notes


def link_list_warning(lines: list[str], start: int) -> str | None:
    """The scan warning for an index that mostly links out (an "awesome list" of papers), else None: it
    gives no entries, and the user should know why the folder shows none."""
    web, notes = link_counts(lines, start)
    if web <= notes:
        return None
    also = f", {notes} to notes" if notes else ""
    return (f"read as an index, not notes: the file lists links ({web} to web pages{also}) and has no notes "
            "of its own, so it gives no entries")


def index_hints(lines: list[str], rel: str) -> list[IndexHint]:
    """The hints an index gives the notes it links (targets resolved from its folder; may not exist)."""
    folder = posixpath.dirname(rel)
    name = rel.rsplit("/", 1)[-1]
    logged = log_name_date(name.rsplit(".", 1)[0]) or None   # a dated log's first day: when its notes were read
    headings: list[tuple[int, str]] = []
    hints: list[IndexHint] = []
    top_levels = [len(m.group(1)) for m in (_HEADING.match(x[:MAX_LINE]) for x in lines if x.startswith("#")) if m]
    top = min(top_levels) if top_levels else 0
    single_top = top_levels.count(top) == 1
    fence = False
    for line in lines:
        s = line[:MAX_LINE].strip()
        if s.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or not s:
            continue
        hm = _HEADING.match(s)
        if hm:
            level = len(hm.group(1))
            headings = [h for h in headings if h[0] < level] + [(level, clean_inline(hm.group(2)))]
            continue
        for text, url in _link_line(s):
            target = url.split("#", 1)[0]
            if "://" in target or not target.lower().endswith(_NOTE_EXT):
                continue
            path = posixpath.normpath(posixpath.join(folder, target.lstrip("/") if target.startswith("/") else target))
            if target.startswith("/"):
                path = posixpath.normpath(target.lstrip("/"))
            if path.startswith("../") or path == "..":
                continue
            noted = None
            topic = None
            for level, text_h in reversed(headings):
                if _YEAR_ONLY.fullmatch(text_h):
                    continue
                if noted is None and is_date_heading(text_h):
                    noted = parse_date(text_h)
                elif topic is None and not is_date_heading(text_h) and not parse_date(text_h, year_alone=False) \
                        and not (single_top and level == top):
                    topic = text_h or None
            rest = _LINK.sub(" ", s)
            noted = noted or parse_date(rest, year_alone=False) or logged
            hints.append(IndexHint(path, clean_inline(text), noted, topic))
    return hints


# a PDF's text dumped beside a note (MinerU, pdftotext -layout): no Markdown, columns set apart by runs of
# spaces, often arXiv's side stamp ("arXiv:2401.10891v2 [cs.CV] 7 Apr 2024")
_COLUMN_GAP = re.compile(r"\S {6,}\S|^ {20,}\S")
_ARXIV_STAMP = re.compile(r"arXiv:\d{4}\.\d{4,5}v\d+ +\[[a-z\-]+(?:\.[A-Za-z]{2})?\]")
PDF_TEXT_LINES = 80   # the first non-blank lines looked at


def pdf_text_warning(lines: list[str]) -> str | None:
    """The scan warning for a file that is a paper's extracted text, not a note (it gives no entries), else
    None: no Markdown headings, and at least 8 of its first lines (two in five) laid out in columns or
    centred by spaces, or arXiv's side stamp among them."""
    seen = laid_out = 0
    stamped = False
    for line in lines:
        if not line.strip():
            continue
        if line.lstrip().startswith(("#", "```", "---", "|")) and line[:1] != " ":
            return None   # Markdown structure: someone's note
        seen += 1
        if _COLUMN_GAP.search(line[:MAX_LINE]):
            laid_out += 1
        stamped = stamped or ("arXiv:" in line and bool(_ARXIV_STAMP.search(line[:MAX_LINE])))
        if seen >= PDF_TEXT_LINES:
            break
    if seen < 8 or not ((laid_out * 5 >= seen * 2 and laid_out >= 8) or (stamped and laid_out * 5 >= seen)):
        return None
    return "skipped: the text of a paper extracted from its PDF (laid out in columns), not a note"
