"""Random edits of real-shaped notes with the true place of a highlight followed through them, and a judge.

Each case takes a note, highlights 1-20 words in it and applies one scenario of 1-5 edits: text
inserted or deleted elsewhere, a typo fixed inside the quote, the word next to it reworded, the
quote's paragraph copied to the end of the note (alone or with a typo or reworded neighbour),
paragraphs copied elsewhere, moved, reordered, and a mix of everything (deletions touching or
removing the quote included). A `Tracker` follows where the highlighted characters went and
where copies of them went. The judge is strict: for a quote that survives verbatim only its own
span counts (a copy, or any other place, is wrong); for an edited quote, a span lying at least half
on what is left of it (its own characters or the edit inside it, or a part of it that moved away
with its paragraph) and on no copy of it; a quote wholly deleted has no place, so only an orphan is right,
except that landing on a copy of it is counted apart ("copy-of-deleted"): copying a paragraph
and deleting the original gives the very text a move gives, where the copy *is* the highlight.
Likewise a paragraph moved and also copied: landing exactly on a copy of the quote is counted
apart ("copy-of-moved"), as the two histories give one text (see `_twin_of_moved`).
Copies pasted directly next to their source, or next to a paragraph that reads the same, are
not made, nor moves that put a copy right next to the quote's paragraph: "P P" is the same text
whichever of the two was pasted, so no judge could say which one is the original. A block moved
across the quote's paragraph moves that paragraph too (the same text as moving it the other way).
"""

from __future__ import annotations

import copy
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from paperdesk.store.anchoring import Selectors, locate, selectors_for

FILLER = ("we note that the results hold across seeds", "see also the appendix", "this was surprising",
          "TODO check the ablation table", "which matters in practice", "as in prior work",
          "the baseline is weaker than reported", "with minor changes")
WORDS = ("model", "method", "result", "approach", "trick", "setup")
SCENARIOS = ("elsewhere", "typo", "neighbour", "copy-to-end", "copy+typo", "copy+neighbour", "copies",
             "move", "reorder", "mixed")
_PARA_SEP = re.compile(r"\n[ \t]*\n")


class Tracker:
    """Applies edits to a text while following one span and the copies made of it."""

    def __init__(self, text: str, start: int, end: int) -> None:
        """Follow text[start:end]."""
        self.text, self.start, self.end = text, start, end
        self.touched = False
        self.moved = False      # the span was cut and pasted elsewhere
        self.copies: list[tuple[int, int]] = []
        self.parts: list[tuple[int, int]] = []   # parts of the span moved away from the rest of it
        self.versions: set[str] = set()         # what the span read when a copy of it was made

    def insert(self, pos: int, piece: str) -> None:
        """Insert `piece` at `pos` (inside the span: the span grows and is touched)."""
        self.text = self.text[:pos] + piece + self.text[pos:]
        n = len(piece)
        if pos <= self.start:
            self.start, self.end = self.start + n, self.end + n
        elif pos < self.end:
            self.end += n
            self.touched = True
        self.copies = [(s + n if pos <= s else s, e + n if pos < e else e) for s, e in self.copies]
        self.parts = [(s + n if pos <= s else s, e + n if pos < e else e) for s, e in self.parts]

    def delete(self, a: int, b: int) -> None:
        """Delete text[a:b]."""
        if b <= a:
            return
        self.text = self.text[:a] + self.text[b:]

        def f(x: int) -> int:
            return x if x <= a else a if x < b else x - (b - a)

        if a < self.end and b > self.start:
            self.touched = True
        self.start, self.end = f(self.start), f(self.end)
        self.copies = [(f(s), f(e)) for s, e in self.copies if f(e) > f(s)]
        self.parts = [(f(s), f(e)) for s, e in self.parts if f(e) > f(s)]

    def copy(self, a: int, b: int, pos: int) -> None:
        """Paste a copy of text[a:b] at `pos`, remembering the copies of the span it holds."""
        parts = [(max(a, s), min(b, e)) for s, e in [(self.start, self.end), *self.copies] if min(b, e) > max(a, s)]
        piece = self.text[a:b]
        if parts:
            self.versions.add(self.text[self.start:self.end])
        self.insert(pos, piece)
        self.copies += [(pos + s - a, pos + e - a) for s, e in parts]

    def move(self, a: int, b: int, pos: int) -> None:
        """Cut text[a:b] and paste it at `pos` (outside [a, b]); a span inside it goes along."""
        piece = self.text[a:b]
        inside = a <= self.start and self.end <= b
        rel = (self.start - a, self.end - a)
        moved = [(s - a, e - a) for s, e in self.copies if a <= s and e <= b]
        self.copies = [(s, e) for s, e in self.copies if not (a <= s and e <= b)]
        part = (max(a, self.start) - a, min(b, self.end) - a) if not inside and a < self.end and b > self.start else None
        touched = self.touched
        # moving [a, b) to `pos` gives the very text that moving what lies between them the other way
        # gives: a span lying wholly in between has changed places with the moved block too
        passed = (pos <= self.start and self.end <= a) or (b <= self.start and self.end <= pos)
        self.delete(a, b)
        target = pos if pos <= a else pos - (b - a)
        self.insert(target, piece)
        if inside:
            self.start, self.end, self.touched = target + rel[0], target + rel[1], touched
            self.moved = True
        self.moved = self.moved or passed
        self.copies += [(target + s, target + e) for s, e in moved]
        if part is not None:
            self.parts.append((target + part[0], target + part[1]))


