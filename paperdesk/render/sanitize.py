"""The HTML allow-list (nh3): what a note's Markdown and raw HTML may keep."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import nh3
from pygments.token import STANDARD_TYPES

from paperdesk.render.callouts import CLASSES as CALLOUT_CLASSES
from paperdesk.render.deadline import expired, shielded
from paperdesk.render.template_parts import FIGURE_CLASS, OMITTED_CLASS

TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre",
    "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "center",
}
# Removed together with everything inside them.
CLEAN_CONTENT_TAGS = {"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea",
                      "select", "title", "xmp", "noembed", "noframes", "math", "svg", "frameset"}
ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "checked", "disabled"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
}
_PYGMENTS = {c for c in STANDARD_TYPES.values() if c}
ALLOWED_CLASSES = {
    "div": {"highlight", "footnote", "admonition", "toc"},
    "span": _PYGMENTS | {"hll", "filename", "lineno", "linenos", "task-list-indicator", OMITTED_CLASS},
    "blockquote": CALLOUT_CLASSES | {"transclusion"},
    "details": CALLOUT_CLASSES,
    "summary": {"callout-title"},
    "figure": {FIGURE_CLASS},
    "code": {"highlight"},
    "pre": {"highlight"},
    "table": {"highlighttable"},
    "td": {"linenos", "code"},
    "ul": {"task-list"},
    "li": {"task-list-item"},
    "label": {"task-list-control"},
    "a": {"footnote-ref", "footnote-backref", "magiclink", "headerlink"},
    "p": {"admonition-title", "callout-title", "transclusion-source", "transclusion-cut"},
}
URL_SCHEMES = {"http", "https", "mailto", "paperdesk"}
# Ids the page itself uses; a note may not claim them.
RESERVED_IDS = {"content", "header", "entry-header", "paperdesk", "page"}
_TEXT_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center|justify);?\s*$")
_SIZE = re.compile(r"^\d{1,5}(?:px|%)?$")

FilterFn = Callable[[str, str, str], "str | None"]
_state = threading.local()


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if expired():
        return None      # out of time: the result is thrown away, let nh3 finish quickly
    hook: FilterFn | None = getattr(_state, "hook", None)
    if attribute == "id":
        lowered = value.lower()
        return None if lowered in RESERVED_IDS or lowered.startswith("paperdesk") else value
    if attribute == "style":
        return value if _TEXT_ALIGN.match(value) else None
    if tag == "input" and attribute == "type":
        return "checkbox"
    if attribute in ("width", "height"):
        return value if _SIZE.match(value.strip()) else None
    if hook is not None and ((tag == "img" and attribute == "src") or (tag == "a" and attribute == "href")):
        return hook(tag, attribute, value)
    return value


_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ATTRIBUTES,
    attribute_filter=_filter,
    url_schemes=URL_SCHEMES,
    allowed_classes=ALLOWED_CLASSES,
    set_tag_attribute_values={"input": {"disabled": "disabled"}},   # task-list boxes are read-only
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize(html: str, rewrite: FilterFn | None = None) -> str:
    """Return `html` reduced to the allow-list; `rewrite(tag, attr, value)` may rewrite img src / a href.

    Under `run_with_deadline` the watchdog never interrupts nh3's callbacks (which would swallow
    the interrupt): the time limit takes effect when nh3 returns (`deadline.shielded`).
    """
    _state.hook = rewrite
    try:
        return shielded(lambda: _cleaner.clean(html))
    finally:
        _state.hook = None
