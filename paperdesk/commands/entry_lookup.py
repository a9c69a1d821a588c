"""Resolve the ENTRY_OR_KEY argument of mark, tag and highlight to one paper: key, title, prefix, words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import StrEnum

from paperdesk.collection import Collection, Entry
from paperdesk.errors import UserError

MAX_LISTED = 10          # candidates named in an "ambiguous" message
MIN_ID_PREFIX = 4        # an entry id prefix shorter than this is not taken as one
_WORD = re.compile(r"\w+")
_ELLIPSIS = re.compile(r"(?:\.{3}|…)+$")


class Match(StrEnum):
    """How the argument named the paper, in the order the tiers are tried."""

    ENTRY_ID = "entry id"
    PAPER_KEY = "paper key"
    TITLE = "title"
    ID_PREFIX = "entry id prefix"
    TITLE_PREFIX = "beginning of a title"
    ALL_WORDS = "words of a title"


def _squash(text: str) -> str:
    """Case-folded text with runs of white space made one space."""
    return " ".join(text.split()).casefold()


def _words(text: str) -> list[str]:
    """The case-folded words (letters, digits, underscore) of a text."""
    return _WORD.findall(text.casefold())


def _tiers(text: str) -> Iterable[tuple[Match, Callable[[Entry], bool]]]:
    """The tests of each tier, strictest first, for the argument `text` (already stripped)."""
    folded = _squash(text)
    short = _squash(_ELLIPSIS.sub("", text))      # "Deep Residual…" is a beginning
    wanted = set(_words(text))
    yield Match.ENTRY_ID, lambda e: e.id == text
    yield Match.PAPER_KEY, lambda e: e.paper_key == text or e.paper_key.casefold() == folded
    yield Match.TITLE, lambda e: _squash(e.title) == folded
    yield Match.ID_PREFIX, lambda e: len(text) >= MIN_ID_PREFIX and e.id.startswith(text)
    yield Match.TITLE_PREFIX, lambda e: bool(short) and _squash(e.title).startswith(short)
    yield Match.ALL_WORDS, lambda e: bool(wanted) and wanted <= set(_words(e.title))


def _papers(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Group entries by paper key, in collection order."""
    papers: dict[str, list[Entry]] = {}
    for entry in entries:
        papers.setdefault(entry.paper_key, []).append(entry)
    return papers


def ambiguous_message(text: str, how: Match, papers: dict[str, list[Entry]]) -> str:
    """The message for an argument naming several papers: a first line, then up to MAX_LISTED
    candidates (title and paper key, by title), one a line."""
    lines = [f"{text!r} matches {len(papers)} papers by {how.value}; "
             "give more of the title, a paper key or an entry id:"]
    named = sorted((" ".join(entries[0].title.split()), key) for key, entries in papers.items())
    for title, key in sorted(named, key=lambda item: (item[0].casefold(), item))[:MAX_LISTED]:
        lines.append(f"  {title}  [{key}]")
    if len(papers) > MAX_LISTED:
        lines.append(f"  … and {len(papers) - MAX_LISTED} more")
    return "\n".join(lines)


def lookup(collection: Collection, text: str) -> tuple[Match, str, list[Entry]]:
    """Resolve `text` to (how it matched, paper key, that paper's entries it matched).

    Tiers, first that matches wins: exact entry id, exact paper key (case-insensitive too),
    exact title (case-insensitive, white space squashed), entry id prefix (4+ characters), a
    case-insensitive beginning of a title (a trailing "..." or "…" dropped), all the words of
    `text` among a title's words. Several entries of one paper are one match. Raises UserError
    when nothing matches or a tier's matches are entries of several papers (listing them).
    """
    text = text.strip()
    if not text:
        raise UserError("give an entry id, a paper key or a title")
    for how, test in _tiers(text):
        found = [e for e in collection.entries if test(e)]
        if not found:
            continue
        papers = _papers(found)
        if len(papers) > 1:
            raise UserError(ambiguous_message(text, how, papers))
        key, entries = next(iter(papers.items()))
        return how, key, entries
    raise UserError(f"no entry, paper key or title matches {text!r} in {collection.root}")


def find_paper(collection: Collection, text: str) -> tuple[str, list[Entry]]:
    """Resolve an entry id, paper key, title, title beginning or title words to (paper key, its
    entries) as `lookup` does; the one lookup every command taking an entry uses."""
    _how, key, entries = lookup(collection, text)
    return key, entries
