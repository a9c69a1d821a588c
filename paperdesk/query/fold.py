"""Text folding for search: case-insensitive, accent-insensitive, whitespace collapsed."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return `text` lower-cased (casefold), without accents, with whitespace runs as one space."""
    if text.isascii():
        return _SPACE.sub(" ", text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped.casefold())


_MARKUP = str.maketrans("", "", "*`")


def text_fold(text: str) -> str:
    """fold() without Markdown emphasis and code marks, so "**bold** word" matches "bold word"."""
    if text.isascii():
        return _SPACE.sub(" ", text.lower().translate(_MARKUP))
    return _SPACE.sub(" ", fold(text).translate(_MARKUP))