@dataclass
class Case:
    """One highlight followed through one scenario of edits."""

    scenario: str
    text: str                   # the edited text
    quote: str
    start: int                  # the span's true place in the edited text
    end: int
    touched: bool
    origin: int                 # where the quote was highlighted in the original text
    copies: list[tuple[int, int]] = field(default_factory=list)
    typo: bool = False          # a typo was fixed inside the quote
    moved: bool = False         # the quote's paragraph was moved
    parts: tuple[tuple[int, int], ...] = ()   # parts of the quote moved away from the rest
    edits: tuple[str, ...] = ()
    versions: frozenset[str] = frozenset()      # what the quote read when copies of it were made


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs (blocks between blank lines; lines when there is one block)."""
    spans, pos = [], 0
    for m in _PARA_SEP.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    if len(spans) < 2:
        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    return spans


def make_case(text: str, scenario: str, rng: random.Random) -> Case | None:
    """Highlight some words of `text` and apply `scenario`; None when it does not apply here."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    if len(words) < 30:
        return None
    n = rng.choice([1, 1, 2, 3, 4, 6, 8, 12, 20])
    i = rng.randrange(0, len(words) - n)
    start, end = words[i][0], words[i + n - 1][1]
    quote = text[start:end]
    if "\n\n" in quote:
        return None
    t = Tracker(text, start, end)
    typo = False
    plan = {
        "elsewhere": [], "typo": ["typo"], "neighbour": ["neighbour"], "copy-to-end": ["copy-end"],
        "copy+typo": ["copy-end", "typo"], "copy+neighbour": ["copy-end", "neighbour"],
        "copies": ["copy"], "move": ["move"], "reorder": ["reorder"],
        "mixed": [rng.choice(["insert", "delete-near", "typo", "neighbour", "copy", "copy-end", "move",
                              "reorder", "delete-quote"]) for _ in range(rng.randint(1, 5))],
    }[scenario]
    plan = plan + ["elsewhere"] * rng.randint(0 if plan else 1, max(0, 5 - len(plan)) if scenario != "mixed" else 0)
    rng.shuffle(plan)
    for kind in plan:
        if kind == "typo":
            if not _typo(t, rng) and scenario != "mixed":
                return None
            typo = True
        elif not _edit(t, kind, rng) and scenario != "mixed" and kind != "elsewhere":
            return None
    if t.text == text:
        return None
    return Case(scenario, t.text, quote, t.start, t.end, t.touched, start, list(t.copies), typo, t.moved,
                tuple(t.parts), tuple(plan), frozenset(t.versions))


def _typo(t: Tracker, rng: random.Random) -> bool:
    """Fix a typo inside the span (one letter changed); False when the span is too short."""
    if t.touched or t.end - t.start < 12:
        return False
    spots = [p for p in range(t.start + 1, t.end - 1) if t.text[p].isalpha()]
    if not spots:
        return False
    p = rng.choice(spots)
    letter = rng.choice([c for c in "aeiourst" if c != t.text[p].lower()])
    t.delete(p, p + 1)
    t.insert(p, letter)
    return True


