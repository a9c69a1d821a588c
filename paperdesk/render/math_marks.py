"""Where formulas sit in an entry's plain text, so a quote can show the TeX it spans.

Formulas contribute nothing to the plain text (the anchoring contract), so a highlight over
"a CDF $F_t$ targeting $y_t$." has the quote "a CDF  targeting .". `math_marks` records, for
each formula, the plain-text offset where it stands and its TeX; `quote_with_math` puts the
TeX back into a quote for the side panel, the highlights view and export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperdesk.render.plain_text import _TextCollector


@dataclass(frozen=True)
class MathMark:
    """One formula: its offset in the plain text, its TeX source and whether it is display math."""

    offset: int
    tex: str
    display: bool


class _MarkCollector(_TextCollector):
    def __init__(self) -> None:
        super().__init__()
        self.length = 0
        self.marks: list[MathMark] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        outside = self.skip_tag is None
        super().handle_starttag(tag, attrs)
        if outside and self.skip_tag is not None:
            values = dict(attrs)
            classes = (values.get("class") or "").split()
            if "math" in classes and values.get("data-tex") is not None:
                self.marks.append(MathMark(self.length, values["data-tex"] or "",
                                           "display" in classes))

    def handle_data(self, data: str) -> None:
        before = len(self.parts)
        super().handle_data(data)
        if len(self.parts) > before:
            self.length += len(self.parts[-1])


def math_marks(html: str) -> list[MathMark]:
    """Every formula of rendered entry HTML with its plain-text offset, in document order."""
    if "data-tex=" not in html:  # no formula: no second parse of the page (every render asks)
        return []
    collector = _MarkCollector()
    collector.feed(re.sub(r"\r\n?", "\n", html))
    collector.close()
    return collector.marks


def quote_pieces(text: str, start: int, end: int, marks: list[MathMark]) -> list[tuple[str, bool]]:
    """The quote text[start:end] as (piece, is_formula) pairs, formulas strictly inside put back.

    Inline formulas come back as `$tex$`, display ones as `$$tex$$`; formulas at either edge
    are left out (the offsets cannot tell whether the selection took them).
    """
    pieces: list[tuple[str, bool]] = []
    position = start
    for mark in marks:
        if start < mark.offset < end:
            pieces.append((text[position:mark.offset], False))
            fence = "$$" if mark.display else "$"
            pieces.append((f"{fence}{mark.tex}{fence}", True))
            position = mark.offset
    pieces.append((text[position:end], False))
    return [piece for piece in pieces if piece[0]]


def quote_with_math(text: str, start: int, end: int, marks: list[MathMark]) -> str:
    """The quote text[start:end] with the TeX of every formula strictly inside it put back."""
    return "".join(piece for piece, _ in quote_pieces(text, start, end, marks))
