"""An entry shown as its escaped source when it cannot be rendered: too large, too slow, or broken;
and the limits that decide it."""

from __future__ import annotations

import hashlib
import html
from collections import OrderedDict
from typing import TYPE_CHECKING

from paperdesk.render.model import RenderedEntry, RenderProblem
from paperdesk.render.plain_text import plain_text

if TYPE_CHECKING:
    from paperdesk.collection import Entry
    from paperdesk.render.structure import SetAside

# Markdown work on one entry is cut off after this many seconds (wall clock, on the caller's
# thread); the entry is then shown as written. Python-Markdown converts ~1 MB/s here, so only
# hostile structure or an overloaded machine gets near it.
RENDER_TIME_LIMIT = 3.0
# The least time the work after typesetting (formulas into place, plain text) is given.
FINISH_TIME = 1.0
# An entry body longer than this is shown as written without parsing (a 1 MB entry renders in
# about a second; the biggest seed file, all its entries together, is 140 KB).
MAX_RENDER_CHARS = 1_000_000
# How much of a refused entry's source the page shows (the rest is summarised).
MAX_SHOWN_CHARS = 1_000_000
_SLOW_MEMORY = 256

_slow: OrderedDict[str, str] = OrderedDict()   # digest of a body that ran out of time -> why


def _digest(body: str) -> str:
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def refusal(body: str) -> str | None:
    """Why `body` is not parsed at all (None when it may be)."""
    if len(body) > MAX_RENDER_CHARS:
        return f"the entry has {len(body):,} characters, more than the {MAX_RENDER_CHARS:,} that are rendered"
    return None


def known_slow(body: str) -> str | None:
    """The reason `body` ran out of time before in this process, or None."""
    if not _slow:
        return None
    return _slow.get(_digest(body))


def remember_slow(body: str, reason: str) -> str:
    """Note that `body` ran out of time, so showing it again does not wait for the limit; returns `reason`."""
    _slow[_digest(body)] = reason
    while len(_slow) > _SLOW_MEMORY:
        _slow.popitem(last=False)
    return reason


def fallback(entry: Entry, reason: str, *, cut_off: bool = False) -> RenderedEntry:
    """The entry as escaped source in `<pre class="render-failed">`, with one "render" problem."""
    source = entry.body
    tail = ""
    if len(source) > MAX_SHOWN_CHARS:
        tail = f"\n\n[… {len(source) - MAX_SHOWN_CHARS:,} more characters not shown]"
        source = source[:MAX_SHOWN_CHARS]
    body = f'<pre class="render-failed">{html.escape(source + tail, quote=False)}</pre>'
    problem = RenderProblem("render", f"shown as written: {reason}", entry.lines[0], entry.source)
    return RenderedEntry(body, (problem,), plain_text(body), cut_off=cut_off)


def set_aside_problems(blocks: list[SetAside], entry: Entry) -> list[RenderProblem]:
    """One "render" problem per block the structural check showed as written."""
    return [RenderProblem("render", f"part shown as written: {b.reason}", entry.lines[0] + b.line - 1,
                          entry.source) for b in blocks]
