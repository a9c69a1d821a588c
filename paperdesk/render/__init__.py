"""Entries to safe HTML: Markdown, math, code, images, sanitising."""

from paperdesk.render.entry_html import render_entry
from paperdesk.render.model import EntryHeader, RenderedEntry, RenderProblem
from paperdesk.render.page import entry_page
from paperdesk.render.plain_text import plain_text
from paperdesk.render.safe_path import resolve_inside

__all__ = ["EntryHeader", "RenderProblem", "RenderedEntry", "entry_page", "plain_text", "render_entry",
           "resolve_inside"]
