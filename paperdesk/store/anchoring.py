"""Find highlights again in an entry's plain text after the note changed (pure functions).

Entry points: `selectors_for(text, start, end)` notes what finds a span again; `locate(text,
selectors)` finds one span; `reanchor(highlights, text, old_text)` finds all highlights of an
entry (the store and the export both use it). Order:
1. the text is unchanged (same hash) and the slice equals the quote: the stored offsets;
2. the old text is known (`Selectors.old_text`, or the `old_text` look-up of `reanchor`): the span
   is mapped through a diff of the old and new text (`anchor_map`). A span the edit did not touch
   is found at once, at its own place, even when a copy of its paragraph was pasted elsewhere
   (`AnchorMethod.MAPPED`). A span the edit touched but whose words mostly survive at the mapped
   place is taken there (`FUZZY`, reason "mapped-edited"): the mapped place, not an untouched copy,
   is where the user's passage is;
3. otherwise the exact / fuzzy / orphan ladder (`anchor_ladder`), with the mapped place as the
   expected location: first within the text that replaced the span's old place (an unchanged
   quote found once there is taken), then wider. When part of the span survived at its place,
   text that the edit added (a pasted copy) is blanked out for the ladder, all of it but 16
   characters around the span's edited place (a paste may begin right there), so a copy never
   takes the highlight of an edited original; a short quote whose very words still stand at its
   edited place is not taken from a paste that kept the context the edit took from it (orphan); when the whole span was removed, the ladder searches
   everywhere (a moved paragraph and a copy whose original was deleted are the same text).
4. whatever step 2 or 3 found, when the quote (or the words found) occurs again at a place that
   keeps 16+ characters of its context (a copy) and the diff carried some of the span's own
   characters to one of them, the place found is kept only if the diff carries at least twice
   as much of the span and its 96 characters either side there as to each copy (plus 8), and a
   second, order-preserving reading of the diff (piece ties broken from the end, no moves) does
   not put the span, unchanged, on a twin, and, when the diff moved text within 400 characters of
   the span, no twin keeps more of those 400 characters either side (plus 8); else an orphan: an original and a copy the edit left
   about equally supported, or that two equally good alignments give each other, cannot be told apart.
Near-ties are refused by the ladder as before; confidently wrong is worse than orphaned.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace

from paperdesk.store import fuzzy
from paperdesk.store.anchor_ladder import (
    CONTEXT_CHARS,
    CREATION_TRIES,
    LONG_QUOTE_CHARS,
    MIN_FUZZY_CHARS,
    MIN_QUOTE_CHARS,
    _approximate,
    _context_agreement,
    _max_errors,
    _occurrences,
    _refine,
    _same_word_edges,
    ladder,
)
from paperdesk.store.anchor_map import build_map
from paperdesk.store.model import Anchor, Highlight
from paperdesk.store.selectors import AnchorMethod, Match, Selectors
from paperdesk.store.span_map import SUPPORT_SLACK, MappedSpan, SpanMap

__all__ = ["CONTEXT_CHARS", "MIN_QUOTE_CHARS", "AnchorMethod", "Match", "Selectors", "locate",
           "reanchor", "selectors_for", "text_hash"]

MAPPED_SIMILARITY = 0.75        # quote similarity that keeps an edited span at its mapped place...
MAPPED_SIMILARITY_LONG = 0.65   # ... for quotes of LONG_QUOTE_CHARS or more
NEAR_MAPPED = 16                # an unchanged quote this close to its mapped place is taken there
TWIN_RATIO = 2.0                # the place found needs this many times the diff's support of any twin...
TWIN_MARGIN = 8                 # ... plus this many characters
TWIN_CONTEXT = 16               # context characters that make another occurrence a twin (a copy)
SURROUNDINGS = 400              # characters either side compared between twins when the diff moved text near
MAX_TWINS = 64                  # occurrences of a quote weighed against the place found
_MAP_CACHE_SIZE = 8
_map_cache: dict[tuple[str, str], SpanMap] = {}


def text_hash(text: str) -> str:
    """Return the sha256 hex digest of a plain text (lone surrogates tolerated)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def selectors_for(text: str, start: int, end: int, *, digest: str | None = None,
                  rivals: bool = True, rival_similarity: float | None = None) -> Selectors:
    """Build the selectors of the span [start, end) of `text`; raises ValueError for a bad span.

    With `rivals`, also note how well the best other place of `text` fits them (see the ladder);
    a known `rival_similarity` (e.g. after an exact re-anchoring) is kept, skipping the costly
    approximate search.
    """
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"bad highlight span {start}..{end} for a text of {len(text)} characters")
    sel = Selectors(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS):start],
        suffix=text[end:end + CONTEXT_CHARS],
        start=start,
        end=end,
        text_hash=digest if digest is not None else text_hash(text),
    )
    if not rivals:
        return sel
    n = end - start
    short = len(sel.quote.strip()) < MIN_FUZZY_CHARS
    others = sorted(((_context_agreement(text, p, p + n, sel), p) for p in _occurrences(text, sel.quote)
                     if p != start and not (short and not _same_word_edges(text, p, p + n, sel))), reverse=True)
    rival_context = others[0][0] if others else -1
    if rival_similarity is None:
        rival_similarity = 1.0 if others else 0.0
        if rival_similarity < 1.0 and len(sel.quote.strip()) >= MIN_FUZZY_CHARS:
            # blank the highlight itself out, so that a twin right next to it is measured, not dropped
            masked = text[:start] + "\x00" * n + text[end:]
            found = _approximate(masked, sel, [], strict=False, tries=CREATION_TRIES)
            rival_similarity = max((fuzzy.Levenshtein.normalized_similarity(sel.quote, masked[s:e]) for _f, s, e in found),
                                   default=0.0)
    return Selectors(sel.quote, sel.prefix, sel.suffix, start, end, sel.text_hash, rival_context, rival_similarity)


