"""The scanner's fast spellings (regexes, early exits, memoised answers) give what the plain ones give."""

from __future__ import annotations

import random
import re

import pytest

from paperdesk.collection import indexfiles, layout, markers, metadata, notefacts
from paperdesk.collection.images import ImageResolver
from paperdesk.collection.indexfiles import INDEX_NAMES, could_be_index
from paperdesk.collection.notefacts import link_dominant

PIECES = ["[", "]", "(", ")", "!", "![", "](", "http", "https://", "HTTP://", "hTtPs://", "x.org", "arxiv.org/abs/1",
          ".pdf", " ", "\n", "<", ">", "*", "_", "**", "a", "é", "1", "19", "20", "2021", "'", "’", ".", "ſ", "K",
          "`", '"', "ab cd", "\t", "٣"]

# (module pattern, its plain spelling, flags of the plain spelling)
PATTERNS = [
    (metadata._LINK, r"(?<!!)\[([^\]\n]{0,500})\]\(\s*<?(https?://[^\s)>]+)", re.IGNORECASE),
    (metadata._ANY_URL, r"https?://[^\s)>\]\"'`]+", re.IGNORECASE),
    (notefacts._VENUE_YEAR, r"(?<![\w.])((?:19|20)\d\d|['’]\d\d)(?!\w|\.\d)", 0),
    (notefacts._LINK, r"!?\[([^\]\n]{0,500})\]\(([^)\s]{1,2000})[^)]{0,200}\)", 0),
    (markers.HAS_LINK, r"\]\(|https?://", re.IGNORECASE),
    (markers._EMPHASIS, r"(?<!\w)[*_](\S(?:[^\n]{0,200}?\S)?)[*_](?!\w)", 0),
    (layout._PAPER_URL, r"https?://[^\s)]*?(?:arxiv\.org|doi\.org|openreview\.net|aclanthology|proceedings|papers?\b|"
     r"\.pdf\b|semanticscholar|ieeexplore|dl\.acm\.org|springer|sciencedirect|nature\.com|science\.org|jmlr|pmlr)",
     re.IGNORECASE),
]


def _strings(seed: int, count: int, pieces: list[str] = PIECES, longest: int = 14) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, longest))) for _ in range(count)]


@pytest.mark.parametrize(("fast", "plain", "flags"), PATTERNS, ids=lambda p: getattr(p, "pattern", str(p))[:20])
def test_fast_pattern_matches_like_its_plain_spelling(fast: re.Pattern[str], plain: str, flags: int) -> None:
    reference = re.compile(plain, flags)
    for s in _strings(1, 20000):
        assert [(m.span(), m.groups()) for m in fast.finditer(s)] == [(m.span(), m.groups()) for m in reference.finditer(s)], s
        assert fast.sub("#", s) == reference.sub("#", s), s


def test_lazy_paper_url_finds_what_the_greedy_one_finds() -> None:
    greedy = re.compile(layout._PAPER_URL.pattern.replace(r"[^\s)]*?(?:", r"[^\s)]*(?:"))
    assert greedy.pattern != layout._PAPER_URL.pattern
    for s in _strings(2, 20000):
        assert bool(layout._PAPER_URL.search(s)) == bool(greedy.search(s)), s


def _plain_link_dominant(line: str) -> bool:
    links = notefacts._LINK.findall(line)
    rest = notefacts._BARE_URL.sub(" ", notefacts._LINK.sub(" ", line))
    return bool(links or notefacts._BARE_URL.search(line)) and len(re.findall(r"\w+", rest)) <= 6


def test_link_dominant_counts_words_like_findall() -> None:
    pieces = ["[a](b)", "![i](x.png)", "[t](https://x.org)", "https://a.b/c", "word", " ", "é", "_", "x_y", "1", ".", "(", ")", "٣"]
    for s in _strings(3, 20000, pieces, 16):
        assert link_dominant(s) == _plain_link_dominant(s), s


def _plain_could_be_index(text: str, stem: str) -> bool:
    links = text.count("](") + text.count("://")
    if links < 2:
        return False
    content = text.count("\n") + 1 - text.count("\n\n") - text.count("\n#")
    return links * 10 >= content * (3 if stem.casefold() in INDEX_NAMES else 5)


def test_could_be_index_bound_agrees_with_the_full_count() -> None:
    pieces = ["\n", "\n\n", "#", "](", "://", "a", "\n#", " "]
    for s in _strings(4, 20000, pieces, 30):
        for stem in ("readme", "note"):
            assert could_be_index(s, stem, len(s.split("\n"))) == _plain_could_be_index(s, stem), s
            assert could_be_index(s, stem) == _plain_could_be_index(s, stem), s
    assert indexfiles.could_be_index("[a](b.md)\n[c](d.md)\n", "readme")


