"""Small facts of one note: a date line, a trailing (ABBR), a de-slugged file name, DOI years, documents."""

from __future__ import annotations

import re
from functools import lru_cache

from paperdesk.collection.dates import parse_date
from paperdesk.collection.keys import arxiv_year
from paperdesk.collection.markers import Marker
from paperdesk.collection.sections import PAPER_SECTIONS, section_key

_ABBR_SUFFIX = re.compile(r"^(.*\S)\s*\(\s*([A-Z0-9][\w+\-.]{0,19}?[\w+])\s*\)\s*$")
_DATE_LINE = re.compile(r"\s*(?:[-*+]\s+)?[_*~]{0,2}\s*(?:(?:read|noted|written|date|on)\s*[:：]?\s*)?"
                        r"([^_*~]{4,40}?)\s*[_*~]{0,2}\s*$", re.IGNORECASE)
_ONLY_DATE = re.compile(r"(?i)[\w ,./\-年月日]+")
_LINK = re.compile(r"(?:!\[|\[)([^\]\n]{0,500})\]\(([^)\s]{1,2000})[^)]{0,200}\)")  # "!?\[...", spelt for speed
_BARE_URL = re.compile(r"https?://\S+")
_DOI_ARXIV = re.compile(r"(?i)10\.48550/arxiv\.(\d{4}\.\d{4,5})")
_DOI_YEAR = re.compile(r"(?i)10\.\d{4,9}/[^\s]*?(?<![\d])((?:19|20)\d\d)\.\d")
_DATE_PREFIX = re.compile(r"^(?:(?:19|20)\d\d[-_.]\d\d?(?:[-_.]\d\d?)?|\d{4})[-_ ]+(?=\D)")
DOC_WORDS = re.compile(
    r"(?i)(?<![a-z])(?:tutorials?|talks?|lectures?|course|courses|workshop|slides|cheat-?sheet|guide|handbook|primer|"
    r"seminar|keynote|class|book|lessons?|bootcamp|walkthrough|howto|how-to|syllabus|study notes)(?![a-z])"
)
MIN_DOC_SECTIONS = 6
_DIGIT = re.compile(r"\d")
_SEVEN_WORDS = re.compile(r"\w+(?:\W+\w+){6}")
_DASHES = re.compile(r"[-_]+")


def split_abbr(title: str) -> tuple[str, str | None]:
    """Split "Mask R-CNN (MRCNN)" into ("Mask R-CNN", "MRCNN"); a year or a plain word stays in the title."""
    m = _ABBR_SUFFIX.match(title)
    if not m:
        return title, None
    abbr = m.group(2)
    if abbr.isdigit() or not any(ch.isupper() for ch in abbr[1:] + abbr[:1]) or abbr.lower() == abbr:
        return title, None
    return m.group(1).rstrip(" :-–—"), abbr


def deslug(stem: str) -> str:
    """A file name as a title: date prefix dropped, dashes and underscores as spaces ("2019-02-mask_rcnn")."""
    text = _DATE_PREFIX.sub("", stem) or stem
    return " ".join(_DASHES.sub(" ", text).split()) or stem


@lru_cache(maxsize=4096)
def date_line(line: str) -> str | None:
    """The date of a line that holds only a date ("_Feb 2019_", "2019-02-03", "Read: March 3, 2021").

    Memoised: the same date lines recur across a collection's notes."""
    if len(line) > 60 or not _DIGIT.search(line):
        return None
    m = _DATE_LINE.fullmatch(line)
    if not m or not _ONLY_DATE.fullmatch(m.group(1)):
        return None
    found = parse_date(m.group(1))
    if found is None or (len(found) == 4 and not m.group(1).strip().isdigit()):
        return None
    return found


def link_dominant(line: str) -> bool:
    """Whether a line is mostly one link (a paper's own link line), not prose citing something in passing."""
    if not _LINK.search(line) and not _BARE_URL.search(line):
        return False
    rest = _BARE_URL.sub(" ", _LINK.sub(" ", line))
    return _SEVEN_WORDS.search(rest) is None  # at most 6 words besides the links


def doi_year(url: str) -> tuple[int | None, str]:
    """The year a DOI link gives: an arXiv DOI's id, or a ".2016." segment (10.1109/CVPR.2016.90)."""
    m = _DOI_ARXIV.search(url)
    if m:
        return arxiv_year(m.group(1)), "arxiv"
    m = _DOI_YEAR.search(url)
    if m:
        return int(m.group(1)), "doi"
    return None, "none"


def is_document(title: str, stem: str, headings: list[Marker], *, paper_evidence: bool) -> bool:
    """A tutorial, talk or course note: no paper identity, and named like one or many sections of its own."""
    if paper_evidence or any(section_key(h.text) in PAPER_SECTIONS for h in headings):
        return False
    if DOC_WORDS.search(title) or DOC_WORDS.search(stem.replace("_", " ").replace("-", " ")):
        return True
    sections = [h for h in headings if h.year is None and not h.generic and not h.skip and h.level > 1]
    return len(sections) >= MIN_DOC_SECTIONS and not any(h.strong for h in sections)
