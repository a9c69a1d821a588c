"""The Markdown inline pattern that turns wikilinks into the `<a>`/`<img>` an ordinary relative link makes."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import STX, AtomicString

from paperdesk.render.wikilinks import (
    WIKILINK_RE,
    WikiIndex,
    WikiLink,
    href_to,
    is_image,
    parse,
    unresolved_url,
)

if TYPE_CHECKING:
    import re

    import markdown

# Between code spans (190: their text stays text) and backslash escapes (180: `\|` is still seen).
PRIORITY = 185
Resolver = Callable[[WikiLink], tuple[str, dict[str, str], str]]
_state = threading.local()


def element_parts(link: WikiLink, index: WikiIndex, source: str) -> tuple[str, dict[str, str], str]:
    """(tag, attributes, text) for `link` written in note `source`: a relative href/src to the file
    it names, as `[text](../other.md#heading)` or `![](fig.png)` would hold, or the unresolved marker."""
    if not link.target:   # [[#Heading]]: this note
        return "a", {"href": "#" + link.anchor()}, link.shown()
    path = index.resolve(link.target, source)
    if link.embed and (is_image(path) if path else is_image(link.target)):
        attrs = {"src": href_to(path, source) if path else unresolved_url(link),
                 "alt": link.shown() if link.size is None and link.alias else link.target}
        size = link.size
        if size is not None:
            attrs["width"] = size[0]
            if size[1]:
                attrs["height"] = size[1]
        return "img", attrs, ""
    href = href_to(path, source, link.anchor()) if path else unresolved_url(link)
    return "a", {"href": href}, link.shown()


@contextmanager
def resolving(resolver: Resolver | None) -> Iterator[None]:
    """Resolve wikilinks with `resolver` during conversions on this thread (without one they stay text)."""
    before = getattr(_state, "resolver", None)
    _state.resolver = resolver
    try:
        yield
    finally:
        _state.resolver = before


class WikiLinkProcessor(InlineProcessor):
    """`[[target#heading|alias]]` and `![[file|300]]` to an element, with the thread's resolver."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:
        """Build the link or image for one match (None: leave the text as written)."""
        resolver: Resolver | None = getattr(_state, "resolver", None)
        if resolver is None or STX in m.group(2):   # a code span inside: not a wikilink
            return None, None, None
        link = parse(m.group(2), embed=bool(m.group(1)))
        if link is None:
            return None, None, None
        tag, attrs, text = resolver(link)
        element = etree.Element(tag)
        for name, value in attrs.items():
            element.set(name, value)
        if text:
            element.text = AtomicString(text)   # shown literally: no Markdown or HTML inside
        return element, m.start(0), m.end(0)


class WikiLinkExtension(Extension):
    """Registers the wikilink pattern."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Add the pattern to `md`'s inline patterns."""
        md.inlinePatterns.register(WikiLinkProcessor(WIKILINK_RE, md), "wikilink", PRIORITY)
