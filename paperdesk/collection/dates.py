"""Calendar dates written in notes ("Feb 2019", "2019-02-03", "3 February 2019") as ISO strings."""

from __future__ import annotations

import re
import time
from functools import lru_cache

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_Y = r"((?:19|20)\d\d)"
_ISO = re.compile(rf"(?<![\d.]){_Y}[-/.年](\d{{1,2}})(?:[-/.月](\d{{1,2}})日?)?(?![\d.])")
_MONTH_YEAR = re.compile(rf"(?i)(?<![a-z])(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?{_MONTH},?\s+(?:(\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?{_Y}(?!\d)")
_YEAR_MONTH = re.compile(rf"(?i)(?<!\d){_Y}\s+{_MONTH}(?![a-z])")
_DIGIT = re.compile(r"\d")
_YEAR_ONLY = re.compile(rf"(?<![\d.]){_Y}(?![\d.])")
_DMY = re.compile(rf"(?<![\d.])(\d{{1,2}})[/.](\d{{1,2}})[/.]{_Y}(?!\d)")


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _slashed(first: int, second: int, year: int) -> str | None:
    """A `dd/mm/yyyy` or `mm/dd/yyyy` date: the order its numbers prove (a part above 12 is the day), the
    one day when both parts agree; both 12 or less and different ("06/12/2017") is no guess: the year only."""
    if first > 12 and second <= 12:
        return _iso(year, second, first)
    if second > 12 and first <= 12:
        return _iso(year, first, second)
    if first == second and first >= 1:
        return _iso(year, first, second)
    return f"{year:04d}" if first <= 12 and second <= 12 else None


def parse_date(text: str, *, year_alone: bool = True) -> str | None:
    """Return the first calendar date in `text` as "YYYY-MM-DD", "YYYY-MM" or "YYYY" (None if none).

    `year_alone=False` ignores a bare year (a heading "2019" is a year, not a month read). A slashed
    day and month are read in the order their numbers prove, else as the year only (`_slashed`).
    """
    if not text:
        return None
    m = _ISO.search(text)
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
        if iso:
            return iso
    m = _MONTH_YEAR.search(text)
    if m:
        day = m.group(1) or m.group(3)
        return _iso(int(m.group(4)), MONTHS[m.group(2).lower()[:3]], int(day) if day else None)
    m = _YEAR_MONTH.search(text)
    if m:
        return _iso(int(m.group(1)), MONTHS[m.group(2).lower()[:3]])
    m = _DMY.search(text)
    if m:
        return _slashed(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if year_alone:
        m = _YEAR_ONLY.search(text)
        if m:
            return m.group(1)
    return None


@lru_cache(maxsize=8192)
def is_date_heading(text: str) -> bool:
    """Whether a heading is only a date or month ("2018-02", "## 2026-04 (1)", "February 2019")."""
    if not _DIGIT.search(text):
        return False
    stripped = re.sub(r"\(\s*\d+\s*\)|\([^)]{0,30}edition\)|[*_`#:|\-–— ]+$", "", text, flags=re.IGNORECASE).strip(" *_`")
    if not stripped or len(stripped) > 40:
        return False
    m = _ISO.fullmatch(stripped) or _MONTH_YEAR.fullmatch(stripped) or _YEAR_MONTH.fullmatch(stripped)
    return m is not None


_EPOCH = re.compile(r"\d{10}|\d{13}")


def epoch_date(value: str) -> str | None:
    """A machine-written time stamp (Unix seconds, or milliseconds as Dendron writes `created:`) as
    "YYYY-MM-DD" in UTC, when it falls in 1990-2099; else None."""
    value = value.strip()
    if not _EPOCH.fullmatch(value):
        return None
    seconds = int(value) // (1000 if len(value) == 13 else 1)
    if not 631_152_000 <= seconds < 4_102_444_800:   # 1990-01-01 .. 2100-01-01
        return None
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))
