"""Find a highlight again in an entry's plain text after the note changed (pure string functions).

Order (the Hypothesis model): (1) same text hash and the slice equals the quote; (2) exact
occurrences of the quote ranked by prefix/suffix agreement (distance to the old offset only as a
small tie-breaker that can never decide alone); (3) a bounded approximate match, first between the
surviving context, then by fuzzy alignment near the old offset and in the whole text;
(4) otherwise an orphan. Short quotes without distinguishing context and near-ties are orphaned:
confidently wrong is worse than orphaned.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

CONTEXT_CHARS = 32          # stored prefix/suffix length
MIN_QUOTE_CHARS = 6         # shorter quotes need strong context to anchor
MIN_FUZZY_CHARS = 12        # shorter quotes are never matched approximately
STRONG_CONTEXT = 12         # context characters that make a short quote safe
SOME_CONTEXT = 16           # context characters needed by a medium quote far from its old place
NEAR_CONTEXT = 8            # ... and near its old place (NEAR_CHARS + 2 % of the text)
NEAR_CHARS = 150
LONG_QUOTE_CHARS = 32       # a unique exact quote at least this long needs no context
DUPLICATE_CONTEXT = 16      # a second place with this much context means a duplicated passage...
DUPLICATE_GAP = 24          # ...unless the best place agrees on this many more context characters
FUZZY_TIE = 0.3             # (similarity + context) gap required between two approximate matches
RIVAL_TRIES = 4             # approximate candidates examined when looking for a rival
TIE_MARGIN = 4.0            # score gap (in context characters) required between the two best
MAX_OCCURRENCES = 5000      # stop counting exact occurrences beyond this (hopelessly ambiguous)


@dataclass(frozen=True)
class Selectors:
    """What is stored to find a span again: quote, context, offsets and the text's hash."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    text_hash: str


@dataclass(frozen=True)
class Match:
    """Result of anchoring: a span (None for an orphan) and how it was found."""

    start: int | None
    end: int | None
    method: str             # "offsets" | "exact" | "fuzzy" | "orphan"
    reason: str = ""        # why it is an orphan (for logs and tests)


