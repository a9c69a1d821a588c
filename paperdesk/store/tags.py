"""The tags of papers and the colours of tags, with the case-insensitive spelling index."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from paperdesk.store import stamps as st
from paperdesk.store.changes import Changes, Puts, StoreCore


def fold_tag(tag: str) -> str:
    """Return the case-insensitive key of a tag."""
    return tag.casefold()


def clean_tag(tag: str) -> str:
    """Normalise a tag's spacing; raise ValueError when nothing is left."""
    cleaned = " ".join(str(tag).split())
    if not cleaned:
        raise ValueError("a tag cannot be empty")
    return cleaned


def is_hex_color(color: str) -> bool:
    """Is `color` written as "#rrggbb"?"""
    return (isinstance(color, str) and len(color) == 7 and color[0] == "#"
            and all(c in "0123456789abcdefABCDEF" for c in color[1:]))


class Tags:
    """The "tags" and "tag_colors" tables; the first spelling of a tag (any case) is the one kept."""

    def __init__(self, core: StoreCore) -> None:
        """Read and write through `core`; call `index()` once the data are loaded."""
        self._core = core
        self._display: dict[str, str] = {}     # folded tag -> the spelling in use

    def index(self) -> None:
        """Rebuild the spelling index from the stored tags (after open or a reload)."""
        self._display = {}
        for doc in self._core.table("tags").values():
            for tag in doc.get("tags", []):
                self._display.setdefault(fold_tag(tag), tag)

    def tags(self, paper_key: str) -> list[str]:
        """Return a paper's tags in the order they were added."""
        doc = self._core.table("tags").get(paper_key)
        return list(doc["tags"]) if doc else []

    def all_tags(self) -> dict[str, int]:
        """Return tag -> number of papers carrying it, sorted case-insensitively."""
        counts: dict[str, int] = {}
        for doc in self._core.table("tags").values():
            for tag in doc["tags"]:
                counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: fold_tag(kv[0])))

    def papers_with_tag(self, tag: str) -> list[str]:
        """Return the paper keys carrying `tag` (case-insensitive)."""
        key = fold_tag(clean_tag(tag))
        return [k for k, doc in self._core.table("tags").items() if key in {fold_tag(t) for t in doc["tags"]}]

    def add_tag(self, paper_key: str, tag: str) -> bool:
        """Add a tag to a paper; False if it already has it (in any case). Existing spelling wins."""
        core = self._core
        tag = clean_tag(tag)
        with core.change():
            current = self.tags(paper_key)
            key = fold_tag(tag)
            if key in {fold_tag(t) for t in current}:
                return False
            display = self._display.get(key, tag)
            doc = st.with_tag(core.table("tags").get(paper_key), key, display, True, core.stamp())
            core.write({"tags": ({paper_key: doc}, [])})
            self._display.setdefault(key, display)
        core.notify("tags", paper_key)
        return True

    def remove_tag(self, paper_key: str, tag: str) -> bool:
        """Remove a tag (any case) from a paper; False if it did not have it."""
        core = self._core
        key = fold_tag(clean_tag(tag))
        with core.change():
            current = self.tags(paper_key)
            gone = [t for t in current if fold_tag(t) == key]
            if not gone:
                return False
            doc = st.with_tag(core.table("tags").get(paper_key), key, gone[0], False, core.stamp())
            core.write({"tags": ({paper_key: doc}, [])})
            self._forget_unused(key)
        core.notify("tags", paper_key)
        return True

    def _forget_unused(self, key: str) -> None:
        if not any(key in {fold_tag(t) for t in doc["tags"]} for doc in self._core.table("tags").values()):
            self._display.pop(key, None)

    def tag_color(self, tag: str) -> str | None:
        """Return the colour given to a tag, or None."""
        doc = self._core.table("tag_colors").get(fold_tag(clean_tag(tag)))
        return doc.get("color") if doc else None   # None also for a removed colour (tombstone)

    def set_tag_color(self, tag: str, color: str | None) -> None:
        """Give a tag a colour ("#rrggbb"), or remove its colour with None."""
        core = self._core
        tag = clean_tag(tag)
        key = fold_tag(tag)
        if color is not None and not is_hex_color(color):
            raise ValueError(f"not a colour: {color!r} (use #rrggbb)")
        with core.change():
            old = core.table("tag_colors").get(key)
            if color is None and (old is None or old.get("color") is None):
                return
            display = self._display.get(key, tag) if color is not None else (old or {}).get("tag", tag)
            doc = st.stamped("tag_colors", old, {"tag": display, "color": color}, core.stamp())
            core.write({"tag_colors": ({key: doc}, [])})
        core.notify("tags", tag)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag on every paper, merging into `new` where it exists; returns papers changed."""
        core = self._core
        old_key, new_tag = fold_tag(clean_tag(old)), clean_tag(new)
        new_key = fold_tag(new_tag)
        with core.change():
            if new_key != old_key and new_key in self._display:
                new_tag = self._display[new_key]   # merging: the existing spelling wins
            stamp = core.stamp()
            puts = self._renamed_papers(old_key, new_key, new_tag, stamp)
            changes: Changes = {"tags": (puts, [])}
            color_puts = self._moved_color(old_key, new_key, new_tag, stamp)
            if color_puts is not None:
                changes["tag_colors"] = (color_puts, [])
            if not puts and color_puts is None:
                return 0
            core.write(changes)
            self._display.pop(old_key, None)
            self._display[new_key] = new_tag
        for paper in puts:
            core.notify("tags", paper)
        return len(puts)

    def _renamed_papers(self, old_key: str, new_key: str, new_tag: str, stamp: str) -> Puts:
        """The tag documents of the papers carrying `old_key`, with it renamed to `new_tag`."""
        puts: Puts = {}
        for paper, doc in self._core.table("tags").items():
            folded = [fold_tag(t) for t in doc["tags"]]
            if old_key not in folded:
                continue
            new_doc: Mapping[str, Any] = doc
            if old_key != new_key:
                new_doc = st.with_tag(new_doc, old_key, doc["tags"][folded.index(old_key)], False, stamp)
            if new_key not in folded or old_key == new_key:
                new_doc = st.with_tag(new_doc, new_key, new_tag, True, stamp)
            if new_doc["tags"] != doc["tags"]:
                puts[paper] = new_doc
        return puts

    def _moved_color(self, old_key: str, new_key: str, new_tag: str, stamp: str) -> Puts | None:
        """The tag colour documents that carry the old tag's colour over to the new one (None: no colour)."""
        colors = self._core.table("tag_colors")
        old_color = colors.get(old_key)
        if old_color is None or old_color.get("color") is None:
            return None
        color_puts: Puts = {}
        if old_key != new_key:
            color_puts[old_key] = st.stamped("tag_colors", old_color, {"color": None}, stamp)
        new_color = colors.get(new_key)
        if old_key == new_key or new_color is None or new_color.get("color") is None:
            color_puts[new_key] = st.stamped("tag_colors", new_color,
                                             {"tag": new_tag, "color": old_color["color"]}, stamp)
        return color_puts
