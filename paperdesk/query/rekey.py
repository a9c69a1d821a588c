"""Re-keying after a scan: annotations of a note that was retitled, renamed or moved follow it.

A note without a paper link is keyed by its file and title (`collection.keys.file_key`), so a
fixed title typo or a renamed file leaves its status, tags and highlights on a key no entry has.
After each scan, `rekey(collection, store)` looks, for every such *vanished* `file:` key holding
annotations, for the one entry that is clearly the same note and has no annotations of its own:

- RETITLED: in the same file, a title close to the old one (one title's words begin or end the
  other's, or one longer word's typo fixed, numbers left alone); in a file holding that one note alone
  (and no other vanished one), a title sharing most words of the shorter one;
- MOVED: the old file is gone and the entry elsewhere has exactly the old title (several such:
  the one whose file kept the old file's name);
- QUOTES: at least half the highlight quotes of the old key (of three words or more) stand word
  for word in the entry's note.

A note that gained its paper link (`file:` key -> `arxiv:`, `doi:` or `url:` key) is a candidate
too, but only in the file the vanished key names: the same file is the evidence, as a link added
elsewhere would be a different note citing the paper (LINKED, with the rules met there).

The candidate meeting the most rules wins; a tie, a candidate two vanished keys want, or no rule
met leaves the annotations where they are (they stay visible as orphans, as before). A key moved
before (`AnnotationStore.moved_to`) that holds annotations again (another device added them
before it saw the rename, and a sync merged them in) follows its earlier move (FOLLOWED), into
the annotations already there. Keys from a
paper link (arXiv, DOI, URL) name the paper, not the note, and are never re-keyed. The move is
the store's own durable write (`AnnotationStore.move_paper`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from paperdesk.collection import Collection, Entry
from paperdesk.collection.keys import normalise_title, short_hash
from paperdesk.errors import UserError
from paperdesk.store import AnnotationStore, fuzzy

log = logging.getLogger(__name__)

FILE_PREFIX = "file:"
MIN_QUOTE_WORDS = 3
TYPO_SIMILARITY = 0.8      # Indel similarity of a word and the same word with a typo fixed
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")


class Reason(StrEnum):
    """Why an entry was taken for a vanished key's note."""

    RETITLED = "retitled"     # same file, close title
    MOVED = "moved"           # old file gone, same title in another file
    QUOTES = "quotes"         # the old highlights' quotes are in its text
    FOLLOWED = "followed"     # an earlier move took the key there; a sync brought more to the old key
    LINKED = "linked"         # a link-less note of that file now has its paper link (and its key)


@dataclass(frozen=True)
class Move:
    """Annotations of `old_key` go to `new_key` (entry `new_entry_id`), for `reasons`."""

    old_key: str
    new_key: str
    new_entry_id: str
    old_entry_ids: tuple[str, ...]
    reasons: frozenset[Reason]

    @property
    def follows(self) -> bool:
        """Whether this move follows an earlier one into annotations already there."""
        return Reason.FOLLOWED in self.reasons


@dataclass
class RekeyResult:
    """What a re-keying did: the moves written, and those that could not be (read-only store...)."""

    moved: list[Move] = field(default_factory=list)
    failed: list[tuple[Move, str]] = field(default_factory=list)

    def failed_notes(self) -> frozenset[str]:
        """The old keys of the moves that could not be written."""
        return frozenset(move.old_key for move, _reason in self.failed)

    def message(self, said: set[frozenset[str]] | None = None) -> str | None:
        """One line for the user ("re-linked annotations of 2 renamed notes"), or None.

        `said` (kept by a caller that re-keys the same collection again, e.g. after each re-scan)
        holds the sets of notes whose "could not re-link" was already said: the same set again is
        left out, a new set is said and added (a read-only store refuses the same moves on every
        re-scan; its banner stays, the line need not repeat)."""
        parts = []
        if self.moved:
            n = len(self.moved)
            parts.append(f"re-linked annotations of {n} renamed note{'s' if n != 1 else ''}")
        notes = self.failed_notes()
        if self.failed and (said is None or notes not in said):
            if said is not None:
                said.add(notes)
            n = len(self.failed)
            parts.append(f"could not re-link annotations of {n} renamed note{'s' if n != 1 else ''}: "
                         f"{self.failed[0][1]}")
        return "; ".join(parts) or None

    def entry_ids(self) -> dict[str, str]:
        """Old entry id -> new entry id of the moves written."""
        return {old: m.new_entry_id for m in self.moved for old in m.old_entry_ids}


