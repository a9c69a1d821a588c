"""A BibTeX record built from what an entry knows: title, year, venue, arXiv id or DOI, short name."""

from __future__ import annotations

import re
import unicodedata

from paperdesk.collection import Entry
from paperdesk.collection.own_link import paper_link

_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.I)
_DOI = re.compile(r"(?:doi\.org/|doi:)(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_VENUE_YEAR = re.compile(r"\s*'?\d{2,4}\s*$")
_JOURNALS = ("journal", "transactions", "letters", "review", "nature", "science", "jmlr", "tpami", "ijcv")


def _paper_id(entry: Entry, prefix: str, pattern: re.Pattern[str]) -> str | None:
    """The id from a `prefix:` paper key, else from the entry's own paper link (never a cited one)."""
    if entry.paper_key.startswith(prefix + ":"):
        return entry.paper_key.split(":", 1)[1]
    found = pattern.search(paper_link(entry) or "")
    return found.group(1).rstrip(".,;)") if found else None


def arxiv_id(entry: Entry) -> str | None:
    """The arXiv id of the entry's paper (from its paper key or links), or None."""
    return _paper_id(entry, "arxiv", _ARXIV)


def doi(entry: Entry) -> str | None:
    """The DOI of the entry's paper, or None."""
    return _paper_id(entry, "doi", _DOI)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]", "", folded)


def citation_key(entry: Entry) -> str:
    """A readable key: short name or first title word, then the year (e.g. `bert2019`)."""
    words = [w for w in re.split(r"\s+", entry.short_name or entry.title) if _ascii_word(w)]
    skip = {"a", "an", "the", "on", "of", "in", "for", "to", "and"}
    first = next((w for w in words if _ascii_word(w).lower() not in skip), words[0] if words else "entry")
    return (_ascii_word(first).lower() or "entry") + (str(entry.year) if entry.year else "")


_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _braced(value: str) -> str:
    """A BibTeX field value in braces, with TeX's special characters escaped one by one."""
    value = re.sub(r"\s+", " ", value).strip()
    return "{" + "".join(_TEX_SPECIAL.get(char, char) for char in value) + "}"


def bibtex(entry: Entry) -> str:
    """A BibTeX record for the entry: @article for journals and arXiv-only papers, else @inproceedings."""
    arxiv, found_doi = arxiv_id(entry), doi(entry)
    venue = _VENUE_YEAR.sub("", entry.venue or "").strip() or None
    fields: list[tuple[str, str]] = [("title", "{" + _braced(entry.title) + "}")]
    if entry.year:
        fields.append(("year", str(entry.year)))
    if venue and any(word in venue.lower() for word in _JOURNALS):
        kind = "article"
        fields.append(("journal", _braced(venue)))
    elif venue and venue.lower() != "arxiv":
        kind = "inproceedings"
        fields.append(("booktitle", _braced(venue)))
    else:
        kind = "article" if arxiv else "misc"
        if arxiv:
            fields.append(("journal", _braced(f"arXiv preprint arXiv:{arxiv}")))
    if arxiv:
        fields += [("eprint", _braced(arxiv)), ("archivePrefix", "{arXiv}")]
    if found_doi:
        fields.append(("doi", _braced(found_doi)))
    url = paper_link(entry)
    if url:
        fields.append(("url", _braced(url)))
    if entry.short_name:
        fields.append(("note", _braced(entry.short_name)))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{citation_key(entry)},\n{body}\n}}\n"
