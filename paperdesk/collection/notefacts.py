"""Small facts of one note: a date line, a trailing (ABBR), a de-slugged file name, venues, DOI years, the
paper's own link in a prose line, documents."""

from __future__ import annotations

import re
from functools import lru_cache

from paperdesk.collection.dates import parse_date
from paperdesk.collection.keys import arxiv_year, paper_key_for_url
from paperdesk.collection.markers import Marker
from paperdesk.collection.sections import PAPER_SECTIONS, names_something, section_key

_ABBR_SUFFIX = re.compile(r"^(.*\S)\s*\(\s*([A-Z0-9][\w+\-.]{0,19}?[\w+])\s*\)\s*$")
_DATE_LINE = re.compile(r"\s*(?:[-*+]\s+)?[_*~]{0,2}\s*(?:(?:read|noted|written|date|on)\s*[:：]?\s*)?"
                        r"([^_*~]{4,40}?)\s*[_*~]{0,2}\s*$", re.IGNORECASE)
_ONLY_DATE = re.compile(r"(?i)[\w ,./\-年月日]+")
_LINK = re.compile(r"(?:!\[|\[)([^\]\n]{0,500})\]\(([^)\s]{1,2000})[^)]{0,200}\)")  # "!?\[...", spelt for speed
_BARE_URL = re.compile(r"https?://\S+")
_DOI_ARXIV = re.compile(r"(?i)10\.48550/arxiv\.(\d{4}\.\d{4,5})")
_DOI_YEAR = re.compile(r"(?i)10\.\d{4,9}/[^\s]*?(?<![\d])((?:19|20)\d\d)\.\d")
_DATE_PREFIX = re.compile(r"^(?:(?:19|20)\d\d[-_.]\d\d?(?:[-_.]\d\d?)?|\d{4})[-_ ]+(?=\D)")
DOC_WORDS = re.compile(
    r"(?i)(?<![a-z])(?:tutorials?|talks?|lectures?|course|courses|workshop|slides|cheat-?sheet|guide|handbook|primer|"
    r"seminar|keynote|class|book|lessons?|bootcamp|walkthrough|howto|how-to|syllabus|study notes|reading list|"
    r"paper list|一覧|リスト|列表|汇总|彙總|合集|目录|清单|목록)(?![a-z])"
)
MIN_DOC_SECTIONS = 6
_VENUES = (
    "NeurIPS|NIPS|ICML|ICLR|CVPR|ICCV|ECCV|CoRL|RSS|IROS|ICRA|SIGGRAPH Asia|SIGGRAPH|ACM MM|ACMMM|"
    "AAAI|IJCAI|ACL|EMNLP|NAACL|COLING|KDD|WWW|UAI|AISTATS|WACV|BMVC|TPAMI|JMLR|TMLR|MICCAI|ICASSP|"
    "Interspeech|SIGIR|WSDM|CHI|UIST|3DV|ICDE|VLDB|SIGMOD|OSDI|SOSP|NSDI|TOG|IJCV|TIP|Nature|Science"
)
# a year not inside a word or number (a sentence's full stop may follow it: "CVPR 2016."):
# "(?<![\w.])((?:19|20)\d\d|['’]\d\d)(?!\w|\.\d)", written with each alternative's first character before
# its look-behind so that the regex engine skips to those characters
_VENUE_YEAR = re.compile(r"(1(?<![\w.]1)9\d\d|2(?<![\w.]2)0\d\d|'(?<![\w.]')\d\d|’(?<![\w.]’)\d\d)(?!\w|\.\d)")
_VENUE_BEFORE = re.compile(rf"(?<![\w-])({_VENUES})[\s_-]?$")
_CVF_VENUE = re.compile(r"thecvf\.com/content[_/](CVPR|ICCV|WACV|ECCV)_?((?:19|20)\d\d)", re.IGNORECASE)
# a link whose text is only "the paper" in some words and languages: the note's own paper, never one it cites
_OWN_LINK_TEXT = re.compile(r"(?i)\s*(?:the\s+)?(?:paper|pdf|arxiv|abs|link|openreview|doi|论文|原文|論文|논문)"
                            r"(?:\s*(?:link|链接|地址|連結|링크))?\s*")
_FIFTEEN_WORDS = re.compile(r"\w+(?:\W+\w+){14}")
_CJK_LABEL = re.compile(r"\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*([\u4e00-\u9fff\uac00-\ud7a3\u3040-\u30ff]{1,6}(?: [\uac00-\ud7a3]{1,4})?)\s*"
                        r"(?:(?:\*\*|__)\s*[:：]|[:：]\s*(?:\*\*|__)?)\s*(.*)$")
