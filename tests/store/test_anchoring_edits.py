"""Re-anchoring under many random edits with ground truth: rate where the quote survives, wrong anchors.

Edits: insertions, deletions, rewording of words near (within 40 characters) and far from the
highlight, typo fixes inside it, and duplicated passages. The highlight's true position is
followed through every edit, and so is every copy of (part of) it that a duplicated passage made.
Outcomes are counted per group:
- intact: the quoted text is still there, unedited, and no other place matches it with equal
  context (the case the >= 99 % goal is about); anything but its exact span is wrong;
- intact-ambiguous: the quote is intact but a duplicated passage put the same quote with the same
  (or better) context elsewhere: no selector can tell them apart, orphaning is the right answer;
- changed / deleted: an edit touched the quoted text itself; "right" = overlaps what is left of it.
"copy" = anchored on a tracked copy of the highlighted text, on a place holding the quote with
at least the highlight's own context (intact-ambiguous), or on the exact quote with the whole
stored prefix and suffix (the selectors describe that place perfectly). Anything else is "wrong":
in particular another occurrence of the same words that is not a copy of the highlight, however
well its context fits, is wrong (this group used to be excused as a "better copy").
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from paperdesk.store.anchoring import MIN_QUOTE_CHARS, Selectors, locate, selectors_for

BUILTIN_TEXT = """\
Attention Is All You Need proposes the Transformer, a sequence transduction model built only from
attention. The encoder stacks six identical layers; each has a multi-head self-attention sub-layer
and a position-wise feed-forward network, with a residual connection around each and layer
normalisation after it. The decoder adds a third sub-layer that attends over the encoder output,
and masks future positions so that predictions depend only on known outputs.

Scaled dot-product attention divides the dot products by the square root of the key dimension:
for large dimensions the products grow large and push the softmax into regions with tiny gradients.
Multi-head attention runs eight heads of dimension 64 in parallel, letting the model attend to
information from different representation subspaces at different positions.

Because the model has no recurrence and no convolution, it injects positional encodings: sines and
cosines of different frequencies. The authors also tried learned positional embeddings and found
nearly identical results; they kept the sinusoids because they may extrapolate to longer sequences.

Training used the WMT 2014 English-German data (about 4.5 million sentence pairs) with byte-pair
encoding and a shared vocabulary of about 37000 tokens. Batches held roughly 25000 source and 25000
target tokens. The base model trained for 100000 steps (12 hours on eight P100 GPUs); the big model
for 300000 steps (3.5 days). Adam with a warm-up of 4000 steps and then inverse square root decay.

Regularisation: residual dropout of 0.1 and label smoothing of 0.1, which hurts perplexity but
improves accuracy and BLEU. The big model reaches 28.4 BLEU on English-German and 41.8 on
English-French, better than previous ensembles at a fraction of the training cost.

My notes: the key insight is that self-attention connects all positions with a constant number of
sequential operations, while recurrent layers need a number proportional to the sequence length.
The cost is quadratic memory in the sequence length, which later work (sparse attention, linear
attention, FlashAttention) tries to reduce. Questions: how much of the gain comes from the
optimiser schedule rather than the architecture? Would a smaller warm-up work with pre-norm?
"""

FILLER = ("we note that the results hold across seeds", "see also the appendix",
          "this was surprising", "TODO check the ablation table", "which matters in practice",
          "as in prior work", "the baseline is weaker than reported", "with minor changes")


@dataclass
class Case:
    """One highlight followed through random edits."""

    text: str
    quote: str
    start: int                   # tracked position of the original span in the edited text
    end: int
    original_start: int = 0      # where the span was in the original text
    touched: bool = False        # an edit changed characters inside the span
    edits: list[str] = field(default_factory=list)
    copies: list[tuple[int, int]] = field(default_factory=list)   # copies of (parts of) the span


def _words_span(text: str, rng: random.Random) -> tuple[int, int] | None:
    words = [m.span() for m in re.finditer(r"\S+", text)]
    if len(words) < 3:
        return None
    n = rng.choice([1, 1, 2, 3, 4, 6, 8, 12, 20])
    i = rng.randrange(0, max(1, len(words) - n))
    start, end = words[i][0], words[min(len(words) - 1, i + n - 1)][1]
    return (start, end) if end > start else None


class Tracker:
    """Applies edits to a text while following where one span went (and copies of it)."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.touched = False
        self.copies: list[list[int]] = []
        self.log: list[str] = []

    def insert(self, pos: int, piece: str, what: str) -> None:
        self.text = self.text[:pos] + piece + self.text[pos:]
        if pos <= self.start:
            self.start += len(piece)
            self.end += len(piece)
        elif pos < self.end:
            self.end += len(piece)
            self.touched = True
        for c in self.copies:
            if pos <= c[0]:
                c[0] += len(piece)
            if pos < c[1]:
                c[1] += len(piece)
        self.log.append(f"{what}@{pos}+{len(piece)}")

    def duplicate(self, a: int, b: int, pos: int) -> None:
        """Insert a copy of text[a:b] at pos, remembering where copies of the span went."""
        made = [(max(a, s), min(b, e)) for s, e in [(self.start, self.end), *self.copies] if min(b, e) > max(a, s)]
        self.insert(pos, self.text[a:b], "duplicate")
        self.copies.extend([pos + s - a, pos + e - a] for s, e in made)

    def delete(self, a: int, b: int, what: str) -> None:
        if b <= a:
            return
        self.text = self.text[:a] + self.text[b:]

        def f(x: int) -> int:
            return x if x <= a else a if x < b else x - (b - a)

        if a < self.end and b > self.start:
            self.touched = True
        self.start, self.end = f(self.start), f(self.end)
        self.copies = [[f(s), f(e)] for s, e in self.copies if f(e) > f(s)]
        self.log.append(f"{what}@{a}-{b}")


