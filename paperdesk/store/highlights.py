"""The highlights of entries: their per-entry index, edits, and re-anchoring to changed text."""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import cached_property

from paperdesk.store import stamps as st
from paperdesk.store.anchor_text_store import AnchorTexts
from paperdesk.store.anchoring import reanchor, selectors_for, text_hash
from paperdesk.store.changes import Puts, StoreCore
from paperdesk.store.model import Anchor, Highlight, check_color, new_id, now_iso

log = logging.getLogger(__name__)

_ANCHORING_FIELDS = ("quote", "prefix", "suffix", "start", "end", "text_hash", "orphan", "rival_context",
                     "rival_similarity")


def same_but_anchoring(a: Highlight, b: Highlight) -> bool:
    """Do two versions of a highlight differ only in where and how it is anchored?"""
    return replace(a, **{f: getattr(b, f) for f in _ANCHORING_FIELDS}) == b


class Highlights:
    """The "highlights" table, its entry index and the text snapshots highlights were anchored to."""

    def __init__(self, core: StoreCore) -> None:
        """Read and write through `core`; call `index()` once the data are loaded."""
        self._core = core
        # Highlight objects are built on demand from the stored documents (fast open).
        self._cache: dict[str, Highlight] = {}
        self._by_entry: dict[str, dict[str, None]] = {}     # entry id -> ordered set of ids

    def index(self) -> None:
        """Rebuild the entry index from the stored highlights (after open or a reload)."""
        self._cache = {}
        self._by_entry = {}
        for doc_id, doc in self._core.table("highlights").items():
            if not st.is_deleted(doc):
                self._by_entry.setdefault(doc["entry_id"], {})[doc_id] = None

    @cached_property
    def texts(self) -> AnchorTexts:
        """The snapshots of the texts highlights were anchored to, in `<store>.texts/`."""
        return AnchorTexts(self._core.path.with_name(self._core.path.name + ".texts"))

    # reading --------------------------------------------------------------------------
    def highlights(self, entry_id: str) -> list[Highlight]:
        """Return the highlights of one entry, in text order (orphans last)."""
        found = self._by_entry.get(entry_id)
        if not found:
            return []
        return sorted((self._hl(hid) for hid in found), key=lambda h: (h.orphan, h.start, h.end, h.created))

    def all_highlights(self) -> list[Highlight]:
        """Return every highlight of the collection."""
        return [self._hl(hid) for hid, doc in self._core.table("highlights").items() if not st.is_deleted(doc)]

    def _hl(self, highlight_id: str) -> Highlight:
        h = self._cache.get(highlight_id)
        if h is None:
            h = Highlight.from_doc(self._core.table("highlights")[highlight_id])
            self._cache[highlight_id] = h
        return h

    def orphans(self) -> list[Highlight]:
        """Return the highlights that could not be found in their entry's current text."""
        return [self._hl(hid) for hid, doc in self._core.table("highlights").items()
                if doc.get("orphan") and not st.is_deleted(doc)]

    def highlight(self, highlight_id: str) -> Highlight | None:
        """Return one highlight by id, or None."""
        doc = self._core.table("highlights").get(highlight_id)
        return self._hl(highlight_id) if doc is not None and not st.is_deleted(doc) else None

    # changing -------------------------------------------------------------------------
    def add_highlight(self, entry_id: str, paper_key: str, text: str, start: int, end: int,
                      color: int = 0, note: str = "") -> Highlight:
        """Highlight text[start:end] of an entry's plain text; returns the new highlight."""
        check_color(color)
        sel = selectors_for(text, start, end)
        self._keep_text(text, sel.text_hash)
        when = now_iso()
        h = Highlight(
            id=new_id(), entry_id=entry_id, paper_key=paper_key, color=color, note=note,
            quote=sel.quote, prefix=sel.prefix, suffix=sel.suffix, start=sel.start, end=sel.end,
            text_hash=sel.text_hash, created=when, updated=when,
            rival_context=sel.rival_context, rival_similarity=sel.rival_similarity,
        )
        self._put([h], stamp_all=True)
        return h

    def update_highlight(self, highlight_id: str, *, note: str | None = None,
                         color: int | None = None) -> Highlight:
        """Change a highlight's note and/or colour; returns the new version (KeyError if unknown)."""
        if color is not None:
            check_color(color)
        with self._core.change():
            old = self._require(highlight_id)
            new = replace(old, note=old.note if note is None else note,
                          color=old.color if color is None else color, updated=now_iso())
            self._put([new], locked=True)   # stamps the fields that changed
        self._core.notify("highlight", new.entry_id)
        return new

    def remove_highlight(self, highlight_id: str) -> Highlight:
        """Delete a highlight and return it (for undo: restore_highlight)."""
        core = self._core
        with core.change():
            old = self._require(highlight_id)
            tomb = st.highlight_tombstone(core.table("highlights")[highlight_id], core.stamp())
            core.write({"highlights": ({highlight_id: tomb}, [])})
            self._cache.pop(highlight_id, None)
            group = self._by_entry.get(old.entry_id, {})
            group.pop(highlight_id, None)
            if not group:
                self._by_entry.pop(old.entry_id, None)
        core.notify("highlight", old.entry_id)
        return old

    def restore_highlight(self, highlight: Highlight) -> None:
        """Put back a removed (or older) highlight with the same id: the undo of a change."""
        check_color(highlight.color)
        self._put([highlight], stamp_all=True)

    def relink_highlight(self, highlight_id: str, text: str, start: int, end: int) -> Highlight:
        """Attach a (typically orphaned) highlight to text[start:end] of its entry's current text."""
        sel = selectors_for(text, start, end)
        self._keep_text(text, sel.text_hash)
        with self._core.change():
            old = self._require(highlight_id)
            new = replace(old, quote=sel.quote, prefix=sel.prefix, suffix=sel.suffix, start=sel.start,
                          end=sel.end, text_hash=sel.text_hash, orphan=False, updated=now_iso(),
                          rival_context=sel.rival_context, rival_similarity=sel.rival_similarity)
            self._put([new], locked=True)
        self._core.notify("highlight", new.entry_id)
        return new

    # anchoring ------------------------------------------------------------------------
    def reanchor(self, entry_id: str, text: str) -> list[Anchor]:
        """Find an entry's highlights in its current plain text: a pure read (no write, no notification)."""
        return reanchor(self.highlights(entry_id), text, self.texts.get)

    def save_anchors(self, anchors: list[Anchor], text: str) -> None:
        """Persist what `reanchor(entry_id, text)` found: moved selectors and orphan flags; notifies once."""
        digest = text_hash(text)
        if any(a.start is not None and a.highlight.text_hash != digest for a in anchors):
            raise ValueError("these anchors were not found in this text")
        if any(a.start is not None for a in anchors):
            self._keep_text(text, digest)
        changed = [a.highlight for a in anchors if self.highlight(a.highlight.id) != a.highlight]
        if not changed:
            return
        written: list[Highlight] = []
        with self._core.change():
            old_hashes = set()
            for new in changed:
                current = self.highlight(new.id)
                if current is not None and current != new and same_but_anchoring(current, new):
                    written.append(new)
                    old_hashes.add(current.text_hash)
            if written:   # re-anchoring is no user edit: the stamps stay (it never outranks one)
                self._put(written, locked=True, restamp=False)
                used = {doc.get("text_hash") for doc in self._core.table("highlights").values()}
                self.texts.discard(old_hashes - used)
        for entry_id in dict.fromkeys(h.entry_id for h in written):
            self._core.notify("highlight", entry_id)

    def _keep_text(self, text: str, digest: str) -> None:
        """Keep a snapshot of `text`; a failure only costs the next anchoring its diff."""
        try:
            self.texts.put(text, digest)
        except OSError:
            log.warning("could not keep the text snapshot for re-anchoring", exc_info=True)

    # writing --------------------------------------------------------------------------
    def _require(self, highlight_id: str) -> Highlight:
        found = self.highlight(highlight_id)
        if found is None:
            raise KeyError(f"no highlight {highlight_id!r}")
        return found

    def _put(self, items: list[Highlight], locked: bool = False, *,
             stamp_all: bool = False, restamp: bool = True) -> None:
        """Write highlights; the groups whose fields differ from the stored version are stamped
        (all of them with `stamp_all`: a new or restored highlight; none without `restamp`)."""
        core = self._core

        def put() -> None:
            stored = core.table("highlights")
            before = {h.id: stored[h.id]["entry_id"] for h in items if h.id in stored}
            stamp = core.stamp()
            docs: Puts = {}
            for h in items:
                fields = {**h.to_doc(), "deleted": False}
                old = stored.get(h.id)
                if stamp_all or old is None:
                    docs[h.id] = st.stamp_all("highlights", {**(old or {}), **fields}, stamp)
                elif restamp:
                    docs[h.id] = st.stamped("highlights", old,
                                            {k: v for k, v in fields.items() if old.get(k) != v}, stamp)
                else:
                    docs[h.id] = {**old, **fields}
            core.write({"highlights": (docs, [])})
            for h in items:
                old_entry = before.get(h.id)
                if old_entry is not None and old_entry != h.entry_id:
                    self._by_entry.get(old_entry, {}).pop(h.id, None)
                self._cache[h.id] = h
                self._by_entry.setdefault(h.entry_id, {})[h.id] = None

        if locked:
            put()
            return
        with core.change():
            put()
        for entry_id in dict.fromkeys(h.entry_id for h in items):
            core.notify("highlight", entry_id)
