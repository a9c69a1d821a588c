"""Metadata of one entry span: title, links, short name, venue, year (and its source), tags, images."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from paperdesk.collection.dates import parse_date
from paperdesk.collection.fields import front_matter_title, noted_date, paper_year
from paperdesk.collection.frontmatter import (
    as_list,
    bare_id_link,
    front_matter_aliases,
    front_matter_link,
)
from paperdesk.collection.images import markdown_address
from paperdesk.collection.keys import (
    arxiv_id,
    arxiv_id_of_name,
    arxiv_year,
    cited_arxiv_id,
    file_key,
    paper_key_for_url,
)
from paperdesk.collection.layout import FileLayout, Span, clean_inline
from paperdesk.collection.notefacts import (
    cited_year,
    cjk_label,
    date_line,
    deslug,
    doi_year,
    find_venue,
    is_document,
    link_dominant,
    name_date,
    name_year,
    own_link_in_prose,
    split_abbr,
    tag_line,
)
from paperdesk.collection.sections import names_something
from paperdesk.collection.titles import ANY_URL as _ANY_URL
from paperdesk.collection.titles import LINK as _LINK
from paperdesk.collection.titles import clean_title, name_venue, parse_title_text

HEAD_LINES = 12
MAX_LINE = 2000  # metadata is read from at most this many characters of a line
NOTE_HEAD_LINES = 25

# _LINK and _ANY_URL (titles.py) are spelt so that the regex engine skips to their first characters
_WEB_URL = re.compile(r"https?://[^\s)>\]\"'`]+")
_IMG_MD = re.compile(r"!\[[^\]\n]{0,500}\]\(\s*(<[^>\n]{1,2000}>|[^)\s]{1,2000})")
# an address holding a Liquid output is read again from its start: a run without spaces in which `{{ site.baseurl }}`
# (spaces and all, at most 200 characters) is one piece; each piece starts differently, so nothing backtracks
_LIQUID_PIECE = r"\{\{[^{}\n]{0,200}\}\}|\{\{(?![^{}\n]{0,200}\}\})|\{(?!\{)"
_IMG_LIQUID = re.compile(rf"(?:[^)\s{{]|{_LIQUID_PIECE}){{1,2000}}")
_IMG_TAG = re.compile(r"<img\b[^>]{0,2000}", re.IGNORECASE)
_IMG_SRC = re.compile(r"\bsrc\s*=\s*([\"'])([^\"'\n]{1,2000})\1", re.IGNORECASE)
_LABEL = re.compile(
    r"\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*([A-Za-z][A-Za-z /]{0,24}?)\s*(?:(?:\*\*|__)\s*[:：]|[:：]\s*(?:\*\*|__)?)\s*(.*)$"
)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# a Markdown thematic break: "---", "***", "___", "* * *", "- - - -" (the export writes "* * *")
_RULE = re.compile(r"([-*_])(?:[ \t]*\1){2,}$")    # matched on the stripped line (any indent, as before)
_DIGIT = re.compile(r"\d")
_TAG_SEPARATORS = re.compile(r"[,;，、]")
# a two-column table row of metadata; the value's run is possessive (never given back), so a row is read once
_TABLE_ROW = re.compile(r"\|\s*(?:\*\*|__)?\s*([A-Za-z][A-Za-z ]{0,24}?)\s*(?:\*\*|__)?\s*\|([^|]{1,2000}+)\|?\s*")
_ABBR = re.compile(r"\(\s*\*\*([^*]+)\*\*\s*\)")
_SHORT_BEFORE_COLON = re.compile(r"([^\s:]{2,24})\s?:\s+\S")


TITLE_LABELS = {"title", "title and link", "paper title", "paper", "name"}
LINK_LABELS = {"link", "url", "paper link", "arxiv", "pdf", "paper url", "links", "doi", "arxiv id"}
YEAR_LABELS = {"year", "published", "publication year", "publication date", "pub year", "released"}
NOTED_LABELS = {"date", "read", "read on", "noted", "date read", "reading date", "created", "written", "when"}
IDENTITY_KEYS = {"title", "link", "year", "venue", "authors", "author"}
TAG_LABELS = {"tags", "tag", "keywords", "keyword", "labels", "topics"}
CATEGORY_LABELS = {"category", "categories", "field", "area", "topic"}
VENUE_LABELS = {"venue", "conference", "journal", "published in", "information", "info", "source", "publication"}
KNOWN_LABELS = (TITLE_LABELS | LINK_LABELS | YEAR_LABELS | NOTED_LABELS | IDENTITY_KEYS | TAG_LABELS | CATEGORY_LABELS
                | VENUE_LABELS)


@dataclass
class RawEntry:
    """An entry before ids and image resolution (what the scan cache stores per file)."""

    title: str
    category: str
    year: int | None
    year_source: str
    paper_key: str
    start: int                  # 1-based first line
    end: int                    # 1-based last line
    links: tuple[str, ...]
    short_name: str | None
    venue: str | None
    note_tags: tuple[str, ...]
    images: tuple[tuple[str, int], ...]   # (ref, 1-based line)
    offsets: tuple[int, int] = (0, 0)     # body slice of the file text
    norm_title: str = ""                  # normalise_title(title), kept for id assignment
    noted: str | None = None              # ISO date the note was written/read
    kind: str = "paper"                   # EntryKind value
    title_source: str = "heading"         # "metadata" | "front-matter" | "heading" | "file"
    category_source: str = "folder"       # "metadata" | "heading" | "folder"
    aliases: tuple[str, ...] = ()         # the note's other names (front matter `aliases:`), for [[Alias]]

    def to_tuple(self) -> tuple:
        """Return a marshal-friendly tuple."""
        return (self.title, self.category, self.year, self.year_source, self.paper_key, self.start,
                self.end, self.links, self.short_name, self.venue, self.note_tags, self.images, self.offsets,
                self.norm_title, self.noted, self.kind, self.title_source, self.category_source, self.aliases)

    @classmethod
    def from_tuple(cls, t: tuple) -> RawEntry:
        """Rebuild from `to_tuple()` output."""
        return cls(*t)


def _links(body: str) -> list[str]:
    if "http" not in body:
        return []
    out: list[str] = []
    seen: set[str] = set()
    for url in _WEB_URL.findall(body):
        url = url.rstrip(".,;:")
        if url not in seen:
            seen.add(url)
            out.append(url)
    return out


def _image_address(body: str, m: re.Match[str]) -> str:
    """A Markdown image's address as written; one cut at a Liquid output's space is read again whole."""
    ref = m.group(1)
    if "{{" in ref and ref[0] != "<":
        whole = _IMG_LIQUID.match(body, m.start(1))
        ref = whole.group(0) if whole else ref
    elif ref[0] != "<" and body[m.end(1):m.end(1) + 1] in (" ", "\t"):   # a space: read as the reader reads it
        ref = markdown_address(body, m.start(1)) or ref
    return ref.strip("<>")


def entry_metadata(span: Span, layout: FileLayout, source: str, stem: str, fallback_category: str,
                   body: str | None = None) -> RawEntry:
    """Read the metadata of one span; `body` is its lines joined, when the caller has that slice of the text."""
    lines = layout.lines
    head_end = min(span.end, span.start + (NOTE_HEAD_LINES if span.kind in ("note", "unrecognised") else HEAD_LINES))
    head = [line[:MAX_LINE] for line in lines[span.start:head_end + 1]]
    if body is None:
        body = "\n".join(lines[span.start:span.end + 1])
    title = ""
    title_link: str | None = None
    meta_link: str | None = None
    year: int | None = None
    year_source = "none"
    short_name: str | None = None
    category: str | None = None
    venue: str | None = None
    tags: list[str] = []
    aliases: tuple[str, ...] = ()
    noted: str | None = None
    identity = False
    title_source = "heading"
    category_source = "heading" if span.category else "folder"
    marker = span.marker
    if span.kind == "heading" and marker is not None:
        title, title_link, prefix_year, venue = parse_title_text(marker.text)
        if prefix_year is not None:
            year, year_source = prefix_year, "venue" if venue else "prefix"
    elif span.kind == "bullet" and marker is not None:
        title = clean_inline(marker.text)
        m = _ABBR.search(marker.extra)
        if m:
            short_name = m.group(1).strip()
        lm = _LINK.search(marker.extra) or _ANY_URL.search(marker.extra)
        if lm:
            title_link = lm.group(2) if lm.re is _LINK else lm.group(0)
    elif span.kind == "question" and marker is not None:
        title = clean_inline(marker.text) or marker.text
    elif marker is not None:  # note: its title heading
        title, title_link, prefix_year, venue = parse_title_text(marker.text)
        if prefix_year is not None:
            year, year_source = prefix_year, "venue" if venue else "prefix"
    if span.kind in ("note", "heading") and title.endswith(")"):
        title, abbr = split_abbr(title)
        short_name = short_name or abbr
    if span.year is not None and year is None:
        year, year_source = span.year, "heading"
    # labelled metadata lines near the top of the entry; a date line near the top of a note
    date_lines = 12 if span.kind in ("note", "unrecognised") else 3
    first = layout.content_start - span.start  # the head's lines before this are front matter
    for offset, line in enumerate(head):
        if not line or offset < first:
            continue  # a blank line; front matter is read below
        c = line[0]
        if c == ">":  # a metadata block in a quote ("> **Authors**: ...", "> **论文**：*Title*")
            line = line.lstrip("> \t")
            if not line:
                continue
            c = line[0]
        if c in "-*_`~" or c.isspace():  # only such a line can strip to a rule or a fence
            stripped = line.strip()
            if (offset and _RULE.match(stripped)) or stripped.startswith(("```", "~~~")):
                break  # a rule or a fence ends the metadata lines: a YAML-looking block below is text
        if c == "#" and (found := tag_line(line)) is not None:   # an Obsidian tag line, "#paper #nlp"
            tags.extend(found)
            continue
        if noted is None and offset <= date_lines and len(line) <= 60 and _DIGIT.search(line):
            noted = date_line(line)
            if noted is not None:
                continue
        row = _TABLE_ROW.fullmatch(line) if c == "|" else None  # "| Venue | ICRA 2025 |", a table of metadata
        if row is not None and row.group(1).strip().lower() in KNOWN_LABELS:
            label, value = row.group(1).strip().lower(), row.group(2).strip()
        elif (":" not in line and "：" not in line) or (offset == 0 and span.kind != "note"):
            continue
        elif m := _LABEL.match(line):
            label = m.group(1).strip().lower()
            if "/" in label:  # "Conference/Journal", "Author/Institution": the first part the scan knows
                label = next((part for part in map(str.strip, label.split("/")) if part in KNOWN_LABELS), label)
            value = m.group(2).strip()
        elif "：" in line or not line.isascii():
            found = cjk_label(line)  # "- 会议：CVPR 2016", "**링크**: ..."
            if found is None:
                continue
            label, value = found
        else:
            continue
        if label in IDENTITY_KEYS or label in LINK_LABELS or label in VENUE_LABELS:
            identity = True
        if meta_link is None and label in KNOWN_LABELS and label not in LINK_LABELS and "rxiv" in value.lower():
            aid = cited_arxiv_id(value)   # "Published: ICCV 2023 (arXiv:2304.02643, April 2023)"
            meta_link = f"https://arxiv.org/abs/{aid}" if aid else None
        if label in TITLE_LABELS:
            title_source = "metadata"
            lm = _LINK.search(value)
            text = clean_inline(_ANY_URL.sub("", value)) if not lm else ""
            said = clean_inline(lm.group(1)) if lm and lm.group(1).strip() else text
            if lm and lm.group(1).strip():
                meta_link = meta_link or lm.group(2)
            if said and (lm or span.kind == "note" or not title):
                title, said_venue, said_year = clean_title(said)
                venue = venue or said_venue
                if said_year is not None and year_source in ("none", "heading"):
                    year, year_source = said_year, "venue" if said_venue else "metadata"
            um = _ANY_URL.search(value)
            if um and meta_link is None:
                meta_link = um.group(0)
        elif label in LINK_LABELS:
            um = _LINK.search(value)
            url = um.group(2) if um else (_ANY_URL.search(value).group(0) if _ANY_URL.search(value) else None)
            url = url or bare_id_link(value)  # "arXiv: 1412.6980", "DOI: 10.1109/CVPR.2016.90"
            if url and meta_link is None:
                meta_link = url
        elif label in YEAR_LABELS:
            ym = _YEAR.search(value)
            if ym and year_source in ("none", "heading"):
                year, year_source = int(ym.group(1)), "metadata"
        elif label in NOTED_LABELS:
            noted = noted or parse_date(value)
        elif label in TAG_LABELS:
            tags.extend(t.strip(" #`*_") for t in _TAG_SEPARATORS.split(clean_inline(value)) if t.strip(" #`*_"))
        elif label in CATEGORY_LABELS:
            if clean_inline(value):
                category = clean_inline(value)
                category_source = "metadata"
        elif label in VENUE_LABELS and venue is None:
            v, _ = find_venue([value])
            if v is None and label in ("venue", "conference", "journal", "published in", "publication"):
                v = clean_inline(value)[:60] or None
            venue = v
    fm = layout.front_matter
    if span.kind in ("note", "unrecognised") and fm:
        fm_title = front_matter_title(fm)  # `title:`, `paper_title:`, `name:`; never `catchyTitle:`
        if fm_title and not any(
                (":" in x or "：" in x) and _LABEL.match(x) and _LABEL.match(x).group(1).lower() == "title" for x in head):
            title, fm_venue, fm_year = clean_title(fm_title)
            title_source = "front-matter"
            venue = venue or fm_venue
            if fm_year is not None and year_source == "none":
                year, year_source = fm_year, "venue" if fm_venue else "front-matter"
        for key in ("tags", "keywords"):
            tags.extend(as_list(fm.get(key)))
        for key in ("category", "categories"):
            if category is None and as_list(fm.get(key)):
                category = as_list(fm.get(key))[0]
                category_source = "metadata"
        meta_link = meta_link or front_matter_link(fm)
        fm_year = paper_year(fm)  # `year:`, `pub_date:`, `published: 2017`; never the note's `date:`
        if fm_year is not None and year_source == "none":
            year, year_source = fm_year, "metadata"
        if venue is None and isinstance(fm.get("venue"), str):
            venue = clean_inline(str(fm.get("venue")))[:60] or None
        aliases = front_matter_aliases(fm)
    noted = noted or span.noted  # a log's date heading above the entry ("## 2018-10-08")
    if fm and noted is None:
        noted = noted_date(fm)  # `date:`, `created:`, `date_read:`, a post's `publishedAt:`
    if noted is None and stem[:2] in ("19", "20"):
        noted = name_date(stem)  # "2023-05-01-lora.md", "2018-10.md": the day or month it was written
    if not title:
        section_only = marker is None and not front_matter_title(fm)  # layout.title is a section word
        if span.kind in ("note", "unrecognised") and layout.title and (
                not section_only or stem.casefold() in ("readme", "index") or names_something(layout.title)):
            title = layout.title
        else:
            title, title_source = deslug(stem), "file"
    if short_name is None:
        sm = _SHORT_BEFORE_COLON.match(title)
        if sm and sm.group(1)[0].isalnum():
            short_name = sm.group(1)
    links = _links(body)
    paper_link = title_link or meta_link
    if paper_link is None and span.kind in ("note", "unrecognised"):
        aid = arxiv_id_of_name(stem)  # "2106.09685.md": a note named by its paper's arXiv id, whatever it cites
        paper_link = f"https://arxiv.org/abs/{aid}" if aid else None
    if paper_link is None and span.kind in ("note", "heading", "bullet", "unrecognised"):
        alone = span.kind == "unrecognised"  # a file without structure: only its one arXiv/DOI paper
        for line in head if span.kind in ("note", "unrecognised") else head[1:6]:
            if line.startswith("#!"):
                continue  # "#! https://zhuanlan.zhihu.com/p/...": where the note is published, not its paper
            if "!" in line or "<" in line:
                line = _IMG_TAG.sub(" ", _IMG_MD.sub(" ", line))  # a figure's address is never the paper's
            um = _LINK.search(line) or _ANY_URL.search(line)
            if um:
                url = um.group(2) if um.re is _LINK else um.group(0)
                if alone and not own_link_in_prose(line, None, url, links):
                    continue
                if span.kind in ("note", "heading") and not link_dominant(line) and not own_link_in_prose(
                        line, um.group(1) if um.re is _LINK else None, url, links):
                    continue  # prose citing another paper in passing
                paper_link = url.rstrip(".,;:")
                if year is None:
                    cy = cited_year(line)
                    if cy is not None:
                        year, year_source = cy, "metadata"
                break
    if paper_link:
        paper_link = paper_link.rstrip(".,;:")
        links = [paper_link] + [u for u in links if u != paper_link]
    if venue is None:
        venue, _vy = find_venue(head[:7] + ([paper_link] if paper_link else []))
    if year is None and venue:
        vy = _YEAR.search(venue)
        if vy:
            year, year_source = int(vy.group(1)), "venue"
    if year is None and span.kind in ("note", "unrecognised") and stem[:1] in "12[(":
        ny = name_year(stem)  # "2021 LoFTR Detector-Free Matching.md": the paper's year, as a title prefix
        if ny is not None:
            year, year_source = ny, "prefix"
        nv = name_venue(stem) if venue is None and stem[:1] in "[(" else None  # "[2021 ICLR] Title.md"
        if nv is not None:
            venue, year, year_source = nv[0], nv[1], "venue"
    key = paper_key_for_url(paper_link) if paper_link else None
    if year is None:
        candidates = [paper_link] if paper_link else []
        if span.kind not in ("question", "note", "unrecognised"):  # a note's year is its own paper's, not a citation's
            candidates += [u for u in links[:3] if u != paper_link]
        for url in candidates:
            aid = arxiv_id(url)
            ay = arxiv_year(aid) if aid else None
            if ay:
                year, year_source = ay, "arxiv"
                break
            if url == paper_link:
                ay, source = doi_year(url)
                if ay:
                    year, year_source = ay, source
                    break
    if year is None and span.kind in ("note", "unrecognised") and stem[-1:].isdigit():
        year = name_year(stem, at_end=True)  # "VisionZip_2024.md": the paper's year, as a title's "(2024)"
        year_source = "prefix" if year is not None else year_source
    if category is None:
        category = span.category or fallback_category
    kind = "paper"
    if span.kind in ("note", "unrecognised"):
        evidence = bool(key) or year is not None or venue is not None or identity
        if is_document(title, stem, layout.headings, paper_evidence=evidence):
            kind = "doc"
            key = None  # a document links papers in passing; it is never one of them
    images: list[tuple[str, int]] = []
    markdown = "![" in body  # a Markdown image needs it (a search for "![" is cheaper than the regex's)
    found = [(m.start(1), _image_address(body, m)) for m in _IMG_MD.finditer(body)] if markdown else []
    if markdown or "<img" in body or "<IMG" in body:
        for tag in _IMG_TAG.finditer(body):
            src = _IMG_SRC.search(tag.group(0))
            if src:
                found.append((tag.start() + src.start(2), html.unescape(src.group(2))))  # `&amp;` as the reader reads it
        found.sort()
        line_no, counted = span.start + 1, 0
        for pos, ref in found:
            line_no += body.count("\n", counted, pos)
            counted = pos
            images.append((ref, line_no))
    seen_tags: set[str] = set()
    unique_tags = []
    for t in tags:
        if t and t.casefold() not in seen_tags:
            seen_tags.add(t.casefold())
            unique_tags.append(t)
    title = title or stem or "Untitled"
    return RawEntry(
        title=title,
        category=category or "Uncategorised",
        year=year,
        year_source=year_source if year is not None else "none",
        paper_key=key or file_key(source, title),
        start=span.start + 1,
        end=span.end + 1,
        links=tuple(links),
        short_name=short_name,
        venue=venue,
        note_tags=tuple(unique_tags),
        images=tuple(images),
        noted=noted,
        kind=kind,
        title_source=title_source,
        category_source=category_source,
        aliases=aliases,
    )