# Chinese, Japanese and Korean labels of a paper's metadata lines, as the English label they mean
CJK_LABELS = {
    **dict.fromkeys(("标题", "題目", "题目", "论文", "論文", "论文标题", "论文名称", "名称", "タイトル", "제목", "논문"), "title"),
    **dict.fromkeys(("作者", "著者", "저자"), "authors"),
    **dict.fromkeys(("年份", "年", "发表年份", "发表时间", "发表日期", "发布时间", "发布日期", "出版时间", "出版日期",
                     "発表年", "発表日", "연도", "발표일"), "year"),
    **dict.fromkeys(("链接", "連結", "论文链接", "论文地址", "地址", "原文", "原文链接", "リンク", "링크", "논문 링크"), "link"),
    **dict.fromkeys(("会议", "會議", "期刊", "发表", "发表于", "来源", "出处", "会议期刊", "学会", "학회", "게재"), "venue"),
    **dict.fromkeys(("阅读日期", "阅读时间", "日期", "阅读", "読んだ日", "날짜", "읽은 날"), "date"),
    **dict.fromkeys(("标签", "標籤", "关键词", "關鍵詞", "关键字", "タグ", "キーワード", "태그", "키워드"), "tags"),
    **dict.fromkeys(("分类", "分類", "类别", "领域", "カテゴリ", "분류", "카테고리"), "category"),
}
_NAME_DATE = re.compile(r"((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])(?:\2(0[1-9]|[12]\d|3[01]))?(?=[-_ ]|$)")
_ET_AL_YEAR = re.compile(r"\bet\s+al\.?,?\s*\(?((?:19|20)\d\d)(?!\d)")
_DIGIT = re.compile(r"\d")
_SEVEN_WORDS = re.compile(r"\w+(?:\W+\w+){6}")
_DASHES = re.compile(r"[-_]+")


def split_abbr(title: str) -> tuple[str, str | None]:
    """Split "Mask R-CNN (MRCNN)" into ("Mask R-CNN", "MRCNN"); a year or a plain word stays in the title."""
    m = _ABBR_SUFFIX.match(title)
    if not m:
        return title, None
    abbr = m.group(2)
    if abbr.isdigit() or not any(ch.isupper() for ch in abbr[1:] + abbr[:1]) or abbr.lower() == abbr:
        return title, None
    return m.group(1).rstrip(" :-–—"), abbr


def deslug(stem: str) -> str:
    """A file name as a title: date prefix dropped, dashes and underscores as spaces ("2019-02-mask_rcnn");
    a name written with spaces keeps its hyphens ("Closing the Sim-to-Real Loop")."""
    text = _DATE_PREFIX.sub("", stem) or stem
    return " ".join((text.replace("_", " ") if " " in text else _DASHES.sub(" ", text)).split()) or stem


@lru_cache(maxsize=4096)
def date_line(line: str) -> str | None:
    """The date of a line that holds only a date ("_Feb 2019_", "2019-02-03", "Read: March 3, 2021").

    Memoised: the same date lines recur across a collection's notes."""
    if len(line) > 60 or not _DIGIT.search(line):
        return None
    m = _DATE_LINE.fullmatch(line)
    if not m or not _ONLY_DATE.fullmatch(m.group(1)):
        return None
    found = parse_date(m.group(1))
    if found is None or (len(found) == 4 and not m.group(1).strip().isdigit()):
        return None
    return found


def link_dominant(line: str) -> bool:
    """Whether a line is mostly one link (a paper's own link line), not prose citing something in passing."""
    if not _LINK.search(line) and not _BARE_URL.search(line):
        return False
    rest = _BARE_URL.sub(" ", _LINK.sub(" ", line))
    return _SEVEN_WORDS.search(rest) is None  # at most 6 words besides the links


def find_venue(lines: list[str]) -> tuple[str | None, int | None]:
    """Find "NeurIPS 2022" (or "ICLR'19", or a CVF URL) in the first lines of an entry."""
    text = "\n".join(lines)
    for ym in _VENUE_YEAR.finditer(text):
        m = _VENUE_BEFORE.search(text, max(0, ym.start() - 16), ym.start())
        if m:
            y = ym.group(1).lstrip("'’")
            year = int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 50 else 1900 + int(y)
            return f"{m.group(1)} {year}", year
    if "thecvf" in text:
        m = _CVF_VENUE.search(text)
        if m:
            return f"{m.group(1).upper()} {m.group(2)}", int(m.group(2))
    return None, None


