"""Paper keys (arXiv id, DOI, normalised URL or file+title), arXiv years, and stable entry ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

_ARXIV_NEW = re.compile(r"arxiv\.org/(?:abs|pdf|html|format)/(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)
_ARXIV_OLD = re.compile(
    r"arxiv\.org/(?:abs|pdf|html|format)/([a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE
)
_ARXIV_NAME = re.compile(r"(?i)(?:arxiv[-_. ]?)?(\d{4}\.\d{4,5})(?:v\d+)?")
_DOI = re.compile(r"(?:doi\.org/|/doi/(?:abs/|full/|pdf/|epdf/|fullhtml/)?)(10\.\d{4,9}/[^\s?#]+)", re.IGNORECASE)
_OPENREVIEW = re.compile(r"openreview\.net/(?:forum|pdf|attachment)\?(?:[^#]*&)?id=([\w\-]+)", re.IGNORECASE)
_TRACKING = ("utm_", "source", "ref", "fbclid", "gclid", "spm", "from")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_WEB = re.compile(r"(?i)https?://")
_ARXIV_PAGE = re.compile(r"(?i)arxiv\.org/(?:abs|pdf|html)(?:/|$)")


def arxiv_id(url: str) -> str | None:
    """Return the version-less arXiv id in a URL (new style 2005.10821 or old style cs/0501001)."""
    m = _ARXIV_NEW.search(url)
    if m:
        return m.group(1)
    m = _ARXIV_OLD.search(url)
    if m:
        return m.group(1).lower()
    return None


_ARXIV_CITED = re.compile(r"(?i)(?<![\w/])arxiv\s*[:：]?\s*(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)")


def cited_arxiv_id(text: str) -> str | None:
    """The arXiv id a metadata value names in passing ("ICCV 2023 (arXiv:2304.02643, April 2023)"), or None."""
    m = _ARXIV_CITED.search(text)
    return m.group(1) if m and arxiv_year(m.group(1)) else None


def arxiv_id_of_name(name: str) -> str | None:
    """The arXiv id a file or folder name is ("2106.09685", "2303.08774v3", "arXiv-1706.03762"), or None.

    Only new-style ids whose month is real count (a number like "2024.12345" is no id)."""
    if not name or not (name[0].isdigit() or name[:1] in "aA"):
        return None
    m = _ARXIV_NAME.fullmatch(name)
    return m.group(1) if m and arxiv_year(m.group(1)) else None


def arxiv_year(identifier: str) -> int | None:
    """Return the submission year encoded in an arXiv id: 2005.10821 -> 2020, cs/0501001 -> 2005."""
    digits = identifier.rsplit("/", 1)[-1]
    if len(digits) < 4 or not digits[:2].isdigit():
        return None
    yy = int(digits[:2])
    month = int(digits[2:4]) if digits[2:4].isdigit() else 0
    if not 1 <= month <= 12:
        return None
    if "/" in identifier:  # old style: 1991-2007
        return 1900 + yy if yy >= 91 else 2000 + yy
    return 2000 + yy if yy >= 7 else None


def normalise_url(url: str) -> str:
    """Return a URL without scheme, www., fragment, tracking parameters or trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip().lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    path = unquote(parts.path).rstrip("/")
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    out = host + path
    if query:
        out += "?" + urlencode(sorted(query))
    return out


def paper_key_for_url(url: str) -> str | None:
    """Return the paper key a link points at ("arxiv:…", "doi:…", "url:…"), or None if it is not a web link."""
    if not _WEB.match(url):
        return None
    aid = arxiv_id(url)
    if aid:
        return f"arxiv:{aid}"
    if _ARXIV_PAGE.search(url):
        return None   # "https://arxiv.org/abs/unknown", ".../abs/xxxx.xxxxx": a template's placeholder, no paper
    m = _DOI.search(url)
    if m:
        return "doi:" + unquote(m.group(1)).rstrip(".,;").lower()
    m = _OPENREVIEW.search(url)
    if m:
        return f"url:openreview.net/forum?id={m.group(1)}"
    norm = normalise_url(url)
    return f"url:{norm}" if norm else None


def normalise_title(title: str) -> str:
    """Return a title folded for comparison: NFKC, case-folded, punctuation collapsed to single dashes."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    if folded.isascii() and folded.replace(" ", "").isalnum():  # only letters, digits and spaces
        return "-".join(folded.split())
    return _NON_WORD.sub("-", folded).strip("-")


def file_key(source: str, title: str) -> str:
    """Return the paper key of an entry that has no link: its file and normalised title."""
    return f"file:{source}#{normalise_title(title)}"


def short_hash(text: str) -> str:
    """Return a 12-hex-digit hash of text, used for entry ids."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def assign_ids(keys: list[tuple[str, str, str, int]]) -> list[str]:
    """Give each (paper_key, normalised title, source, first line) a stable, unique id.

    The id hashes the paper key, so it survives edits elsewhere and (for web keys) moves between
    files. When several entries share a key, the first in (source, line) order keeps the plain id
    and the others hash the key with their title, then with an occurrence number.
    """
    ids: list[str] = [""] * len(keys)
    order = sorted(range(len(keys)), key=lambda i: (keys[i][2], keys[i][3]))
    used: set[str] = set()
    next_n: dict[tuple[str, str], int] = {}
    for i in order:
        key, title, _source, _line = keys[i]
        candidate = short_hash(key)
        if candidate in used:
            candidate = short_hash(f"{key}#{title}")
            n = next_n.get((key, title), 2)
            while candidate in used:
                candidate = short_hash(f"{key}#{title}#{n}")
                n += 1
            next_n[(key, title)] = n
        used.add(candidate)
        ids[i] = candidate
    return ids
