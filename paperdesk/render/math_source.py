"""Finds math in Markdown source and swaps it for inert placeholders before Markdown runs."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

TOKEN_PREFIX = "PDMATHQ"
TOKEN_RE = re.compile(TOKEN_PREFIX + r"(\d+)Z")

MATH_ENVIRONMENTS = frozenset({
    "equation", "equation*", "align", "align*", "aligned", "alignat", "alignat*", "gather", "gather*",
    "gathered", "multline", "multline*", "eqnarray", "eqnarray*", "split", "cases", "array", "matrix",
    "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "subequations", "flalign",
    "flalign*", "CD",
})

_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_BEGIN_ENV = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")
_MATHY = re.compile(r"[\\^_={}]")
_MAX_MATH = 20000
_MAX_INLINE = 2000
_INLINE_SCAN = re.compile(r"\\.|\n[ \t]*\r?\n|\$\$|\$", re.DOTALL)


@dataclass(frozen=True)
class MathSpan:
    """One formula found in the source: TeX without delimiters, how it was written, display or inline."""

    tex: str
    source: str      # the formula as written, delimiters included
    display: bool
    line: int        # 1-based line within the text passed to extract_math


def token(index: int) -> str:
    """Return the placeholder text for formula number `index`."""
    return f"{TOKEN_PREFIX}{index}Z"


def _blank_line_between(text: str, start: int, end: int) -> bool:
    return re.search(r"\n[ \t]*\r?\n", text[start:end]) is not None


def _scan_segment(text: str, base_line: int, spans: list[MathSpan]) -> str:
    """Replace the math in a stretch of non-fenced Markdown with tokens."""
    out: list[str] = []
    i = 0
    n = len(text)
    copied = 0
    closers: _InlineClosers | None = None

    def emit(start: int, end: int, tex: str, display: bool) -> None:
        nonlocal copied
        out.append(text[copied:start])
        line = base_line + text.count("\n", 0, start)
        spans.append(MathSpan(tex=tex, source=text[start:end], display=display, line=line))
        out.append(token(len(spans) - 1))
        copied = end

    while i < n:
        c = text[i]
        if c == "`":
            run_end = i
            while run_end < n and text[run_end] == "`":
                run_end += 1
            run = text[i:run_end]
            close = re.compile(r"(?<!`)" + run + r"(?!`)").search(text, run_end)
            i = close.end() if close and not _blank_line_between(text, run_end, close.start()) else run_end
            continue
        if c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in "([":
                closer = "\\)" if nxt == "(" else "\\]"
                end = text.find(closer, i + 2, i + _MAX_MATH)
                if end != -1 and not _blank_line_between(text, i, end):
                    tex = text[i + 2:end]
                    if tex.strip() and (nxt == "(" or _MATHY.search(tex) or "\n" in tex):
                        emit(i, end + 2, tex, nxt == "[")
                        i = end + 2
                        continue
            elif nxt == "b":
                m = _BEGIN_ENV.match(text, i)
                if m and m.group(1) in MATH_ENVIRONMENTS:
                    closer = "\\end{" + m.group(1) + "}"
                    end = text.find(closer, m.end(), i + _MAX_MATH)
                    if end != -1:
                        emit(i, end + len(closer), text[i:end + len(closer)], True)
                        i = end + len(closer)
                        continue
            i += 2
            continue
        if c == "$":
            if text.startswith("$$", i):
                end = text.find("$$", i + 2, i + _MAX_MATH)
                if end != -1 and text[i + 2:end].strip() and not _blank_line_between(text, i, end):
                    emit(i, end + 2, text[i + 2:end], True)
                    i = end + 2
                    continue
                i += 2
                continue
            if i + 1 < n and text[i + 1] not in " \t\r\n":
                if closers is None:
                    closers = _InlineClosers(text)
                end = closers.closing(i)
                if end != -1:
                    emit(i, end + 1, text[i + 1:end], False)
                    i = end + 1
                    continue
        i += 1
    out.append(text[copied:])
    return "".join(out)


class _InlineClosers:
    """Where inline math may close in a stretch of text, found in one pass (no quadratic rescans)."""

    def __init__(self, text: str) -> None:
        self.closers: list[int] = []
        self.barriers: list[int] = []   # blank lines and `$$`: inline math never crosses them
        n = len(text)
        for m in _INLINE_SCAN.finditer(text):
            found = m.group()
            if found[0] == "\\":
                continue
            i = m.start()
            if found[0] != "$" or found == "$$":
                self.barriers.append(i)
            elif not (i > 0 and text[i - 1] in " \t\r\n") and not (i + 1 < n and text[i + 1].isdigit()):
                self.closers.append(i)

    def closing(self, opening: int) -> int:
        """Index of the `$` closing inline math opened by the `$` at `opening`, or -1."""
        j = bisect.bisect_right(self.closers, opening)
        if j == len(self.closers) or self.closers[j] - opening > _MAX_INLINE:
            return -1
        k = bisect.bisect_right(self.barriers, opening)
        if k < len(self.barriers) and self.barriers[k] < self.closers[j]:
            return -1
        return self.closers[j]


def extract_math(text: str) -> tuple[str, list[MathSpan]]:
    """Return `text` with every formula outside code replaced by a token, and the formulas in order.

    Recognises `$...$`, `$$...$$`, `\\(...\\)`, `\\[...\\]` and math environments
    (`\\begin{align}`...), leaves fenced code blocks and code spans alone, and honours `\\$`.
    """
    spans: list[MathSpan] = []
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    segment: list[str] = []
    segment_line = 1
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        m = _FENCE.match(line)
        if fence is None:
            if m:
                out.append(_scan_segment("".join(segment), segment_line, spans))
                segment = []
                fence = m.group(1)
                out.append(line)
            else:
                if not segment:
                    segment_line = number
                segment.append(line)
        else:
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                    and not line[m.end():].strip():
                fence = None
    out.append(_scan_segment("".join(segment), segment_line, spans))
    return "".join(out), spans


# TeX commands that change MathJax's state for later formulas (macros, operators, environments).
DEFINER = re.compile(r"\\(?:[gex]?def|newcommand|renewcommand|providecommand|DeclareMathOperator|let|"
                     r"newenvironment|renewenvironment|require|Newextarrow)(?![A-Za-z])")
_CS = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)
_SPACE = re.compile(r"\s*")


def _group(tex: str, i: int) -> int:
    """End of the balanced `{...}` starting at `i` (after spaces), or -1."""
    i = _SPACE.match(tex, i).end()
    if i >= len(tex) or tex[i] != "{":
        return -1
    depth = 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            i += 2
            continue
        depth += (c == "{") - (c == "}")
        i += 1
        if depth == 0:
            return i
    return -1


def _optional(tex: str, i: int) -> int:
    """End of an optional `[...]` argument at `i` (after spaces), or `i` when there is none."""
    j = _SPACE.match(tex, i).end()
    if j < len(tex) and tex[j] == "[":
        close = tex.find("]", j)
        return close + 1 if close != -1 else -1
    return i


def _name(tex: str, i: int) -> int:
    """End of a macro name at `i`: `\\foo` or `{\\foo}`, or -1."""
    i = _SPACE.match(tex, i).end()
    m = _CS.match(tex, i)
    return m.end() if m else _group(tex, i)


def _definition_end(tex: str, m: re.Match[str]) -> int:
    """End of the definition whose command `m` matched, or -1 when it is malformed."""
    command, i = m.group(0)[1:], m.end()
    if command.endswith("def"):
        name = _CS.match(tex, _SPACE.match(tex, i).end())
        if not name:
            return -1
        brace = tex.find("{", name.end())
        return _group(tex, brace) if brace != -1 and "}" not in tex[name.end():brace] else -1
    if command == "let":
        i = _name(tex, i)
        if i == -1:
            return -1
        i = _SPACE.match(tex, i).end()
        if tex.startswith("=", i):
            i = _SPACE.match(tex, i + 1).end()
        target = _CS.match(tex, i)
        return target.end() if target else (i + 1 if i < len(tex) else -1)
    if command in ("require", "newenvironment", "renewenvironment"):
        i = _group(tex, i)
        if command == "require" or i == -1:
            return i
        i = _optional(tex, _optional(tex, i))
        i = _group(tex, i) if i != -1 else -1
        return _group(tex, i) if i != -1 else -1
    if tex.startswith("*", i):   # \DeclareMathOperator*, \newcommand*
        i += 1
    i = _name(tex, i)
    if i == -1:
        return -1
    if command != "DeclareMathOperator":
        i = _optional(tex, _optional(tex, i))
        if command == "Newextarrow" and i != -1:
            i = _group(tex, i)
    return _group(tex, i) if i != -1 else -1


def definitions(tex: str) -> tuple[list[str], bool]:
    """Return the definitions `tex` makes, in order, and whether every one could be parsed."""
    found: list[str] = []
    complete = True
    i = 0
    while (m := DEFINER.search(tex, i)) is not None:
        end = _definition_end(tex, m)
        if end == -1:
            complete = False
            i = m.end()
        else:
            found.append(tex[m.start():end])
            i = end
    return found, complete
