"""Obsidian callouts (`> [!note] Title`, foldable `> [!tip]-`), also GitHub's `> [!NOTE]`, as styled boxes;
and Obsidian `%%comments%%` hidden. Callouts are read from Markdown's HTML, so they work at any nesting."""

from __future__ import annotations

import re

from paperdesk.render.code_regions import CodeRegions

# Canonical kinds (the stylesheet colours each) and Obsidian's other names for them.
KINDS = ("note", "abstract", "info", "todo", "tip", "success", "question", "warning", "failure", "danger",
         "bug", "example", "quote")
ALIASES = {
    "summary": "abstract", "tldr": "abstract", "hint": "tip", "important": "tip", "check": "success",
    "done": "success", "help": "question", "faq": "question", "caution": "warning", "attention": "warning",
    "fail": "failure", "missing": "failure", "error": "danger", "cite": "quote",
}
CLASSES = frozenset({"callout"} | {f"callout-{kind}" for kind in KINDS})
_QUOTE_TAG = re.compile(r"<blockquote>|</blockquote>")
_HEAD = re.compile(r"\s*<p>\[!([A-Za-z][\w-]{0,30})\]([+-]?)[ \t]*([^\n]*?)(\n|</p>)")


def canonical(kind: str) -> str:
    """The stylesheet's kind for a callout type as written (unknown types look like notes)."""
    kind = kind.lower()
    kind = ALIASES.get(kind, kind)
    return kind if kind in KINDS else "note"


def _title(written: str, kind: str) -> str:
    return written.strip() or kind[:1].upper() + kind[1:].lower()


_SPLIT_SCAN = re.compile(r"<blockquote>|</blockquote>|<p>\[!(?=[A-Za-z])")


def _split_quotes(html: str) -> str:
    """Start a new `<blockquote>` at each later `[!type]` paragraph of one: Markdown joins quotes that
    only a blank line separates (`> [!note]`, blank, `> [!tip]`), Obsidian shows two callouts."""
    out: list[str] = []
    pos = 0
    opened: list[int] = []   # end offsets of the open <blockquote> tags
    for m in _SPLIT_SCAN.finditer(html):
        found = m.group(0)
        if found == "<blockquote>":
            opened.append(m.end())
        elif found == "</blockquote>":
            if opened:
                opened.pop()
        elif opened and html[opened[-1]:m.start()].strip() and not html[:m.start()].rstrip().endswith("<li>"):
            out += [html[pos:m.start()], "</blockquote>\n<blockquote>"]
            pos = m.start()
            opened[-1] = m.start()
    out.append(html[pos:])
    return "".join(out)


def callouts(html: str) -> str:
    """Turn each `<blockquote>` whose first paragraph starts with `[!type]` into a callout box."""
    if "[!" not in html:
        return html
    html = _split_quotes(html)
    tags = list(_QUOTE_TAG.finditer(html))
    closing: dict[int, int] = {}   # index of an opening tag -> index of its closing tag
    stack: list[int] = []
    for i, m in enumerate(tags):
        if m.group(0) == "<blockquote>":
            stack.append(i)
        elif stack:
            closing[stack.pop()] = i
    replace: dict[int, str] = {}   # tag index -> its new text; heads are cut by their end offset
    cut: dict[int, int] = {}       # opening tag index -> end of the head it swallows
    for i, m in enumerate(tags):
        if m.group(0) != "<blockquote>" or i not in closing:
            continue
        head = _HEAD.match(html, m.end())
        if head is None:
            continue
        written, fold, title, ending = head.group(1), head.group(2), head.group(3), head.group(4)
        kind = canonical(written)
        shown = _title(title, written)
        rest = "<p>" if ending == "\n" else ""
        if fold:
            replace[i] = (f'<details class="callout callout-{kind}"{" open" if fold == "+" else ""}>'
                          f'<summary class="callout-title">{shown}</summary>{rest}')
            replace[closing[i]] = "</details>"
        else:
            replace[i] = f'<blockquote class="callout callout-{kind}"><p class="callout-title">{shown}</p>{rest}'
        cut[i] = head.end()
    if not replace:
        return html
    out: list[str] = []
    pos = 0
    for i, m in enumerate(tags):
        if i not in replace or m.start() < pos:
            continue
        out.append(html[pos:m.start()])
        out.append(replace[i])
        pos = cut.get(i, m.end())
    out.append(html[pos:])
    return "".join(out)


_COMMENT_MARK = re.compile(r"%%")


def hide_comments(text: str) -> str:
    """`text` without its Obsidian comments (`%%...%%`, inline or over lines) outside code."""
    if "%%" not in text:
        return text
    code = CodeRegions(text)
    marks = [m.start() for m in _COMMENT_MARK.finditer(text) if not code.inside(m.start())]
    if len(marks) < 2:
        return text
    out: list[str] = []
    pos = 0
    for start, end in zip(marks[0::2], marks[1::2], strict=False):
        out.append(text[pos:start])
        pos = end + 2
    out.append(text[pos:])
    return "".join(out)
