"""Entries to safe HTML: Markdown, math, code, images, sanitising.

The names below load their modules on first use, so importing one light name (`resolve_inside`,
`EntryHeader`, as the GUI's scheme handler and presenter do) does not import Markdown, Pygments
and nh3 while the window is being built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperdesk.lazy import lazy_names

# Eager: the function shares its module's name, which the import system sets on this package.
from paperdesk.render.plain_text import plain_text

if TYPE_CHECKING:
    from paperdesk.render.entry_html import render_entry
    from paperdesk.render.model import EntryHeader, RenderedEntry, RenderProblem
    from paperdesk.render.page import entry_page
    from paperdesk.render.safe_path import resolve_inside

_HOMES = {
    "EntryHeader": "model", "RenderProblem": "model", "RenderedEntry": "model", "entry_page": "page",
    "render_entry": "entry_html", "resolve_inside": "safe_path",
}
__all__ = ["EntryHeader", "RenderProblem", "RenderedEntry", "entry_page", "plain_text", "render_entry",
           "resolve_inside"]

__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals())