def make_case(text: str, rng: random.Random) -> Case | None:
    """Pick a highlight in `text` and apply 1..5 random edits near or far from it."""
    span = _words_span(text, rng)
    if span is None:
        return None
    start, end = span
    sel_quote = text[start:end]
    t = Tracker(text, start, end)
    for _ in range(rng.randint(1, 5)):
        near = rng.random() < 0.5
        size = len(t.text)
        if near:
            lo, hi = max(0, t.start - 40), min(size, t.end + 40)
        else:
            lo, hi = 0, size
        kind = rng.choice(["insert", "delete", "reword", "duplicate", "inside"])
        if kind == "insert":
            pos = rng.randint(lo, hi)
            t.insert(pos, " " + rng.choice(FILLER) + " ", "insert")
        elif kind == "delete":
            a = rng.randint(lo, max(lo, hi - 1))
            t.delete(a, min(size, a + rng.randint(1, 120)), "delete")
        elif kind == "reword":
            words = [m.span() for m in re.finditer(r"\w+", t.text[lo:hi])]
            if words:
                a, b = rng.choice(words)
                word = rng.choice(["model", "method", "result", "approach", "trick"])
                if t.text[lo + a:lo + b] != word:     # the same word again is no edit
                    t.delete(lo + a, lo + b, "reword")
                    t.insert(lo + a, word, "reword")
        elif kind == "duplicate":
            a = rng.randrange(0, max(1, size - 50))
            t.duplicate(a, min(size, a + rng.randint(50, 600)), rng.randint(0, size))
        elif kind == "inside" and t.end - t.start > 12:
            a = rng.randint(t.start + 1, t.end - 2)     # small typo fix inside the highlight
            t.delete(a, a + 1, "typo")
            t.insert(a, rng.choice("aeiou"), "typo")
    if t.text == text:
        return None
    return Case(t.text, sel_quote, t.start, t.end, start, t.touched, t.log, [(s, e) for s, e in t.copies])


def _context_agreement(text: str, s: int, e: int, prefix: str, suffix: str) -> int:
    n = 0
    while n < min(len(prefix), s) and prefix[-1 - n] == text[s - 1 - n]:
        n += 1
    m = 0
    while m < min(len(suffix), len(text) - e) and suffix[m] == text[e + m]:
        m += 1
    return n + m


def evaluate(texts: list[str], trials: int, seed: int, wrongs: list[str] | None = None) -> Counter:
    """Run `trials` random cases over `texts`; returns counts by outcome (wrong cases go to `wrongs`)."""
    rng = random.Random(seed)
    counts: Counter = Counter()
    done = 0
    while done < trials:
        text = rng.choice(texts)
        case = make_case(text, rng)
        if case is None:
            continue
        sel = selectors_for(text, case.original_start, case.original_start + len(case.quote))
        done += 1
        m = locate(case.text, sel)
        group, outcome = _judge(case, sel, m.start, m.end)
        counts[f"{group}:{outcome}"] += 1
        if group == "intact":   # by length: the spec lets very short quotes (< 6 chars) orphan
            size = "short" if len(case.quote.strip()) < MIN_QUOTE_CHARS else "6+"
            counts[f"intact-{size}-chars/{outcome}"] += 1
        if outcome == "wrong" and wrongs is not None and m.start is not None:
            wrongs.append(f"{group} {m.method} ({m.reason}) quote {case.quote!r} at {case.start}..{case.end}: "
                          f"{case.text[max(0, case.start - 40):case.end + 40]!r}; landed at {m.start}..{m.end}: "
                          f"{case.text[max(0, m.start - 40):m.end + 40]!r}; edits {case.edits}")
    return counts


