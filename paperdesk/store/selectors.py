"""What a highlight stores to be found again (Selectors), a finding (Match) and how it was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class AnchorMethod(StrEnum):
    """How a highlight was found in the current text of its entry (shown by the side panel)."""

    OFFSETS = "offsets"     # the text is unchanged: the stored offsets hold
    MAPPED = "mapped"       # followed through the diff of the old and new text; its words are unchanged
    EXACT = "exact"         # the same words found again by their context
    FUZZY = "fuzzy"         # edited words found near their context or their mapped place: worth a check
    ORPHAN = "orphan"       # not found; keeps its re-link action

    def __str__(self) -> str:
        """The plain value ("mapped"), for logs and messages."""
        return self.value


@dataclass(frozen=True)
class Selectors:
    """What is stored to find a span again: quote, context, offsets and the text's hash.

    `old_text`, when known, is the text the offsets refer to (its hash is `text_hash`): with it
    `locate` follows the span through a diff of the old and the new text.
    """

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    text_hash: str
    rival_context: int | None = None    # best context agreement of another exact copy when made (-1: none)
    rival_similarity: float | None = None   # best quote similarity (0..1) of another place when made
    old_text: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Match:
    """Result of anchoring: a span (None for an orphan) and how it was found."""

    start: int | None
    end: int | None
    method: AnchorMethod
    reason: str = ""        # why it is an orphan, or which rule accepted the span (for logs and tests)
