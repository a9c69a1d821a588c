"""Jekyll (Liquid) and Hugo (shortcode) syntax in a note's Markdown, turned into what the site would show.

Rules (docs/ARCHITECTURE.md, render): `{% raw %}` content is kept literally; comments and captures
are hidden; `{% highlight %}` / `{{< highlight >}}` become fenced code; figures become images with
captions; Hugo notices/alerts become callouts, other paired shortcodes keep their inner Markdown;
`{{< math >}}`/`{{< katex >}}` give their formula; site URLs (`{{ site.baseurl }}`,
`| relative_url`, `{% link %}`, `{% post_url %}`, `{{< ref >}}`) point into the collection. Liquid
control tags (`if`, `for`, `assign`...) vanish as Liquid makes them vanish. Everything else that
would insert content the reader cannot make (an include, `{{ page.title }}`, `{{< youtube >}}`) is
one dimmed chip naming it. Code stays literal, except the escapes meant for it: `{% raw %}` tags
inside code are dropped and `{{</* x */>}}` shows `{{< x >}}`, as the sites show them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from paperdesk.collection.images import liquid_url
from paperdesk.render.code_regions import CodeRegions
from paperdesk.render.math_source import TOKEN_RE, MathSpan, token
from paperdesk.render.template_parts import (
    callout,
    chip,
    code_fence,
    figure,
    md_literal,
    parse_args,
)

# One construct each, inner text bounded and free of braces, so a failed match stops at the next brace.
SYNTAX = re.compile(
    r"\{\{<(?P<hugo>[^{}]{0,4000}?)>\}\}|\{\{%(?P<hugo2>[^{}]{0,4000}?)%\}\}"
    r"|\{%(?P<tag>(?:[^{}%]|%(?!\}))*?)%\}"
    r"|\{\{(?P<out>[^{}]{0,4000}?)\}\}"
)
_NAME = re.compile(r"\s*([A-Za-z_][\w.-]*)\s*(.*)", re.DOTALL)
_URL_CONTEXT = re.compile(r"""(?:\]\(<?|\b(?:src|href)\s*=\s*["']?|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*)[^\s()"'<>]*$""",
                          re.MULTILINE)
LIQUID_CONTROL = frozenset({
    "if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase", "for", "endfor",
    "break", "continue", "cycle", "tablerow", "endtablerow", "assign", "increment", "decrement", "liquid",
    "ifchanged", "endifchanged", "seo", "feed_meta",
})
_LIQUID_HIDDEN = frozenset({"comment", "capture"})
_MATH = frozenset({"math", "katex", "latex", "tex", "mathjax", "formula"})
_NOTICE = frozenset({"notice", "alert", "hint", "callout", "admonition", "note", "tip", "warning", "info",
                     "caution", "important", "danger", "error", "success", "attention", "tldr", "example"})
_FOLD = frozenset({"details", "expand", "spoiler", "collapse", "toggle", "accordion"})
_FIGURE = frozenset({"figure", "img", "image", "picture", "gallery-image"})
_IMAGE_KEYS = ("src", "path", "image_path", "image", "url", "file")
MAX_CALLOUT_DEPTH = 8


@dataclass(frozen=True)
class SiteLinks:
    """How the note's site addresses resolve: a note name or path to an href, a site path to a file."""

    note_href: Callable[[str], str | None]   # `{{< ref "x" >}}`, `{% post_url x %}`: href from this note
    site_file: Callable[[str], str]          # "/img/a.png" -> "/static/img/a.png" when that is the file


@dataclass
class _Construct:
    """One `{% %}` / `{{ }}` / `{{< >}}` / `{{% %}}` found in the text."""

    start: int
    end: int
    dialect: str                # "hugo" | "tag" | "out"
    name: str = ""
    args: str = ""
    closing: bool = False
    escaped: bool = False
    pair: int | None = None     # index of the closing construct of a paired opener


def _construct(m: re.Match[str]) -> _Construct:
    hugo = m.group("hugo") if m.group("hugo") is not None else m.group("hugo2")
    if hugo is not None:
        inner = hugo.strip()
        if inner.startswith("/*") and inner.endswith("*/"):
            return _Construct(m.start(), m.end(), "hugo", args=inner[2:-2].strip(), escaped=True)
        closing = inner.startswith("/")
        name_match = _NAME.match(inner.lstrip("/"))
        name, args = (name_match.group(1), name_match.group(2)) if name_match else ("", inner)
        return _Construct(m.start(), m.end(), "hugo", name.lower(), args, closing)
    if m.group("tag") is not None:
        inner = m.group("tag").strip("-")
        name_match = _NAME.match(inner)
        name, args = (name_match.group(1).lower(), name_match.group(2)) if name_match else ("", inner)
        closing = name.startswith("end")
        return _Construct(m.start(), m.end(), "tag", name, args.strip(), closing)
    return _Construct(m.start(), m.end(), "out", args=m.group("out").strip("-").strip())


def _pair(items: list[_Construct]) -> None:
    """Pair openers with closers by name (Hugo `{{< x >}}...{{< /x >}}`, Liquid `{% x %}...{% endx %}`)."""
    open_by_name: dict[tuple[str, str], list[int]] = {}
    for i, item in enumerate(items):
        if item.dialect == "out" or item.escaped or not item.name:
            continue
        if item.dialect == "tag" and item.name in LIQUID_CONTROL:
            continue
        if item.closing:
            name = item.name if item.dialect == "hugo" else item.name[3:]
            stack = open_by_name.get((item.dialect, name))
            if stack:
                items[stack.pop()].pair = i
        else:
            open_by_name.setdefault((item.dialect, item.name), []).append(i)


class _Writer:
    """Output pieces, with a stack of open callouts whose content is quoted when they close."""

    def __init__(self) -> None:
        self.stack: list[tuple[list[str], Callable[[str], str]]] = [([], lambda s: s)]

    def add(self, piece: str) -> None:
        self.stack[-1][0].append(piece)

    def tail(self) -> str:
        pieces = self.stack[-1][0]
        return pieces[-1] if pieces else ""

    def open(self, finish: Callable[[str], str]) -> None:
        self.stack.append(([], finish))

    def close(self) -> None:
        pieces, finish = self.stack.pop()
        self.add(finish("".join(pieces)))

    def text(self) -> str:
        while len(self.stack) > 1:
            self.close()
        return "".join(self.stack[0][0])


@dataclass
class _Run:
    """One pass over a text: its constructs, where code is, and the output so far."""

    text: str
    links: SiteLinks
    spans: list[MathSpan]
    items: list[_Construct] = field(default_factory=list)
    code: CodeRegions | None = None
    out: _Writer = field(default_factory=_Writer)
    closers: dict[int, int] = field(default_factory=dict)   # closer index -> opener index (open callouts)
    held: list[str] = field(default_factory=list)            # inline HTML behind tokens
    held_prefix: str = "PDHELD"

    def hold(self, html: str) -> str:
        """A plain token standing for inline HTML until `restore_held` (Markdown is slow over much inline HTML)."""
        self.held.append(html)
        return f"{self.held_prefix}{len(self.held) - 1}Z"

    def chip(self, text: str, what: str) -> str:
        """The token of a dimmed chip naming a construct the reader cannot show."""
        return self.hold(chip(text, f"{what}: not shown in the reader"))

    def line_indent(self, pos: int) -> tuple[str, bool]:
        """The whitespace that starts the line of `pos`, and whether only whitespace precedes `pos` on it."""
        start = self.text.rfind("\n", 0, pos) + 1
        before = self.text[start:pos]
        lead = before[: len(before) - len(before.lstrip(" \t"))]
        return lead, not before.strip()

    def alone(self, item: _Construct) -> bool:
        """Whether the construct is alone on its line."""
        line_end = self.text.find("\n", item.end)
        after = self.text[item.end: line_end if line_end >= 0 else len(self.text)]
        return self.line_indent(item.start)[1] and not after.strip()

    def block_start(self, indent: str) -> None:
        """End the output's current line and leave a blank line before a block."""
        pieces = self.out.stack[-1][0]
        if pieces and indent and pieces[-1].endswith(indent):
            pieces[-1] = pieces[-1][: len(pieces[-1]) - len(indent)]
        done = "".join(pieces[-3:])
        if done and not done.endswith("\n\n"):
            self.out.add("\n" if done.endswith("\n") else "\n\n")

    def url_context(self, pos: int) -> bool:
        """Whether `pos` sits in a link or image target (`](...`, `src="...`, a reference definition)."""
        window = self.text[max(0, pos - 300): pos]
        return _URL_CONTEXT.search(window) is not None


def _shown_escape(run: _Run, item: _Construct) -> str:
    """What Hugo shows for an escaped shortcode: `{{</* x */>}}` as `{{< x >}}`."""
    opening = run.text[item.start + 2]
    closing = ">" if opening == "<" else "%"
    return "{{" + opening + " " + item.args + " " + closing + "}}"


def _in_code(run: _Run, item: _Construct) -> str | None:
    """What a construct inside code becomes: only the escapes meant for code change."""
    if item.dialect == "hugo" and item.escaped:
        return _shown_escape(run, item)
    if item.dialect == "tag" and item.name in ("raw", "endraw"):
        return ""
    return None


def _opaque(run: _Run, i: int) -> str:
    """The text between a paired opener and its closer."""
    item = run.items[i]
    return run.text[item.end: run.items[item.pair].start] if item.pair is not None else ""


def _math(run: _Run, i: int) -> str:
    item = run.items[i]
    inner = _opaque(run, i)
    if TOKEN_RE.search(inner) or not inner.strip():   # delimited math inside: already a formula
        return inner
    closer = run.items[item.pair] if item.pair is not None else item
    display = "display" in item.args or "block" in item.args or (run.alone(item) and run.alone(closer))
    line = run.text.count("\n", 0, item.start) + 1
    run.spans.append(MathSpan(inner.strip(), run.text[item.start:closer.end], display, line))
    return token(len(run.spans) - 1)


def _fence(run: _Run, i: int, language: str, numbered: bool) -> None:
    indent, _ = run.line_indent(run.items[i].start)
    run.block_start(indent)
    run.out.add(code_fence(_opaque(run, i), language, numbered, indent) + "\n\n")


def _figure_of(run: _Run, item: _Construct, named: dict[str, str], positional: list[str],
               rooted: bool = False) -> str | None:
    """A figure for a shortcode or include naming an image (`rooted`: a path without `/` is the site's)."""
    src = next((named[k] for k in _IMAGE_KEYS if named.get(k)), positional[0] if positional else "").strip()
    if not src:
        return None
    if rooted and not src.startswith(("/", ".")) and ":" not in src:
        src = "/" + src
    if src.startswith("/"):
        src = run.links.site_file(liquid_url(repr(src) if '"' in src else f'"{src}"') or src)
    block = run.alone(item) and not run.line_indent(item.start)[0]   # a raw HTML block only at the top level
    if block:
        run.block_start("")
    shown = figure(src, named.get("alt", ""), named.get("caption", ""), named.get("title", ""), block)
    return shown + "\n\n" if block else run.hold(shown)


def _note_href(run: _Run, name: str) -> str | None:
    return run.links.note_href(name.strip().strip("\"'")) if name.strip() else None


def _hugo(run: _Run, i: int) -> int:
    """Write Hugo shortcode `i`; return the index of the next construct to read."""
    item = run.items[i]
    if item.escaped:
        run.out.add(md_literal(_shown_escape(run, item)))
        return i + 1
    if item.closing:
        if i in run.closers:
            del run.closers[i]
            run.out.close()
        return i + 1
    positional, named = parse_args(item.args)
    paired = item.pair is not None
    if item.name == "highlight" and paired:
        options = " ".join(positional[1:]) + " " + " ".join(f"{k}={v}" for k, v in named.items())
        _fence(run, i, positional[0] if positional else "", "linenos" in options and "linenos=false" not in options)
        return item.pair + 1
    if item.name in _MATH and paired:
        run.out.add(_math(run, i))
        return item.pair + 1
    if item.name in _FIGURE:
        shown = _figure_of(run, item, named, positional)
        run.out.add(shown if shown is not None else run.chip(f"{item.name} {item.args}", "Hugo shortcode"))
        return (item.pair + 1) if paired and shown is not None else i + 1
    if item.name in ("ref", "relref") and run.url_context(item.start):
        href = _note_href(run, positional[0] if positional else named.get("path", ""))
        run.out.add(href if href is not None else md_literal(positional[0] if positional else ""))
        return i + 1
    if paired and (item.name in _NOTICE or item.name in _FOLD) and len(run.out.stack) <= MAX_CALLOUT_DEPTH:
        fold = "-" if item.name in _FOLD and "open" not in positional else ("+" if item.name in _FOLD else "")
        if item.name in _FOLD:
            kind, title = "note", named.get("title") or named.get("summary") or (positional[0] if positional else "")
        else:
            generic = item.name in ("notice", "alert", "hint", "callout", "admonition")
            kind = named.get("type") or named.get("theme") or (positional[0] if positional and generic else item.name)
            title = named.get("title") or (positional[1] if generic and len(positional) > 1 else "")
        indent, _ = run.line_indent(item.start)
        run.block_start(indent)
        run.closers[item.pair] = i
        run.out.open(lambda content: callout(kind, title, fold, content, indent) + "\n\n")
        return i + 1
    if paired:   # tabs, columns, center...: the wrappers go, the inner Markdown stays
        return i + 1
    run.out.add(run.chip(f"{item.name} {item.args}".strip(), "Hugo shortcode"))
    return i + 1


def _include(run: _Run, item: _Construct) -> str:
    file, _, rest = item.args.partition(" ")
    _, named = parse_args(rest)
    if any(word in file.lower() for word in ("figure", "image", "img", "picture")):
        shown = _figure_of(run, item, named, [], rooted=True)
        if shown is not None:
            return shown
    return run.chip(f"{item.name} {item.args}", "Jekyll include")


def _liquid_tag(run: _Run, i: int) -> int:
    """Write Liquid tag `i`; return the index of the next construct to read."""
    item = run.items[i]
    name, paired = item.name, item.pair is not None
    if name == "raw":
        if paired:
            run.out.add(_opaque(run, i))
            return item.pair + 1
        return i + 1
    if name in _LIQUID_HIDDEN:
        return item.pair + 1 if paired else i + 1
    if name == "highlight" and paired:
        words = item.args.split()
        _fence(run, i, words[0] if words else "", any(w.startswith("linenos") for w in words[1:]))
        return item.pair + 1
    if name in LIQUID_CONTROL or item.closing or paired or not name:
        return i + 1
    if name in ("include", "include_relative", "include_cached", "render"):
        run.out.add(_include(run, item))
        return i + 1
    if name in ("link", "post_url") and run.url_context(item.start):
        href = _note_href(run, item.args.split()[0] if item.args.split() else "")
        run.out.add(href if href is not None else md_literal(run.text[item.start:item.end]))
        return i + 1
    run.out.add(run.chip(f"{name} {item.args}".strip(), "Liquid tag"))
    return i + 1


def _liquid_output(run: _Run, i: int) -> int:
    item = run.items[i]
    url = liquid_url(item.args)
    if url is not None:
        run.out.add(run.links.site_file(url) if url.startswith("/") else url)
    elif run.url_context(item.start):
        run.out.add(run.text[item.start:item.end])   # an unknown address: kept, so the link says what it was
    else:
        run.out.add(run.chip(item.args, "Liquid output"))
    return i + 1


def has_templates(text: str) -> bool:
    """The cheap test: could `text` hold Liquid or Hugo syntax at all."""
    return "{%" in text or "{{" in text


def apply_templates(text: str, links: SiteLinks, spans: list[MathSpan], held: list[str] | None = None,
                    held_prefix: str = "PDHELD") -> str:
    """`text` (Markdown, math already tokens) with its Liquid and Hugo syntax turned into Markdown.

    Inline HTML it makes (chips, inline images) is appended to `held` and stands in the text as
    `<held_prefix><n>Z`, for `restore_held` to put back after Markdown.
    """
    if not has_templates(text):
        return text
    run = _Run(text, links, spans, held=held if held is not None else [], held_prefix=held_prefix)
    run.items = [_construct(m) for m in SYNTAX.finditer(text)]
    if not run.items:
        return text
    run.code = CodeRegions(text)
    _pair(run.items)
    pos, i = 0, 0
    while i < len(run.items):
        item = run.items[i]
        if item.start < pos:   # inside a construct already written
            i += 1
            continue
        run.out.add(text[pos:item.start])
        if run.code.inside(item.start):
            replaced = _in_code(run, item)
            run.out.add(text[item.start:item.end] if replaced is None else replaced)
            pos, i = item.end, i + 1
            continue
        if item.dialect == "hugo":
            nxt = _hugo(run, i)
        elif item.dialect == "tag":
            nxt = _liquid_tag(run, i)
        else:
            nxt = _liquid_output(run, i)
        pos = run.items[nxt - 1].end if nxt - 1 != i else item.end
        i = nxt
    run.out.add(text[pos:])
    return run.out.text()


def restore_held(html: str, held: list[str], held_prefix: str) -> str:
    """Put back the inline HTML that `apply_templates` held behind tokens."""
    if not held:
        return html
    return re.sub(re.escape(held_prefix) + r"(\d+)Z", lambda m: held[int(m.group(1))] if int(m.group(1)) < len(held)
                  else m.group(0), html)
