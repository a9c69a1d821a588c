"""The closed vocabularies every layer shares: reading statuses, change kinds, the palette, themes, tags."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol


class Status(StrEnum):
    """A paper's reading status (stored as its value; compares equal to the plain string)."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"

    def next(self) -> Status:
        """The status one click further: unread -> reading -> read -> unread."""
        order = list(Status)
        return order[(order.index(self) + 1) % len(order)]


#: every status, in reading order (unread first)
STATUSES: tuple[Status, ...] = tuple(Status)
#: the colour of each status's icon and bar
STATUS_COLORS: dict[Status, str] = {Status.UNREAD: "#7a808a", Status.READING: "#b8760f", Status.READ: "#278a4f"}


class ChangeKind(StrEnum):
    """What an annotation-store change notification is about (the `kind` given to subscribers)."""

    STATUS = "status"          # key: paper key
    TAGS = "tags"              # key: paper key, or a tag (colour, rename)
    HIGHLIGHT = "highlight"    # key: entry id
    PALETTE = "palette"        # key: palette index
    SEARCH = "search"          # key: saved search name
    SETTING = "setting"        # key: setting name
    RELOAD = "reload"          # key "": changes written by another process were loaded
    ACCESS = "access"          # key "": the store became read-only or writable again (store.read_only)


# The five highlight colours (fixed; the user names their meanings, stored per collection).
PALETTE_COLORS: tuple[str, ...] = ("#ffe066", "#8ce99a", "#74c0fc", "#faa2c1", "#b197fc")
#: the name of each palette colour, in palette order (the filter's color:yellow, the export's labels)
COLOR_NAMES: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")
DEFAULT_MEANINGS: tuple[str, ...] = ("",) * len(PALETTE_COLORS)
#: colours offered for tags (tag chips, tree dots)
TAG_COLORS: tuple[str, ...] = ("#e0585b", "#f0a35b", "#e6c229", "#3fb27f", "#2bb3c0", "#5b8def", "#9b6ddf",
                               "#d46fb0")


def default_palette() -> list[tuple[str, str]]:
    """The palette as (colour, meaning) pairs before the user named any colour."""
    return list(zip(PALETTE_COLORS, DEFAULT_MEANINGS, strict=True))


def color_name(index: int) -> str:
    """The name of palette colour `index` (0-based), or "colour N" outside the palette."""
    return COLOR_NAMES[index] if 0 <= index < len(COLOR_NAMES) else f"colour {index}"


class Theme(StrEnum):
    """The look of the window and the page; AUTO follows the system colour scheme."""

    AUTO = "auto"
    LIGHT = "light"
    DARK = "dark"


#: every theme setting, AUTO first
THEMES: tuple[Theme, ...] = tuple(Theme)


class _Tagged(Protocol):
    paper_key: str
    note_tags: tuple[str, ...]


class _TagSource(Protocol):
    def tags(self, paper_key: str) -> Sequence[str]: ...


def effective_tags(entry: _Tagged, store: _TagSource | None) -> tuple[str, ...]:
    """The user's tags of the entry's paper, then the note's own tags not already among them
    (compared case-insensitively)."""
    tags = list(store.tags(entry.paper_key)) if store is not None else []
    seen = {t.casefold() for t in tags}
    for tag in entry.note_tags or ():
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)
