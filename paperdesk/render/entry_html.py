"""render_entry: one entry's Markdown to sanitised HTML with math as SVG, images and links resolved."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from paperdesk.render.image_size import image_size
from paperdesk.render.lists import normalize_lists
from paperdesk.render.markdown_setup import to_html
from paperdesk.render.math_source import MathSpan, extract_math
from paperdesk.render.math_svg import MathRenderer, default_renderer, note_scope, prepare_tex
from paperdesk.render.model import RenderedEntry, RenderProblem
from paperdesk.render.plain_text import plain_text
from paperdesk.render.refs import (
    BLOCKED_PREFIX,
    BROKEN_PREFIX,
    MISSING_PREFIX,
    Placeholder,
    RefRewriter,
)
from paperdesk.render.safe_path import resolve_inside
from paperdesk.render.sanitize import sanitize

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry

_TAG_OR_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|PDMATHQ(\d+)Z"
)
_TOKEN = re.compile(r"PDMATHQ(\d+)Z")
_ATTR = re.compile(r"([^\s=/>\"']+)(?:=\"([^\"]*)\")?")
_URL_TAG = re.compile(r"<(img|a)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_URL_ATTR = re.compile(r"(?<=[\s/\"'])(src|href)(\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s>\"']+)", re.IGNORECASE)
REF_PREFIX = "paperdesk://ref/"
_TOC_MARKER = re.compile(r"^[ \t]*\[toc\][ \t]*$", re.IGNORECASE | re.MULTILINE)   # Typora's table of contents
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
# A paragraph holding nothing but placeholders: drop the <p> (a <figure> may not sit inside one).
_FIGURES_ONLY_PARAGRAPH = re.compile(r"<p>((?:\s*<figure class=\"missing-image[^>]*>(?:(?!</?figure).)*</figure>)+\s*)</p>",
                                     re.DOTALL)
_LABELS = {
    "missing": "Image not found",
    "remote": "Remote image blocked",
    "data": "Embedded image not shown",
}


def protect_urls(raw_html: str) -> tuple[str, list[str]]:
    """Swap every img src / a href for `paperdesk://ref/N` so the sanitiser hands us the original.

    (The sanitiser drops URLs with unknown schemes, such as `E:\\fig\\a.png`, before any rewrite.)
    """
    originals: list[str] = []

    def attr(m: re.Match[str]) -> str:
        value = m.group(3)
        if value[:1] in "\"'":
            value = value[1:-1]
        originals.append(html.unescape(value))
        return f'{m.group(1)}="{REF_PREFIX}{len(originals) - 1}"'

    def tag(m: re.Match[str]) -> str:
        return _URL_ATTR.sub(attr, m.group(0))

    return _URL_TAG.sub(tag, raw_html), originals


def _local_image_size(rewriter: RefRewriter, relpath: str) -> tuple[int, int] | None:
    target = resolve_inside(rewriter.root, quote(relpath, safe="/"))
    return image_size(target) if target is not None else None


def _attrs(text: str) -> dict[str, str | None]:
    return {m.group(1).lower(): m.group(2) for m in _ATTR.finditer(text)}


def _tag(name: str, attrs: dict[str, str | None]) -> str:
    parts = [name] + [k if v is None else f'{k}="{v}"' for k, v in attrs.items()]
    return "<" + " ".join(parts) + ">"


def _add_class(attrs: dict[str, str | None], cls: str) -> None:
    old = attrs.get("class") or ""
    attrs["class"] = (old + " " + cls).strip()


class _Finisher:
    """Second pass over sanitised HTML: math SVG in, placeholders out, link classes."""

    def __init__(self, spans: list[MathSpan], rewriter: RefRewriter, renderer: MathRenderer,
                 problems: list[RenderProblem], first_line: int, source: str) -> None:
        self.spans = spans
        self.rewriter = rewriter
        self.renderer = renderer
        self.problems = problems
        self.first_line = first_line
        self.source = source
        self.code_depth = 0
        self.defined = ""   # the note's TeX definitions so far: every later formula starts with them

    def _source_text(self, index: int) -> str:
        return self.spans[index].source if index < len(self.spans) else ""

    def _math(self, index: int) -> str:
        if index >= len(self.spans):
            return ""
        span = self.spans[index]
        if self.code_depth:
            return html.escape(span.source, quote=False)
        line = self.first_line + span.line - 1
        before = self.defined
        scope, self.defined = note_scope(before, span.tex)
        result = self.renderer.render(prepare_tex(span.tex, preamble=before), span.display, scope)
        if result.svg is None and ("\\_" in span.tex or "\\*" in span.tex):
            # the escape was TeX's own (`\text{a\_b}`), not Markdown's: try it as written
            as_written = self.renderer.render(prepare_tex(span.tex, unescape=False, preamble=before),
                                              span.display, scope)
            result = as_written if as_written.svg is not None else result
        if result.svg is None:
            self.problems.append(RenderProblem("math", f"{result.error}: {span.source}", line, self.source))
            return (f'<code class="math-error" title="{html.escape("error: " + (result.error or ""))}">'
                    f"{html.escape(span.source, quote=False)}</code>")
        if result.warning:
            self.problems.append(RenderProblem("math", f"{result.warning}: {span.source}", line, self.source))
        kind = "display" if span.display else "inline"
        return f'<span class="math {kind}" data-tex="{html.escape(span.tex)}">{result.svg}</span>'

    def _placeholder_figure(self, attrs: dict[str, str | None], url: str) -> str:
        prefix = MISSING_PREFIX if url.startswith(MISSING_PREFIX) else BLOCKED_PREFIX
        placeholder = self.rewriter.placeholders[int(url[len(prefix):])]
        alt = html.escape(html.unescape(attrs.get("alt") or ""), quote=False)   # attribute text may hold "<"
        cls = "missing-image" if placeholder.reason == "missing" else "missing-image remote-blocked"
        ref = html.escape(placeholder.ref, quote=False)
        return (f'<figure class="{cls}" data-ref="{html.escape(placeholder.ref)}">'
                f'<span class="missing-image-label">{_LABELS[placeholder.reason]}</span>'
                + (f'<span class="missing-image-alt">{alt}</span>' if alt else "")
                + f'<code class="missing-image-path">{ref}</code></figure>')

    def _start_tag(self, name: str, body: str) -> str:
        if _TOKEN.search(body):
            body = _TOKEN.sub(lambda m: html.escape(self._source_text(int(m.group(1)))), body)
        attrs = _attrs(body)
        if name == "img":
            src = attrs.get("src") or ""
            if src.startswith((MISSING_PREFIX, BLOCKED_PREFIX)):
                return self._placeholder_figure(attrs, html.unescape(src))
            relpath = self.rewriter.local_images.get(html.unescape(src))
            if relpath and "width" not in attrs and "height" not in attrs:
                size = _local_image_size(self.rewriter, relpath)
                if size:   # reserve the space before the image loads: the page does not jump
                    attrs["width"], attrs["height"] = str(size[0]), str(size[1])
            if not src:
                self.rewriter.placeholders.append(Placeholder("", "missing"))
                return self._placeholder_figure(attrs, f"{MISSING_PREFIX}{len(self.rewriter.placeholders) - 1}")
        elif name == "a":
            href = html.unescape(attrs.get("href") or "")
            if href.startswith(BROKEN_PREFIX):
                placeholder = self.rewriter.placeholders[int(href[len(BROKEN_PREFIX):])]
                # A click says in the status bar which note is missing (the GUI routes this URL).
                attrs["href"] = BROKEN_PREFIX + quote(placeholder.ref, safe="")
                attrs.pop("rel", None)
                _add_class(attrs, "broken-link")
                attrs["title"] = html.escape("Broken link: " + placeholder.ref)
            elif href.startswith(("http://", "https://", "mailto:")):
                _add_class(attrs, "external")
            elif href.startswith("paperdesk://open/"):
                _add_class(attrs, "note-link")
        return _tag(name, attrs)

    def __call__(self, m: re.Match[str]) -> str:
        if m.group(4) is not None:
            return self._math(int(m.group(4)))
        closing, name, body = m.group(1), m.group(2).lower(), m.group(3)
        if name in ("code", "pre"):
            self.code_depth += -1 if closing else 1
            self.code_depth = max(self.code_depth, 0)
        if closing:
            return m.group(0)
        if name in ("img", "a") or "PDMATHQ" in body:
            return self._start_tag(name, body)
        return m.group(0)


def _fallback(entry: Entry, error: Exception) -> RenderedEntry:
    """What to show when rendering failed outright: the escaped source, and why."""
    body = f'<pre class="render-failed">{html.escape(entry.body, quote=False)}</pre>'
    problem = RenderProblem("render", f"could not render: {type(error).__name__}: {error}",
                            entry.lines[0], entry.source)
    return RenderedEntry(body, (problem,), plain_text(body))


def render_entry(entry: Entry, collection: Collection, *, allow_remote: bool = False,
                 renderer: MathRenderer | None = None) -> RenderedEntry:
    """Render `entry` to sanitised HTML: Markdown, math as SVG, images and links resolved.

    Never raises for note content: a failure becomes a problem and the escaped source.
    """
    renderer = renderer or default_renderer()
    try:
        source, spans = extract_math(_TOC_MARKER.sub("", entry.body))
        rewriter = RefRewriter(entry, collection, allow_remote)

        protected, originals = protect_urls(to_html(normalize_lists(source)))

        def rewrite(tag: str, attribute: str, value: str) -> str | None:
            if value.startswith(REF_PREFIX) and value[len(REF_PREFIX):].isdigit():
                index = int(value[len(REF_PREFIX):])
                value = originals[index] if index < len(originals) else ""
            return rewriter.image_src(value) if tag == "img" else rewriter.link_href(value)

        cleaned = sanitize(protected, rewrite)
        problems: list[RenderProblem] = list(rewriter.problems)
        finisher = _Finisher(spans, rewriter, renderer, problems, entry.lines[0], entry.source)
        body = _FIGURES_ONLY_PARAGRAPH.sub(r"\1", _TAG_OR_TOKEN.sub(finisher, cleaned))
        renderer.flush()
        # SVG only ever sits inside span.math, which contributes no text: skip parsing it.
        return RenderedEntry(body, tuple(problems), plain_text(_SVG.sub("", body)))
    except RecursionError as exc:
        return _fallback(entry, exc)
    except Exception as exc:   # untrusted input must never take the app down
        return _fallback(entry, exc)
