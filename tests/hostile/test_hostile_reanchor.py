"""Highlights through random edits of the note file, end to end (bytes -> scan -> render -> store ->
edit -> scan -> render -> re-anchor): never on text that is not the highlight's own (wrong = 0), and
never lost: each one is found or flagged as an orphan, which the store and the export show.

The note is plain prose (a heading and paragraphs of words), so its rendered plain text is known
word by word and each highlighted word can be followed through the edits: the judge knows where
the highlight truly is. Histories no judge could tell apart are not made: a paragraph is never
pasted next to one that reads the same, and a case either copies paragraphs or moves them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from hostile_pipeline import budget, export_all, scan_and_render, write_tree
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.store import AnnotationStore

VOCAB = ("model", "method", "result", "the", "a", "of", "encoder", "decoder", "attention", "layer", "loss",
         "training", "data", "we", "show", "that", "it", "is", "not", "new", "baseline", "scale", "token",
         "image", "text", "graph", "sparse", "dense", "fast", "slow", "residual", "norm", "gradient",
         "seed", "table", "figure", "section", "appendix", "prior", "work", "in", "on", "with", "and",
         "the results hold across seeds", "as in prior work", "see the appendix")
TITLE = "Edited note"
_ids = itertools.count()


@dataclass
class Word:
    """One word of the note; copies remember which highlighted word they copy."""

    text: str
    id: int = field(default_factory=lambda: next(_ids))
    copy_of: int | None = None


@dataclass
class Note:
    """The note as paragraphs of words, and what the edits did to each highlight."""

    paras: list[list[Word]]
    spans: list[set[int]]                 # the word ids of each highlight
    touched: list[bool]
    quotes: list[str]
    versions: list[set[str]]              # what each highlight read when a copy of it was made
    # Words deleted and paragraphs once written: never typed again, so no edit is undone by a later
    # one (deleting a word and typing it back leaves a text no judge can tell from the original).
    deleted: set[str] = field(default_factory=set)
    written: set[str] = field(default_factory=set)

    def source(self) -> str:
        return f"# {TITLE}\n\n" + "\n\n".join(" ".join(w.text for w in p) for p in self.paras if p) + "\n"

    def layout(self) -> tuple[str, dict[int, tuple[int, int]]]:
        """The rendered plain text expected, and each word's (start, end) in it."""
        places: dict[int, tuple[int, int]] = {}
        parts, pos = [TITLE], len(TITLE)
        for p in (p for p in self.paras if p):
            parts.append("\n")
            pos += 1
            for k, w in enumerate(p):
                if k:
                    parts.append(" ")
                    pos += 1
                places[w.id] = (pos, pos + len(w.text))
                parts.append(w.text)
                pos += len(w.text)
        return "".join(parts), places

    def where(self, h: int) -> tuple[int, int] | None:
        """(paragraph, first index, last index) of what is left of highlight `h`, as word indexes."""
        for i, p in enumerate(self.paras):
            ks = [k for k, w in enumerate(p) if w.id in self.spans[h]]
            if ks:
                return i, ks[0], ks[-1]
        return None

    def grow(self, h: int) -> None:
        """Words inserted between a highlight's words become part of it."""
        found = self.where(h)
        if found:
            i, a, b = found
            inside = {w.id for w in self.paras[i][a:b + 1]}
            if inside != self.spans[h]:
                self.touched[h] = True
                self.spans[h] = inside


def _para(draw: st.DrawFn, others: list[list[Word]], written: set[str]) -> list[Word]:
    """A new paragraph: no word twice in it (a run like "model model" loses a word undecidably), and
    reading unlike every paragraph there is or was."""
    taken = {_reads(p) for p in others} | written
    words = draw(st.lists(st.sampled_from(VOCAB), min_size=3, max_size=14, unique=True)
                 .filter(lambda ws: " ".join(ws) not in taken))
    written.add(" ".join(words))
    return [Word(t) for t in words]


def _reads(p: list[Word]) -> str:
    return " ".join(w.text for w in p)