def _edit(t: Tracker, kind: str, rng: random.Random) -> bool:
    """Apply one edit of `kind`; False when it does not apply to this text and span."""
    size = len(t.text)
    paras = paragraphs(t.text)
    own = next((k for k, (a, b) in enumerate(paras) if a <= t.start < b), None)
    if kind in ("elsewhere", "insert"):
        if rng.random() < 0.5 or kind == "insert":
            pos = rng.randint(0, size)
            if t.start < pos < t.end:
                pos = t.end
            t.insert(pos, " " + rng.choice(FILLER) + " ")
        else:
            a = rng.randint(0, size - 1)
            b = min(size, a + rng.randint(1, 120))
            if a <= t.end and b >= t.start:
                return False
            t.delete(a, b)
    elif kind == "delete-near":
        a = rng.randint(max(0, t.start - 60), min(size - 1, t.end + 20))
        t.delete(a, min(size, a + rng.randint(1, 80)))
    elif kind == "delete-quote":
        t.delete(max(0, t.start - rng.randint(0, 20)), min(size, t.end + rng.randint(0, 20)))
    elif kind == "neighbour":
        lo = max(0, t.start - 40)
        before = list(re.finditer(r"\w+", t.text[lo:t.start]))
        after = list(re.finditer(r"\w+", t.text[t.end:t.end + 40]))
        options = ([(lo + before[-1].start(), lo + before[-1].end())] if before else []) \
            + ([(t.end + after[0].start(), t.end + after[0].end())] if after else [])
        if not options:
            return False
        a, b = rng.choice(options)
        t.delete(a, b)
        t.insert(a, rng.choice([w for w in WORDS if w != t.text[a:b]]))
    elif kind == "copy-end":
        if own is None or own == len(paras) - 1 or _same(t.text, paras[own], paras[-1]):
            return False    # "P P": which one is the copy cannot be told
        t.insert(size, "\n\n")
        t.copy(paras[own][0], paras[own][1], size + 2)
    elif kind == "copy":
        k = rng.randrange(len(paras))
        a, b = paras[k]
        b += _sep_len(t.text, b)
        targets = [p for i, (p, _q) in enumerate(paras) if i not in (k, k + 1)]
        if not targets:
            return False
        target = rng.choice(targets)
        i = next(i for i, (p, _q) in enumerate(paras) if p == target)
        if _same(t.text, paras[k], paras[i]) or (i > 0 and _same(t.text, paras[k], paras[i - 1])):
            return False    # pasted right next to a paragraph that reads the same: "P P" again
        t.copy(a, b, target)
    elif kind == "move":
        if len(paras) < 3:
            return False
        k = own if own is not None and rng.random() < 0.5 else rng.randrange(len(paras))
        a, b = paras[k]
        b += _sep_len(t.text, b)
        targets = [p for i, (p, _q) in enumerate(paras) if i not in (k, k + 1)]
        if not targets:
            return False
        trial = copy.deepcopy(t)
        trial.move(a, b, rng.choice(targets))
        if _copy_beside(trial):
            return False    # a copy moved right next to the quote's paragraph (or it next to one): "P P"
        t.__dict__.update(trial.__dict__)
    elif kind == "reorder":
        if len(paras) < 4:
            return False
        k = own - 1 if own is not None and 0 < own < len(paras) - 2 and rng.random() < 0.5 \
            else rng.randrange(len(paras) - 3)
        if paras[k][0] <= t.start and t.end <= paras[k + 2][1]:
            t.moved = True      # its paragraph changes places with the others (see `_twin_of_moved`)
        for _ in range(2):      # the third of three paragraphs goes first, twice: C A B, then B C A
            paras = paragraphs(t.text)
            if k + 2 >= len(paras):
                break
            a, b = paras[k + 2]
            b += _sep_len(t.text, b)
            t.move(a, b, paras[k][0])
    return True


def _copy_beside(t: Tracker) -> bool:
    """Does a paragraph right before or after the quote's own hold a copy of the quote?"""
    paras = paragraphs(t.text)
    own = next((k for k, (a, b) in enumerate(paras) if a <= t.start < b), None)
    if own is None:
        return False
    near = [paras[k] for k in (own - 1, own + 1) if 0 <= k < len(paras)]
    return any(a <= s and e <= b for s, e in t.copies for a, b in near)


