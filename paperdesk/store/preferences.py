"""The collection's preferences in the store: palette meanings, saved searches and settings."""

from __future__ import annotations

import json
from typing import Any

from paperdesk.store import stamps as st
from paperdesk.store.changes import StoreCore
from paperdesk.store.model import DEFAULT_MEANINGS, PALETTE_COLORS, check_color


class Preferences:
    """The "palette", "searches" and "settings" tables."""

    def __init__(self, core: StoreCore) -> None:
        """Read and write through `core`."""
        self._core = core

    def palette(self) -> list[tuple[str, str]]:
        """Return the five (colour hex, meaning) pairs of the highlight palette."""
        table = self._core.table("palette")
        return [
            (color, str(table.get(str(i), {}).get("meaning", DEFAULT_MEANINGS[i])))
            for i, color in enumerate(PALETTE_COLORS)
        ]

    def set_palette_meaning(self, index: int, meaning: str) -> None:
        """Name what a palette colour means (e.g. "method", "result")."""
        check_color(index)
        core = self._core
        with core.change():
            doc = st.stamped("palette", core.table("palette").get(str(index)),
                             {"meaning": " ".join(meaning.split())}, core.stamp())
            core.write({"palette": ({str(index): doc}, [])})
        core.notify("palette", str(index))

    def saved_searches(self) -> dict[str, str]:
        """Return name -> query of the saved searches."""
        return {name: doc["query"] for name, doc in self._core.table("searches").items()
                if doc.get("query") is not None}

    def save_search(self, name: str, query: str) -> None:
        """Save (or replace) a named search."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a saved search needs a name")
        core = self._core
        with core.change():
            doc = st.stamped("searches", core.table("searches").get(name), {"query": query}, core.stamp())
            core.write({"searches": ({name: doc}, [])})
        core.notify("search", name)

    def delete_search(self, name: str) -> None:
        """Delete a saved search (no error if absent)."""
        core = self._core
        with core.change():
            old = core.table("searches").get(name)
            if old is None or old.get("query") is None:
                return
            core.write({"searches": ({name: st.stamped("searches", old, {"query": None}, core.stamp())}, [])})
        core.notify("search", name)

    def setting(self, key: str, default: Any = None) -> Any:
        """Return a per-collection setting, or `default`."""
        doc = self._core.table("settings").get(key)
        return doc["value"] if doc else default

    def set_setting(self, key: str, value: Any) -> None:
        """Set a per-collection setting to a JSON-serialisable value."""
        json.dumps(value)  # refuse what cannot be stored before touching the file
        core = self._core
        with core.change():
            doc = st.stamped("settings", core.table("settings").get(key), {"value": value}, core.stamp())
            core.write({"settings": ({key: doc}, [])})
        core.notify("setting", key)
