"""The filter language: words, "quoted phrases", field:value terms and -negation, parsed leniently."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperdesk.query.fold import fold, text_fold
from paperdesk.vocab import COLOR_NAMES, STATUSES

HAS_VALUES = ("highlights", "notes", "tags", "orphans")
FIELD_ALIASES = {
    "tag": "tag", "tags": "tag",
    "status": "status",
    "year": "year",
    "cat": "cat", "category": "cat",
    "venue": "venue",
    "has": "has",
    "is": "is",
    "color": "color", "colour": "color",
    "noted": "noted", "read-on": "noted",
    "kind": "kind",
}
KIND_VALUES = ("paper", "doc")
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-\d\d(?:-\d\d)?")


@dataclass(frozen=True)
class Term:
    """One condition of a query.

    kind: "text" (a word or phrase, folded), "tag", "status", "cat", "venue", "has", "year", "color",
    "noted" (like "year", over the year the note was written/read; or a "YYYY-MM" prefix), "kind".
    For "color", `value` is a 1-based palette number ("2") or a folded prefix of a colour's meaning.
    For "year", `value` is "none" or "A..B" with either side possibly empty; `low`/`high` hold
    the bounds (None = open).
    """

    kind: str
    value: str
    negated: bool = False
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class Query:
    """A parsed query: all terms must hold. `problems` are messages the GUI can show."""

    text: str
    terms: tuple[Term, ...] = ()
    problems: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """True when the query filters nothing out."""
        return not self.terms


def _tokens(text: str) -> tuple[list[tuple[bool, str | None, str, bool]], list[str]]:
    """Split into (negated, field or None, value, quoted) tokens, honouring double quotes."""
    tokens: list[tuple[bool, str | None, str, bool]] = []
    problems: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        # optional field prefix: letters then ':'
        match = re.match(r"([A-Za-z]+):", text[i:])
        fname: str | None = None
        if match and match.group(1).lower() in FIELD_ALIASES:
            fname = match.group(1)
            i += match.end()
        if i < n and text[i] == '"':
            close = text.find('"', i + 1)
            if close < 0:
                problems.append('unbalanced quote: the phrase runs to the end of the query')
                value, i = text[i + 1:], n
            else:
                value, i = text[i + 1:close], close + 1
            tokens.append((negated, fname, value, True))
            continue
        start = i
        while i < n and not text[i].isspace():
            i += 1
        tokens.append((negated, fname, text[start:i], False))
    return tokens, problems


def _year_term(value: str, negated: bool) -> tuple[Term | None, str | None]:
    raw = value.strip()
    if raw.lower() in ("none", "undated", "unknown"):
        return Term("year", "none", negated), None
    if ".." in raw:
        left, _, right = raw.partition("..")
    elif raw.startswith(("<=", ">=")):
        left, right = (raw[2:], "") if raw[0] == ">" else ("", raw[2:])
    elif raw.startswith(("<", ">")):
        number = raw[1:]
        if not _YEAR.fullmatch(number):
            return None, f"year:{value} is not a year (try year:2020, year:2020..2022, year:..2019)"
        shifted = int(number) + (1 if raw[0] == ">" else -1)
        left, right = (str(shifted), "") if raw[0] == ">" else ("", str(shifted))
    else:
        left = right = raw
    if (left and not _YEAR.fullmatch(left)) or (right and not _YEAR.fullmatch(right)) or not (left or right):
        return None, f"year:{value} is not a year (try year:2020, year:2020..2022, year:..2019)"
    low = int(left) if left else None
    high = int(right) if right else None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Term("year", f"{low or ''}..{high or ''}", negated, low, high), None


def color_numbers(value: str, meanings: Sequence[str] | None) -> tuple[int, ...]:
    """The 1-based palette numbers that a color: value names: a number, a colour name, or else the
    colours whose meaning is (or, failing that, starts with) the folded value; () when none."""
    folded = fold(value).strip()
    if folded.isdigit():
        number = int(folded)
        return (number,) if 1 <= number <= len(COLOR_NAMES) else ()
    if folded in COLOR_NAMES:
        return (COLOR_NAMES.index(folded) + 1,)
    if not folded or not meanings:
        return ()
    names = [fold(m or "").strip() for m in meanings]
    exact = tuple(i + 1 for i, name in enumerate(names) if name and name == folded)
    return exact or tuple(i + 1 for i, name in enumerate(names) if name and name.startswith(folded))


def _color_term(fname: str, value: str, negated: bool,
                meanings: Sequence[str] | None) -> tuple[Term | None, str | None]:
    folded = fold(value).strip()
    numbers = color_numbers(folded, meanings)
    if folded.isdigit() or folded in COLOR_NAMES:
        if not numbers:
            return None, f"{fname}:{value} is not a palette colour (1-{len(COLOR_NAMES)})"
        return Term("color", str(numbers[0]), negated), None
    if meanings is not None and not numbers:
        named = [f"{i + 1} {m}" for i, m in enumerate(meanings) if (m or "").strip()]
        hint = f", or a meaning ({', '.join(named)})" if named else ""
        return None, (f"{fname}:{value} is not a palette colour (1-{len(COLOR_NAMES)}, "
                      f"{', '.join(COLOR_NAMES)}{hint})")
    return Term("color", folded, negated), None


def _field_term(fname: str, value: str, negated: bool,
                meanings: Sequence[str] | None = None) -> tuple[Term | None, str | None]:
    kind = FIELD_ALIASES[fname.lower()]
    if not value.strip():
        return None, f"{fname}: needs a value"
    folded = fold(value).strip()
    if kind == "year":
        return _year_term(value, negated)
    if kind == "noted":
        if _MONTH.fullmatch(value.strip()):
            return Term("noted", value.strip(), negated), None
        term, problem = _year_term(value, negated)
        if term is None:
            return None, (problem or "").replace("year:", "noted:", 1)
        return Term("noted", term.value, negated, term.low, term.high), None
    if kind == "kind":
        choices = [k for k in KIND_VALUES if k.startswith(folded)] if folded else []
        if len(choices) != 1:
            return None, f"kind:{value} is not one of {', '.join(KIND_VALUES)}"
        return Term("kind", choices[0], negated), None
    if kind == "color":
        return _color_term(fname, value, negated, meanings)
    if kind == "status":
        choices = [s for s in STATUSES if s.startswith(folded)]
        if folded in STATUSES:
            choices = [folded]
        if len(choices) != 1:
            return None, f"status:{value} is not one of {', '.join(STATUSES)}"
        return Term("status", choices[0], negated), None
    if kind == "has":
        choices = [h for h in HAS_VALUES if h.startswith(folded) or h.rstrip("s") == folded]
        if len(choices) != 1:
            return None, f"has:{value} is not one of {', '.join(HAS_VALUES)}"
        return Term("has", choices[0], negated), None
    if kind == "is":
        if folded in ("orphan", "orphans", "orphaned"):
            return Term("has", "orphans", negated), None
        if folded in STATUSES:
            return Term("status", folded, negated), None
        if folded in ("tagged", "untagged"):
            return Term("has", "tags", negated != (folded == "untagged")), None
        return None, f"is:{value} is not one of orphan, unread, reading, read, tagged, untagged"
    if kind in ("cat", "venue"):
        folded = text_fold(value).strip()
        if not folded:
            return None, f"{fname}: needs a value"
    return Term(kind, folded, negated), None


def parse_query(text: str, meanings: Sequence[str] | None = None) -> Query:
    """Parse a filter query; never raises. Invalid terms are dropped and described in `problems`.

    Words and "phrases" must all occur (case- and accent-insensitively) in the entry's title,
    body, tags, highlight quotes and notes, venue or short name. Fields: tag:, status:, year:
    (2020, 2020..2022, ..2019, 2021.., none), cat:, venue:, has:highlights|notes|tags|orphans,
    is:orphan, noted: (like year:, the year the note was written or read, or 2019-02), kind:paper|doc,
    color:/colour: (1-5, yellow|green|blue|pink|purple, or a prefix of a colour's
    meaning); a leading '-' negates. Unknown fields are plain words. `meanings` are the palette's
    five meanings: given, a color: value that names no colour is a problem; None, such a value
    is kept as a meaning prefix for the index to resolve.
    """
    if not isinstance(text, str):
        text = str(text)
    tokens, problems = _tokens(text)
    terms: list[Term] = []
    for negated, fname, value, quoted in tokens:
        if fname is None:
            if value == "-" and not quoted:
                continue
            folded = text_fold(value).replace("\x00", " ").strip()
            if folded:
                terms.append(Term("text", folded, negated))
            continue
        term, problem = _field_term(fname, value, negated, meanings)
        if problem:
            problems.append(problem)
        if term is not None and term not in terms:
            terms.append(term)
    return Query(text, tuple(terms), tuple(problems))