def _same(text: str, p: tuple[int, int], q: tuple[int, int]) -> bool:
    return text[p[0]:p[1]] == text[q[0]:q[1]]


def _sep_len(text: str, pos: int) -> int:
    m = _PARA_SEP.match(text, pos)
    return m.end() - pos if m else 0


def judge(case: Case, start: int | None, end: int | None) -> tuple[str, str]:
    """(group, outcome): group intact | typo | edited | deleted; outcome right | orphan | copy-of-deleted | wrong."""
    intact = not case.touched and case.text[case.start:case.end] == case.quote
    gone = case.end <= case.start and not case.parts     # nothing of it left, here or moved away
    group = "intact" if intact else "deleted" if gone else "typo" if case.typo else "edited"
    if start is None or end is None:
        return group, "orphan"
    if intact:
        if (start, end) == (case.start, case.end):
            return group, "right"
        return group, "copy-of-moved" if _twin_of_moved(case, start, end) else "wrong"
    if group == "deleted":
        on_copy = any(start < e and end > s for s, e in case.copies)
        return group, "copy-of-deleted" if on_copy else "wrong"
    overlap = max(min(end, e) - max(start, s) for s, e in [(case.start, case.end), *case.parts])
    on_copy = any(start < e and end > s for s, e in case.copies)
    if overlap * 2 >= end - start and not on_copy:    # mostly on its own (edited) text
        return group, "right"
    return group, "copy-of-moved" if _twin_of_moved(case, start, end) else "wrong"


def _twin_of_moved(case: Case, start: int, end: int) -> bool:
    """Did the quote's paragraph move, and is [start, end) a copy of the quote made along the way?

    Moving a paragraph and pasting a copy of it gives the same text as moving it to where the copy
    is and pasting the copy where it went: both histories take one move and one copy, and an edit
    made afterwards to one of the two could have been made to the other. So when the copy reads
    exactly as the quote did or as the original now does, no judge can tell which is the original. Reordering counts as a move of each of the
    paragraphs turned round (C A B is A moved after C as much as C moved before A).
    """
    return case.moved and (start, end) in case.copies and case.text[start:end] in {
        case.quote, case.text[case.start:case.end], *case.versions}


def note_texts(notes_dir: Path | None, seeds_dir: Path | None, rng: random.Random) -> list[str]:
    """The Markdown of the bundled notes and pieces (1.5-6 k characters) of the seed collections."""
    texts = []
    if notes_dir is not None and notes_dir.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(notes_dir.rglob("*.md"))]
    if seeds_dir is not None and seeds_dir.is_dir():
        for path in sorted(seeds_dir.glob("*.txt")):
            content = path.read_text(encoding="utf-8", errors="replace")
            for _ in range(8):
                a = rng.randrange(0, max(1, len(content) - 6000))
                texts.append(content[a:a + rng.randint(1500, 6000)])
    return [t for t in texts if len(t) >= 400]


def evaluate(texts: list[str], cases_per_scenario: int, seed: int, *, with_old_text: bool = True,
             wrongs: list[str] | None = None,
             locate_fn: Callable[[str, Selectors], tuple[int | None, int | None]] | None = None) -> Counter:
    """Counts "scenario|group|outcome" over random cases (with or without the old text, to compare)."""
    rng = random.Random(seed)
    counts: Counter = Counter()
    for scenario in SCENARIOS:
        done = 0
        while done < cases_per_scenario:
            text = rng.choice(texts)
            case = make_case(text, scenario, rng)
            if case is None:
                continue
            done += 1
            sel = selectors_for(text, case.origin, case.origin + len(case.quote))
            if with_old_text:
                sel = replace(sel, old_text=text)
            if locate_fn is not None:
                start, end = locate_fn(case.text, sel)
            else:
                m = locate(case.text, sel)
                start, end = m.start, m.end
            group, outcome = judge(case, start, end)
            counts[f"{scenario}|{group}|{outcome}"] += 1
            if outcome == "wrong" and wrongs is not None:
                wrongs.append(f"{scenario}/{group}: quote {case.quote!r} true {case.start}..{case.end} "
                              f"landed {start}..{end} after {case.edits} {case.text[max(0, (start or 0) - 30):(end or 0) + 30]!r}")
    return counts