def locate(text: str, sel: Selectors, *, digest: str | None = None, span_map: SpanMap | None = None) -> Match:
    """Find `sel` in `text`; `digest` (text_hash(text)) and a `span_map` from the old text may be passed."""
    if not sel.quote:
        return Match(None, None, AnchorMethod.ORPHAN, "empty quote")
    digest = digest if digest is not None else text_hash(text)
    if digest == sel.text_hash and text[sel.start:sel.end] == sel.quote:
        return Match(sel.start, sel.end, AnchorMethod.OFFSETS)
    if span_map is None and sel.old_text is not None:
        span_map = _cached_map(sel.old_text, sel.text_hash, text, digest)
    if span_map is None:
        return ladder(text, sel)
    return _follow(text, sel, span_map)


def _cached_map(old: str, old_digest: str, text: str, digest: str) -> SpanMap | None:
    """The map from `old` to `text`, or None when `old` is not the text the selectors were taken on."""
    key = (old_digest, digest)
    found = _map_cache.get(key)
    if found is None:
        if text_hash(old) != old_digest:
            return None
        found = build_map(old, text)
        if len(_map_cache) >= _MAP_CACHE_SIZE:
            _map_cache.pop(next(iter(_map_cache)))
        _map_cache[key] = found
    return found


def _follow(text: str, sel: Selectors, span_map: SpanMap) -> Match:
    """Anchor through the diff, then let the diff decide between the place found and its twins."""
    found = _settle_twins(text, sel, span_map, _through_map(text, sel, span_map))
    if found.start is not None and found.end is not None and _carried_from_elsewhere(span_map, sel, found.start, found.end):
        return Match(None, None, AnchorMethod.ORPHAN, "the place found is other text of the old note, unchanged")
    return found


def _carried_from_elsewhere(span_map: SpanMap, sel: Selectors, start: int, end: int) -> bool:
    """Did the diff carry every character of [start, end) unchanged from old text away from the span?

    Then the words found were already there, somewhere else, when the highlight was made: another
    passage that reads the same, never the highlight's own (which was edited or deleted).
    """
    carried = 0
    for r in span_map.runs:
        lo, hi = max(start, r.new), min(end, r.new + r.size)
        if lo >= hi:
            continue
        old_lo, old_hi = r.old + lo - r.new, r.old + hi - r.new
        if old_lo < sel.end and sel.start < old_hi:
            return False     # some of it is the span's own text
        carried += hi - lo
    return carried == end - start