@st.composite
def edited_notes(draw: st.DrawFn) -> tuple[Note, str, list[tuple[int, int]]]:
    """The note's source before the edits, where its highlights were made, and the note edited."""
    paras: list[list[Word]] = []
    written: set[str] = set()
    for _ in range(draw(st.integers(3, 8))):
        paras.append(_para(draw, paras, written))
    spans: list[set[int]] = []
    taken: set[int] = set()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(paras) - 1))
        a = draw(st.integers(0, len(paras[i]) - 1))
        b = draw(st.integers(a, min(len(paras[i]) - 1, a + 6)))
        ids = {w.id for w in paras[i][a:b + 1]}
        if ids & taken:
            continue
        taken |= ids
        spans.append(ids)
    note = Note(paras, spans, [False] * len(spans), [], [set() for _ in spans], written=written)
    before = note.source()
    text, places = note.layout()
    origins = [(min(places[w][0] for w in s), max(places[w][1] for w in s)) for s in spans]
    note.quotes = [text[a:b] for a, b in origins]
    copying = draw(st.booleans())
    for _ in range(draw(st.integers(1, 6))):
        _edit(draw, note, copying)
    return note, before, origins


def _edit(draw: st.DrawFn, note: Note, copying: bool) -> None:
    kinds = ["insert", "delete", "typo", "new-para", "drop-para", "copy-para" if copying else "move-para"]
    kind = draw(st.sampled_from(kinds))
    paras = note.paras
    i = draw(st.integers(0, len(paras) - 1))
    p = paras[i]
    if kind == "insert":
        k = draw(st.integers(0, len(p)))
        fresh = [t for t in VOCAB if t not in {w.text for w in p} | note.deleted]
        if not fresh:
            return
        p[k:k] = [Word(t) for t in draw(st.lists(st.sampled_from(fresh), min_size=1, max_size=3, unique=True))]
    elif kind == "delete" and len(p) > 1:
        k = draw(st.integers(0, len(p) - 1))
        gone = p[k:k + draw(st.integers(1, 4))]
        if len(gone) < len(p):
            del p[k:k + len(gone)]
            note.deleted |= {w.text for w in gone}
            for h, ids in enumerate(note.spans):
                if ids & {w.id for w in gone}:
                    note.touched[h] = True
                    ids -= {w.id for w in gone}
    elif kind == "typo" and p:
        k = draw(st.integers(0, len(p) - 1))
        w = p[k]
        if len(w.text) >= 3:
            at = draw(st.integers(1, len(w.text) - 1))
            w.text = w.text[:at] + draw(st.sampled_from("aeiourstxz")) + w.text[at + 1:]
            for h, ids in enumerate(note.spans):
                if w.id in ids:
                    note.touched[h] = True
    elif kind == "new-para":
        paras.insert(draw(st.integers(0, len(paras))), _para(draw, paras, note.written))
    elif kind == "drop-para" and len(paras) > 2:
        note.written.add(_reads(paras[i]))
        gone_ids = {w.id for w in paras.pop(i)}
        for h, ids in enumerate(note.spans):
            if ids & gone_ids:
                note.touched[h] = True
                ids -= gone_ids
    elif kind == "move-para" and len(paras) > 2:
        moved = paras.pop(i)
        at = draw(st.integers(0, len(paras)))
        if at == i:
            paras.insert(i, moved)
            return
        paras.insert(at, moved)
    elif kind == "copy-para":
        at = draw(st.integers(0, len(paras)))
        neighbours = [paras[j] for j in (at - 1, at) if 0 <= j < len(paras)]
        if any(_reads(q) == _reads(p) for q in neighbours):
            return      # "P P": which of the two is the copy cannot be told
        for h, ids in enumerate(note.spans):
            if ids & {w.id for w in p}:
                found = note.where(h)
                if found:
                    note.versions[h].add(_reads(paras[found[0]][found[1]:found[2] + 1]))
        paras.insert(at, [Word(w.text, copy_of=w.id) for w in p])
    for h in range(len(note.spans)):
        note.grow(h)


def _words(text: str) -> tuple[list[str], list[int], list[int]]:
    """The words of `text`, with where each starts and ends."""
    found = list(re.finditer(r"\S+", text))
    return [m.group(0) for m in found], [m.start() for m in found], [m.end() for m in found]


