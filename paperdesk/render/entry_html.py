"""render_entry: one entry's Markdown to sanitised HTML with math as SVG, images and links resolved."""

from __future__ import annotations

import html
import re
import secrets
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import quote

from paperdesk.render.callouts import callouts, hide_comments
from paperdesk.render.deadline import DeadlineExceeded, run_with_deadline
from paperdesk.render.image_size import image_size
from paperdesk.render.lists import normalize_lists
from paperdesk.render.markdown_setup import reset_converter, to_html
from paperdesk.render.math_source import TOKEN_RE, MathSpan, extract_math, token
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
from paperdesk.render.site_links import site_links
from paperdesk.render.source_view import (
    FINISH_TIME,
    RENDER_TIME_LIMIT,
    fallback,
    known_slow,
    refusal,
    remember_slow,
    set_aside_problems,
)
from paperdesk.render.structure import SetAside, restore_blocks, set_aside, shorten_data_urls
from paperdesk.render.templates import apply_templates, has_templates, restore_held
from paperdesk.render.transclusion import MAX_DEPTH, Embed, Transclusions
from paperdesk.render.wikilink_pattern import Resolver, element_parts, resolving
from paperdesk.render.wikilinks import index_for

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


MAX_FORMULA_CHARS = 10_000   # longer TeX is shown as written (one MathJax call cannot be cut off)


@dataclass(frozen=True)
class _MathJob:
    """A formula to typeset: where its result goes, and everything needed to typeset it."""

    span: MathSpan
    line: int
    before: str                       # the note's definitions before it (its preamble)
    scope: tuple[str, str] | None


class _Finisher:
    """Second pass over sanitised HTML: placeholders out, link classes, math tokens to typeset.

    The pass itself is pure (it may be cut off); formulas are only collected, as `jobs`, and
    typeset afterwards by `typeset`, which is never interrupted (the engine keeps state).
    """

    def __init__(self, spans: list[MathSpan], rewriter: RefRewriter, problems: list[RenderProblem],
                 first_line: int, source: str) -> None:
        self.spans = spans
        self.rewriter = rewriter
        self.problems = problems
        self.first_line = first_line
        self.source = source
        self.code_depth = 0
        self.defined = ""   # the note's TeX definitions so far: every later formula starts with them
        self.jobs: list[_MathJob] = []
        self.slot = f"PDMATHR{secrets.token_hex(4)}N"   # + job number + "Z": where its result goes

    def _source_text(self, index: int) -> str:
        return self.spans[index].source if index < len(self.spans) else ""

    def _math(self, index: int) -> str:
        if index >= len(self.spans):
            return ""
        span = self.spans[index]
        if self.code_depth:
            return html.escape(span.source, quote=False)
        before = self.defined
        scope, self.defined = note_scope(before, span.tex)
        self.jobs.append(_MathJob(span, self.first_line + span.line - 1, before, scope))
        return f"{self.slot}{len(self.jobs) - 1}Z"

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


def _typeset(job: _MathJob, renderer: MathRenderer, problems: list[RenderProblem], source: str) -> str:
    """One formula as `<span class="math">` SVG, or its source in `<code class="math-error">`."""
    span = job.span
    result = renderer.render(prepare_tex(span.tex, preamble=job.before), span.display, job.scope)
    if result.svg is None and ("\\_" in span.tex or "\\*" in span.tex):
        # the escape was TeX's own (`\text{a\_b}`), not Markdown's: try it as written
        as_written = renderer.render(prepare_tex(span.tex, unescape=False, preamble=job.before),
                                     span.display, job.scope)
        result = as_written if as_written.svg is not None else result
    if result.svg is None:
        problems.append(RenderProblem("math", f"{result.error}: {span.source}", job.line, source))
        return (f'<code class="math-error" title="{html.escape("error: " + (result.error or ""))}">'
                f"{html.escape(span.source, quote=False)}</code>")
    if result.warning:
        problems.append(RenderProblem("math", f"{result.warning}: {span.source}", job.line, source))
    kind = "display" if span.display else "inline"
    return f'<span class="math {kind}" data-tex="{html.escape(span.tex)}">{result.svg}</span>'


