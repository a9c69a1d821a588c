"""The filter language and the search index over entries and annotations."""

from paperdesk.query.index import SearchIndex
from paperdesk.query.language import Query, Term, parse_query

__all__ = ["Query", "SearchIndex", "Term", "parse_query"]
