"""Value types of the render layer: the rendered entry, its problems, and the page header."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RenderProblem:
    """Something in a note that could not be shown as written."""

    kind: str            # "math" | "image" | "link" | "render" (the entry or a part shown as written)
    message: str
    line: int | None     # 1-based line in the source file, when known
    source: str = ""     # the note file, relative to the collection root


@dataclass(frozen=True)
class RenderedEntry:
    """An entry as sanitised HTML (math as SVG), what went wrong, and its plain text."""

    html: str
    problems: tuple[RenderProblem, ...]
    text: str
    # True when the time limit cut the render off and the entry is shown as written: `text` is then
    # not the rendered text (and another run may finish), so highlights must not be re-anchored
    # against it.
    cut_off: bool = False


@dataclass(frozen=True)
class EntryHeader:
    """What the page header shows above an entry; the store-backed parts come from the caller."""

    title: str
    paper_url: str | None = None
    category: str | None = None
    year: int | None = None
    venue: str | None = None
    short_name: str | None = None
    status: str | None = None                                   # "unread" | "reading" | "read"
    tags: tuple[str, ...] = ()
    tag_colors: dict[str, str] = field(default_factory=dict)    # tag -> CSS colour "#rrggbb"