def typeset(jobs: list[_MathJob], renderer: MathRenderer, problems: list[RenderProblem], source: str,
            deadline: float) -> list[str]:
    """Typeset each formula in order until `deadline` (time.monotonic()); later ones, and those
    over MAX_FORMULA_CHARS, are shown as written with one problem saying why."""
    out: list[str] = []
    skipped: list[tuple[_MathJob, str]] = []
    for job in jobs:
        if len(job.span.tex) > MAX_FORMULA_CHARS:
            why = f"formula longer than {MAX_FORMULA_CHARS:,} characters"
        elif time.monotonic() > deadline:
            why = "the entry's time limit was reached"
        else:
            out.append(_typeset(job, renderer, problems, source))
            continue
        skipped.append((job, why))
        out.append(f'<code class="math-source">{html.escape(job.span.source, quote=False)}</code>')
    if skipped:
        job, why = skipped[0]
        count = f"{len(skipped)} formulas" if len(skipped) > 1 else "a formula"
        problems.append(RenderProblem("math", f"{count} not typeset, shown as written ({why}): "
                                      f"{job.span.source[:80]}", job.line, source))
    renderer.flush()
    return out


def wikilink_resolver(rewriter: RefRewriter, note: str | None = None) -> Resolver:
    """How wikilinks written in `note` (the entry's own by default) resolve: by name across the collection."""
    index = index_for(rewriter.collection)
    source = rewriter.entry.source if note is None else note
    return lambda link: element_parts(link, index, source)


@dataclass
class _Conversion:
    """What the Markdown conversions of one render share: formulas, set-aside blocks, embeds."""

    rewriter: RefRewriter
    spans: list[MathSpan]
    blocks: list[SetAside]
    embeds: Transclusions
    held_prefix: str = field(default_factory=lambda: f"PDHELD{secrets.token_hex(4)}Q")


def _to_html(text: str, note: str, work: _Conversion, depth: int = 0,
             ancestors: frozenset[tuple[str, str]] = frozenset(), line: int = 0) -> str:
    """One note's Markdown (the entry's, or a part embedded in it at `line`) to unsanitised HTML.

    Its formulas join `work.spans` (token numbers follow on), its embeds are converted in turn.
    """
    embeds: list[Embed] = []
    if depth < MAX_DEPTH and "![[" in text:
        text, embeds = work.embeds.mark(text, note, ancestors | {(note, "")})
    text, blocks = set_aside(text)
    text, spans = extract_math(text)
    if depth:   # an embedded part: its formulas and blocks are reported at the embed's line
        offset = len(work.spans)
        text = TOKEN_RE.sub(lambda m: token(int(m.group(1)) + offset), text)
        spans = [replace(span, line=line) for span in spans]
        blocks = [replace(block, line=line) for block in blocks]
    work.spans += spans
    work.blocks += blocks
    text = hide_comments(text)
    held: list[str] = []
    if has_templates(text):
        text = apply_templates(text, site_links(work.rewriter.collection, note), work.spans, held, work.held_prefix)
    with resolving(wikilink_resolver(work.rewriter, note) if "[[" in text else None):
        converted = restore_held(to_html(normalize_lists(text)), held, work.held_prefix)
    converted = callouts(converted)
    if embeds:
        converted = work.embeds.insert(converted, embeds, note, lambda embed: _to_html(
            embed.text, embed.path, work, depth + 1, ancestors | {(note, ""), (embed.path, embed.link.heading.casefold())},
            line if depth else embed.line))
    return converted