def _plain_markers(lines: list[str], start: int) -> tuple:
    """scan_markers' answer computed line by line without its skips (the reference)."""
    opaque = bytearray(len(lines))
    for i in range(start):
        opaque[i] = 1
    headings, bullets, fence, closer = [], [], "", ""
    for i in range(start, len(lines)):
        line = lines[i]
        if fence:
            opaque[i] = 1
            s = line.strip()
            if s.startswith(fence) and not s.strip(fence[0]):
                fence = ""
            continue
        if closer:
            opaque[i] = 1
            if closer in line.lower():
                closer = ""
            continue
        if not line:
            continue
        c = line[0]
        if c in "=-" and i > start and markers._SETEXT.match(line):
            prev = lines[i - 1]
            if prev.strip() and not opaque[i - 1] and not prev.startswith(("    ", "\t")) and not markers._NOT_PARAGRAPH.match(prev):
                headings.append((i - 1, 1 if c == "=" else 2, prev.strip()))
                continue
        if c == "#":
            m = markers._HEADING.match(line)
            if m:
                headings.append((i, len(m.group(1)), (m.group(2) or "")[:markers.MAX_TITLE].rstrip("#").strip()))
        elif c in "*-+":
            m = markers._BULLET.match(line) if (len(line) > 4 and line[2:4] == "**") or "**" in line[:6] else None
            if m:
                bullets.append((i, m.group(1).strip(), m.group(2).strip()))
        elif c.isdigit():
            m = markers._NUM_BULLET.match(line) if "**" in line[:8] else None
            if m:
                bullets.append((i, m.group(1).strip(), m.group(2).strip()))
        elif c == "<":
            low = line[:12].lower()
            for tag, end in (("<script", "</script>"), ("<style", "</style>"), ("<!--", "-->")):
                if low.startswith(tag):
                    opaque[i] = 1
                    if end not in line.lower()[len(tag):]:
                        closer = end
                    break
        elif c in " \t`~":
            s = line.lstrip()
            if s[:3] in ("```", "~~~"):
                opaque[i] = 1
                fc = s[0]
                k = len(s) - len(s.lstrip(fc))
                if not (fc == "`" and "`" in s[k:]):
                    fence = fc * k
    return headings, bullets, bytes(opaque)


def test_scan_markers_skips_only_lines_it_would_not_act_on() -> None:
    pieces = ["", " ", "\t", "#", "##", "# x", "#no", "===", "---", "- **B** x", "-  **B**", "-    **B**", "+\t**x**",
              "1. **A** b", "12) **A**", "²) **x**", "<script>", "<SCRIPT x", "</script>", "<!-- c", "-->", "```",
              "```py", "````", "~~~", " ```", "\u00a0```", "`` `x`", "text", "Para", "    code", "> q", "\x0b```",
              "###### six", "####### seven", "###   ", "#\tTab", "# x ##", "##\u00a0nbsp", "#  # #", "## [T](u) #",
              "\u3000```", " \t ```", "-\t\t\t**x**", "  - **x**", "1.  **A**", "12345. **A**", "=== ", "--- x",
              "-- ", "==\t", "<style>", "</STYLE> x", "<!-- x -->", "~~~~", " ~~~", "````x", "``` `", "\x1c~~~", "#\r"]
    rng = random.Random(6)
    for _ in range(20000):
        lines = [rng.choice(pieces) for _ in range(rng.randint(1, 14))]
        for start in (0, 1):
            headings, bullets, opaque = markers.scan_markers(lines, start)
            got = ([(m.index, m.level, m.text) for m in headings], [(m.index, m.text, m.extra) for m in bullets], bytes(opaque))
            assert got == _plain_markers(lines, start), (lines, start)


def test_memoised_image_answers_equal_fresh_ones() -> None:
    files = {"a/b/fig.png", "a/fig.png", "assets/x.png", "a/assets/x.png", "fig.png", "c/d/e.PNG", "a//b/fig.png"}
    refs = ["fig.png", "../fig.png", "./fig.png", "assets/x.png", "../assets/x.png", "/abs/fig.png", "e.png",
            "x.png?raw=1", "", "<fig.png>", "%66ig.png", "C:\\x\\fig.png"]
    notes = ["n.md", "a/n.md", "a/b/n.md", "a//b/n.md", "c/d/n.md", "z/n.md"]
    memo = ImageResolver(files)
    for _ in range(2):
        for ref in refs:
            for note in notes:
                assert memo.resolve(ref, note) == ImageResolver(files).resolve(ref, note), (ref, note)


def test_slug_and_normalised_title_shortcuts_equal_the_regex_spelling() -> None:
    import unicodedata

    from paperdesk.collection import keys

    pieces = ["a", "B", "z9", " ", "  ", "-", "_", "é", "ß", "ǅ", "K", "ſ", "1", "\t", ":", "ﬁ", "Ⅻ", "٣", "x y"]
    for s in _strings(7, 20000, pieces, 10):
        assert markers.slug(s) == markers._SLUG.sub("-", s.casefold()).strip("-"), s
        folded = unicodedata.normalize("NFKC", s).casefold()
        assert keys.normalise_title(s) == keys._NON_WORD.sub("-", folded).strip("-"), s
