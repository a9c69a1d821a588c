"""The filter language and the search index over entries and annotations.

Each name loads its module when it is first asked for, so a window painting its first page does
not compile the index's and the language's patterns before it needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperdesk.lazy import lazy_names

if TYPE_CHECKING:
    from paperdesk.query.index import SearchIndex
    from paperdesk.query.language import Query, Term, parse_query

_HOMES = {"SearchIndex": "index", "Query": "language", "Term": "language", "parse_query": "language"}
__all__ = ["Query", "SearchIndex", "Term", "parse_query"]

__getattr__, __dir__ = lazy_names(__name__, _HOMES, globals())
