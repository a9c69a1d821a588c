"""The exact / fuzzy / orphan ladder that finds a quote again by its context (pure string functions).

Used by `anchoring.locate` when the old text is unknown or the edit touched the span.
Order (the Hypothesis model): (1) same text hash and the slice equals the quote (in `locate`); (2) exact
occurrences of the quote ranked by prefix/suffix agreement (distance to the old offset only as a
small tie-breaker that can never decide alone); (3) a bounded approximate match, first between the
surviving context, then by fuzzy alignment near the old offset and in the whole text;
(4) otherwise an orphan. Confidently wrong is worse than orphaned.

Ranking rule: a place's score is its context agreement (characters of the stored prefix and
suffix that match next to it; for approximate places, quote similarity + context similarity).
The best place is taken only if
  (a) its evidence reaches the bar for the quote's length: short quotes (< 12 characters) need
      24 context characters, or 8 on one side when unique and near the old place; longer quotes
      16, or 8 with both sides near the old place; a unique quote of 32+ characters none;
  (b) an exact place of a short quote begins and ends a word wherever the quote did (the
      highlighted word "a" never moves onto the first letter of "approach"), and the place
      beats every other place now by the tie margin (a place with the whole context beats
      places without it); and
  (c) it beats the best other place of the text *when the selectors were taken*
      (`Selectors.rival_context` / `rival_similarity`, noted by `selectors_for`): an exact place
      needs more context agreement than the best other copy of the quote had; an approximate
      place must resemble the quote more (by RIVAL_SIMILARITY_MARGIN) than any other place did.
      Without (c) a near-identical passage (an encoder and a decoder described in the same
      words, templated headers) would inherit a highlight whose own text was deleted or
      reworded: it fits the quote as well as the edited original, and when the original is
      deleted it even takes over its context. The quote's similarity is what a deletion next
      door cannot change, so that is what an approximate place is compared on.
Otherwise the highlight is an orphan. `Match.reason` names the rule that accepted a span or why
it was orphaned. Selectors stored without rivals (None) skip (c).
"""

from __future__ import annotations

from paperdesk.store import fuzzy
from paperdesk.store.selectors import AnchorMethod, Match, Selectors

CONTEXT_CHARS = 32          # stored prefix/suffix length
MIN_QUOTE_CHARS = 6         # shorter quotes need strong context to anchor
MIN_FUZZY_CHARS = 12        # shorter quotes are never matched approximately
SHORT_CONTEXT = 24          # context characters that make a quote under MIN_FUZZY_CHARS safe
STRONG_CONTEXT = 12         # context characters that make a short quote safe
SOME_CONTEXT = 16           # context characters needed by a medium quote far from its old place
NEAR_CONTEXT = 8            # ... and near its old place (NEAR_CHARS + 2 % of the text)
NEAR_CHARS = 150
SAME_PLACE_CHARS = 32       # a unique quote of 12+ chars this close to its old offset needs no context
NEAR_QUOTE_CHARS = 10        # shorter quotes never rely on position
NEAR_GAP = 64               # a tie is broken by position only if the rest are this much farther
LONG_QUOTE_CHARS = 32       # a unique exact quote at least this long needs no context
DUPLICATE_CONTEXT = 16      # a second place with this much context means a duplicated passage...
DUPLICATE_GAP = 8           # ...unless the best place agrees on this many more context characters
FUZZY_TIE = 0.3             # (similarity + context) gap required between two approximate matches
RIVAL_MARGIN = 0.1          # a rival within this fit of the exact match makes it ambiguous
RIVAL_TRIES = 8             # approximate candidates examined when looking for a rival
CREATION_TRIES = 3          # ... and when noting the best other place as a highlight is made
RIVAL_SIMILARITY_MARGIN = 0.02  # an approximate match must resemble the quote this much more than
                                # the best other place did when the highlight was made
TIE_MARGIN = 4.0            # score gap (in context characters) required between the two best
MAX_OCCURRENCES = 5000      # stop counting exact occurrences beyond this (hopelessly ambiguous)
FUZZY_NEEDED = "no exact place decides: try an approximate match"   # internal reason of _exact


