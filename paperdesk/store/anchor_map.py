"""Where each position of an old text went in a new text: a diff by sentences and lines, then characters.

`build_map(old, new)` aligns the two texts in three steps (rapidfuzz's C++ `Indel` alignment,
over pieces and then over characters):
1. the common start and end are cut off; the rest is cut into pieces at line ends, sentence ends
   and, in very long runs, at whitespace chosen by the next word (so a piece boundary survives an
   insertion before it);
2. pieces are lined up by their longest common subsequence (rapidfuzz `Indel` over piece ids),
   where a new piece without an identical old one stands for the most similar old piece (ratio
   >= 80): a paragraph whose typo was fixed still lines up with its old self where it stands,
   not with an untouched copy of it pasted elsewhere;
   lined-up pieces that differ, and the pieces between lined-up ones (what replaced what), are
   aligned character by character, keeping equal runs of 12+ characters (shorter ones are chance
   agreement) or ones at the ends of what is aligned; an old stretch found whole, once, in its new
   stretch is put there instead (an alignment as long may scatter it over a look-alike before it);
3. a removed piece of 16+ characters that occurs once in the old text and once in the new one,
   where it was added, moved there, and the move grows over the identical removed and added
   pieces next to it: paragraphs moved or reordered are followed, template lines inside them
   too, but a repeated line never moves on its own (which occurrence went where is unknown);
   the move replaces the few characters of either piece that step 2 paired by chance, so runs
   never overlap.
The result is a list of equal runs, a `span_map.SpanMap`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Callable

from paperdesk.store import fuzzy
from paperdesk.store.span_map import Run, SpanMap

LONG_PIECE = 320            # longer pieces are cut at content-chosen whitespace
MIN_PIECE = 80              # ... into pieces at least this long
SIMILAR_PIECE = 80          # fuzz.ratio for a new piece to stand for an old one
SIMILAR_TRIES = 400         # new pieces without an identical old one examined for similarity
SIMILAR_CHARS = 2_000       # longer pieces (a blob with no line, sentence or word cut) line up only identically
MIN_RUN = 12                # character runs shorter than this, inside a piece, are chance
MIN_MOVED = 16              # shortest piece followed when it moved
MAX_PAIR_CELLS = 4_000_000  # characters x characters aligned at most for one pair of pieces

_CUT = re.compile(r"\n|[.!?][ \t]+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def build_map(old: str, new: str, *, second: bool = False) -> SpanMap:
    """Align `old` with `new` (see the module text) and return the map of their equal runs.

    `second` gives a second opinion: the piece alignment breaking its ties the other way (from the
    end) and no moves followed, i.e. the order-preserving reading that differs most from the first.
    """
    limit = min(len(old), len(new))
    head = _common_prefix(old, new, limit)
    tail = _common_suffix(old, new, limit - head)
    runs: list[Run] = []
    if head:
        runs.append(Run(0, 0, head))
    moved: list[Run] = []
    runs += _middle(old, head, len(old) - tail, new, head, len(new) - tail, second, moved)
    if tail:
        runs.append(Run(len(old) - tail, len(new) - tail, tail))
    span_map = SpanMap(_merged(runs), len(new), old, new,
                       None if second else lambda: build_map(old, new, second=True))
    span_map.moved = sorted((r.old, r.old + r.size) for r in moved)
    return span_map


def _common_prefix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit      # a[:lo] == b[:lo] holds; find the largest such lo by halving
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:len(a) - lo] == b[len(b) - mid:len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _pieces(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Cut text[lo:hi] after line ends and sentence ends; long pieces at content-chosen spaces."""
    bounds = [lo, *(m.end() for m in _CUT.finditer(text, lo, hi)), hi]
    out: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(bounds):
        if b - a > LONG_PIECE:
            _push(text, a, b, out)
        elif b > a:
            out.append((a, b))
    return out


