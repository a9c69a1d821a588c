"""The map of equal runs between an old and a new text, and what it says about an old span's place.

`anchor_map.build_map` makes it; `SpanMap.map_span` maps a span through its runs,
`SpanMap.support` says how much of a span and its surroundings they carry to a given place, and
`SpanMap.added` lists what the new text has that the old did not.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

SUPPORT_WINDOW = 96         # characters either side of a span that speak for a place (`SpanMap.support`)
SUPPORT_SLACK = 8           # ... when the diff shifts them by what it shifts the place, give or take this


class Run(NamedTuple):
    """old[old:old + size] == new[new:new + size]."""

    old: int
    new: int
    size: int


@dataclass(frozen=True)
class MappedSpan:
    """An old span mapped into the new text."""

    start: int          # where the span begins in the new text (its expected place when edited)
    end: int
    kept: int           # characters of the old span that are in equal runs (0: all of it deleted)
    intact: bool        # the whole span lies in one equal run: its words are unchanged, here


class SpanMap:
    """Equal runs between an old and a new text, to map old spans into the new one."""

    def __init__(self, runs: list[Run], new_len: int, old: str = "", new: str = "",
                 second: Callable[[], SpanMap] | None = None) -> None:
        """Use `build_map`; `runs` must not overlap on either side; `old` and `new` are the two texts;
        `second` makes the second opinion's map (`second_opinion`)."""
        self.old = old
        self.new = new
        self._make_second = second
        self._second: SpanMap | None = None
        self.moved: list[tuple[int, int]] = []     # old spans the diff followed as moved
        self.runs = sorted(runs)
        self._olds = [r.old for r in self.runs]
        self.new_len = new_len

    def map_span(self, start: int, end: int) -> MappedSpan:
        """Map the old span [start, end): exact ends where they lie in a run, else the edges of the edit."""
        runs = self.runs
        i = bisect.bisect_right(self._olds, start) - 1
        if i >= 0 and start < runs[i].old + runs[i].size:
            r = runs[i]
            new_start = r.new + start - r.old
            if end <= r.old + r.size:
                return MappedSpan(new_start, new_start + end - start, end - start, True)
        else:
            new_start = runs[i].new + runs[i].size if i >= 0 else 0
        j = bisect.bisect_left(self._olds, end) - 1
        if j >= 0 and end <= runs[j].old + runs[j].size:
            new_end = runs[j].new + end - runs[j].old
        else:
            new_end = runs[j + 1].new if j + 1 < len(runs) else self.new_len
        reach = 2 * (end - start) + 64
        inside = [(min(end, r.old + r.size) - max(start, r.old), r) for r in runs[max(0, i):j + 1]]
        inside = [(n, r) for n, r in inside if n > 0]
        if not new_start <= new_end <= new_start + reach and inside:
            # the span's parts went apart (one moved with its line): follow most of its characters
            _n, main = max(inside, key=lambda nr: nr[0])
            new_start = max(0, main.new + start - main.old)
            new_end = min(self.new_len, new_start + end - start)
        elif not new_start <= new_end <= new_start + reach:
            new_end = min(self.new_len, new_start + end - start)
        kept = sum(n for n, r in inside if new_start - reach <= r.new + max(start, r.old) - r.old <= new_end + reach)
        return MappedSpan(new_start, new_end, kept, False)

    def support(self, start: int, end: int, new_start: int, new_end: int, window: int = SUPPORT_WINDOW,
                slack: int = SUPPORT_SLACK) -> int:
        """How many characters of the old span [start, end) and of `window` characters either side of
        it the diff carries to the new span [new_start, new_end) and its sides.

        A run carries its characters before the span to a candidate when it shifts them by about
        what the candidate's start is shifted by (within `window`), those after by about the end's
        shift, and those of the span by either. Each old character goes to one place only, so an
        original and a copy of it cannot both be supported by the same surroundings.
        """
        lo, hi = start - window, end + window
        before, after = new_start - start, new_end - end
        total = 0
        i = max(0, bisect.bisect_right(self._olds, lo) - 1)
        for r in itertools.islice(self.runs, i, None):
            if r.old >= hi:
                break
            shift = r.new - r.old
            for a, b, fits in ((lo, start, abs(shift - before) <= slack),
                               (start, end, min(abs(shift - before), abs(shift - after)) <= slack),
                               (end, hi, abs(shift - after) <= slack)):
                if fits:
                    total += max(0, min(b, r.old + r.size) - max(a, r.old))
        return total

    def second_opinion(self) -> SpanMap:
        """The map of the same texts by `build_map(..., second=True)` (made once, when first asked;
        this map itself when it was made without a maker)."""
        if self._second is None:
            self._second = self._make_second() if self._make_second is not None else self
        return self._second

    def added(self) -> list[tuple[int, int]]:
        """Spans of the new text that come from no part of the old one (typed or pasted), in order."""
        out: list[tuple[int, int]] = []
        pos = 0
        for r in sorted(self.runs, key=lambda r: r.new):
            if r.new > pos:
                out.append((pos, r.new))
            pos = max(pos, r.new + r.size)
        if pos < self.new_len:
            out.append((pos, self.new_len))
        return out
