"""A linear pre-check of a note's structure before Markdown: the parts that would make the parser
quadratic, recurse without end or run one long regex are set aside and shown as their source.

Python-Markdown's cost grows with the square of nesting (1,000 nested brackets: 0.5 s; 4,000:
8.6 s) and it recurses once per level of lists and quotes. The check splits the note into blocks
(runs of lines between blank lines, a fenced code block being one block) and sets aside a block
that nests deeper than MAX_NESTING (list and quote markers, indentation, brackets, HTML tags) or
holds a line longer than MAX_LINE_CHARS. A set-aside block becomes a token paragraph; after
Markdown and sanitising, `restore_blocks` puts back its escaped source in a `<pre>`. Long `data:`
URL payloads (never shown: embedded images are blocked) are cut before Markdown reads them.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass

MAX_NESTING = 32             # list/quote/bracket/HTML levels in one block (real notes: under 10)
MAX_LINE_CHARS = 100_000     # one line (a paragraph of a few thousand words is ~20,000)
MAX_DATA_URL_CHARS = 256     # payload kept of a data: URL (the page never loads it)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CONTAINER = re.compile(r" {0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_LEADING = re.compile(r"[ \t]*")
_BRACKET = re.compile(r"\\.|[\[\]()]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option"})
_URL_CHAR = r"[^\s)\"'<>\]]"
_DATA_URL = re.compile(rf"(data:[\w.+/-]{{0,100}}(?:;[\w.+=-]{{0,100}}){{0,5}},)({_URL_CHAR}{{{MAX_DATA_URL_CHARS}}})"
                       rf"{_URL_CHAR}+")


@dataclass(frozen=True)
class SetAside:
    """A block shown as its source, and why."""

    token: str
    source: str
    line: int        # 1-based line in the entry body where the block starts
    reason: str


def _line_depth(line: str) -> int:
    """Container levels a line opens: quote and list markers, plus indentation (2 columns a level)."""
    depth, pos = 0, 0
    while True:
        m = _CONTAINER.match(line, pos)
        if not m or m.end() == pos:
            break
        depth += 1
        pos = m.end()
    indent = len(_LEADING.match(line, pos).group(0).expandtabs(4))
    return depth + indent // 2


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for m in _BRACKET.finditer(text):
        ch = m.group(0)
        if ch in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "])":
            depth = max(0, depth - 1)
    return deepest


def _tag_depth(text: str) -> int:
    if "<" not in text:
        return 0
    depth = deepest = 0
    for m in _TAG.finditer(text):
        if m.group(3) or m.group(2).lower() in _VOID:
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _problem(lines: list[str], fenced: bool) -> str | None:
    """Why a block must not reach Markdown, or None."""
    longest = max(len(line) for line in lines)
    if longest > MAX_LINE_CHARS:
        return f"a line of {longest:,} characters (more than {MAX_LINE_CHARS:,})"
    if fenced:
        return None
    depth = max(_line_depth(line) for line in lines)
    if depth > MAX_NESTING:
        return f"lists or quotes nested {depth} levels deep (more than {MAX_NESTING})"
    text = "\n".join(lines)
    for name, measure in (("brackets", _bracket_depth), ("HTML tags", _tag_depth)):
        depth = measure(text)
        if depth > MAX_NESTING:
            return f"{name} nested {depth} levels deep (more than {MAX_NESTING})"
    return None


def _blocks(lines: list[str]) -> list[tuple[int, int, bool]]:
    """(first, end, fenced) line ranges: runs of non-blank lines; a fenced code block is one run."""
    blocks: list[tuple[int, int, bool]] = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip():
            i += 1
            continue
        start = i
        fence = _FENCE.match(lines[i])
        if fence:
            marker = fence.group(1)
            i += 1
            while i < n and not (lines[i].lstrip(" ").startswith(marker[0] * len(marker))
                                 and not lines[i].strip().strip(marker[0])):
                i += 1
            i = min(n, i + 1)
            blocks.append((start, i, True))
            continue
        while i < n and lines[i].strip() and not _FENCE.match(lines[i]):
            i += 1
        blocks.append((start, i, False))
    return blocks


def shorten_data_urls(text: str) -> str:
    """Cut every data: URL payload to MAX_DATA_URL_CHARS (images from data: URLs are never shown)."""
    if "data:" not in text:
        return text
    return _DATA_URL.sub(r"\1\2", text)


def set_aside(text: str) -> tuple[str, list[SetAside]]:
    """Replace each block that would make Markdown slow or recurse by a token paragraph."""
    lines = text.split("\n")
    nonce = secrets.token_hex(4)
    found: list[SetAside] = []
    out: list[str] = []
    done = 0
    for start, end, fenced in _blocks(lines):
        reason = _problem(lines[start:end], fenced)
        if reason is None:
            continue
        token = f"PDASIDE{nonce}Q{len(found)}Z"
        found.append(SetAside(token, "\n".join(lines[start:end]), start + 1, reason))
        out += lines[done:start]
        out += [token] + [""] * (end - start - 1)   # same line count: later line numbers hold
        done = end
    if not found:
        return text, []
    out += lines[done:]
    return "\n".join(out), found


def restore_blocks(cleaned_html: str, blocks: list[SetAside]) -> str:
    """Put each set-aside block back as escaped source in `<pre class="source-shown">`.

    The source is escaped quotes and all: a token that ended up inside other markup, even inside an
    attribute value (`<div title="` a blank line, then the block), stays text there.
    """
    for block in blocks:
        source = html.escape(block.source)
        shown = (f'<pre class="source-shown" title="{html.escape("shown as written: " + block.reason)}">'
                 f"{source}</pre>")
        replaced = cleaned_html.replace(f"<p>{block.token}</p>", shown, 1)
        if replaced == cleaned_html:   # the token ended up inside other markup: keep it readable
            replaced = cleaned_html.replace(block.token, source, 1)
        cleaned_html = replaced
    return cleaned_html