def _judge(case: Case, sel: Selectors, start: int | None, end: int | None) -> tuple[str, str]:
    """(group, outcome) of an anchoring result; outcome is right, orphan, copy or wrong."""
    text, quote = case.text, case.quote
    intact = not case.touched and text[case.start:case.end] == quote
    if intact:
        truth_ctx = _context_agreement(text, case.start, case.end, sel.prefix, sel.suffix)
        twins = [p for p in _find_all(text, quote) if p != case.start
                 and _context_agreement(text, p, p + len(quote), sel.prefix, sel.suffix) >= truth_ctx]
        group = "intact-ambiguous" if twins else "intact"
    else:
        twins = []
        group = "changed" if case.end > case.start else "deleted"
    if start is None or end is None:
        return group, "orphan"
    if (start, end) == (case.start, case.end) or (not intact and start < case.end and end > case.start):
        return group, "right"
    if group == "intact":
        return group, "wrong"
    full_context = (_context_agreement(text, start, end, sel.prefix, sel.suffix) == len(sel.prefix) + len(sel.suffix)
                    and text[start:end] == quote)
    on_copy = any(start < ce and end > cs for cs, ce in case.copies)
    if on_copy or full_context or (start in twins and end == start + len(quote)):
        return group, "copy"
    return group, "wrong"


def _find_all(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos != -1:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def _report(name: str, counts: Counter) -> tuple[float, float, int]:
    """Print the rates; returns (rate for quotes >= 6 chars, rate for all intact quotes, wrong)."""
    intact = sum(v for k, v in counts.items() if k.startswith("intact:"))
    rate = counts["intact:right"] / intact if intact else 1.0
    long_total = sum(v for k, v in counts.items() if k.startswith("intact-6+-chars/"))
    rate_long = counts["intact-6+-chars/right"] / long_total if long_total else 1.0
    wrong = sum(v for k, v in counts.items() if k.endswith(":wrong"))
    with_ambiguous = intact + sum(v for k, v in counts.items() if k.startswith("intact-ambiguous:"))
    rate_all = (counts["intact:right"] + counts["intact-ambiguous:right"]) / with_ambiguous if with_ambiguous else 1.0
    changed = sum(v for k, v in counts.items() if k.startswith(("changed:", "deleted:")))
    print(f"\nanchoring [{name}]: {sum(v for k, v in counts.items() if ':' in k)} cases; quote intact: {intact}, "
          f"re-anchored {rate:.2%} (quotes of 6+ chars: {rate_long:.2%} of {long_total}); intact incl. "
          f"ambiguous duplicates: {with_ambiguous}, {rate_all:.2%}; quote edited/deleted: {changed}, found "
          f"again {counts['changed:right']}; wrong anchors: {wrong}")
    print("  " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return rate_long, rate, wrong


def _run(name: str, texts: list[str], seeds: tuple[int, ...], trials: int) -> tuple[Counter, float, float]:
    """Evaluate over several seeds; prints the rates and the first wrong anchors in full."""
    counts: Counter = Counter()
    wrongs: list[str] = []
    for seed in seeds:
        counts += evaluate(texts, trials, seed, wrongs)
    rate_long, rate, _wrong = _report(name, counts)
    for line in wrongs[:20]:
        print("  WRONG", line)
    return counts, rate_long, rate


def _wrong(counts: Counter, *groups: str) -> int:
    return sum(counts[f"{g}:wrong"] for g in groups)


def test_random_edits_builtin_text() -> None:
    paragraphs = BUILTIN_TEXT.split("\n\n")
    texts = [BUILTIN_TEXT, *("\n\n".join(paragraphs[i:i + 3]) for i in range(len(paragraphs) - 2))]
    counts, rate_long, rate = _run("built-in text", texts, (11, 21, 31), 800)
    assert rate_long >= 0.99
    assert rate >= 0.98
    assert _wrong(counts, "intact", "intact-ambiguous", "changed", "deleted") == 0


def test_random_edits_seed_collections(seeds_dir: Path) -> None:
    rng = random.Random(5)
    texts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        content = path.read_text(encoding="utf-8", errors="replace")
        for _ in range(6):
            a = rng.randrange(0, max(1, len(content) - 6000))
            texts.append(content[a:a + rng.randint(1500, 6000)])
    counts, rate_long, rate = _run("seed collections", texts, (12, 22), 1000)
    assert rate_long >= 0.99
    assert rate >= 0.98
    # these notes hold near-identical passages (an encoder and a decoder described in the same
    # words, templated headers): when the highlighted one is deleted or reworded, its near-twin
    # must not be taken (the selectors remember how well it fitted when the highlight was made)
    assert _wrong(counts, "intact", "intact-ambiguous", "changed", "deleted") == 0