def own_link_in_prose(line: str, link_text: str | None, url: str, links: list[str]) -> bool:
    """Whether a prose line's link (`link_text` None for a bare address) near a note's top is its own paper's.

    It is when its text only says "the paper" ("论文链接 [arxiv](...)", "see the [pdf](...)"), or when it
    is a bare arXiv/DOI address on a short line and the note links no other arXiv/DOI paper
    ("Deep Residual Learning, He et al. 2016 https://arxiv.org/abs/1512.03385"); a link named after a
    paper ("builds on [residual learning](...)") is a citation."""
    if link_text is not None:
        return _OWN_LINK_TEXT.fullmatch(link_text) is not None
    if _FIFTEEN_WORDS.search(_BARE_URL.sub(" ", line)):
        return False
    papers = {k for k in map(paper_key_for_url, links) if k and k.startswith(("arxiv:", "doi:"))}
    return len(papers) == 1 and paper_key_for_url(url.rstrip(".,;:")) in papers


def cjk_label(line: str) -> tuple[str, str] | None:
    """A Chinese, Japanese or Korean metadata line ("- 会议：CVPR 2016") as (English label, value)."""
    m = _CJK_LABEL.match(line)
    label = CJK_LABELS.get(m.group(1)) if m else None
    return (label, m.group(2).strip()) if label else None


def name_date(stem: str) -> str | None:
    """The date a file name starts with: "2023-05-01-lora" -> "2023-05-01", "20230501-idea", or a name that
    is only a month ("2018-10"); a year-month before other words ("2019-02-mask_rcnn") may be the paper's
    own date, so it gives none."""
    m = _NAME_DATE.match(stem)
    if m is None or (m.group(4) is None and m.end() != len(stem)):
        return None
    return f"{m.group(1)}-{m.group(3)}" + (f"-{m.group(4)}" if m.group(4) else "")


# "2021 LoFTR Detector-Free ...", "[2019] Mask R-CNN", "2017 - Attention Is All You Need": a year, a space and a word
_NAME_YEAR = re.compile(r"[\[(]?((?:19|20)\d\d)[\])]?(?:\s+[-–—]\s+|\s+)(?=[^\W\d_])(?![年月日])")
# "VisionZip_2024", "adversarial-autoencoders-2015-201226" (a yymmdd date read after it): words, then a year
_NAME_YEAR_END = re.compile(r"(.{0,300}?[^\W\d_])[\s_-]+((?:19|20)\d\d)(?:[\s_-]+\d{6})?")


def name_year(stem: str, *, at_end: bool = False) -> int | None:
    """The paper's year in a file name, as in a title: first ("2021 LoFTR Detector-Free Matching") or, with
    `at_end`, last ("VisionZip_2024"). A date ("2023-05-01-lora") or words only about the note ("2023 reading
    notes", "notes_2023") give none."""
    if at_end:
        m = _NAME_YEAR_END.fullmatch(stem)
        return int(m.group(2)) if m and names_something(m.group(1)) else None
    m = _NAME_YEAR.match(stem)
    return int(m.group(1)) if m and names_something(stem[m.end():]) else None


def cited_year(line: str) -> int | None:
    """The year of an author-year citation in a line ("He et al. 2016", "(Vaswani et al., 2017)")."""
    m = _ET_AL_YEAR.search(line) if "et al" in line else None
    return int(m.group(1)) if m else None


def doi_year(url: str) -> tuple[int | None, str]:
    """The year a DOI link gives: an arXiv DOI's id, or a ".2016." segment (10.1109/CVPR.2016.90)."""
    m = _DOI_ARXIV.search(url)
    if m:
        return arxiv_year(m.group(1)), "arxiv"
    m = _DOI_YEAR.search(url)
    if m:
        return int(m.group(1)), "doi"
    return None, "none"


def is_document(title: str, stem: str, headings: list[Marker], *, paper_evidence: bool) -> bool:
    """A tutorial, talk or course note: no paper identity, and named like one or many sections of its own."""
    if paper_evidence or any(section_key(h.text) in PAPER_SECTIONS for h in headings):
        return False
    if DOC_WORDS.search(title) or DOC_WORDS.search(stem.replace("_", " ").replace("-", " ")):
        return True
    sections = [h for h in headings if h.year is None and not h.generic and not h.skip and h.level > 1]
    return len(sections) >= MIN_DOC_SECTIONS and not any(h.strong for h in sections)


# an Obsidian tag: `#` and letters, digits, `_`, `-`, `/`, at least one of them not a digit (`#1` is no tag)
_TAG = r"#(?:[^\W\d]|\d+[^\W\d]|[_/-])[\w/-]*"
_TAG_LINE = re.compile(rf"{_TAG}(?:[ \t,]+{_TAG})*[ \t]*")


def tag_line(line: str) -> list[str] | None:
    """The tags of a line made only of Obsidian tags (`#paper #nlp/transformers`), else None."""
    if not _TAG_LINE.fullmatch(line):
        return None
    return [t for t in re.split(r"[\s,#]+", line) if t]
