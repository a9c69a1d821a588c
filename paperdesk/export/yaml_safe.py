"""YAML from a note, parsed only when it is small and plain: no aliases (a "billion laughs" bomb
expands to gigabytes once copied), no deep nesting (5,000 levels overflow the recursion limit)."""

from __future__ import annotations

import yaml

MAX_DEPTH = 32          # nested collections in one document (real front matter: 2 or 3)
MAX_EVENTS = 20_000     # scalars and collections in one document
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def refusal(text: str) -> str | None:
    """Why `text` must not be loaded (None when it may): aliases, depth, size or invalid YAML.

    Walks the parser's event stream, which needs no recursion and builds nothing.
    """
    depth = events = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            events += 1
            if isinstance(event, yaml.AliasEvent):
                return "uses YAML aliases"
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return f"nests more than {MAX_DEPTH} levels deep"
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if events > MAX_EVENTS:
                return f"holds more than {MAX_EVENTS:,} values"
    except yaml.YAMLError as exc:
        return f"is not valid YAML ({type(exc).__name__})"
    except RecursionError:
        return f"nests more than {MAX_DEPTH} levels deep"
    return None


def load_mapping(text: str) -> tuple[dict | None, str | None]:
    """(the mapping `text` holds, None) or (None, why it was not loaded)."""
    why = refusal(text)
    if why is not None:
        return None, why
    try:
        data = yaml.load(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError, ValueError) as exc:   # ValueError: e.g. a bad date
        return None, f"is not valid YAML ({type(exc).__name__})"
    if not isinstance(data, dict):
        return None, "is not a mapping"
    return data, None