def _lcs_table(a: list[str], b: list[str]) -> list[list[int]]:
    """table[i][k] = length of a longest common subsequence of a[:i] and b[:k]."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        row, below = table[i], table[i + 1]
        for k, y in enumerate(b):
            below[k + 1] = row[k] + 1 if x == y else max(row[k + 1], below[k])
    return table


def _undecidable(old: str, new: str, origin: tuple[int, int], start: int, end: int) -> bool:
    """Does a word alignment of the two texts as good as any (a longest common subsequence of words)
    carry words of the highlight's old span onto at least half of new[start:end]? Then another
    history, as short as the one made (deleting "a b" before "a c", or "b a" after "a"), leaves the
    highlight, or what is left of it, right there, and no judge of the text alone could call it wrong."""
    ow, ostarts, oends = _words(old)
    nw, nstarts, nends = _words(new)
    head = _lcs_table(ow, nw)
    tail = _lcs_table(ow[::-1], nw[::-1])
    best = head[len(ow)][len(nw)]
    span = [i for i in range(len(ow)) if origin[0] <= ostarts[i] and oends[i] <= origin[1]]
    covered = 0
    for k in range(len(nw)):
        overlap = min(end, nends[k]) - max(start, nstarts[k])
        if overlap > 0 and any(ow[i] == nw[k] and head[i][k] + 1 + tail[len(ow) - i - 1][len(nw) - k - 1] == best
                               for i in span):
            covered += overlap
    return covered * 2 >= end - start


def _judge(note: Note, h: int, start: int | None, end: int | None) -> str:
    """right | orphan | copy-of-deleted | wrong, for highlight `h` found at [start, end)."""
    text, places = note.layout()
    found = note.where(h)
    if start is None or end is None:
        return "orphan"
    if found is None:    # nothing of it is left: only a copy of it may take it
        copies = [w for p in note.paras for w in p if w.copy_of is not None]
        on_copy = any(places[w.id][0] < end and start < places[w.id][1] for w in copies)
        return "copy-of-deleted" if on_copy and text[start:end] in {note.quotes[h], *note.versions[h]} else "wrong"
    i, a, b = found
    s, e = places[note.paras[i][a].id][0], places[note.paras[i][b].id][1]
    if not note.touched[h]:
        return "right" if (start, end) == (s, e) else "wrong"
    own_copies = [w for p in note.paras for w in p if w.copy_of is not None]
    on_copy = any(places[w.id][0] < end and start < places[w.id][1] for w in own_copies)
    overlap = max(0, min(end, e) - max(start, s))
    return "right" if overlap * 2 >= end - start and not on_copy else "wrong"


def _pipeline(tmp: Path, before: str, note: Note, quotes_at: list[tuple[int, int]]) -> list[str]:
    root = write_tree(tmp / "notes", {"note.md": before.encode()})
    first = scan_and_render(root, pages=False)
    (entry, rendered), = first.renders
    with AnnotationStore.open(tmp / "store.json") as store:
        assert [rendered.text[s:e] for s, e in quotes_at] == note.quotes
        made = [store.add_highlight(entry.id, entry.paper_key, rendered.text, s, e) for s, e in quotes_at]
        (root / "note.md").write_bytes(note.source().encode())
        second = scan_and_render(root, pages=False)
        (entry2, rendered2), = second.renders
        assert entry2.id == entry.id
        expected, _places = note.layout()
        assert rendered2.text == expected        # the judge's picture of the text is the reader's
        anchors = store.reanchor(entry.id, rendered2.text)
        by_id = {a.highlight.id: a for a in anchors}
        assert len(anchors) == len(by_id) == len(made) and set(by_id) == {h.id for h in made}   # none lost
        outcomes = []
        for h, made_one in enumerate(made):
            a = by_id[made_one.id]
            assert (a.start is None) == a.highlight.orphan                    # an orphan says so
            outcome = _judge(note, h, a.start, a.end)
            if outcome == "wrong" and a.start is not None and a.end is not None \
                    and _undecidable(rendered.text, rendered2.text, quotes_at[h], a.start, a.end):
                outcome = "undecidable"
            outcomes.append(outcome)
        store.save_anchors(anchors, rendered2.text)
        orphans = {h.id for h in store.orphans()}
        assert orphans == {a.highlight.id for a in anchors if a.start is None}
        assert {h.id for h in store.highlights(entry.id)} == {h.id for h in made}
        report = export_all(second.collection, tmp / "out", store)
        assert report.orphans == len(orphans)
        exported = (tmp / "out" / next(f for f in report.files if f != "index.md")).read_text(encoding="utf-8")
        assert ("Orphaned highlights" in exported) == bool(orphans)
    return outcomes


@budget(40)
@given(case=edited_notes())
def test_random_edits_never_give_a_wrong_anchor_nor_lose_one(
        tmp_path_factory, case: tuple[Note, str, list[tuple[int, int]]]) -> None:
    note, before, origins = case
    outcomes = _pipeline(tmp_path_factory.mktemp("edit"), before, note, origins)
    assert "wrong" not in outcomes, (outcomes, note.quotes, note.source())
