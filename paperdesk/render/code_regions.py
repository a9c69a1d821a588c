"""Where a note's Markdown holds code (fenced and indented blocks, code spans), found in one linear pass."""

from __future__ import annotations

import bisect
import re

_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_TICKS = re.compile(r"`+")
_BLANK = re.compile(r"\n[ \t]*(?=\n)")


def _indent(line: str) -> int:
    """Columns of leading whitespace (a tab to the next multiple of 4)."""
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))


class CodeRegions:
    """The [start, end) character ranges of `text` that Markdown shows as code."""

    def __init__(self, text: str) -> None:
        """Find the code of `text`: fences (also inside lists and quotes), indented blocks, code spans."""
        self.blocks: list[tuple[int, int]] = []   # fenced and indented code blocks
        self.spans: list[tuple[int, int]] = []    # inline code spans, backticks included
        self._find_blocks(text)
        self._find_spans(text)
        self.ranges = sorted(self.blocks + self.spans)
        self._starts = [start for start, _ in self.ranges]

    def _find_blocks(self, text: str) -> None:
        pos = 0
        fence: str | None = None
        fence_start = 0
        code_start: int | None = None      # an indented code block being read
        after_blank, in_list = True, False
        for line in text.splitlines(keepends=True):
            end = pos + len(line)
            body = line.rstrip("\r\n")
            if fence is not None:
                m = _FENCE.match(body)
                if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not body[m.end():].strip():
                    self.blocks.append((fence_start, end))
                    fence = None
                pos = end
                continue
            blank = not body.strip()
            indented = not blank and _indent(body) >= 4
            if code_start is not None and not (indented or blank):
                self.blocks.append((code_start, pos))
                code_start = None
            m = _FENCE.match(body)
            if m and not indented:
                fence, fence_start = m.group(1), pos
            elif indented and code_start is None and after_blank and not in_list:
                code_start = pos
            elif not blank and not indented:
                if _LIST_ITEM.match(body):
                    in_list = True
                elif after_blank:
                    in_list = False
            after_blank = blank
            pos = end
        if fence is not None:
            self.blocks.append((fence_start, pos))   # an unclosed fence runs to the end, as Markdown reads it
        elif code_start is not None:
            self.blocks.append((code_start, pos))

    def _find_spans(self, text: str) -> None:
        """Code spans: a run of N backticks up to the next run of exactly N in the same paragraph."""
        blanks = [m.start() for m in _BLANK.finditer(text)]
        runs = [m for m in _TICKS.finditer(text)
                if not self._in_block(m.start()) and not (m.start() > 0 and text[m.start() - 1] == "\\")]
        by_length: dict[int, list[int]] = {}
        for i, m in enumerate(runs):
            by_length.setdefault(len(m.group(0)), []).append(i)
        pointer: dict[int, int] = {}
        i = 0
        while i < len(runs):
            opener = runs[i]
            length = len(opener.group(0))
            same = by_length[length]
            k = pointer.get(length, 0)
            while k < len(same) and same[k] <= i:   # every run of this length at or before the opener is used up
                k += 1
            pointer[length] = k
            if k == len(same):
                i += 1
                continue
            closer = runs[same[k]]
            barrier = bisect.bisect_right(blanks, opener.start())
            if barrier < len(blanks) and blanks[barrier] < closer.start():
                i += 1
                continue
            self.spans.append((opener.start(), closer.end()))
            i = same[k] + 1

    def _in_block(self, pos: int) -> bool:
        j = bisect.bisect_right(self.blocks, (pos, float("inf"))) - 1
        return j >= 0 and self.blocks[j][0] <= pos < self.blocks[j][1]

    def inside(self, pos: int) -> bool:
        """Whether the character at `pos` is code."""
        j = bisect.bisect_right(self._starts, pos) - 1
        return j >= 0 and self.ranges[j][0] <= pos < self.ranges[j][1]