def split_file_key(key: str) -> tuple[str, str] | None:
    """(source, normalised title) of a `file:` key, or None for any other key."""
    if not key.startswith(FILE_PREFIX):
        return None
    source, sep, title = key[len(FILE_PREFIX):].rpartition("#")
    return (source, title) if sep and source else None


def words(text: str) -> str:
    """The words of a text, case-folded, joined by single spaces (markup and punctuation dropped)."""
    return " ".join(_WORD.findall(text.casefold()))


def titles_close(old: str, new: str) -> bool:
    """Whether two normalised titles name the same note: extended/shortened, re-spaced, or one typo fixed.

    A typo is one word of four letters or more changed a little (the numbers left alone): "How does
    LRM work?" and "How does LGM work?" are two notes, as are "ResNet v1" and "ResNet v2"."""
    if old == new:
        return True
    a, b = old.split("-"), new.split("-")
    if "".join(a) == "".join(b):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 2 and 2 * len(short) >= len(long_) and (long_[:len(short)] == short or long_[-len(short):] == short):
        return True
    if len(a) != len(b):
        return False
    changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(changed) != 1:
        return False
    x, y = changed[0]
    return (min(len(x), len(y)) >= 4 and _DIGITS.findall(x) == _DIGITS.findall(y)
            and fuzzy.Indel.normalized_similarity(x, y) >= TYPO_SIMILARITY)


def shares_words(old: str, new: str) -> bool:
    """Whether most words (of three characters or more) of the shorter normalised title are in the other."""
    a = {w for w in old.split("-") if len(w) >= 3}
    b = {w for w in new.split("-") if len(w) >= 3}
    short = min(a, b, key=len)
    return bool(short) and 2 * len(a & b) > len(short)


def _basename(source: str) -> str:
    return source.rsplit("/", 1)[-1]


@dataclass
class _Vanished:
    key: str
    source: str
    title: str
    quotes: list[str]          # the words of its highlights' quotes long enough to count
    entry_ids: list[str]


class _Texts:
    """Each candidate's note, read once and only when some quote needs it; its words only when a
    quote's longest word is in it (a `str` search of the case-folded text: most notes stop there)."""

    def __init__(self, memo: QuoteMemo) -> None:
        self._memo = memo
        self._folded: dict[str, str] = {}
        self._words: dict[str, str] = {}

    def enough(self, key: str, entry: Entry, quotes: list[str]) -> bool:
        """Whether at least half of `key`'s quotes stand in the entry's note (remembered when not)."""
        misses = self._memo.misses(key, quotes)
        seen = (entry.id, entry.source, entry.lines)
        if seen in misses:
            return False
        hits = self.hits(entry, quotes)
        if hits and 2 * hits >= len(quotes):
            return True
        misses.add(seen)
        return False

    def hits(self, entry: Entry, quotes: list[str]) -> int:
        """How many of the quotes (as `words` gives them) stand in the entry's title and body."""
        folded = self._folded.get(entry.id)
        if folded is None:
            try:
                folded = f"{entry.title}\n{entry.body}".casefold()
            except (OSError, UnicodeError, ValueError):   # the note went since the scan
                folded = ""
            self._folded[entry.id] = folded
        maybe = [q for q in quotes if max(q.split(), key=len) in folded]
        if not maybe:
            return 0
        text = self._words.get(entry.id)
        if text is None:
            text = self._words[entry.id] = f" {words(folded)} "
        return sum(f" {q} " in text for q in maybe)