def text_hash(text: str) -> str:
    """Return the sha256 hex digest of a plain text (lone surrogates tolerated)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def selectors_for(text: str, start: int, end: int, *, digest: str | None = None) -> Selectors:
    """Build the selectors of the span [start, end) of `text`; raises ValueError for a bad span."""
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"bad highlight span {start}..{end} for a text of {len(text)} characters")
    return Selectors(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS):start],
        suffix=text[end:end + CONTEXT_CHARS],
        start=start,
        end=end,
        text_hash=digest if digest is not None else text_hash(text),
    )


def _prefix_agreement(text: str, pos: int, prefix: str) -> int:
    """Number of characters of `prefix` (from its end) that precede `pos` in `text`."""
    n = 0
    limit = min(len(prefix), pos)
    while n < limit and prefix[-1 - n] == text[pos - 1 - n]:
        n += 1
    return n


def _suffix_agreement(text: str, pos: int, suffix: str) -> int:
    """Number of characters of `suffix` (from its start) that follow `pos` in `text`."""
    n = 0
    limit = min(len(suffix), len(text) - pos)
    while n < limit and suffix[n] == text[pos + n]:
        n += 1
    return n


def _occurrences(text: str, needle: str, limit: int = MAX_OCCURRENCES) -> list[int]:
    found: list[int] = []
    pos = text.find(needle)
    while pos != -1 and len(found) < limit:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return found


def _proximity(pos: int, old: int, size: int) -> float:
    """Up to 2 points for being near the old offset: a tie-breaker below TIE_MARGIN."""
    return 2.0 * (1.0 - min(1.0, abs(pos - old) / max(size, 1)))


def locate(text: str, sel: Selectors, *, digest: str | None = None) -> Match:
    """Find `sel` in `text`; `digest` (text_hash(text)) may be passed to avoid rehashing."""
    quote = sel.quote
    if not quote:
        return Match(None, None, "orphan", "empty quote")
    digest = digest if digest is not None else text_hash(text)
    if digest == sel.text_hash and text[sel.start:sel.end] == quote:
        return Match(sel.start, sel.end, "offsets")
    exact = _exact(text, sel)
    if exact.method != "fuzzy-needed":
        return exact
    return _fuzzy(text, sel)


def _exact(text: str, sel: Selectors) -> Match:
    quote = sel.quote
    starts = _occurrences(text, quote)
    if not starts:
        return Match(None, None, "fuzzy-needed")
    if len(starts) >= MAX_OCCURRENCES:
        return Match(None, None, "orphan", "quote occurs too often")
    ctx_max = len(sel.prefix) + len(sel.suffix)
    scored = []
    for s in starts:
        ctx = _prefix_agreement(text, s, sel.prefix) + _suffix_agreement(text, s + len(quote), sel.suffix)
        scored.append((ctx + _proximity(s, sel.start, len(text)), ctx, s))
    scored.sort(reverse=True)
    score, ctx, s = scored[0]
    if len(scored) > 1 and not (ctx == ctx_max and scored[1][1] < ctx_max) \
            and scored[1][1] >= max(DUPLICATE_CONTEXT, ctx_max // 2, ctx - DUPLICATE_GAP):
        # the quote appears again with much of its context: a duplicated passage, do not guess
        return Match(None, None, "orphan", "the quote and its context occur in two places")
    if len(scored) > 1 and score - scored[1][0] < TIE_MARGIN:
        if ctx >= min(STRONG_CONTEXT, ctx_max) and ctx > 0:
            return Match(None, None, "orphan", "two places match the quote and its context equally")
        return Match(None, None, "fuzzy-needed")
    core = len(quote.strip())
    if core < MIN_QUOTE_CHARS:
        needed = min(STRONG_CONTEXT, ctx_max)
        if (ctx_max == 0 and len(scored) == 1) or (ctx_max > 0 and ctx >= needed):
            return Match(s, s + len(quote), "exact")
        return Match(None, None, "orphan", "short quote without distinguishing context")
    near = abs(s - sel.start) <= NEAR_CHARS + len(text) // 50
    if (ctx >= min(SOME_CONTEXT, ctx_max) or (near and ctx >= min(NEAR_CONTEXT, ctx_max))
            or (len(scored) == 1 and core >= LONG_QUOTE_CHARS)):
        if ctx < ctx_max and len(quote.strip()) >= MIN_FUZZY_CHARS and _has_rival(text, sel, starts, s):
            return Match(None, None, "orphan", "an edited copy elsewhere fits the context better")
        return Match(s, s + len(quote), "exact")
    return Match(None, None, "fuzzy-needed")


def _has_rival(text: str, sel: Selectors, starts: list[int], best: int) -> bool:
    """Is there an approximate match elsewhere whose context fits about as well as the exact one's?

    Guards against a duplicated passage: the original got a small edit (so it is no longer exact)
    while an unedited copy of the quote sits elsewhere with weaker context.
    """
    n = len(sel.quote)
    masked = list(text)
    for p in starts:
        masked[p:p + n] = "\x00" * n
    exact_fit = 1.0 + _context_similarity(text, best, best + n, sel)
    pad = n // 3 + 8
    for _ in range(RIVAL_TRIES):
        masked_text = "".join(masked)
        found = _best_alignment(sel.quote, masked_text, 0, len(masked_text), 60.0)
        if found is None:
            return False
        s2, e2 = _refine(sel.quote, masked_text, max(0, found[1] - pad), min(len(masked_text), found[2] + pad))
        ok, similarity, context = _accept(masked_text, sel, s2, e2)
        if ok and similarity + context >= exact_fit - FUZZY_TIE / 3:
            return True
        lo, hi = min(s2, found[1]), max(e2, found[2])
        masked[lo:hi] = "\x00" * (hi - lo)
    return False


def _max_errors(quote: str) -> int:
    return min(256, len(quote) // 2)


def _context_similarity(text: str, start: int, end: int, sel: Selectors) -> float:
    """0..1: how well the text around [start, end) resembles the stored prefix and suffix.

    The better side counts double: an edit usually destroys the context on one side only.
    """
    sides = []
    if sel.prefix:
        sides.append(fuzz.ratio(sel.prefix, text[max(0, start - len(sel.prefix)):start]) / 100.0)
    if sel.suffix:
        sides.append(fuzz.ratio(sel.suffix, text[end:end + len(sel.suffix)]) / 100.0)
    if not sides:
        return 0.0
    return (2 * max(sides) + min(sides)) / 3


def _fuzzy(text: str, sel: Selectors) -> Match:
    quote = sel.quote
    if len(quote.strip()) < MIN_FUZZY_CHARS:
        return Match(None, None, "orphan", "quote too short for an approximate match")
    bracket = _between_context(text, sel)
    if bracket is not None:
        return bracket
    return _aligned(text, sel)


def _accept(text: str, sel: Selectors, start: int, end: int) -> tuple[bool, float, float]:
    """Is [start, end) an acceptable approximate match? Returns (ok, quote similarity, context)."""
    if end <= start:
        return False, 0.0, 0.0
    quote = sel.quote
    limit = _max_errors(quote)
    errors = Levenshtein.distance(quote, text[start:end], score_cutoff=limit + 1)
    if errors > limit:
        return False, 0.0, 0.0
    similarity = 1.0 - errors / max(len(quote), end - start)
    context = _context_similarity(text, start, end, sel)
    ok = (similarity >= 0.65 and context >= 0.75) or (similarity >= 0.85 and len(quote) >= 64)
    return ok, similarity, context


def _between_context(text: str, sel: Selectors) -> Match | None:
    """The quote was reworded but the text around it survived: take what lies between."""
    pre, suf = sel.prefix[-16:], sel.suffix[:16]
    if len(pre) < 12 or len(suf) < 12:
        return None
    span_max = 2 * len(sel.quote) + 64
    found: list[tuple[int, int]] = []
    for p in _occurrences(text, pre, 200):
        s = p + len(pre)
        q = text.find(suf, s, s + span_max + len(suf))
        if q != -1:
            found.append((s, q))
    if not found:
        return None
    if len(found) > 1:
        return Match(None, None, "orphan", "the context occurs in two places")
    good = []
    for s, e in found:
        ok, similarity, context = _accept(text, sel, s, e)
        if ok:
            good.append((similarity + context, s, e))
    if not good:
        # the context survived but what lies between was rewritten beyond recognition
        return Match(None, None, "orphan", "the highlighted passage was rewritten too much")
    _, s, e = good[0]
    return Match(s, e, "fuzzy")


def _refine(quote: str, text: str, lo: int, hi: int) -> tuple[int, int]:
    """Align `quote` to text[lo:hi] and return the span that best matches the whole quote.

    The core is the stretch between the first and last matching blocks of at least 3 characters;
    its ends are then moved to where the edit distance to the quote is smallest.
    """
    region = text[lo:hi]
    first = last = None
    head = tail = 0
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(quote, region):
        if tag == "equal" and (j2 - j1 >= 3 or j2 - j1 == len(quote)):
            if first is None:
                first, head = j1, i1
            last, tail = j2, len(quote) - i2
    if first is None or last is None:
        return lo, lo
    start, end = lo + first, lo + last

    def cost(s: int, e: int) -> tuple[int, int]:
        return Levenshtein.distance(quote, text[s:e]), abs((e - s) - len(quote))

    end_guess = min(hi, end + tail)
    start = min(range(max(lo, start - head - 2), start + 1), key=lambda s: cost(s, end_guess))
    end = min(range(end, min(hi, end + tail + 2) + 1), key=lambda e: cost(start, e))
    return start, end


def _best_alignment(quote: str, text: str, lo: int, hi: int, cutoff: float) -> tuple[float, int, int] | None:
    window = text[lo:hi]
    if len(window) < len(quote) // 2:
        return None
    res = fuzz.partial_ratio_alignment(quote, window, score_cutoff=cutoff)
    if res is None:
        return None
    if len(quote) <= len(window):
        ds, de = res.dest_start, res.dest_end
    else:  # rapidfuzz aligned the window inside the quote: the whole window is the match
        ds, de = 0, len(window)
    return res.score, lo + ds, lo + de


def _aligned(text: str, sel: Selectors) -> Match:
    quote = sel.quote
    slack = 4 * len(quote) + 500
    windows = [(max(0, sel.start - slack), min(len(text), sel.end + slack)), (0, len(text))]
    for lo, hi in windows:
        best = _best_alignment(quote, text, lo, hi, 50.0)
        if best is None:
            if (lo, hi) == (0, len(text)):
                break
            continue
        score, ds, de = best
        pad = len(quote) // 3 + 8
        s, e = _refine(quote, text, max(lo, ds - pad), min(hi, de + pad))
        ok, similarity, context = _accept(text, sel, s, e)
        if not ok:
            continue
        # Near-tie test: blank the found span out and look again in the whole text.
        masked = text[:s] + "\x00" * (e - s) + text[e:]
        second = _best_alignment(quote, masked, 0, len(masked), max(0.0, score - 25.0))
        if second is not None:
            s2, e2 = _refine(quote, masked, max(0, second[1] - pad), min(len(masked), second[2] + pad))
            ok2, sim2, ctx2 = _accept(masked, sel, s2, e2)
            if ok2 and (similarity + context) - (sim2 + ctx2) < FUZZY_TIE:
                return Match(None, None, "orphan", "two places match the quote about equally")
        return Match(s, e, "fuzzy")
    return Match(None, None, "orphan", "quote not found")
