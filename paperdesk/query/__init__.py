"""The filter language and the search index over entries and annotations.

Each name loads its module when it is first asked for, so a window painting its first page does
not compile the index's and the language's patterns before it needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperdesk.query.index import SearchIndex
    from paperdesk.query.language import Query, Term, parse_query

_HOMES = {"SearchIndex": "index", "Query": "language", "Term": "language", "parse_query": "language"}
__all__ = ["Query", "SearchIndex", "Term", "parse_query"]


def __getattr__(name: str) -> object:
    """Load an exported name's module when the name is first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