class QuoteMemo:
    """The notes already searched in vain for a vanished key's quotes, so the next scan of an open
    collection reads only notes that are new or changed (a deleted note's orphans cost once)."""

    def __init__(self) -> None:
        self._misses: dict[tuple[str, tuple[str, ...]], set[tuple[str, str, tuple[int, int]]]] = {}

    def misses(self, key: str, quotes: list[str]) -> set[tuple[str, str, tuple[int, int]]]:
        """The (entry id, file, lines) of notes known not to hold these quotes of `key` (a live set)."""
        return self._misses.setdefault((key, tuple(quotes)), set())


def plan_moves(collection: Collection, store: AnnotationStore, memo: QuoteMemo | None = None) -> list[Move]:
    """The moves re-keying would make now: a pure read of the collection and the store.

    `memo` (kept by a caller that re-scans the same collection) skips notes already searched."""
    present = {e.paper_key for e in collection.entries}
    annotated = store.annotated_keys()
    vanished_keys = sorted(k for k in annotated - present if split_file_key(k) is not None)
    if not vanished_keys:
        return []
    by_key = {e.paper_key: e for e in reversed(collection.entries)}   # the first entry of each key
    followed = _followed(vanished_keys, store, by_key)
    vanished_keys = [k for k in vanished_keys if k not in followed]
    highlighted = store.highlighted_entries()
    vanished = _describe(vanished_keys, store)
    vanished_sources = {v.source for v in vanished}
    # link-less notes anywhere; a note with a paper link only in a file a vanished key names (LINKED)
    candidates = [e for e in collection.entries
                  if (e.paper_key.startswith(FILE_PREFIX) or e.source in vanished_sources)
                  and e.paper_key not in annotated and e.id not in highlighted]
    if not candidates or not vanished_keys:
        return list(followed.values())
    files = set(collection.files)
    per_file: dict[str, int] = {}
    for e in collection.entries:
        per_file[e.source] = per_file.get(e.source, 0) + 1
    vanished_per_file: dict[str, int] = {}
    for v in vanished:
        vanished_per_file[v.source] = vanished_per_file.get(v.source, 0) + 1
    alone = {source for source, n in per_file.items() if n == 1 and vanished_per_file.get(source) == 1}
    texts = _Texts(memo or QuoteMemo())
    picks: dict[str, tuple[Entry, frozenset[Reason]]] = {}
    for v in vanished:
        pick = _best(v, candidates, files, alone, texts)
        if pick is not None:
            picks[v.key] = pick
    claimed: dict[str, int] = {}
    for entry, _ in picks.values():
        claimed[entry.id] = claimed.get(entry.id, 0) + 1
    moves = []
    for v in vanished:
        if v.key not in picks:
            continue
        entry, reasons = picks[v.key]
        if claimed[entry.id] > 1:
            log.info("re-key: %s and another vanished key both match %s; left as they are", v.key, entry.id)
            continue
        old_ids = tuple(dict.fromkeys([short_hash(v.key), *v.entry_ids]))
        moves.append(Move(v.key, entry.paper_key, entry.id, old_ids, reasons))
    return [*followed.values(), *moves]


def _followed(keys: list[str], store: AnnotationStore, by_key: dict[str, Entry]) -> dict[str, Move]:
    """Moves of vanished keys that were moved before, to where their chain of moves ends now."""
    out: dict[str, Move] = {}
    for key in keys:
        target, seen = store.moved_to(key), {key}
        while target is not None and target not in by_key and target not in seen and len(seen) < 16:
            seen.add(target)
            target = store.moved_to(target)
        entry = by_key.get(target) if target is not None else None
        if entry is not None:
            old_ids = tuple(dict.fromkeys([short_hash(key), *(h.entry_id for h in store.all_highlights()
                                                               if h.paper_key == key)]))
            out[key] = Move(key, entry.paper_key, entry.id, old_ids, frozenset({Reason.FOLLOWED}))
    return out


