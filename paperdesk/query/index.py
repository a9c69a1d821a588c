"""The search index: precomputed folded text and annotation facts per entry, for per-keystroke filtering."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from paperdesk.query.fold import fold, text_fold
from paperdesk.query.language import Query, Term, color_numbers, parse_query
from paperdesk.vocab import Status, effective_tags

_SEP = "\x00"          # between entries in the joined haystacks
_FIELD_SEP = "\x01"    # between fields of one entry, so a phrase never spans two fields
_CACHE_LIMIT = 512
_NONE: frozenset = frozenset()   # shared by the many entries without tags or highlights


def _clean(text: str) -> str:
    return text_fold(text).replace(_SEP, " ").replace(_FIELD_SEP, " ")


@dataclass(slots=True, frozen=True)
class _Facts:
    """Annotation facts of one entry, refreshed from the store (equal facts are one shared object)."""

    tags: frozenset[str]
    status: str
    highlights: int
    notes: int
    orphans: int
    colors: frozenset[int]   # 1-based palette numbers of the entry's highlights
    text: str          # folded tags, highlight quotes and notes


@dataclass(slots=True)
class _FactPool:
    """What one refresh of the facts has made so far, to share: by list of tags, and by facts."""

    tags: dict[tuple[str, ...], tuple[frozenset[str], str]] = field(default_factory=dict)
    facts: dict[tuple[Any, ...], _Facts] = field(default_factory=dict)


_CHUNK = 256          # texts joined per chunk of a haystack
_LOCAL_BITS = 9       # a text's place: chunk number << _LOCAL_BITS | place in the chunk
_WIDE = re.compile("[\u0100-\U0010ffff]")     # a character CPython stores in 2 or 4 bytes
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # ...in 4 bytes


def _width(text: str) -> int:
    """Bytes per character of `text` in CPython (1, 2 or 4): a joined string takes its widest."""
    if text.isascii() or not _WIDE.search(text):
        return 1
    return 4 if _ASTRAL.search(text) else 2


class _Chunk:
    """Up to _CHUNK folded texts of one width joined into one string, with each text's start and index."""

    def __init__(self, texts: list[str], members: list[int]) -> None:
        starts = array("L")
        offset = 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        starts.append(offset)  # one past the end: text i is joined[starts[i]:starts[i + 1] - 1]
        self.starts = starts
        self.members = array("L", members)   # the haystack index of each text
        self.joined = _SEP.join(texts)

    def contains(self, local: int, needle: str) -> bool:
        """True when the chunk's text `local` holds `needle`."""
        return self.joined.find(needle, self.starts[local], self.starts[local + 1] - 1) >= 0

    def find_all(self, needle: str, found: set[int]) -> None:
        """Add the haystack index of each of the chunk's texts that contains `needle` to `found`."""
        starts, members, find, add = self.starts, self.members, self.joined.find, found.add
        last = len(starts) - 2
        pos = find(needle)
        while pos >= 0:
            local = bisect_right(starts, pos) - 1
            add(members[local])
            if local >= last:
                break
            pos = find(needle, starts[local + 1])