def _push(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    start = a
    for space in _SPACE.finditer(text, a, b):     # each white-space run once: linear in any text
        m = _WORD.match(text, space.end(), b)      # (one `\s+(\w+)` search was quadratic in long runs)
        if m is None:
            continue
        cut = m.start()
        if cut - start >= MIN_PIECE and b - cut >= MIN_PIECE and zlib.crc32(m.group(0).encode()) % 8 == 0:
            out.append((start, cut))
            start = cut
    out.append((start, b))


def _middle(old: str, a0: int, a1: int, new: str, b0: int, b1: int, second: bool = False,
            moves: list[Run] | None = None) -> list[Run]:
    """Equal runs between old[a0:a1] and new[b0:b1] (`second`: see `build_map`; the moved runs are
    also added to `moves`)."""
    if a0 >= a1 or b0 >= b1:
        return []
    op, np_ = _pieces(old, a0, a1), _pieces(new, b0, b1)
    ostr = [old[s:e] for s, e in op]
    nstr = [new[s:e] for s, e in np_]
    ids: dict[str, int] = {}
    oid = [ids.setdefault(s, len(ids)) for s in ostr]
    nid = [ids.get(s, -1) for s in nstr]
    _stand_ins(nstr, nid, ostr, ids)
    next_id = len(ids)
    for k, v in enumerate(nid):
        if v == -1:
            nid[k] = next_id
            next_id += 1
    runs: list[Run] = []
    matched_old: set[int] = set()
    matched_new: set[int] = set()
    pairs, gaps = _lined_up(oid, nid, [len(x.strip()) for x in ostr], lambda i, j: ostr[i] == nstr[j], second)
    for i, j in pairs:      # identical pieces: one run, or longer by one piece
        matched_old.add(i)
        matched_new.add(j)
        (a0, a1), b0 = op[i], np_[j][0]
        last = runs[-1] if runs else None
        if last is not None and last.old + last.size == a0 and last.new + last.size == b0:
            runs[-1] = Run(last.old, last.new, last.size + a1 - a0)
        else:
            runs.append(Run(a0, b0, a1 - a0))
    for i0, i1, j0, j1 in gaps:     # what replaced what between lined-up pieces: align characters
        found = _pair(old, (op[i0][0], op[i1 - 1][1]), new, (np_[j0][0], np_[j1 - 1][1]))
        runs += found
        matched_old.update(i for i in range(i0, i1) if _covered(found, op[i], old_side=True))
        matched_new.update(j for j in range(j0, j1) if _covered(found, np_[j], old_side=False))
    moved = [] if second else _moves(op, ostr, np_, nstr, matched_old, matched_new)
    if moves is not None:
        moves += moved
    return [*_outside(runs, moved), *moved] if moved else runs


def _lined_up(oid: list[int], nid: list[int], sizes: list[int], same: Callable[[int, int], bool],
              from_end: bool = False) -> tuple[list[tuple[int, int]], list[tuple[int, int, int, int]]]:
    """Identical pieces that line up (old, new), in order, and the stretches (i0, i1, j0, j1) between.

    A piece lined up with a similar one is part of the stretch around it: its characters are
    aligned together with its unmatched neighbours (two sentences merged by a deletion).

    The longest common subsequence of the pieces (rapidfuzz `Indel`, bit-parallel): a paragraph
    lines up with its edited self where it stands rather than with an untouched copy pasted
    elsewhere, because only the former keeps what follows it in order too. Matched stretches of
    less than MIN_MOVED characters (blank lines, a repeated template line) are chance and dropped.
    """
    if from_end:    # the same alignment of the reversed sequences: ties broken the other way
        found = fuzzy.Indel.opcodes(oid[::-1], nid[::-1]).as_matching_blocks()
        blocks = sorted((len(oid) - m.a - m.size, len(nid) - m.b - m.size, m.size) for m in found if m.size)
    else:
        blocks = [(m.a, m.b, m.size) for m in fuzzy.Indel.opcodes(oid, nid).as_matching_blocks() if m.size]
    blocks = [(i, j, n) for i, j, n in blocks if sum(sizes[i:i + n]) >= MIN_MOVED]
    pairs = [(i + k, j + k) for i, j, n in blocks for k in range(n) if same(i + k, j + k)]
    gaps: list[tuple[int, int, int, int]] = []
    i0 = j0 = 0
    for i, j in [*pairs, (len(oid), len(nid))]:
        if i > i0 and j > j0:
            gaps.append((i0, i, j0, j))
        i0, j0 = i + 1, j + 1
    return pairs, gaps


def _covered(runs: list[Run], piece: tuple[int, int], old_side: bool) -> bool:
    """Do `runs` cover half of `piece`, or MIN_RUN characters of it (on the old or the new side)?

    A piece of which that much stayed in place was edited there, not moved elsewhere.
    """
    a, b = piece
    got = sum(max(0, min(b, (r.old if old_side else r.new) + r.size) - max(a, r.old if old_side else r.new))
              for r in runs)
    return 2 * got >= b - a or got >= MIN_RUN


def _stand_ins(nstr: list[str], nid: list[int], ostr: list[str], ids: dict[str, int]) -> None:
    """Let a new piece with no identical old piece stand for the most similar old piece."""
    if all(v != -1 or len(s.strip()) < MIN_RUN for v, s in zip(nid, nstr, strict=True)):
        return
    choices = [s for s in dict.fromkeys(ostr) if len(s.strip()) >= MIN_RUN and len(s) <= SIMILAR_CHARS]
    if not choices:
        return
    tries = 0
    for k, s in enumerate(nstr):
        if nid[k] != -1 or len(s.strip()) < MIN_RUN or len(s) > SIMILAR_CHARS:   # (a 1 MB line: 10 s)
            continue
        tries += 1
        if tries > SIMILAR_TRIES:
            return
        best = fuzzy.process.extractOne(s, choices, scorer=fuzzy.fuzz.ratio, score_cutoff=SIMILAR_PIECE)
        if best is not None:
            nid[k] = ids[best[0]]


def _pair(old: str, a: tuple[int, int], new: str, b: tuple[int, int]) -> list[Run]:
    """Equal runs between two lined-up stretches (identical, edited or replaced).

    Their common start and end are kept whole first (a longest common subsequence of characters
    may scatter them), then what differs between is aligned by characters when not too long.
    """
    (a0, a1), (b0, b1) = a, b
    sa, sb = old[a0:a1], new[b0:b1]
    if sa == sb:
        return [Run(a0, b0, a1 - a0)]
    head = _common_prefix(sa, sb, min(len(sa), len(sb)))
    tail = _common_suffix(sa, sb, min(len(sa), len(sb)) - head)
    runs = [Run(a0, b0, head)] if head else []
    ma, mb = sa[head:len(sa) - tail], sb[head:len(sb) - tail]
    whole = mb.find(ma) if len(ma) >= MIN_MOVED else -1
    if whole >= 0 and mb.find(ma, whole + 1) < 0:
        # the old stretch stands whole, once, in the new one: it is there (a character alignment of
        # equal length may scatter it over look-alike text pasted before it)
        runs.append(Run(a0 + head, b0 + head + whole, len(ma)))
    elif ma and mb and len(ma) * len(mb) <= MAX_PAIR_CELLS:
        for block in fuzzy.Indel.opcodes(ma, mb).as_matching_blocks():
            s, d, n = block.a, block.b, block.size
            at_edge = (s == 0 and d == 0) or (s + n == len(ma) and d + n == len(mb))
            if n and (n >= MIN_RUN or at_edge):
                runs.append(Run(a0 + head + s, b0 + head + d, n))
    if tail:
        runs.append(Run(a1 - tail, b1 - tail, tail))
    return runs


def _moves(op: list[tuple[int, int]], ostr: list[str], np_: list[tuple[int, int]], nstr: list[str],
           matched_old: set[int], matched_new: set[int]) -> list[Run]:
    """Removed pieces that moved: each seeded by a piece found once in the old and once in the new text,
    removed and added there, then grown over the identical removed and added pieces next to it.

    A piece that occurs more than once (a template line, a blank line) never seeds a move on its own:
    which of its occurrences went where cannot be told from it; inside a moved paragraph it goes along.
    """
    if len(matched_old) == len(ostr) or len(matched_new) == len(nstr):
        return []
    olds, news = Counter(ostr), Counter(nstr)
    where = {s: j for j, s in enumerate(nstr) if news[s] == 1 and j not in matched_new}
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for i, s in enumerate(ostr):
        j = where.get(s)
        if i in matched_old or i in pairs or j is None or olds[s] != 1 or len(s.strip()) < MIN_MOVED:
            continue
        pairs[i] = j
        taken.add(j)
        for step in (1, -1):    # grow the move over identical neighbours, both ways
            a, b = i + step, j + step
            while (0 <= a < len(ostr) and 0 <= b < len(nstr) and a not in matched_old and b not in matched_new
                   and a not in pairs and b not in taken and ostr[a] == nstr[b]):
                pairs[a] = b
                taken.add(b)
                a, b = a + step, b + step
    return [Run(op[i][0], np_[j][0], op[i][1] - op[i][0]) for i, j in sorted(pairs.items())]


def _outside(runs: list[Run], taken: list[Run]) -> list[Run]:
    """The parts of `runs` outside `taken` on both sides: a moved piece wins over the few characters
    of it that the alignment of its stretch paired by chance (too few to call it edited in place)."""
    olds = sorted((t.old, t.old + t.size) for t in taken)
    news = sorted((t.new, t.new + t.size) for t in taken)
    out: list[Run] = []
    for r in runs:
        cuts = sorted(_hits(olds, r.old, r.size) + _hits(news, r.new, r.size))
        k = 0
        for c0, c1 in cuts:
            if c0 > k:
                out.append(Run(r.old + k, r.new + k, c0 - k))
            k = max(k, c1)
        if k < r.size:
            out.append(Run(r.old + k, r.new + k, r.size - k))
    return out


def _hits(spans: list[tuple[int, int]], at: int, size: int) -> list[tuple[int, int]]:
    """The offsets [c0, c1) of [at, at + size) that the sorted, disjoint `spans` cover."""
    i = bisect.bisect_right(spans, (at, at)) - 1     # the last span starting at or before `at`
    i = max(i, 0)
    out = []
    while i < len(spans) and spans[i][0] < at + size:
        s, e = spans[i]
        if e > at:
            out.append((max(s, at) - at, min(e, at + size) - at))
        i += 1
    return out


def _merged(runs: list[Run]) -> list[Run]:
    """Join runs that continue each other on both sides."""
    out: list[Run] = []
    for r in sorted(runs):
        if out and out[-1].old + out[-1].size == r.old and out[-1].new + out[-1].size == r.new:
            last = out.pop()
            r = Run(last.old, last.new, last.size + r.size)
        out.append(r)
    return out
