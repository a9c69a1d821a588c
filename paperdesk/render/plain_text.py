"""The plain text of rendered HTML: the string highlight offsets refer to (see ARCHITECTURE.md)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED_TAGS = {"script", "style", "template"}
# The HTML parser drops one newline right after these start tags; so must we.
_LEADING_NEWLINE_TAGS = {"pre", "textarea", "listing"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.after_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.after_pre = tag in _LEADING_NEWLINE_TAGS
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in _VOID:
            return
        classes = next((v or "" for k, v in attrs if k == "class"), "").split()
        if tag in _SKIPPED_TAGS or "math" in classes:
            self.skip_tag = tag
            self.skip_depth = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.after_pre = False

    def handle_endtag(self, tag: str) -> None:
        self.after_pre = False
        if self.skip_tag is not None and tag == self.skip_tag:
            self.skip_depth -= 1
            if self.skip_depth == 0:
                self.skip_tag = None

    def handle_data(self, data: str) -> None:
        if self.after_pre:
            self.after_pre = False
            if data.startswith("\n"):
                data = data[1:]
        if self.skip_tag is None:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """Return the text of `html` as the page's TreeWalker sees it.

    Concatenates every text node in document order, skipping elements with class
    `math` and `<script>`/`<style>`; entities decoded; whitespace kept as is
    (line breaks normalised to `\\n` as the browser does).
    """
    collector = _TextCollector()
    collector.feed(re.sub(r"\r\n?", "\n", html))
    collector.close()
    return "".join(collector.parts)