class _Haystack:
    """Folded texts of all entries, searched with str.find (C speed) over joined chunks.

    Each text is kept once, inside its chunk's joined string (not also as its own string), and
    the chunks are built one at a time, so building never holds every text twice either. Texts
    are grouped into chunks by character width, so one Greek letter or emoji does not make 255
    neighbouring ASCII notes take 2 or 4 bytes per character."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.chunks: list[_Chunk] = []
        self._where = array("L")
        pending: dict[int, tuple[list[str], list[int]]] = {}
        for index, text in enumerate(texts):
            self._where.append(0)
            batch, members = pending.setdefault(_width(text), ([], []))
            batch.append(text)
            members.append(index)
            if len(batch) == _CHUNK:
                self._flush(batch, members)
                batch.clear()
                members.clear()
        for batch, members in pending.values():
            if batch:
                self._flush(batch, members)

    def _flush(self, batch: list[str], members: list[int]) -> None:
        number = len(self.chunks) << _LOCAL_BITS
        for local, index in enumerate(members):
            self._where[index] = number | local
        self.chunks.append(_Chunk(batch, members))

    def __len__(self) -> int:
        return len(self._where)

    def contains(self, index: int, needle: str) -> bool:
        """True when text `index` holds `needle`."""
        where = self._where[index]
        return self.chunks[where >> _LOCAL_BITS].contains(where & ((1 << _LOCAL_BITS) - 1), needle)

    def find_all(self, needle: str) -> set[int]:
        """Indices of the texts that contain `needle`."""
        found: set[int] = set()
        for chunk in self.chunks:
            chunk.find_all(needle, found)
        return found


class SearchIndex:
    """Filters entries with the query language; build once, then `filter()` on every keystroke."""

    def __init__(self, entries: list[Any], store: Any | None) -> None:
        """Index `entries` (collection Entry objects) with annotations from `store` (may be None)."""
        self._entries = list(entries)
        self._store = store
        self.ids = [e.id for e in self._entries]
        self._years = [e.year for e in self._entries]
        self._noted = [getattr(e, "noted", None) for e in self._entries]
        shared: dict[str, str] = {}   # one string per distinct kind, category and venue
        self._kinds = [shared.setdefault(k, k) for k in (str(getattr(e, "kind", "paper")) for e in self._entries)]
        self._cats = [shared.setdefault(c, c) for c in (_clean(e.category or "") for e in self._entries)]
        self._venues = [shared.setdefault(v, v) for v in (_clean(e.venue or "") for e in self._entries)]
        self._static = _Haystack(
            _FIELD_SEP.join(
                _clean(part) for part in (e.title, e.short_name or "", ", ".join(getattr(e, "aliases", ())),
                                          e.venue or "", e.paper_key, e.body)
            )
            for e in self._entries
        )
        self._facts: list[_Facts] = []
        self._annot = _Haystack([])
        self._cache: dict[Term, frozenset[int]] = {}          # cleared when annotations change
        self.meanings: tuple[str, ...] = ()                   # the palette's meanings, 1-5
        self._static_cache: dict[str, frozenset[int]] = {}    # words in the notes themselves: kept
        self.refresh_annotations()

    def __len__(self) -> int:
        return len(self._entries)

    # -- annotations -----------------------------------------------------------------------

    def _facts_for(self, index: int, highlights: Iterable[Any], pool: _FactPool) -> _Facts:
        """The facts of entry `index`: the pool's object when an entry had the same facts before."""
        entry = self._entries[index]
        store = self._store
        tags = tuple(effective_tags(entry, store))
        status = store.status(entry.paper_key) if store is not None else Status.UNREAD
        count = notes = orphans = 0
        colors: set[int] = set()
        extra: list[str] = []
        for hl in highlights:
            count += 1
            color = getattr(hl, "color", 0)
            if isinstance(color, int):
                colors.add(color + 1)
            if (hl.note or "").strip():
                notes += 1
                extra.append(hl.note)
            if getattr(hl, "orphan", False):
                orphans += 1
            extra.append(hl.quote or "")
        folded = pool.tags.get(tags)
        if folded is None:   # the folded tag set and text, once per distinct list of tags
            folded = pool.tags[tags] = (frozenset(fold(t).strip() for t in tags) if tags else _NONE,
                                        _FIELD_SEP.join(_clean(t) for t in tags))
        tag_set, text = folded
        if extra:   # the text is tags, then each highlight's note and quote, one field each
            text = _FIELD_SEP.join([text, *map(_clean, extra)] if tags else map(_clean, extra))
        key = (tags, status, count, notes, orphans, frozenset(colors), text)
        facts = pool.facts.get(key)
        if facts is None:
            facts = pool.facts[key] = _Facts(tags=tag_set, status=status, highlights=count, notes=notes,
                                             orphans=orphans, colors=frozenset(colors) if colors else _NONE, text=text)
        return facts

    def refresh_annotations(self, paper_keys: Iterable[str] | None = None) -> None:
        """Re-read tags, status and highlights from the store: for all entries, or for the
        entries whose paper key (or entry id) is in `paper_keys`; the palette's meanings always."""
        store = self._store
        self.meanings = _read_meanings(store)
        self._cache.clear()
        if paper_keys is None or not self._facts:
            by_entry: dict[str, list[Any]] = {}
            if store is not None:
                for hl in store.all_highlights():
                    by_entry.setdefault(hl.entry_id, []).append(hl)
            # Most entries have the same facts (no highlights, the same few tags and statuses): one
            # object for each distinct set of facts, not one per entry.
            pool = _FactPool()
            self._facts = [self._facts_for(i, by_entry.get(eid, ()), pool) for i, eid in enumerate(self.ids)]
        else:
            wanted = set(paper_keys)
            if not wanted:
                return
            pool = _FactPool()
            for i, entry in enumerate(self._entries):
                if entry.paper_key in wanted or entry.id in wanted:
                    highlights = store.highlights(entry.id) if store is not None else ()
                    self._facts[i] = self._facts_for(i, highlights, pool)
        self._annot = _Haystack([f.text for f in self._facts])
        self._cache.clear()

    def use_store(self, store: Any | None) -> None:
        """Read annotations from `store` from now on, re-reading all of them now (an index of the
        notes' text can be built in a worker without the store, and given it on the store's thread)."""
        self._store = store
        self.refresh_annotations()

    def parse(self, text: str) -> Query:
        """Parse `text` with this index's palette meanings (color:question is resolved, and a
        colour that names nothing is a problem); never raises."""
        return parse_query(text, self.meanings)

    # -- evaluation ------------------------------------------------------------------------

    def drop_caches(self) -> None:
        """Forget every cached result (benchmarks use it to measure typing from scratch)."""
        self._cache.clear()
        self._static_cache.clear()

    def _static_matches(self, needle: str) -> frozenset[int]:
        """Entries whose own text (title, body...) holds `needle`; cached across store changes."""
        found = self._static_cache.get(needle)
        if found is not None:
            return found
        static = self._static
        # Typing adds one character at a time: the entries matching the word without its last (or
        # first) character are the only candidates, and that result is usually cached.
        for shorter in (needle[:-1], needle[1:]):
            cached = self._static_cache.get(shorter) if shorter else None
            if cached is not None:
                if len(cached) * 4 < len(static):  # a few candidates: test each in place
                    found = frozenset(i for i in cached if static.contains(i, needle))
                else:  # most entries: one C-speed pass over the chunks is cheaper
                    found = frozenset(static.find_all(needle) & cached)
                break
        else:
            found = frozenset(static.find_all(needle))
        if len(self._static_cache) >= _CACHE_LIMIT:
            self._static_cache.clear()
        self._static_cache[needle] = found
        return found

    def _text_matches(self, needle: str) -> set[int]:
        return set(self._static_matches(needle)) | self._annot.find_all(needle)

    def _matches(self, term: Term) -> frozenset[int]:
        key = Term(term.kind, term.value, False, term.low, term.high)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        n = range(len(self.ids))
        kind, value = term.kind, term.value
        if kind == "text":
            result: Iterable[int] = self._text_matches(value)
        elif kind == "tag":
            if value.endswith("*"):
                prefix = value[:-1]
                result = [i for i in n if any(t.startswith(prefix) for t in self._facts[i].tags)]
            else:
                result = [i for i in n if value in self._facts[i].tags]
        elif kind == "status":
            result = [i for i in n if self._facts[i].status == value]
        elif kind == "cat":
            result = [i for i in n if value in self._cats[i]]
        elif kind == "venue":
            result = [i for i in n if value in self._venues[i]]
        elif kind == "has":
            attr = {"highlights": "highlights", "notes": "notes", "orphans": "orphans"}.get(value)
            if attr is None:
                result = [i for i in n if self._facts[i].tags]
            else:
                result = [i for i in n if getattr(self._facts[i], attr)]
        elif kind == "color":
            wanted = frozenset(color_numbers(value, self.meanings))
            result = [i for i in n if not wanted.isdisjoint(self._facts[i].colors)] if wanted else ()
        elif kind == "year":
            years = self._years
            if value == "none":
                result = [i for i in n if years[i] is None]
            else:
                low = term.low if term.low is not None else -10**9
                high = term.high if term.high is not None else 10**9
                result = [i for i in n if years[i] is not None and low <= years[i] <= high]
        elif kind == "noted":
            noted = self._noted
            if value == "none":
                result = [i for i in n if not noted[i]]
            elif term.low is None and term.high is None and "-" in value:
                result = [i for i in n if noted[i] and noted[i].startswith(value)]
            else:
                low = term.low if term.low is not None else -10**9
                high = term.high if term.high is not None else 10**9
                result = [i for i in n if noted[i] and low <= int(noted[i][:4]) <= high]
        elif kind == "kind":
            result = [i for i in n if self._kinds[i] == value]
        else:  # pragma: no cover - parse_query only makes the kinds above
            result = n
        frozen = frozenset(result)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = frozen
        return frozen

    def _contains(self, needle: str, candidates: Iterable[int]) -> set[int]:
        """The candidates whose text holds `needle` (an uncached word checked on a few entries)."""
        static, annot = self._static, self._annot
        return {i for i in candidates if static.contains(i, needle) or annot.contains(i, needle)}

    def _is_cached(self, term: Term) -> bool:
        return Term(term.kind, term.value, False, term.low, term.high) in self._cache

    def filter_query(self, query: Query) -> list[str]:
        """Entry ids matching a parsed query, in input order."""
        if not query.terms:
            return list(self.ids)
        count = len(self.ids)
        # Cheap terms first (cached, then fields), so that a new word typed after a selective
        # term is only looked for in the entries still selected.
        order = sorted(query.terms, key=lambda t: (not self._is_cached(t), t.kind == "text", t.negated))
        selected: set[int] | None = None
        for term in order:
            narrow = (selected is not None and term.kind == "text" and not self._is_cached(term)
                      and len(selected) * 3 < count)
            if narrow:
                found: set[int] | frozenset[int] = self._contains(term.value, selected)
            else:
                found = self._matches(term)
            if term.negated:
                selected = (set(range(count)) if selected is None else selected) - found
            else:
                selected = set(found) if selected is None else selected & found
            if not selected:
                return []
        ids = self.ids
        return [ids[i] for i in sorted(selected or ())]

    def filter(self, text: str) -> list[str]:
        """Entry ids matching the query `text`, in input order; never raises on odd input."""
        return self.filter_query(self.parse(text))


def _read_meanings(store: Any | None) -> tuple[str, ...]:
    """The palette's meanings from `store.palette()`, or () when there is none (or it fails)."""
    palette = getattr(store, "palette", None)
    if palette is None:
        return ()
    try:
        pairs: Sequence[Any] = palette()
        return tuple(str(pair[1] or "") for pair in pairs)
    except (TypeError, IndexError, ValueError, OSError):  # colours still match by number and name
        return ()
