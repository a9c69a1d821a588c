"""A map of a note's Markdown: which characters are visible text, which spans are code or math,
which markup pairs must stay balanced, and where image and link destinations are."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from paperdesk.render.wikilinks import WIKILINK as _WIKILINK

# Characters ignored when comparing a quote with the Markdown: whitespace and these, which are
# either markup (emphasis, tables, headings, block quotes) or often turned into markup.
AMBIGUOUS = frozenset("*_~=|#>`\\[]")
_SKIP = AMBIGUOUS | frozenset(" \t\n\r")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_FENCE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,})")
_BLOCK_PREFIX = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?)?(?:#{1,6}(?:[ \t]+|$))?"
)
_RULE_LINE = re.compile(r"[ \t]*(?:(?:[-*_][ \t]*){3,}|=+[ \t]*|\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*)$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+")
# a Liquid output in an address (`{{ site.baseurl }}/a.png`, spaces and all, at most 200 characters) is one piece
# of it; every piece starts differently from the others, so the engine never has two ways to read a run
_LIQUID = r"\{\{[^{}\n]{0,200}\}\}|\{\{(?![^{}\n]{0,200}\}\})|\{(?!\{)"
_URL = rf"(?P<url>(?(lt)[^>\n]*|(?:[^()\s{{]|{_LIQUID}|\([^()\s]*\))*))"
_LINK_TAIL = re.compile(
    r"\]\((?P<lt><)?" + _URL + r"(?(lt)>)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_IMAGE = re.compile(
    r"!\[(?:[^\]\\\n]|\\.){0,1000}\]\((?P<lt><)?" + _URL + r"(?(lt)>)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
# an image's address may hold spaces, as Python-Markdown (the reader) and the scan read it (`my figure.png`):
# tried when the address without them does not read; a run of spaces is part of it when what follows starts
# no title (a quote) and no end. As in the scan, an address holding a Liquid output is never read so.
_IMAGE_SPACED = re.compile(
    r"!\[(?:[^\]\\\n]|\\.){0,1000}\]\((?P<lt><)?"
    r"(?P<url>(?(lt)[^>\n]*|(?:[^()\s]|\([^()\s]*\)|[ \t]+(?=[^\s\"')]))*))"
    r"(?(lt)>)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^>\s]*>")
_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_SRC_ATTR = re.compile(r"""\bsrc\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.I)
_PLAIN_RUN = re.compile(r"[^\n$\\`!\[\]<]+")
_BEGIN_ENV = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")
_ALIAS_BAR = re.compile(r"\\?\|")


def _spaced_image(text: str, i: int) -> re.Match[str] | None:
    """An image at `i` whose address holds spaces (and no Liquid output), or None."""
    match = _IMAGE_SPACED.match(text, i)
    return match if match and "{{" not in match.group("url") else None


@dataclass
class MarkdownMap:
    """What each character of a Markdown text is, for placing highlight marks safely."""

    text: str
    key: str = ""                                   # visible, significant characters in order
    key_pos: list[int] = field(default_factory=list)   # index in `text` of each key character
    atoms: list[tuple[int, int]] = field(default_factory=list)   # no mark may go strictly inside
    code_blocks: list[tuple[int, int]] = field(default_factory=list)  # fenced/indented code
    pairs: list[tuple[int, int, int, int]] = field(default_factory=list)  # open s,e / close s,e
    links: list[tuple[int, int, int, int]] = field(default_factory=list)  # [ s,e / ](url) s,e
    image_urls: list[tuple[int, int]] = field(default_factory=list)
    link_urls: list[tuple[int, int]] = field(default_factory=list)
    wikilinks: list[tuple[int, int]] = field(default_factory=list)   # [[...]] / ![[...]] outside code
    line_starts: list[int] = field(default_factory=list)

    def line_of(self, pos: int) -> int:
        """0-based line index of a position."""
        return bisect_right(self.line_starts, pos) - 1

    def in_code_block(self, pos: int) -> bool:
        """True when `pos` lies inside fenced or indented code."""
        return any(s <= pos < e for s, e in self.code_blocks)

    def atom_around(self, pos: int) -> tuple[int, int] | None:
        """The atom (code span, math, tag...) that strictly contains the boundary `pos`, if any."""
        for s, e in self.atoms:
            if s < pos < e:
                return s, e
        return None


