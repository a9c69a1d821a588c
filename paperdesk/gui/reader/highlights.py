"""The reader's highlight layer: the page's plain text, the anchors painted over it, and UTF-16 offsets."""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable
from typing import TypedDict

from paperdesk.store.model import Anchor

#: re-anchors an entry's stored highlights against its current plain text: (entry id, text) -> anchors
AnchorFn = Callable[[str, str], list[Anchor]]
#: the palette as (colour, meaning) pairs
PaletteFn = Callable[[], list[tuple[str, str]]]


class PaintItem(TypedDict):
    """One highlight as the page paints it (offsets in UTF-16 units)."""

    id: str
    start: int
    end: int
    color: int
    note: str


class NewHighlight(TypedDict):
    """A highlight the user just made of the selection (code-point offsets), before it is stored."""

    entry_id: str
    start: int
    end: int
    quote: str
    color: int


class Utf16Map:
    """Converts offsets between Python (code points) and the page's JavaScript (UTF-16 units).

    Highlights are stored as code-point offsets into the plain text; the page counts UTF-16
    units, so every character outside the BMP (emoji, math letters like 𝐱) shifts them by one.
    """

    def __init__(self, text: str) -> None:
        astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        self._astral = astral  # code-point index of each astral character
        self._starts16 = [i + k for k, i in enumerate(astral)]  # their UTF-16 index

    def to_utf16(self, index: int) -> int:
        """Code-point offset -> UTF-16 offset."""
        return index + bisect_left(self._astral, index)

    def from_utf16(self, index: int) -> int:
        """UTF-16 offset -> code-point offset (inside a surrogate pair: the character's start)."""
        return index - bisect_left(self._starts16, index)


class HighlightLayer:
    """What the reader paints over an entry: anchors from `anchor`, colours from `palette`.

    The text is the page's own plain text (== render.plain_text of the entry's HTML); Python
    works in code points, the page in UTF-16 units, and this layer converts at the border.
    """

    def __init__(self) -> None:
        self.text = ""
        self.anchors: list[Anchor] = []
        self._utf16 = Utf16Map("")
        self._anchor: AnchorFn | None = None
        self._palette: PaletteFn | None = None

    @property
    def active(self) -> bool:
        """Whether there are highlights to anchor at all (a source was given)."""
        return self._anchor is not None

    def set_sources(self, anchor: AnchorFn | None, palette: PaletteFn | None) -> None:
        """Anchor highlights with `anchor` and colour them with `palette` (None: no highlights)."""
        self._anchor, self._palette = anchor, palette

    def set_text(self, text: str) -> None:
        """The page announced its plain text."""
        self.text = text
        self._utf16 = Utf16Map(text)

    def clear(self) -> None:
        """No entry on show."""
        self.set_text("")
        self.anchors = []

    def palette(self) -> list[tuple[str, str]]:
        """The palette to paint with ([] without a source)."""
        return [(str(c), str(m)) for c, m in self._palette()] if self._palette is not None else []

    def anchor(self, entry_id: str) -> list[PaintItem]:
        """Re-anchor the entry's highlights against the text; the placed ones as page items."""
        self.anchors = self._anchor(entry_id, self.text) if self._anchor is not None else []
        return [
            PaintItem(id=a.highlight.id, start=self._utf16.to_utf16(a.start), end=self._utf16.to_utf16(a.end),
                      color=a.highlight.color, note=a.highlight.note)
            for a in self.anchors
            if a.start is not None and a.end is not None
        ]

    def span_from_page(self, start16: int, end16: int) -> tuple[int, int] | None:
        """Code-point (start, end) of a span the page gave in UTF-16 units; None when outside the text."""
        start, end = self._utf16.from_utf16(start16), self._utf16.from_utf16(end16)
        return (start, end) if 0 <= start < end <= len(self.text) else None

    def selection_from_page(self, result: object) -> tuple[int, int, str] | None:
        """(start, end, quote) from the page's selection JSON, or None for no (or a bad) selection."""
        try:
            found = json.loads(result) if isinstance(result, str) else None
            if not isinstance(found, dict):
                return None
            span = self.span_from_page(int(found["start"]), int(found["end"]))
        except (ValueError, KeyError, TypeError):
            return None
        return None if span is None else (span[0], span[1], self.text[span[0]:span[1]])
