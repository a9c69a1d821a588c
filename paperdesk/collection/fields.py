"""Front-matter keys by meaning: which name the paper (its title, its publication) and which the note itself."""

from __future__ import annotations

import re
from functools import lru_cache

from paperdesk.collection.dates import epoch_date, parse_date
from paperdesk.collection.frontmatter import bare_id_link

# A key is read by its words, whatever its spelling: `pub_date`, `pubDate` and `pub-date` are one key
# (front matter keys arrive lower-cased, so the separators go and the words are found by the table).
_SEPARATORS = re.compile(r"[\s_.\-]+")
_WEB = re.compile(r"(?i)\s*(?:https?://|www\.)")

# Whose event a date key names, by the word before (or after) its date word ("date", "at", "on", "year"):
# the paper's publication ...
PAPER_EVENTS = frozenset({"pub", "publication", "paper", "issued", "issue", "submitted", "submission", "released",
                          "release", "accepted", "arxiv", "preprint", "conference", "venue", "proceedings"})
# ... words that name the paper only with a date word after them (alone they are links or names)
_PAPER_NEEDS_DATE = frozenset({"paper", "arxiv", "preprint", "conference", "venue", "proceedings", "issue", "release"})
# ... or the note: the rank orders them as the date the note was written or read (lowest first)
NOTE_EVENTS = {"": 0, "created": 1, "creation": 1, "create": 1, "read": 2, "noted": 3, "note": 3, "reading": 4,
               "readon": 4, "finished": 4, "completed": 4, "started": 5, "written": 5, "reviewed": 6, "added": 7,
               "post": 8, "posted": 8, "updated": 10, "modified": 10, "lastmod": 10, "lastmodified": 10,
               "edited": 10}
# `published` is the paper's ("published: 2017", "published_year", arXiv templates' "published-date"), but
# `publish` with a date word, or `published` with another one, is the page's own timestamp in site and blog
# software (Hugo's publishDate, Astro's and Ghost's publishedAt, schema.org's datePublished): the date the
# note was put out, never the paper's year
_PUBLISH = frozenset({"published", "publish"})
_POST_RANK = 9
_DATE_WORDS = ("datetime", "timestamp", "date", "time", "day", "at", "on")
_ALONE = frozenset({"year", "date", "datetime", "timestamp"})   # date words that are keys by themselves

TITLE_WORDS = ("title", "name")
_NOT_NAMES = frozenset({"true", "false", "yes", "no", "on", "off", "null", "none", "~", "todo", "tbd"})  # flags
# words before "title"/"name" that keep it the paper's; any other ("catchy", "sub", "short", "seo", "link",
# "post", "journal", "container", "series") makes it a title of something else
PAPER_QUALIFIERS = frozenset({"", "paper", "article", "publication", "pub", "full", "original", "official"})


def normalise_key(key: str) -> str:
    """A front-matter key without case and separators ("pub_date", "pubDate", "Pub-Date" -> "pubdate")."""
    return _SEPARATORS.sub("", key).lower()


def _parts(norm: str) -> tuple[str, str] | None:
    """(event word, "year" | "date" | "") of a key, when its event word is one the tables know."""
    known = PAPER_EVENTS | NOTE_EVENTS.keys() | _PUBLISH
    for word, kind in (("year", "year"), *((w, "date") for w in _DATE_WORDS)):
        if norm.endswith(word) and norm[:-len(word)] in known and (norm != word or word in _ALONE):
            return norm[:-len(word)], kind
        if norm.startswith(word) and word in ("year", "date") and norm[len(word):] in known:
            return norm[len(word):], kind   # "date_read", "dateAdded", "year_published"
    return (norm, "") if norm in known else None