def significant(text: str) -> tuple[str, list[int]]:
    """The characters of `text` that count when matching, with their indices."""
    chars: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        if not c.isspace() and c not in AMBIGUOUS:
            chars.append(c)
            index.append(i)
    return "".join(chars), index


def _find_math_end(text: str, i: int) -> int | None:
    """If a math span starts at i, return its end; else None."""
    n = len(text)
    if text.startswith("$$", i):
        end = text.find("$$", i + 2)
        return end + 2 if end >= 0 else None
    if text[i] == "$":
        if i + 1 >= n or text[i + 1].isspace() or text[i + 1] == "$":
            return None
        j = i + 1
        while j < n:
            c = text[j]
            if c == "\\":
                j += 2
                continue
            if c == "\n" and text.startswith("\n", j + 1):
                return None  # a blank line ends the paragraph
            if c == "$":
                if not text[j - 1].isspace() and not (j + 1 < n and text[j + 1].isdigit()):
                    return j + 1
                return None
            j += 1
        return None
    if text.startswith("\\(", i):
        end = text.find("\\)", i + 2)
        return end + 2 if end >= 0 else None
    if text.startswith("\\[", i):
        end = text.find("\\]", i + 2)
        return end + 2 if end >= 0 else None
    match = _BEGIN_ENV.match(text, i)
    if match:
        closing = f"\\end{{{match.group(1)}}}"
        end = text.find(closing, match.end())
        return end + len(closing) if end >= 0 else None
    return None


def _code_span_end(text: str, i: int) -> int | None:
    run = len(text) - i - len(text[i:].lstrip("`"))
    j = i + run
    while True:
        j = text.find("`" * run, j)
        if j < 0:
            return None
        if "\n\n" in text[i:j]:
            return None
        k = j + run
        if k < len(text) and text[k] == "`":
            j = k + len(text[k:]) - len(text[k:].lstrip("`"))
            continue
        if j > 0 and text[j - 1] == "`":
            j += run
            continue
        return k