def _settle_twins(text: str, sel: Selectors, span_map: SpanMap, found: Match) -> Match:
    """Keep `found` only if the diff carries clearly more of the span and its surroundings there than
    to any other occurrence of the quote or of the words found (`SpanMap.support`), else an orphan:
    an original and a copy that the edit left about equally supported cannot be told apart. A twin
    is never taken instead (the diff preferring it means the diff is unsure, not that it is right)."""
    if found.start is None or found.end is None:
        return found
    s, e = found.start, found.end
    words = text[s:e]
    twins = {(p, p + len(sel.quote)) for p in _occurrences(text, sel.quote, MAX_TWINS + 1)}
    if words != sel.quote:
        twins |= {(p, p + len(words)) for p in _occurrences(text, words, MAX_TWINS + 1)}
    twins.discard((s, e))
    # a twin is a copy of the passage: it keeps some of the quote's context (not any "the" elsewhere)
    need = min(TWIN_CONTEXT, len(sel.prefix) + len(sel.suffix))
    twins = {(a, b) for a, b in twins if _context_agreement(text, a, b, sel) >= need}
    if not twins:
        return found
    places = sorted(twins)
    if not any(span_map.support(sel.start, sel.end, a, b, window=0) for a, b in [(s, e), *places]):
        return found    # the diff carried none of the span's own characters to any of them: it cannot tell
    if not all(_prefers(span_map, sel, (s, e), q) for q in places):
        return Match(None, None, AnchorMethod.ORPHAN, "the diff supports a twin of the place found as much")
    other = span_map.second_opinion().map_span(sel.start, sel.end)
    if other.intact and (other.start, other.end) != (s, e) and (other.start, other.end) in twins:
        return Match(None, None, AnchorMethod.ORPHAN, "an order-preserving reading of the diff puts it on a twin")
    if words == sel.quote and any(a < sel.end + SURROUNDINGS and sel.start - SURROUNDINGS < b
                                  for a, b in span_map.moved):
        # the diff moved text near the span: the twin that kept more of the old surroundings, read
        # directly (not through the diff), may be the original
        own = _surroundings(span_map.old, sel.start, sel.end, text, s, e)
        if any(_surroundings(span_map.old, sel.start, sel.end, text, a, b) > own + TWIN_MARGIN for a, b in places):
            return Match(None, None, AnchorMethod.ORPHAN, "a twin keeps more of the old surroundings")
    return found


def _surroundings(old: str, start: int, end: int, text: str, s: int, e: int) -> int:
    """Characters of the SURROUNDINGS either side of old[start:end] that the same sides of text[s:e]
    keep in order (a longest common subsequence, whatever the diff decided)."""
    before = fuzzy.Indel.similarity(old[max(0, start - SURROUNDINGS):start], text[max(0, s - SURROUNDINGS):s])
    return before + fuzzy.Indel.similarity(old[end:end + SURROUNDINGS], text[e:e + SURROUNDINGS])