def _describe(keys: Iterable[str], store: AnnotationStore) -> list[_Vanished]:
    by_key: dict[str, _Vanished] = {}
    for key in keys:
        split = split_file_key(key)
        assert split is not None
        by_key[key] = _Vanished(key, split[0], split[1], [], [])
    for h in store.all_highlights():
        v = by_key.get(h.paper_key)
        if v is None:
            continue
        v.entry_ids.append(h.entry_id)
        quote = words(h.quote)
        if len(quote.split()) >= MIN_QUOTE_WORDS:
            v.quotes.append(quote)
    return list(by_key.values())


def _best(v: _Vanished, candidates: list[Entry], files: set[str], alone: set[str],
          texts: _Texts) -> tuple[Entry, frozenset[Reason]] | None:
    """The one candidate meeting the most rules for `v`, or None (none met, or a tie).

    `files`: the collection's files; `alone`: files holding one entry, the only vanished key's."""
    found: dict[str, tuple[Entry, set[Reason]]] = {}

    def add(entry: Entry, reason: Reason) -> None:
        found.setdefault(entry.id, (entry, set()))[1].add(reason)

    old_file_gone = v.source not in files
    same_title = []
    for e in candidates:
        title = normalise_title(e.title)
        linked = not e.paper_key.startswith(FILE_PREFIX)
        if e.source == v.source:
            if titles_close(v.title, title) or (e.source in alone and shares_words(v.title, title)):
                add(e, Reason.RETITLED)
                if linked:
                    add(e, Reason.LINKED)
        elif old_file_gone and v.title and title == v.title and not linked:
            same_title.append(e)
    if len(same_title) > 1:   # the same title in several files: the one that kept the file's name
        same_title = [e for e in same_title if _basename(e.source) == _basename(v.source)]
    if len(same_title) == 1:
        add(same_title[0], Reason.MOVED)
    if v.quotes and len(found) != 1:   # the quotes decide when the titles and files did not
        for e in candidates:
            if (e.paper_key.startswith(FILE_PREFIX) or e.source == v.source) and texts.enough(v.key, e, v.quotes):
                add(e, Reason.QUOTES)
    if not found:
        return None
    def weight(item: tuple[Entry, set[Reason]]) -> int:   # LINKED says what the note is, not more evidence
        return len(item[1] - {Reason.LINKED})

    ranked = sorted(found.values(), key=weight, reverse=True)
    if len(ranked) > 1 and weight(ranked[1]) == weight(ranked[0]):
        log.info("re-key: %d notes match %s equally; left as they are", len(ranked), v.key)
        return None
    return ranked[0][0], frozenset(ranked[0][1])


def apply_moves(store: AnnotationStore, moves: list[Move]) -> RekeyResult:
    """Write the moves through the store; one refused (read-only, changed meanwhile) is reported."""
    result = RekeyResult()
    for move in moves:
        ids = {old: move.new_entry_id for old in move.old_entry_ids}
        try:
            if store.move_paper(move.old_key, move.new_key, ids, follow=move.follows):
                result.moved.append(move)
        except (OSError, UserError, ValueError) as exc:
            # info, not warning: the caller says it (`message`); a warning reached the CLI's stderr twice
            log.info("could not move the annotations of %s: %s", move.old_key, exc)
            result.failed.append((move, str(exc)))
    return result


def rekey(collection: Collection, store: AnnotationStore, memo: QuoteMemo | None = None) -> RekeyResult:
    """Find the notes renamed or retitled since the annotations were made and move their annotations."""
    moves = plan_moves(collection, store, memo)
    return apply_moves(store, moves) if moves else RekeyResult()