@lru_cache(maxsize=1024)
def date_meaning(key: str) -> tuple[str, int] | None:
    """Whose date a front-matter key holds: ("paper", rank) for the paper's publication, ("note", rank)
    for the note's own (written, read, posted, updated), None for a key about neither."""
    norm = normalise_key(key)
    if norm == "publisheddate":   # arXiv note templates' `published-date:` / `publishedDate:`: the paper's
        return "paper", 1
    parts = _parts(norm)
    if parts is None:
        return None
    event, kind = parts
    if event in _PUBLISH:
        return ("note", _POST_RANK) if kind == "date" else ("paper", 1)
    if event in PAPER_EVENTS:
        if kind == "" and event in _PAPER_NEEDS_DATE:
            return None
        return "paper", 0 if kind == "year" else 1
    if event == "":
        return ("paper", 0) if kind == "year" else ("note", 0) if kind == "date" else None
    return "note", NOTE_EVENTS[event]


def _dated(fm: dict[str, str | list[str]], whose: str) -> list[tuple[int, str]]:
    """(rank, ISO date) of every key of `whose` ("paper" or "note") with a date value, best first."""
    found = []
    for position, (key, value) in enumerate(fm.items()):
        meaning = date_meaning(key)
        if meaning is None or meaning[0] != whose or not isinstance(value, str):
            continue
        iso = parse_date(value) if whose == "paper" else (epoch_date(value) or parse_date(value))
        if iso:
            found.append((meaning[1], position, iso))
    found.sort()
    return [(rank, iso) for rank, _, iso in found]


def paper_year(fm: dict[str, str | list[str]]) -> int | None:
    """The paper's year from front matter that names its publication (`year:`, `pub_date:`, `published:`
    with a date, `issued:`), never from the note's own dates (`date:`, `publishedAt:`, `created:`)."""
    found = _dated(fm, "paper")
    return int(found[0][1][:4]) if found else None


def noted_date(fm: dict[str, str | list[str]]) -> str | None:
    """The date the note was written or read, from front matter (`date:`, `created:`, `read:`, `date_read:`,
    a post's `publishedAt:`, last `updated:`), as "YYYY-MM-DD" / "YYYY-MM" / "YYYY"."""
    found = _dated(fm, "note")
    return found[0][1] if found else None


@lru_cache(maxsize=1024)
def title_rank(key: str) -> int | None:
    """How surely a key names the paper: 0 `paper_title:`/`paperName:`/`paper:`, 1 `title:`, 2 `name:`;
    None for a title of something else (`catchyTitle:`, `subtitle:`, `journal_title:`, `seo_title:`)."""
    norm = normalise_key(key)
    if norm == "paper":
        return 0
    for rank, word in enumerate(TITLE_WORDS, start=1):
        if norm.endswith(word):
            qualifier = norm[:-len(word)]
            if qualifier in PAPER_QUALIFIERS:
                return 0 if qualifier else rank
            return None
    return None


def _title_value(value: str) -> str:
    """A title value as text: an Obsidian link `[[Name]]`/`[[file|Name]]` gives its shown name."""
    value = value.strip()
    if value.startswith("[[") and value.endswith("]]") and "]]" not in value[2:-2]:
        value = value[2:-2].rpartition("|")[2].strip()
    return value


def front_matter_title(fm: dict[str, str | list[str]]) -> str | None:
    """The front-matter title that names the paper (the surest key first), None when none does. A value
    that is a web address or a bare arXiv id / DOI (`paper: https://...`) is a link, not a title."""
    best: tuple[int, int, str] | None = None
    for position, (key, value) in enumerate(fm.items()):
        if not isinstance(value, str) or not value:
            continue
        rank = title_rank(key)
        if rank is None or (best is not None and (rank, position) >= best[:2]):
            continue
        text = _title_value(value)
        if not text or _WEB.match(text) or bare_id_link(text) or (
                rank != 1 and (len(text) < 2 or text.lower() in _NOT_NAMES)):  # `title:` as ever; others may be flags
            continue
        best = (rank, position, text)
    return best[2] if best else None
