"""Collection-wide passes over parsed entries: index hints handed to notes, categories made meaningful."""

from __future__ import annotations

import re
from collections import Counter

from paperdesk.collection.dates import MONTHS
from paperdesk.collection.keys import arxiv_id_of_name, file_key, normalise_title
from paperdesk.collection.metadata import RawEntry
from paperdesk.collection.notefacts import name_date

UNCATEGORISED = "Uncategorised"
MONTH_NAMES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december", *(m for m in MONTHS)})
_YEAR_NAME = re.compile(r"(?:19|20)\d\d")
CROWDED_SHARE = 0.5   # a folder category holding more than this share of the entries says nothing
CROWDED_MIN = 4


def apply_hints(raws: list[tuple[str, RawEntry]], hints: list[tuple]) -> None:
    """Give single notes what the indexes linking them know: a title, the date read, a topic."""
    if not hints:
        return
    by_target: dict[str, tuple] = {}
    for hint in hints:
        by_target.setdefault(hint[0], hint)
    per_file = Counter(rel for rel, _ in raws)
    for rel, raw in raws:
        hint = by_target.get(rel)
        if hint is None or per_file[rel] != 1:
            continue
        _, title, noted, topic = hint
        if raw.title_source == "file" and title:
            was_file_key = raw.paper_key == file_key(rel, raw.title)
            raw.title, raw.title_source = title, "index"
            raw.norm_title = normalise_title(title)
            if was_file_key:
                raw.paper_key = file_key(rel, title)
        if raw.noted is None and noted:
            raw.noted = noted
        if raw.category_source == "folder" and topic:
            raw.category, raw.category_source = topic, "index"


def _fold(category: str) -> str:
    return " ".join(category.casefold().replace("_", " ").split())


# folders that group pages without naming a topic: GitBook keeps each group's pages in an `index/` folder,
# Hugo and Quartz sites all their pages in `content/`
_NO_TOPIC_FOLDERS = frozenset({"index", "contents", "toc", "content"})
# tags that say what a note is, not what it is about
_NO_TOPIC_TAGS = frozenset({"paper", "papers", "note", "notes", "reading", "article", "literature", "literature-note",
                            "todo", "to-read", "read", "unread", "reviewed"})


def _names_its_paper(folder: str, title: str) -> bool:
    """Whether a folder is named by the paper its note is about ("2024/Depth_Anything/README.md" for "Depth
    Anything: Unleashing ..."): its words are the title's, or the title's first two words or more."""
    name, wanted = normalise_title(folder.replace("_", " ")), normalise_title(title)
    return bool(name) and (name == wanted or ("-" in name and wanted.startswith(name + "-")))


def _names_no_topic(raws: list[tuple[str, RawEntry]]) -> None:
    """A folder named by a paper's arXiv id ("papers/2106.09685/notes.md") or its title ("2024/Depth_Anything/
    README.md") holds that one paper, a folder or log file named by a date ("2018-10.md", "2023-05-01/") holds
    what was read then, and GitBook's `index/` folders only group pages: none is a topic, so their entries take
    the folder above as their category."""
    per_folder = Counter(rel.rpartition("/")[0] for rel, _ in raws)
    for rel, raw in raws:
        if raw.category_source != "folder":
            continue
        parts = rel.split("/")
        if len(parts) >= 2 and parts[-2] == raw.category and (
                raw.category.casefold() in _NO_TOPIC_FOLDERS
                or (per_folder[rel.rpartition("/")[0]] == 1 and _names_its_paper(raw.category, raw.title))):
            raw.category = parts[-3] if len(parts) >= 3 else UNCATEGORISED
            continue
        if raw.category.casefold() in MONTH_NAMES:  # "2015/december/resnet.md": a month of the year folder above
            parts = rel.split("/")
            if len(parts) >= 3 and parts[-2] == raw.category and _YEAR_NAME.fullmatch(parts[-3]):
                raw.category = parts[-3]
            continue
        if not raw.category[:1].isdigit():
            continue
        if not (arxiv_id_of_name(raw.category) or (name_date(raw.category) and len(raw.category) >= 7)):
            continue
        parts = rel.rsplit(".", 1)[0].split("/")
        if raw.category in parts[-2:]:
            raw.noted = raw.noted or name_date(raw.category)
            at = len(parts) - 1 - parts[::-1].index(raw.category)
            raw.category = parts[at - 1] if at >= 1 else UNCATEGORISED


def tidy_categories(raws: list[tuple[str, RawEntry]]) -> None:
    """One spelling per category (case and spacing folded); a folder named by an arXiv id or a date (or
    a log file named by a date) gives way to the folder above it; a crowded folder gives way to note topics."""
    if not raws:
        return
    _names_no_topic(raws)
    folder_counts = Counter(r.category for _, r in raws if r.category_source == "folder")
    crowded = {c for c, n in folder_counts.items()
               if n >= CROWDED_MIN and n > CROWDED_SHARE * len(raws)} | {UNCATEGORISED}
    if crowded.intersection(folder_counts):
        # a tag on most entries (a template's `tags: [paper]`) names no topic either
        tag_counts = Counter(t.casefold() for _, r in raws for t in dict.fromkeys(r.note_tags))
        common = {t for t, n in tag_counts.items() if n >= CROWDED_MIN and n > CROWDED_SHARE * len(raws)} | _NO_TOPIC_TAGS
        for _, raw in raws:
            if raw.note_tags and raw.category_source == "folder" and raw.category in crowded:
                topic = next((t for t in raw.note_tags if t.casefold() not in common), None)
                if topic is not None:
                    raw.category, raw.category_source = topic, "tags"
    counts = Counter(raw.category for _, raw in raws)
    spellings: dict[str, list[str]] = {}
    for category in counts:  # in first-seen order
        spellings.setdefault(_fold(category), []).append(category)
    chosen = {c: max(group, key=counts.__getitem__) for group in spellings.values() if len(group) > 1 for c in group}
    if chosen:
        for _, raw in raws:
            best = chosen.get(raw.category)
            if best is not None:
                raw.category = best