def _context_agreement(text: str, start: int, end: int, sel: Selectors) -> int:
    return _prefix_agreement(text, start, sel.prefix) + _suffix_agreement(text, end, sel.suffix)


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


def ladder(text: str, sel: Selectors) -> Match:
    """Find `sel.quote` in `text` by its context, `sel.start` being the expected place; or an orphan."""
    if not sel.quote:
        return Match(None, None, AnchorMethod.ORPHAN, "empty quote")
    match = _exact(text, sel)
    if match.reason == FUZZY_NEEDED:
        match = _fuzzy(text, sel)
    if match.start is None or match.end is None:
        return match
    if sel.rival_context is not None and match.method == AnchorMethod.EXACT \
            and _context_agreement(text, match.start, match.end, sel) <= sel.rival_context:
        return Match(None, None, AnchorMethod.ORPHAN, "another place had as much context when the highlight was made")
    if sel.rival_similarity is not None and match.method == AnchorMethod.FUZZY and fuzzy.Levenshtein.normalized_similarity(
            sel.quote, text[match.start:match.end]) < sel.rival_similarity + RIVAL_SIMILARITY_MARGIN:
        return Match(None, None, AnchorMethod.ORPHAN, "another place was as similar to the quote when the highlight was made")
    return match


def _exact(text: str, sel: Selectors) -> Match:
    quote = sel.quote
    starts = _occurrences(text, quote)
    if len(starts) >= MAX_OCCURRENCES:
        return Match(None, None, AnchorMethod.ORPHAN, "quote occurs too often")
    if len(quote.strip()) < MIN_FUZZY_CHARS:
        starts = [p for p in starts if _same_word_edges(text, p, p + len(quote), sel)]
    if not starts:
        return Match(None, None, AnchorMethod.ORPHAN, FUZZY_NEEDED)
    ctx_max = len(sel.prefix) + len(sel.suffix)
    scored = []
    for s in starts:
        ctx = _prefix_agreement(text, s, sel.prefix) + _suffix_agreement(text, s + len(quote), sel.suffix)
        scored.append((ctx + _proximity(s, sel.start, len(text)), ctx, s))
    scored.sort(reverse=True)
    score, ctx, s = scored[0]
    if len(scored) > 1 and not (ctx == ctx_max and scored[1][1] < ctx_max) \
            and scored[1][1] >= max(DUPLICATE_CONTEXT, ctx_max // 2, ctx - DUPLICATE_GAP):
        # the quote appears again with much of its context: a duplicated passage
        return _by_position(scored, sel, "the quote and its context occur in two places")
    full_and_alone = ctx == ctx_max > 0 and (len(scored) == 1 or scored[1][1] < ctx_max)
    if len(scored) > 1 and score - scored[1][0] < TIE_MARGIN and not full_and_alone:
        if ctx >= min(STRONG_CONTEXT, ctx_max) and ctx > 0:
            return _by_position(scored, sel, "two places match the quote and its context equally")
        return Match(None, None, AnchorMethod.ORPHAN, FUZZY_NEEDED)
    core = len(quote.strip())
    pre = _prefix_agreement(text, s, sel.prefix)
    both_sides = pre >= min(3, len(sel.prefix)) and ctx - pre >= min(3, len(sel.suffix))
    window = NEAR_CHARS + len(text) // 50
    alone_near = abs(s - sel.start) <= window and sum(abs(p - sel.start) <= window for p in starts) == 1
    if core < MIN_FUZZY_CHARS:
        # short quotes: only their context (and, with some context on both sides, position) speaks
        if ctx_max == 0:
            ok = len(scored) == 1
        else:
            ok = ctx >= min(SHORT_CONTEXT, ctx_max) or (
                core >= MIN_QUOTE_CHARS and alone_near and len(scored) == 1
                and max(pre, ctx - pre) >= min(NEAR_CONTEXT, ctx_max))
        if ok:
            return Match(s, s + len(quote), AnchorMethod.EXACT, "short-ctx" if ctx >= min(SHORT_CONTEXT, ctx_max) else "short-near")
        return Match(None, None, AnchorMethod.ORPHAN, "short quote without distinguishing context")
    if (ctx >= min(SOME_CONTEXT, ctx_max) or (alone_near and ctx >= min(NEAR_CONTEXT, ctx_max) and both_sides)
            or (len(scored) == 1 and (core >= LONG_QUOTE_CHARS or abs(s - sel.start) <= SAME_PLACE_CHARS))):
        if ctx < ctx_max and _has_rival(text, sel, starts, s):
            return Match(None, None, AnchorMethod.ORPHAN, "an edited copy elsewhere fits the context better")
        return Match(s, s + len(quote), AnchorMethod.EXACT, "ctx" if ctx >= min(SOME_CONTEXT, ctx_max) else "near" if alone_near and both_sides else "unique")
    return Match(None, None, AnchorMethod.ORPHAN, FUZZY_NEEDED)


def _same_word_edges(text: str, start: int, end: int, sel: Selectors) -> bool:
    """Does text[start:end] begin and end a word wherever the highlighted quote did?

    A highlight of the word "a" must not land on the first letter of "approach" that replaced it.
    """
    def joined(left: str, right: str) -> bool:
        return bool(left) and bool(right) and left.isalnum() and right.isalnum()

    quote = sel.quote
    if not joined(sel.prefix[-1:], quote[:1]) and joined(text[start - 1:start] if start else "", quote[:1]):
        return False
    return joined(quote[-1:], sel.suffix[:1]) or not joined(quote[-1:], text[end:end + 1])


def _by_position(scored: list[tuple[float, int, int]], sel: Selectors, reason: str) -> Match:
    """Break a tie between places with about the same context by closeness to the old offset.

    Only when one place sits much closer to where the highlight was than every other contender
    and its context is also strictly better; otherwise the highlight is orphaned with `reason`.
    """
    best_ctx = scored[0][1]
    contenders = [(ctx, s) for _score, ctx, s in scored if ctx >= max(DUPLICATE_CONTEXT, best_ctx - DUPLICATE_GAP)]
    if len(contenders) < 2:
        return Match(None, None, AnchorMethod.ORPHAN, reason)
    nearest_ctx, nearest = min(contenders, key=lambda c: abs(c[1] - sel.start))
    distance = abs(nearest - sel.start)
    others = [(ctx, s) for ctx, s in contenders if s != nearest]
    if (others and nearest_ctx > max(c for c, _ in others)
            and all(abs(s - sel.start) > 4 * distance + NEAR_GAP for _c, s in others)):
        return Match(nearest, nearest + len(sel.quote), AnchorMethod.EXACT, "by-position")
    return Match(None, None, AnchorMethod.ORPHAN, reason)


def _has_rival(text: str, sel: Selectors, starts: list[int], best: int) -> bool:
    """Is there an approximate match elsewhere that fits quote + context about as well as the exact one?

    Guards against a passage that was edited (so it is no longer exact) while an unedited copy
    of the quote sits elsewhere with weaker context. Fit = quote + prefix + suffix similarity.
    """
    n = len(sel.quote)
    exact_fit = 1.0 + sum(_side_similarities(text, best, best + n, sel))
    for _fit, s, e in _approximate(text, sel, [(p, p + n) for p in starts], strict=False):
        other_fit = fuzzy.Levenshtein.normalized_similarity(sel.quote, text[s:e]) + sum(_side_similarities(text, s, e, sel))
        if other_fit >= exact_fit - RIVAL_MARGIN:
            return True
    return False


def _approximate(text: str, sel: Selectors, exclude: list[tuple[int, int]],
                 strict: bool = True, tries: int = RIVAL_TRIES) -> list[tuple[float, int, int]]:
    """Acceptable approximate matches of the quote as (similarity + context, start, end), best first.

    Examines up to `tries` alignments, blanking out each one found (and `exclude`) in turn.
    With strict=False any match within the error bound counts, whatever its context (for rivals).
    """
    quote = sel.quote
    masked = list(text)
    for lo, hi in exclude:
        masked[lo:hi] = "\x00" * (hi - lo)
    found: list[tuple[float, int, int]] = []
    for _ in range(tries):
        masked_text = "".join(masked)
        hit = _best_alignment(quote, masked_text, 0, len(masked_text), 50.0)
        if hit is None:
            break
        s, e = _snap_to_context(text, sel, *_refine(quote, masked_text, hit[1], hit[2]))
        ok, similarity, context = _accept(text, sel, s, e)
        if not strict and not ok:
            similarity = fuzzy.Levenshtein.normalized_similarity(quote, text[s:e])
            ok = similarity >= 0.5
        taken = [(s2, e2) for _f, s2, e2 in found] + exclude
        if ok and not any(s < e2 and e > s2 for s2, e2 in taken):
            found.append((similarity + context, s, e))
        lo, hi = min(s, hit[1]), max(e, hit[2])
        if hi <= lo:
            break
        masked[lo:hi] = "\x00" * (hi - lo)
    found.sort(reverse=True)
    return found


def _max_errors(quote: str) -> int:
    return min(256, len(quote) // 2)


def _side_similarities(text: str, start: int, end: int, sel: Selectors) -> tuple[float, float]:
    """0..1 each: how well the text before and after [start, end) resembles the stored context.

    A side counts in proportion to its stored length (a 1-character prefix is weak evidence),
    except when the stored side is short because it reached the start/end of the text and the
    candidate does too.
    """
    before = after = 0.0
    if len(sel.prefix) < CONTEXT_CHARS and start == len(sel.prefix):
        before = 1.0 if text[:start] == sel.prefix else 0.0
    elif sel.prefix:
        ratio = fuzzy.fuzz.ratio(sel.prefix, text[max(0, start - len(sel.prefix)):start]) / 100.0
        before = ratio * min(1.0, len(sel.prefix) / CONTEXT_CHARS)
    if len(sel.suffix) < CONTEXT_CHARS and end + len(sel.suffix) == len(text):
        after = 1.0 if text[end:] == sel.suffix else 0.0
    elif sel.suffix:
        ratio = fuzzy.fuzz.ratio(sel.suffix, text[end:end + len(sel.suffix)]) / 100.0
        after = ratio * min(1.0, len(sel.suffix) / CONTEXT_CHARS)
    return before, after


def _context_similarity(text: str, start: int, end: int, sel: Selectors) -> float:
    """0..1 context score; the better side counts double (an edit usually spoils one side only)."""
    before, after = _side_similarities(text, start, end, sel)
    return (2 * max(before, after) + min(before, after)) / 3


def _fuzzy(text: str, sel: Selectors) -> Match:
    quote = sel.quote
    if len(quote.strip()) < MIN_FUZZY_CHARS:
        return Match(None, None, AnchorMethod.ORPHAN, "quote too short for an approximate match")
    bracket = _between_context(text, sel)
    if bracket is not None and bracket.start is None:
        return bracket
    found = _approximate(text, sel, [])
    if bracket is not None and bracket.start is not None and bracket.end is not None:
        _ok, similarity, context = _accept(text, sel, bracket.start, bracket.end)
        found = [f for f in found if not (f[1] < bracket.end and f[2] > bracket.start)]
        found.append((similarity + context, bracket.start, bracket.end))
        found.sort(reverse=True)
    if not found:
        return Match(None, None, AnchorMethod.ORPHAN, "quote not found")
    if len(found) > 1 and found[0][0] - found[1][0] < FUZZY_TIE:
        return Match(None, None, AnchorMethod.ORPHAN, "two places match the quote about equally")
    _, s, e = found[0]
    return Match(s, e, AnchorMethod.FUZZY, "approx" if (s, e) != (getattr(bracket, "start", None), getattr(bracket, "end", None)) else "between2")


def _accept(text: str, sel: Selectors, start: int, end: int) -> tuple[bool, float, float]:
    """Is [start, end) an acceptable approximate match? Returns (ok, quote similarity, context)."""
    if end <= start:
        return False, 0.0, 0.0
    quote = sel.quote
    limit = _max_errors(quote)
    errors = fuzzy.Levenshtein.distance(quote, text[start:end], score_cutoff=limit + 1)
    if errors > limit:
        return False, 0.0, 0.0
    similarity = 1.0 - errors / max(len(quote), end - start)
    context = _context_similarity(text, start, end, sel)
    floor = 0.65 if len(quote) >= LONG_QUOTE_CHARS else 0.8
    ok = (similarity >= floor and context >= 0.75) or (similarity >= 0.85 and len(quote) >= 64)
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
        return Match(None, None, AnchorMethod.ORPHAN, "the context occurs in two places")
    good = []
    for s, e in found:
        ok, similarity, context = _accept(text, sel, s, e)
        if ok:
            good.append((similarity + context, s, e))
    if not good:
        # the context survived but what lies between was rewritten beyond recognition
        return Match(None, None, AnchorMethod.ORPHAN, "the highlighted passage was rewritten too much")
    _, s, e = good[0]
    return Match(s, e, AnchorMethod.FUZZY, "between")


def _refine(quote: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of an aligned window [start, end) to where it best matches the whole quote.

    Coordinate descent on the edit distance: the end, then the start, then the end again, each
    within len(quote)/2 + 8 characters (an insertion or deletion inside the quote moves an end).
    """
    reach = len(quote) // 2 + 8

    def cost(s: int, e: int) -> tuple[int, int]:
        return fuzzy.Levenshtein.distance(quote, text[s:e]), abs((e - s) - len(quote))

    def best_end(s: int, e: int) -> int:
        return min(range(max(s + 1, e - reach), min(len(text), e + reach) + 1), key=lambda x: cost(s, x))

    def best_start(s: int, e: int) -> int:
        return min(range(max(0, s - reach), min(e - 1, s + reach) + 1), key=lambda x: cost(x, e))

    end = best_end(start, end)
    start = best_start(start, end)
    end = best_end(start, end)
    return start, end


def _snap_to_context(text: str, sel: Selectors, start: int, end: int) -> tuple[int, int]:
    """Move the ends of an approximate match onto the stored context when it is found nearby.

    The edit distance alone prefers to leave out text inserted inside the quote; if the stored
    prefix ends (or suffix starts) within reach, the span that fits quote + context best wins.
    """
    reach = len(sel.quote) // 2 + 8
    starts, ends = {start}, {end}
    pre, suf = sel.prefix[-12:], sel.suffix[:12]
    if len(pre) == 12:
        p = text.rfind(pre, max(0, start - reach - 12), min(len(text), start + reach))
        if p != -1:
            starts.add(p + 12)
    if len(suf) == 12:
        q = text.find(suf, max(0, end - reach), min(len(text), end + reach + 12))
        if q != -1:
            ends.add(q)

    def fit(span: tuple[int, int]) -> float:
        s, e = span
        return fuzzy.Levenshtein.normalized_similarity(sel.quote, text[s:e]) + sum(_side_similarities(text, s, e, sel))

    spans = [(s, e) for s in starts for e in ends if e > s]
    return max(spans, key=fit) if spans else (start, end)


def _best_alignment(quote: str, text: str, lo: int, hi: int, cutoff: float) -> tuple[float, int, int] | None:
    window = text[lo:hi]
    if len(window) < len(quote) // 2:
        return None
    res = fuzzy.fuzz.partial_ratio_alignment(quote, window, score_cutoff=cutoff)
    if res is None:
        return None
    if len(quote) <= len(window):
        ds, de = res.dest_start, res.dest_end
    else:  # rapidfuzz aligned the window inside the quote: the whole window is the match
        ds, de = 0, len(window)
    return res.score, lo + ds, lo + de


