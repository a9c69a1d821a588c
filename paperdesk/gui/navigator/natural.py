"""Natural order for the tree's labels and titles: runs of digits compare as numbers ("week 2" before "week 10")."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"([0-9]+)")


def natural_key(text: str) -> tuple[str | int, ...]:
    """A sort key of `text`, case-insensitive, whose digit runs compare by value: the parts
    alternate text, number, text... so two keys never compare a number with text."""
    parts = _DIGITS.split(text.casefold())
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))
