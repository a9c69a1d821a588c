"""Text for the full-text index: word tokens, the form SQLite FTS5 indexes, match queries and best passages."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan...):
# every character is a token of its own, so a phrase of characters finds any substring of a note.
_UNSPACED = (
    "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029"
    "\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_UNSPACED_CHAR = re.compile(f"([{_UNSPACED}])")
_UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
_TOKEN = re.compile(f"[{_UNSPACED}]|(?:(?![{_UNSPACED}])[^\\W_])+")
_ZWSP = "\u200b"   # a separator for FTS5's unicode61 tokenizer (category Cf), invisible in text
PREFIX_MIN = 4     # a typed word this long also matches longer words ("diffus" finds "diffusion")
SNIPPET_CHARS = 180


def index_form(text: str) -> str:
    """`text` as stored in the index: every unspaced-script character set apart by zero-width spaces."""
    text = text.replace(_ZWSP, "")
    if text.isascii():
        return text
    return _UNSPACED_RUN.sub(_spaced_run, unicodedata.normalize("NFC", text))


def _spaced_run(match: re.Match[str]) -> str:
    return _ZWSP + _ZWSP.join(match.group()) + _ZWSP


_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\n]|\([^)\n]*\))*\)")   # link or image: its text
# A wikilink ([[Note]], [[Note#Heading|text]], ![[figure.png]]), as render/wikilinks.py reads it: its alias, else its name.
_WIKILINK = re.compile(r"(?<!\\)!?\[\[([^\[\]|\n]*?)(?:\\?\|([^\[\]\n]*))?\]\](?![(\[])")
# A heading, list or quote mark, or a code fence line, at the start of a line. The pattern after a
# line's "\n" is found by its first character (the engine skips to each "\n"), the first line apart.
_LINE_MARK = r"[ \t]*(?:#{1,6}[ \t]+|[*+-][ \t]+|>[ \t]?|```[^\n]*$)"
_FIRST_LINE_MARK = re.compile(_LINE_MARK, re.MULTILINE)
_NEXT_LINE_MARK = re.compile("\n" + _LINE_MARK, re.MULTILINE)
_EMPHASIS = re.compile(r"\*\*|__|`")                                    # emphasis and code marks


_SIZE = re.compile(r"\d+(?:x\d+)?")


def _wikilink_text(match: re.Match[str]) -> str:
    target, alias = match.group(1), (match.group(2) or "").strip()
    if alias and not _SIZE.fullmatch(alias):   # `|300`, `|300x200`: an image's size
        return alias
    name, _, heading = target.partition("#")
    name, heading = name.strip(), heading.split("#")[-1].strip()
    if heading.startswith("^"):   # a block id, not shown
        heading = ""
    return f"{name} > {heading}" if name and heading else name or heading


def readable(markdown: str) -> str:
    """A note's Markdown as text to search and quote: link and image targets, heading and list
    marks and emphasis marks removed, wikilinks as the text the page shows (words, math, code and
    any HTML kept as text)."""
    if "](" in markdown:   # each pattern runs only where it can match: most notes have no link
        markdown = _LINK.sub(r"\1", markdown)
    if "[[" in markdown:
        markdown = _WIKILINK.sub(_wikilink_text, markdown)
    markdown = _NEXT_LINE_MARK.sub("\n", markdown)
    first = _FIRST_LINE_MARK.match(markdown)
    if first is not None:
        markdown = markdown[first.end():]
    if "**" in markdown or "__" in markdown or "`" in markdown:
        markdown = _EMPHASIS.sub("", markdown)
    return markdown


def display_form(stored: str) -> str:
    """The text of an index column as written (undoes index_form)."""
    return stored.replace(_ZWSP, "")


def _fold_token(token: str) -> str:
    if token.isascii():
        return token.lower()
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of `text` as (start, end, folded token), the way the index splits words."""
    return [(m.start(), m.end(), _fold_token(m.group())) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class SearchTerm:
    """One searched word or phrase: its folded tokens; the last one may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        """This term in FTS5 query syntax (a quoted phrase, `*` for a prefix)."""
        phrase = " ".join(self.words).replace('"', '""')
        return f'"{phrase}"' + ("*" if self.prefix else "")


def search_term(value: str) -> SearchTerm | None:
    """The SearchTerm of a word or phrase typed by the user, or None when it holds no word."""
    words = tuple(folded for _s, _e, folded in tokens(unicodedata.normalize("NFC", value)))
    if not words:
        return None
    last = words[-1]
    prefix = len(last) >= PREFIX_MIN and _TOKEN.fullmatch(last) is not None and not _UNSPACED_CHAR.match(last)
    return SearchTerm(words, prefix)


def match_expression(positive: Sequence[SearchTerm], negative: Sequence[SearchTerm] = ()) -> str:
    """The FTS5 MATCH string: every positive term, none of the negative ones."""
    text = " AND ".join(t.fts() for t in positive)
    for term in negative:
        text += f" NOT {term.fts()}"
    return text


_WORD_CHAR = f"(?![{_UNSPACED}])[^\\W_]"   # a character of a spaced-script word
_WORD_CHAR_RE = re.compile(_WORD_CHAR)
_WORD_RUN = re.compile(r"[^\W_]*")
_PLAIN_WORD = re.compile(r"[^\W_]+")   # a folded word of token characters only
_NEEDS_FOLD = re.compile(f"[^\\x00-\\x7f{_UNSPACED}\u3000-\u303f\uff00-\uffef]")
_UNSPACED_ONE = re.compile(f"[{_UNSPACED}]")
MAX_MARKS = 400


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    folded = _fold_token(char)
    if len(folded) == 1:
        return folded
    lower = char.lower()
    return lower if len(lower) == 1 else char


def same_length_fold(text: str) -> str:
    """`text` folded character by character (case, accents), keeping every offset."""
    if text.isascii():
        return text.lower()
    if _NEEDS_FOLD.search(text) is None:   # ASCII and unspaced scripts only (e.g. Chinese notes)
        return text.lower()
    return "".join(map(_fold_char, text))


@functools.lru_cache(maxsize=256)
def term_pattern(term: SearchTerm) -> re.Pattern[str]:
    """A regular expression finding `term` in same_length_fold() text, on token boundaries."""
    pieces: list[str] = []
    for k, word in enumerate(term.words):
        unspaced = _UNSPACED_ONE.fullmatch(word) is not None
        if k > 0:
            previous = _UNSPACED_ONE.fullmatch(term.words[k - 1]) is not None
            pieces.append("[\\W_]*" if unspaced or previous else "[\\W_]+")
        pieces.append(re.escape(word))
        if k == len(term.words) - 1 and not unspaced:
            pieces.append(f"{_WORD_CHAR}*" if term.prefix else f"(?!{_WORD_CHAR})")
    return re.compile("".join(pieces))


@functools.lru_cache(maxsize=256)
def _literal_pattern(term: SearchTerm) -> re.Pattern[str] | None:
    """term_pattern() without its final word boundary, which is then tested in Python: the same
    matches, but no large character class to compile (~2 ms) for each new term. None when a word
    holds a character outside tokens (the separators could then match in more than one way)."""
    if not all(_PLAIN_WORD.fullmatch(word) for word in term.words):
        return None
    pieces: list[str] = []
    for k, word in enumerate(term.words):
        if k > 0:
            spaced = _UNSPACED_ONE.fullmatch(word) is None and _UNSPACED_ONE.fullmatch(term.words[k - 1]) is None
            pieces.append("[\\W_]+" if spaced else "[\\W_]*")
        pieces.append(re.escape(word))
    return re.compile("".join(pieces))


def _spans(folded: str, term: SearchTerm) -> Iterator[tuple[int, int]]:
    """The spans term_pattern(term).finditer(folded) gives, in the same order."""
    literal = _literal_pattern(term)
    if literal is None:
        yield from (m.span() for m in term_pattern(term).finditer(folded))
        return
    if _UNSPACED_ONE.fullmatch(term.words[-1]) is not None:   # no boundary after an unspaced character
        yield from (m.span() for m in literal.finditer(folded))
        return
    pos = 0
    while (m := literal.search(folded, pos)) is not None:
        start, end = m.span()
        if term.prefix:   # term_pattern's "(?!unspaced)[^\W_]*": not before an unspaced character,
            if _UNSPACED_ONE.match(folded, end) is not None:   # else the rest of the word, greedily
                pos = start + 1
                continue
            end = _WORD_RUN.match(folded, end).end()  # type: ignore[union-attr]
        elif _WORD_CHAR_RE.match(folded, end) is not None:   # the word goes on: no match here
            pos = start + 1
            continue
        yield start, end
        pos = end


def _term_matches(folded: str, term: SearchTerm) -> list[tuple[int, int]]:
    """Spans (start, end offsets in the text) where `term` occurs in the folded text."""
    # The pattern starts with the literal word (fast to find); a spaced word must also start a token.
    starts_token = _UNSPACED_ONE.fullmatch(term.words[0]) is None
    spans = _spans(folded, term)
    if starts_token:
        spans = (s for s in spans if s[0] == 0 or _WORD_CHAR_RE.match(folded, s[0] - 1) is None)
    return list(itertools.islice(spans, MAX_MARKS))


@dataclass(frozen=True)
class Passage:
    """The best passage of a text for a query: its span and the marked spans inside it."""

    start: int
    end: int
    marks: tuple[tuple[int, int], ...]   # matched words, offsets into the whole text
    terms_found: int                     # how many different terms the passage holds

    def parts(self, text: str) -> tuple[tuple[str, bool], ...]:
        """The passage as (piece, marked) pairs, whitespace runs shown as one space."""
        out: list[tuple[str, bool]] = []
        pos = self.start
        for s, e in self.marks:
            if s > pos:
                out.append((_squash(text[pos:s]), False))
            out.append((_squash(text[s:e]), True))
            pos = e
        if pos < self.end:
            out.append((_squash(text[pos:self.end]), False))
        if self.start > 0 and out:
            out[0] = ("…" + out[0][0].lstrip(), out[0][1])
        if self.end < len(text) and out:
            out[-1] = (out[-1][0].rstrip() + "…", out[-1][1])
        return tuple(out)


_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text)


def best_passage(text: str, terms: Sequence[SearchTerm], width: int = SNIPPET_CHARS) -> Passage | None:
    """The window of about `width` characters holding the most different terms (then the most
    matches, then the earliest), or None when no term occurs in `text`."""
    folded = same_length_fold(text)
    hits: list[tuple[int, int, int]] = []   # start, end, term number
    for number, term in enumerate(terms):
        hits.extend((s, e, number) for s, e in _term_matches(folded, term))
    if not hits:
        return None
    hits.sort()
    # Slide a window hits[left..right] (right as far as `width` allows); the best window holds
    # the most different terms, then the most hits, then starts first. Counts follow the window.
    count = len(hits)
    per_term = [0] * len(terms)   # hits of each term in the window
    distinct = 0
    best_distinct = best_count = 0
    best_span = (0, 0)
    right = -1
    for left in range(count):
        if left > 0:   # hits[left - 1] leaves the window
            number = hits[left - 1][2]
            per_term[number] -= 1
            distinct -= per_term[number] == 0
        start = hits[left][0]
        while right + 1 < count and (right < left or hits[right + 1][1] - start <= width):
            right += 1
            number = hits[right][2]
            distinct += per_term[number] == 0
            per_term[number] += 1
        size = right - left + 1
        if distinct > best_distinct or (distinct == best_distinct and size > best_count):
            best_distinct, best_count, best_span = distinct, size, (left, right)
    first, last = hits[best_span[0]], hits[best_span[1]]
    start, end = _widen(text, first[0], last[1], width)
    marks = tuple((s, e) for s, e, _n in hits[best_span[0]:best_span[1] + 1])
    return Passage(start, end, marks, best_distinct)


def _widen(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """Grow [start, end) to about `width` characters of context, cut at word or line boundaries."""
    spare = max(0, width - (end - start))
    lo = max(0, start - spare // 3)
    hi = min(len(text), end + spare - (start - lo))
    newline = text.rfind("\n", lo, start)
    if newline >= 0:
        lo = newline + 1
    elif lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space > end else hi
    return lo, hi
