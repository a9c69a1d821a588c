"""Brings GitHub-style lists to Python-Markdown: 2-space nesting, and lists right after a paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( {1,4}|$)")
_RULE = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?: |$)|>|\||<)")
_LEADING = re.compile(r"^[ \t]*")


@dataclass
class _Level:
    marker: int     # column of the list marker
    content: int    # column where the item's text starts


def _expand(line: str) -> str:
    lead = _LEADING.match(line).group(0)
    return lead.expandtabs(4) + line[len(lead):] if "\t" in lead else line


def _shift(line: str, delta: int) -> str:
    if delta >= 0:
        return " " * delta + line
    lead = len(line) - len(line.lstrip(" "))
    return line[min(lead, -delta):]


def normalize_lists(text: str) -> str:
    """Re-indent list items so Python-Markdown nests them as GitHub does (4 columns per level).

    Also puts a blank line before a list that directly follows a paragraph line, which GitHub
    accepts and Python-Markdown otherwise reads as part of the paragraph. Fenced code is moved
    with the item it belongs to and otherwise left alone.
    """
    out: list[str] = []
    stack: list[_Level] = []
    fence: str | None = None
    fence_delta = 0
    previous_blank = True
    previous_text = False     # the previous line is paragraph text outside any list
    for raw in text.splitlines(keepends=True):
        line = _expand(raw)
        body = line.rstrip("\r\n")
        if fence is not None:
            out.append(_shift(line, fence_delta) if fence_delta and body.strip() else line)
            m = _FENCE.match(body)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not body[m.end():].strip():
                fence = None
            continue
        if not body.strip():
            out.append(line)
            previous_blank, previous_text = True, False
            continue
        indent = len(body) - len(body.lstrip(" "))
        marker = None if _RULE.match(body) else _MARKER.match(body)
        if marker:
            ordered = marker.group(2)[0].isdigit()
            if not stack and previous_text and (not ordered or marker.group(2)[:-1] == "1") \
                    and marker.group(3):
                out.append("\n")
            while stack and indent < stack[-1].content:
                stack.pop()
            depth = len(stack)
            width = len(marker.group(2)) + max(len(marker.group(3)), 1)
            stack.append(_Level(indent, indent + width))
            new = " " * (4 * depth) + body[indent:]
            out.append(new + line[len(body):])
            previous_blank, previous_text = False, False
            continue
        if stack:
            if indent < stack[0].content and (previous_blank or _BLOCK_START.match(body)):
                stack = []          # the list is over
            elif indent < stack[0].content:
                out.append(line)    # lazy continuation of the last item's paragraph
                previous_blank = False
                continue
        if stack:
            depth = max(i for i, level in enumerate(stack) if indent >= level.content)
            owner = stack[depth]
            del stack[depth + 1:]
            new_indent = 4 * (depth + 1) + (indent - owner.content)
            if _FENCE.match(body):
                fence = _FENCE.match(body).group(1)
                fence_delta = new_indent - indent
            out.append(" " * new_indent + body[indent:] + line[len(body):])
            previous_blank, previous_text = False, False
            continue
        if _FENCE.match(body):
            fence = _FENCE.match(body).group(1)
            fence_delta = 0
        out.append(line)
        previous_blank = False
        previous_text = not _BLOCK_START.match(body) and indent < 4 and fence is None
    return "".join(out)
