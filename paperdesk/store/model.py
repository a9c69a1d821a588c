"""Plain data of the annotation store: highlights, anchors, statuses and the palette."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from paperdesk.store.selectors import AnchorMethod, Selectors
from paperdesk.vocab import DEFAULT_MEANINGS, PALETTE_COLORS, STATUSES

__all__ = ["DEFAULT_MEANINGS", "PALETTE_COLORS", "STATUSES", "Anchor", "Highlight", "check_color", "now_iso"]


def now_iso() -> str:
    """Return the current time as ISO 8601 UTC with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def check_color(color: int) -> None:
    """Raise ValueError unless `color` is a palette index (0..4)."""
    if not isinstance(color, int) or isinstance(color, bool) or not 0 <= color < len(PALETTE_COLORS):
        raise ValueError(f"palette colour index must be 0..{len(PALETTE_COLORS) - 1}, not {color!r}")


@dataclass(frozen=True)
class Highlight:
    """One highlight of an entry, with the selectors used to find it again after edits."""

    id: str
    entry_id: str
    paper_key: str
    color: int                # index into the palette, 0..4
    note: str
    quote: str
    prefix: str               # up to 32 chars before
    suffix: str               # up to 32 chars after
    start: int                # offsets into plain_text of the entry
    end: int
    text_hash: str            # sha256 of the plain text the offsets refer to
    created: str              # ISO 8601 UTC
    updated: str
    orphan: bool = False
    # how well the best other place of the text fitted the selectors when they were taken
    # (anchoring.Selectors.rival_context / rival_similarity); None for highlights stored before them
    rival_context: int | None = None
    rival_similarity: float | None = None

    def selectors(self, old_text: str | None = None) -> Selectors:
        """The selectors stored in this highlight (with the old text they refer to, when known)."""
        return Selectors(self.quote, self.prefix, self.suffix, self.start, self.end, self.text_hash,
                         self.rival_context, self.rival_similarity, old_text)

    def to_doc(self) -> dict[str, Any]:
        """Return the JSON document stored for this highlight."""
        return dataclasses.asdict(self)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Highlight:
        """Build a highlight from its stored JSON document."""
        return cls(
            id=str(doc["id"]), entry_id=str(doc["entry_id"]), paper_key=str(doc.get("paper_key", "")),
            color=int(doc.get("color", 0)), note=str(doc.get("note", "")), quote=str(doc["quote"]),
            prefix=str(doc.get("prefix", "")), suffix=str(doc.get("suffix", "")),
            start=int(doc["start"]), end=int(doc["end"]), text_hash=str(doc.get("text_hash", "")),
            created=str(doc.get("created", "")), updated=str(doc.get("updated", "")),
            orphan=bool(doc.get("orphan", False)),
            rival_context=_optional(int, doc.get("rival_context")),
            rival_similarity=_optional(float, doc.get("rival_similarity")),
        )


def _optional(kind: type, value: Any) -> Any:
    """`kind(value)` for a stored number, None when absent or damaged (a bool is not a number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return kind(value)
    return None


@dataclass(frozen=True)
class Anchor:
    """Where a highlight lies in the current text of its entry (start/end None = orphan)."""

    highlight: Highlight      # with selectors taken afresh when it moved, orphan flag set
    start: int | None
    end: int | None
    method: AnchorMethod      # offsets | mapped | exact | fuzzy | orphan


def new_id() -> str:
    """A random 32-hex-digit id (a uuid4); uuid, which imports platform, loads only when an id is made."""
    import uuid

    return uuid.uuid4().hex