def _markdown_phase(body: str, rewriter: RefRewriter) -> tuple[str, list[MathSpan], list[SetAside]]:
    """Markdown to sanitised HTML with math tokens and set-aside blocks (the part under the time limit)."""
    work = _Conversion(rewriter, [], [], Transclusions(rewriter.collection))
    converted = _to_html(_TOC_MARKER.sub("", body), rewriter.entry.source, work)
    spans, blocks = work.spans, work.blocks
    protected, originals = protect_urls(converted)

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if value.startswith(REF_PREFIX) and value[len(REF_PREFIX):].isdigit():
            index = int(value[len(REF_PREFIX):])
            value = originals[index] if index < len(originals) else ""
        return rewriter.image_src(value) if tag == "img" else rewriter.link_href(value)

    cleaned = sanitize(protected, rewrite)   # the time limit holds off inside nh3 (deadline.shielded)
    return cleaned, spans, blocks


def _structure_phase(text: str, entry: Entry, rewriter: RefRewriter,
                     problems: list[RenderProblem]) -> tuple[_Finisher, str, list[SetAside]]:
    """Everything before typesetting: pure work, so the time limit may cut it off anywhere."""
    cleaned, spans, blocks = _markdown_phase(text, rewriter)
    problems += rewriter.problems
    problems += set_aside_problems(blocks, entry)
    finisher = _Finisher(spans, rewriter, problems, entry.lines[0], entry.source)
    return finisher, _TAG_OR_TOKEN.sub(finisher, cleaned), blocks


def _final_phase(body: str, finisher: _Finisher, formulas: list[str], blocks: list[SetAside],
                 problems: list[RenderProblem]) -> RenderedEntry:
    """Typeset formulas and set-aside blocks into place, and the plain text: pure work again."""
    body = re.sub(finisher.slot + r"(\d+)Z", lambda m: formulas[int(m.group(1))], body)
    body = restore_blocks(_FIGURES_ONLY_PARAGRAPH.sub(r"\1", body), blocks)
    # SVG only ever sits inside span.math, which contributes no text: skip parsing it.
    return RenderedEntry(body, tuple(problems), plain_text(_SVG.sub("", body)))


def render_entry(entry: Entry, collection: Collection, *, allow_remote: bool = False,
                 renderer: MathRenderer | None = None, time_limit: float = RENDER_TIME_LIMIT) -> RenderedEntry:
    """Render `entry` to sanitised HTML: Markdown, math as SVG, images and links resolved.

    Never raises for note content: a failure becomes a problem and the escaped source.
    Returns within about `time_limit` + FINISH_TIME + one formula, on any thread (the GUI calls
    it on its own): blocks that would make Markdown slow are shown as written
    (render/structure.py); the pure work before typesetting is cut off at `time_limit`, no
    formula is typeset after it, and the pure work after gets what is left, at least
    FINISH_TIME; an entry cut off is shown as written (and remembered, so it is not tried again).
    """
    renderer = renderer or default_renderer()
    deadline = time.monotonic() + time_limit
    text = entry.body
    try:
        text = shorten_data_urls(entry.body)   # embedded images are never shown: megabytes need not be parsed
        if refusal(text):
            return fallback(entry, refusal(text) or "")
        if known_slow(text):
            return fallback(entry, known_slow(text) or "", cut_off=True)
        rewriter = RefRewriter(entry, collection, allow_remote)
        problems: list[RenderProblem] = []
        finisher, body, blocks = run_with_deadline(
            lambda: _structure_phase(text, entry, rewriter, problems), time_limit)
        formulas = typeset(finisher.jobs, renderer, problems, entry.source, deadline)
        return run_with_deadline(lambda: _final_phase(body, finisher, formulas, blocks, problems),
                                 max(deadline - time.monotonic(), FINISH_TIME))
    except DeadlineExceeded:
        reset_converter()
        return fallback(entry, remember_slow(text, f"rendering took longer than {time_limit:g} s"), cut_off=True)
    except RecursionError as exc:
        return fallback(entry, f"could not render: {type(exc).__name__}: {exc}")
    except Exception as exc:   # untrusted input must never take the app down
        return fallback(entry, f"could not render: {type(exc).__name__}: {exc}")