def build_map(text: str, with_key: bool = True) -> MarkdownMap:
    """Classify every character of a Markdown text (see MarkdownMap); `with_key=False` skips the
    matching key and markup pairs (enough for rewriting image and link destinations)."""
    n = len(text)
    visible = [False] * n
    mm = MarkdownMap(text)
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    mm.line_starts = starts
    tails: dict[int, int] = {}   # start of a link tail `](url)` -> its end

    # Pass 1: fenced and indented code blocks, line by line. A fence that is never closed is
    # plain text (as pandoc and Python-Markdown read it).
    openers = _closed_fence_openers(lines)
    fence: tuple[str, int, int] | None = None   # char, length, start position
    in_list = False
    prev_blank = True
    indented_start: int | None = None
    block_lines: set[int] = set()
    for li, line in enumerate(lines):
        start = starts[li]
        end = start + len(line)
        if fence is not None:
            stripped = line.strip()
            block_lines.add(li)
            closing = stripped.lstrip(">").strip()
            if closing and set(closing) == {fence[0]} and len(closing) >= fence[1]:
                mm.code_blocks.append((fence[2], end))
                mm.atoms.append((fence[2], end))
                fence = None
            else:
                for k in range(start, end):
                    visible[k] = True
            continue
        match = _FENCE.match(line) if li in openers else None
        if match:
            fence = (match.group(1)[0], len(match.group(1)), start)
            block_lines.add(li)
            indented_start = None
            continue
        blank = not line.strip()
        raw_indent = len(line) - len(line.lstrip(" \t"))
        indent = len(line[:raw_indent].expandtabs(4))
        if indented_start is not None:
            if blank or indent >= 4:
                block_lines.add(li)
                for k in range(start + raw_indent, end):
                    visible[k] = True
                prev_blank = blank
                continue
            mm.code_blocks.append((indented_start, starts[li] - 1))
            mm.atoms.append((indented_start, starts[li] - 1))
            indented_start = None
        if not blank and indent >= 4 and prev_blank and not in_list and not _LIST_ITEM.match(line):
            indented_start = start
            block_lines.add(li)
            for k in range(start + raw_indent, end):
                visible[k] = True
            prev_blank = False
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif not blank and indent == 0:
            in_list = False
        prev_blank = blank
    if fence is not None:
        mm.code_blocks.append((fence[2], n))
        mm.atoms.append((fence[2], n))
    if indented_start is not None:
        mm.code_blocks.append((indented_start, n))
        mm.atoms.append((indented_start, n))

    # Pass 2: inline structure of the other lines.
    li = 0
    i = 0
    at_line_start = True
    while i < n:
        if at_line_start:
            at_line_start = False
            li = bisect_right(starts, i) - 1
            if li in block_lines:
                i = starts[li] + len(lines[li]) + 1
                at_line_start = True
                continue
            line = lines[li]
            if _RULE_LINE.match(line) and line.strip():
                i = starts[li] + len(line)
                continue
            prefix = _BLOCK_PREFIX.match(text, i)
            if prefix and prefix.end() > i:
                i = prefix.end()
                continue
        plain = _PLAIN_RUN.match(text, i)
        if plain:
            end = plain.end()
            visible[i:end] = [True] * (end - i)
            i = end
            continue
        c = text[i]
        if c == "\n":
            i += 1
            at_line_start = True
            continue
        if c in "$\\":
            end = _find_math_end(text, i)
            if end is not None:
                mm.atoms.append((i, end))
                i = end
                at_line_start = text[end - 1] == "\n"
                continue
            if c == "\\" and i + 1 < n and text[i + 1] in _PUNCT:
                visible[i + 1] = True
                i += 2
                continue
        if c == "`":
            end = _code_span_end(text, i)
            run = len(text[i:]) - len(text[i:].lstrip("`"))
            if end is not None:
                for k in range(i + run, end - run):
                    visible[k] = text[k] != "\n"
                mm.atoms.append((i, end))
                i = end
                continue
            for k in range(i, i + run):
                visible[k] = True
            i += run
            continue
        if (c == "[" and text.startswith("[[", i)) or (c == "!" and text.startswith("![[", i)):
            match = _WIKILINK.match(text, i)
            if match:
                _mark_wikilink(mm, visible, match)
                i = match.end()
                continue
        if c == "!" and text.startswith("![", i) and text.find("](", i, i + 1004) >= 0:
            match = _IMAGE.match(text, i) or _spaced_image(text, i)
            if match:
                mm.atoms.append((i, match.end()))
                mm.image_urls.append((match.start("url"), match.end("url")))
                i = match.end()
                continue
        if c == "[":
            match = _FOOTNOTE_REF.match(text, i)
            if match:
                mm.atoms.append((i, match.end()))
                i = match.end()
                continue
            close = _matching_link_tail(text, i)
            if close is not None:
                tail_start, tail_end, url_start, url_end = close
                mm.links.append((i, i + 1, tail_start, tail_end))
                tails[tail_start] = tail_end
                mm.atoms.append((tail_start, tail_end))
                mm.link_urls.append((url_start, url_end))
                i += 1
                continue
        if c == "]":
            tail_end = tails.get(i)
            if tail_end is not None:
                i = tail_end
                continue
        if c == "<":
            match = _AUTOLINK.match(text, i)
            if match:
                for k in range(i + 1, match.end() - 1):
                    visible[k] = True
                i = match.end()
                continue
            match = _HTML_TAG.match(text, i)
            if match:
                mm.atoms.append((i, match.end()))
                tag = match.group(0)
                if tag[:4].lower() == "<img":
                    src = _SRC_ATTR.search(tag)
                    if src:
                        group = next(g for g in ("dq", "sq", "bare") if src.group(g) is not None)
                        mm.image_urls.append((i + src.start(group), i + src.end(group)))
                i = match.end()
                continue
        visible[i] = True
        i += 1

    mm.atoms.sort()
    if with_key:
        _pair_delimiters(mm, visible)
        mm.key_pos = [k for k, (seen, ch) in enumerate(zip(visible, text, strict=True))
                      if seen and ch not in _SKIP and not ch.isspace()]
        mm.key = "".join(text[k] for k in mm.key_pos)
    return mm


