"""The reader bridge's vocabulary in one place: the messages the page sends and the page functions Python calls.

The page side is resources/web/highlight.js: it sends `{"kind": <PageMessage>, "v": <page version>, ...}`
through the channel's `bridge.call(json)` and exposes the `PageCall` functions on `window.paperdeskHL`;
resources/web/caret.js (same script, same world) exposes the `CaretCall` functions on `window.paperdeskCaret`.
"""

from __future__ import annotations

from enum import StrEnum


class PageMessage(StrEnum):
    """What the page tells Python (the `kind` of a bridge message)."""

    READY = "ready"                          # text: the page's plain text (or error); reply: highlights, palette, scroll
    PAINTED = "painted"                      # count, y, fits: highlights painted, scroll restored, no scrolling needed
    SCROLL = "scroll"                        # y: the reader scrolled
    HIGHLIGHT_CREATED = "highlight-created"  # start, end (UTF-16), quote, color: the user highlighted the selection
    HIGHLIGHT_CLICKED = "highlight-clicked"  # id: the user clicked a highlight
    LINK = "link"                            # href, button: the user clicked a link (routed by Python, never followed)
    CARET = "caret"                          # active: caret mode was turned on or off in the page (F7, Escape)


class PageCall(StrEnum):
    """Functions of `window.paperdeskHL` that Python calls (arguments as JSON)."""

    SET_PALETTE = "paperdeskHL.setPalette"              # [[hex, meaning], ...]
    REPAINT = "paperdeskHL.repaint"                     # [{id, start, end, color, note}, ...] keeping the scroll
    APPLY_SELECTION = "paperdeskHL.applySelection"      # colour index: highlight the selection
    SCROLL_TO_HIGHLIGHT = "paperdeskHL.scrollToHighlight"   # highlight id
    SCROLL_TO_ANCHOR = "paperdeskHL.scrollToAnchor"     # element id (a #fragment of a note link)
    SELECTION_JSON = "paperdeskHL.selectionJSON"        # -> JSON {start, end, quote} (UTF-16) or "null"
    SET_HEADER = "paperdeskHL.setHeader"                # status, [[tag, "#rrggbb" | null], ...]: header in place


class CaretCall(StrEnum):
    """Functions of `window.paperdeskCaret` (resources/web/caret.js) that Python calls."""

    SET_ACTIVE = "paperdeskCaret.setActive"             # bool -> whether caret mode is on now
    HIGHLIGHT_PARAGRAPH = "paperdeskCaret.highlightReadingParagraph"   # colour index -> quote or null
    MARK_HITS = "paperdeskCaret.markHits"               # [word, ...] -> number of hits marked
    STEP_HIT = "paperdeskCaret.stepHit"                 # +1 / -1 -> JSON "[index, count]" (index -1: none)
