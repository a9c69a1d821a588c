"""One entry's page as the reader shows it: the document's bytes and what the reader learns from rendering it."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperdesk.render.math_marks import MathMark, math_marks
from paperdesk.render.model import EntryHeader

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry

logger = logging.getLogger(__name__)
BLOCKED_REMOTE_MESSAGE = "remote image not loaded"  # the render's problem for a blocked remote image


@dataclass(frozen=True)
class PageRender:
    """A rendered page: its bytes, its formulas' places, remote images blocked, and why its text is
    not the text highlights were made on (None when it is)."""

    page: bytes
    math_marks: list[MathMark] = field(default_factory=list)
    blocked_remote: int = 0
    error: str | None = None


@dataclass(frozen=True)
class ShownPage:
    """A page the reader rendered and showed: for which entry, with which header, theme and
    remote-images choice."""

    entry_id: str
    header: EntryHeader | None
    theme: str
    allow_remote: bool
    render: PageRender


def render_page(entry: Entry, collection: Collection, header: EntryHeader | None, theme: str,
                allow_remote: bool) -> PageRender:
    """Render `entry` into its whole page (Qt-free, any thread); a failure becomes an error page."""
    from paperdesk.render import RenderedEntry, entry_page, render_entry

    error = None
    try:
        rendered = render_entry(entry, collection, allow_remote=allow_remote)
    except Exception as exc:  # a note must never take the reader down: show what went wrong
        logger.exception("rendering entry %s failed", entry.id)
        error = f"This entry could not be rendered ({type(exc).__name__}: {exc})."
        rendered = RenderedEntry(html=f'<p class="render-error">{html.escape(error)}</p>', problems=(), text=error)
    if rendered.cut_off:  # shown as written: its text is not the text highlights were made on
        error = "This entry took too long to render and is shown as written; its highlights are left as they are."
    blocked = sum(1 for p in rendered.problems if p.kind == "image" and p.message.startswith(BLOCKED_REMOTE_MESSAGE))
    page = entry_page(entry, collection, rendered, theme=theme, header=header, allow_remote=allow_remote)
    # "replace": a lone surrogate (a tag a store or sync file holds as "\udce6", a name that is not
    # UTF-8) shows as U+FFFD instead of taking the reader down
    return PageRender(page.encode("utf-8", "replace"), math_marks(rendered.html), blocked, error)