def _mark_wikilink(mm: MarkdownMap, visible: list[bool], match: re.Match[str]) -> None:
    """A wikilink is one atom whose visible text is its alias, else its target (an embed shows none)."""
    mm.atoms.append((match.start(), match.end()))
    mm.wikilinks.append((match.start(), match.end()))
    if match.group(1):
        return
    start, end = match.start(2), match.end(2)
    bar = _ALIAS_BAR.search(match.string, start, end)
    if bar is not None and match.string[bar.end():end].strip():
        start = bar.end()
    visible[start:end] = [True] * (end - start)


def _closed_fence_openers(lines: list[str]) -> set[int]:
    """Indices of the lines that open a fenced code block which a later line closes."""
    openers: set[int] = set()
    li = 0
    skip: set[int] = set()
    while li < len(lines):
        match = _FENCE.match(lines[li]) if li not in skip else None
        if not match:
            li += 1
            continue
        char, size = match.group(1)[0], len(match.group(1))
        for close in range(li + 1, len(lines)):
            text = lines[close].strip().lstrip(">").strip()
            if text and set(text) == {char} and len(text) >= size:
                openers.add(li)
                li = close + 1
                break
        else:
            skip.add(li)   # never closed: not a fence; look again from the next line
            li += 1
            if len(skip) > 200:   # hostile input: stop looking for more fences
                break
    return openers


_MAX_LINK_DEPTH = 32


def _matching_link_tail(text: str, i: int) -> tuple[int, int, int, int] | None:
    """For a `[` at i, find its `](url)`: (tail start, tail end, url start, url end)."""
    depth = 0
    j = i
    limit = min(len(text), i + 2000)
    while j < limit:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == "\n" and text.startswith("\n", j + 1):
            return None
        if c == "[":
            depth += 1
            if depth > _MAX_LINK_DEPTH:   # hostile nesting: no reader makes a link of it either
                return None
        elif c == "]":
            depth -= 1
            if depth == 0:
                match = _LINK_TAIL.match(text, j)
                if match:
                    return j, match.end(), match.start("url"), match.end("url")
                return None
        j += 1
    return None


def _pair_delimiters(mm: MarkdownMap, visible: list[bool]) -> None:
    """Pair emphasis-like delimiter runs (*, _, ~, =) line by line so marks never split a pair."""
    text = mm.text
    for li, start in enumerate(mm.line_starts):
        end = mm.line_starts[li + 1] - 1 if li + 1 < len(mm.line_starts) else len(text)
        stack: list[tuple[str, int, int]] = []
        k = start
        while k < end:
            c = text[k]
            if c in "*_~=" and visible[k]:
                j = k
                while j < end and text[j] == c and visible[j]:
                    j += 1
                before = text[k - 1] if k > start else " "
                after = text[j] if j < end else " "
                run = text[k:j]
                opens = not after.isspace()
                closes = not before.isspace()
                if c == "_" and before.isalnum() and after.isalnum():
                    opens = closes = False
                matched = False
                if closes:
                    for depth in range(len(stack) - 1, -1, -1):
                        if stack[depth][0] == run:
                            _, os_, oe = stack[depth]
                            mm.pairs.append((os_, oe, k, j))
                            del stack[depth:]
                            matched = True
                            break
                if not matched and opens:
                    stack.append((run, k, j))
                k = j
                continue
            k += 1