def _prefers(span_map: SpanMap, sel: Selectors, p: tuple[int, int], q: tuple[int, int]) -> bool:
    """Does the diff carry clearly more of the old span and its surroundings to place `p` than to `q`?

    Places closer than twice the slack are weighed with a smaller one (else both get the same support).
    """
    slack = min(SUPPORT_SLACK, abs(p[0] - q[0]) // 2)
    return (span_map.support(sel.start, sel.end, *p, slack=slack)
            >= TWIN_RATIO * span_map.support(sel.start, sel.end, *q, slack=slack) + TWIN_MARGIN)


def _through_map(text: str, sel: Selectors, span_map: SpanMap) -> Match:
    """Anchor through the diff: at once when untouched, else at the mapped place or by the ladder."""
    m = span_map.map_span(sel.start, sel.end)
    if m.intact:
        return Match(m.start, m.end, AnchorMethod.MAPPED, "mapped")
    if m.kept and m.end > m.start:
        found = _at_mapped_place(text, sel, m)
        if found is not None:
            return found
    expected = replace(sel, start=m.start, end=m.start + len(sel.quote))
    if m.end > m.start:     # first within what replaced the span's old place
        region = text[m.start:m.end]
        once = _occurrences(region, sel.quote, 2)
        if len(once) == 1 and len(sel.quote.strip()) >= MIN_QUOTE_CHARS and len(region) <= 4 * len(sel.quote) + 64:
            return Match(m.start + once[0], m.start + once[0] + len(sel.quote), AnchorMethod.MAPPED, "in its edited place")
        inside = ladder("\x00" * m.start + region + "\x00" * (len(text) - m.end), expected)
        if inside.start is not None:
            return replace(inside, reason=f"in its edited place ({inside.reason})")
    if not m.kept:     # removed from its place (or replaced): maybe moved, search everywhere
        wide = ladder(text, expected)
        if wide.start is not None and wide.end is not None \
                and _short_in_paste(text, sel, span_map, m, wide.start, wide.end):
            return Match(None, None, AnchorMethod.ORPHAN, "its words stand at its edited place and in a paste")
        return wide
    # part of the span is still at its place: what the edit added elsewhere can only be a copy
    return ladder(_blank_added(text, span_map, m.start, m.end), expected)


def _short_in_paste(text: str, sel: Selectors, span_map: SpanMap, m: MappedSpan, start: int, end: int) -> bool:
    """Is [start, end) a short quote found by its context in pasted text, away from its edited place,
    where its very words still stand? Then the paste kept the context an edit took from the original."""
    if len(sel.quote.strip()) >= MIN_FUZZY_CHARS or sel.quote not in text[max(0, m.start - 1):m.end + 1]:
        return False
    if m.start - NEAR_MAPPED < end and start < m.end + NEAR_MAPPED:
        return False
    return any(lo <= start and end <= hi for lo, hi in span_map.added())


def _blank_added(text: str, span_map: SpanMap, keep_from: int, keep_to: int) -> str:
    """`text` with what the edit added blanked out (NULs), except within `NEAR_MAPPED` of [keep_from, keep_to):
    a paste that begins at the span's edited place is blanked beyond it too."""
    parts = []
    pos = 0
    lo_keep, hi_keep = keep_from - NEAR_MAPPED, keep_to + NEAR_MAPPED
    for lo, hi in span_map.added():     # disjoint, in order
        for a, b in ((lo, min(hi, lo_keep)), (max(lo, hi_keep), hi)):
            if a < b:
                parts += [text[pos:a], "\x00" * (b - a)]
                pos = b
    parts.append(text[pos:])
    return "".join(parts)


def _at_mapped_place(text: str, sel: Selectors, m: MappedSpan) -> Match | None:
    """The edited span at its mapped place, when it still resembles the quote; else None."""
    quote = sel.quote
    start, end = m.start, m.end
    if end - start > 2 * len(quote) + 64:
        return None
    lo = max(0, start - NEAR_MAPPED)
    near = _occurrences(text[lo:end + NEAR_MAPPED], quote, 2)
    if len(near) == 1 and len(quote.strip()) >= MIN_FUZZY_CHARS:
        # the quote unchanged right there: the diff only put an edge of it elsewhere
        return Match(lo + near[0], lo + near[0] + len(quote), AnchorMethod.MAPPED, "mapped-near")
    if text[start:end] != quote:
        start, end = _refine(quote, text, start, end)
    if text[start:end] == quote:
        return Match(start, end, AnchorMethod.MAPPED, "mapped-split")
    errors = fuzzy.Levenshtein.distance(quote, text[start:end], score_cutoff=_max_errors(quote) + 1)
    similarity = 1.0 - errors / max(len(quote), end - start, 1)
    floor = MAPPED_SIMILARITY_LONG if len(quote) >= LONG_QUOTE_CHARS else MAPPED_SIMILARITY
    if errors > _max_errors(quote) or similarity < floor or 2 * m.kept < end - start:
        return None     # (kept: most of the place found must be what is left of the span's own text)
    return Match(start, end, AnchorMethod.FUZZY, "mapped-edited")


def reanchor(highlights: Iterable[Highlight], text: str,
             old_text: Callable[[str], str | None] | None = None) -> list[Anchor]:
    """Find each highlight in `text` (read-only); `old_text(hash)` returns a text they were made on, or None.

    Each anchor's highlight carries selectors taken afresh on `text` when it moved (or was stored
    before rivals were noted) and orphan=True when it was not found; saving them is the caller's step.
    """
    digest = text_hash(text)
    maps: dict[str, SpanMap | None] = {}
    anchors: list[Anchor] = []
    for h in highlights:
        if h.text_hash not in maps:
            old = old_text(h.text_hash) if old_text is not None and h.text_hash and h.text_hash != digest else None
            maps[h.text_hash] = build_map(old, text) if old is not None else None
        match = locate(text, h.selectors(), digest=digest, span_map=maps[h.text_hash])
        if match.start is None or match.end is None:
            anchors.append(Anchor(h if h.orphan else replace(h, orphan=True), None, None, AnchorMethod.ORPHAN))
            continue
        if match.method == AnchorMethod.OFFSETS and h.rival_context is not None:
            new = h if not h.orphan else replace(h, orphan=False)
        else:   # moved, or stored before rivals were noted: take the selectors afresh
            unchanged = match.method in (AnchorMethod.EXACT, AnchorMethod.MAPPED)
            kept = h.rival_similarity if unchanged else None   # (the costly part)
            fresh = selectors_for(text, match.start, match.end, digest=digest, rival_similarity=kept)
            new = replace(h, quote=fresh.quote, prefix=fresh.prefix, suffix=fresh.suffix, start=fresh.start,
                          end=fresh.end, text_hash=digest, orphan=False, rival_context=fresh.rival_context,
                          rival_similarity=fresh.rival_similarity)
        anchors.append(Anchor(new, match.start, match.end, match.method))
    return anchors
