"""rapidfuzz's scorers, loaded on the first fuzzy step (about 10 ms of imports), not when the store opens.

An unchanged note's highlights are found by their offsets without any of these, so opening the
window on it never pays for them. Use as `fuzzy.Levenshtein.distance(...)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Indel, Levenshtein

_MODULES = {"fuzz": "rapidfuzz.fuzz", "process": "rapidfuzz.process", "Indel": "rapidfuzz.distance.Indel",
            "Levenshtein": "rapidfuzz.distance.Levenshtein"}
__all__ = ["Indel", "Levenshtein", "fuzz", "process"]


def __getattr__(name: str) -> object:
    """The rapidfuzz module `name` stands for, imported on first use and kept here."""
    import importlib

    home = _MODULES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = importlib.import_module(home)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
