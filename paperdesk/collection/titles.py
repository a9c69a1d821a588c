"""A title as written in a heading, a "Title:" line or front matter, made the paper's own: its link, a
year prefix or a "(NeurIPS 2020)" / "(He et al., 2016)" suffix, and a "Paper Review:" / "【论文笔记】"
prefix about the note (not the paper) taken out."""

from __future__ import annotations

import re

from paperdesk.collection.markers import YEAR_PREFIX, clean_inline
from paperdesk.collection.notefacts import find_venue

# Regexes below put a literal first character before any look-behind ("[(?<!!\[)" for "(?<!!)\["), so that
# the regex engine can skip to the candidates; each matches exactly what the plain spelling matches.
LINK = re.compile(r"\[(?<!!\[)([^\]\n]{0,500})\]\(\s*<?(https?://[^\s)>]+)", re.IGNORECASE)
ANY_URL = re.compile(r"(?:h|H)(?i:ttps?://[^\s)>\]\"'`]+)")  # "(?i)https?://..."
_NUMBER_PREFIX = re.compile(r"\d{1,4}[.)]\s+")
_GENERIC_LINK_TEXT = re.compile(r"(?i)\s*(link|paper|pdf|arxiv|code|project|url|page|here|site|github|openreview|html|abs)?\s*")
_LINK_ANY = re.compile(r"\[([^\]]{0,500})\]\([^)]{0,2000}\)?")
_EMPTY_LINK = re.compile(r"\[\s*(?:link|paper|pdf|code)?\s*\]", re.IGNORECASE)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)+|\[\s*\]")
# "(2018)", "(ICCV 2021)", "[arXiv 2021]", "(Goodfellow et al., 2014)" closing a title
_SUFFIX = re.compile(r"\s*[(\[]\s*([^()\[\]\n]{0,40}?)[\s,'’]*((?:19|20)\d\d)\s*[)\]]\s*$")
_PREPRINT = frozenset({"", "arxiv", "preprint", "arxiv preprint", "tech report", "technical report", "openreview"})
_NOTE_WORD = (r"(?:paper|papers|reading|review|reviews|notes?|summary|论文|笔记|阅读|精读|解读|速读|总结|논문|리뷰|요약|"
              r"정리|論文|読解|メモ|まとめ)")
_NOTE_WORDS = rf"{_NOTE_WORD}(?:[\s_-]*{_NOTE_WORD})*"
# "【论文笔记】Title", "[Paper Notes] Title", "Paper Review: Title", "论文阅读：Title", "논문 리뷰: Title"
_NOTE_PREFIX = re.compile(rf"(?i)\s*(?:[【\[(（]\s*{_NOTE_WORDS}\s*[】\])）]\s*[:：\-–—|]?|{_NOTE_WORDS}\s*[:：|])\s*")


def title_suffix(title: str) -> tuple[str, str | None, int | None]:
    """Split a closing "(VENUE YEAR)", "(YEAR)", "[arXiv YEAR]" or "(Author et al., YEAR)" off a title:
    (title, venue or None, year or None); any other bracket stays part of the title."""
    end = title.rstrip()
    if not end.endswith((")", "]")) or not end[:-1].rstrip()[-1:].isdigit():  # cheap: most titles end otherwise
        return title, None, None
    m = _SUFFIX.search(title)
    if m is None or m.start() == 0:
        return title, None, None
    inner = m.group(1).strip(" ,")
    venue, _ = find_venue([f"{inner} {m.group(2)}"]) if inner else (None, None)
    if venue is None and inner.casefold() not in _PREPRINT and "et al" not in inner:
        return title, None, None
    return title[:m.start()].rstrip(" -–—:,"), venue, int(m.group(2))


# "Dual-Path RNN: ... 阅读笔记", "BERT 논문 리뷰", "ViT（论文精读）": CJK words about the note closing a title (an
# English "notes" stays: "Notes on X" and "X: Field Notes" are titles)
_CJK_NOTE_WORD = r"(?:论文|笔记|阅读|精读|解读|速读|总结|读书|札记|논문|리뷰|요약|정리|論文|読解|メモ|まとめ)"
_NOTE_SUFFIX = re.compile(rf"[\s_\-–—|:：]*[【\[(（]?\s*{_CJK_NOTE_WORD}(?:[\s_-]*{_CJK_NOTE_WORD})*\s*[】\])）]?\s*$")


def strip_note_prefix(title: str) -> str:
    """A title without a leading label about the note itself ("Paper Review: X", "【论文笔记】X") or a closing
    CJK one ("X 阅读笔记", "X 논문 리뷰")."""
    if title and not title[-1].isascii():
        m = _NOTE_SUFFIX.search(title)
        if m and m.start() >= 2:
            title = title[:m.start()]
    if not title or (title[0] not in "【[(（" and ":" not in title[:24] and "：" not in title[:24]
                     and "|" not in title[:24]):
        return title
    m = _NOTE_PREFIX.match(title)
    rest = title[m.end():] if m else title
    return rest if len(rest) >= 2 else title


def clean_title(text: str) -> tuple[str, str | None, int | None]:
    """A "Title:" line's or front matter's title made the paper's own: (title, venue, year)."""
    title, venue, year = title_suffix(clean_inline(text))
    return strip_note_prefix(title), venue, year


def parse_title_text(text: str) -> tuple[str, str | None, int | None, str | None]:
    """Split a heading's text into (title, its link, year prefix or suffix, venue of a suffix)."""
    year = None
    venue = None
    m = YEAR_PREFIX.match(text)
    if m:
        year = int(m.group(1) or m.group(2))
        text = text[m.end():]
    else:
        text, venue, year = title_suffix(text)
        m = _NUMBER_PREFIX.match(text)
        if m:
            text = text[m.end():]
    link = None
    lm = LINK.search(text) or ANY_URL.search(text)
    if lm:
        link = lm.group(2) if lm.re is LINK else lm.group(0)

    def keep_text(m: re.Match[str]) -> str:
        """Keep a link's text unless it is generic ("link", "pdf")."""
        return "" if _GENERIC_LINK_TEXT.fullmatch(m.group(1)) else m.group(1)

    # drop links whose text is generic ("link", "pdf"), bare URLs, then keep other link texts
    if "[" in text or "http" in text:
        text = _LINK_ANY.sub(keep_text, text)
        text = ANY_URL.sub("", text)
        text = _EMPTY_LINK.sub("", text)
    if "(" in text or "[" in text:
        text = _EMPTY_BRACKETS.sub("", text)
    title = strip_note_prefix(clean_inline(text).rstrip("([{ "))
    if year is None:   # a suffix the cleaning bared ("T (2021) ---"), as front matter (an export) reads it
        title, venue, year = title_suffix(title)
    return title, link, year, venue


_NAME_VENUE = re.compile(r"[\[(]\s*((?:19|20)\d\d)\s+([A-Za-z][\w&-]{1,20})\s*[\])]")


def name_venue(stem: str) -> tuple[str, int] | None:
    """The venue and year a file name starts with ("[2021 ICLR] An Image is Worth ..." -> ("ICLR 2021", 2021)),
    None when it names no known venue ("[2024 Arxiv] ...")."""
    m = _NAME_VENUE.match(stem)
    if m is None:
        return None
    venue, year = find_venue([f"{m.group(2)} {m.group(1)}"])
    return (venue, year) if venue and year else None
