"""Heading words that name a section of one paper's note ("Summary", "Key Points"), not a paper."""

from __future__ import annotations

import re
from functools import lru_cache

from paperdesk.collection.markers import GENERIC_SECTIONS, SKIP_SECTIONS, slug

# words that make a short heading a section of a note ("Tiny Summary", "Rough chapter-wise notes")
SECTION_WORDS = frozenset(
    ["summary", "summaries", "description", "descriptions", "abstract", "notes", "note", "tldr", "tl", "takeaways", "takeaway", "points", "ideas", "idea", "overview", "conclusion", "conclusions", "results", "result", "contributions", "contribution", "questions", "comments", "highlights", "insights", "motivation", "introduction", "intro", "method", "methods", "methodology", "experiments", "experiment", "limitations", "background", "discussion", "approach", "reflections", "critique", "strengths", "weaknesses", "pros", "cons", "thoughts", "keypoints", "chapter", "chapters", "recap", "lessons", "learnings", "observations", "remarks", "impressions", "opinion", "verdict",
     # a note's own facts ("## INFO" over "### Author" / "### Link") and the summary words of CJK notes
     "info", "information", "metadata", "概要", "摘要", "总结", "總結", "概述", "要約", "まとめ", "요약"]
)
# labels of a paper's own metadata lines (a bullet or a heading named like this is not a paper)
IDENTITY_LABELS = frozenset(
    ["title", "authors", "author", "year", "venue", "link", "links", "url", "arxiv", "paper", "pdf", "doi", "conference", "journal", "published", "code", "project", "date", "tags", "tag", "keywords", "keyword", "category", "categories", "affiliation", "affiliations"]
)
# sections only a paper's note has (a tutorial has an introduction and a summary too, but no ablations)
PAPER_SECTIONS = frozenset(["abstract", "contributions", "contribution", "method", "methods", "methodology",
                            "experiments", "results", "related-work", "limitations", "tldr", "tl-dr", "key-ideas",
                            "strengths", "weaknesses", "ablations", "ablation", "baselines", "main-results"])
# headings whose section lists other papers ("Related work", "References", "See also")
CITING_PREFIXES = ("related", "references", "reference", "bibliography", "citations", "cited-by", "prior-work",
                   "previous-work", "follow-up", "followup", "further-reading", "see-also", "similar-papers",
                   "other-papers", "papers-cited")
PLACEHOLDER_TITLES = frozenset(
    ["paper-title-goes-here", "paper-title", "title", "your-title", "your-title-here", "title-here", "paper-name", "untitled", "template",
     "note-title", "name-of-paper", "paper-title-here", "xxx", "todo", "tbd", "title-of-paper", "the-paper-title"]
)
_NUMBER_PREFIX = re.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[IVX]{1,5}[.)]|[A-Za-z][.)])\s+")
_DECOR = re.compile(r"[^\w\s'-]+", re.UNICODE)


@lru_cache(maxsize=8192)
def section_key(text: str) -> str:
    """The heading's words, numbering and decoration removed, as a slug ("1. Key Ideas:" -> "key-ideas")."""
    text = _NUMBER_PREFIX.sub("", text, count=1)
    return slug(_DECOR.sub(" ", text))


@lru_cache(maxsize=8192)
def is_section_name(text: str) -> bool:
    """Whether a (clean) heading names a section of a note rather than a paper or a topic."""
    key = section_key(text)
    if not key:
        return True
    if key in GENERIC_SECTIONS or key in SKIP_SECTIONS or key in IDENTITY_LABELS:   # "### Author", "### Link"
        return True
    return len(text.split()) <= 3 and any(w in SECTION_WORDS for w in key.split("-"))


# words that say what kind of note a heading is, not which paper ("My reading notes", "Quick summary")
NOTE_FILLER = frozenset(
    ["my", "our", "reading", "read", "quick", "short", "rough", "personal", "some", "on", "about", "of",
     "for", "the", "a", "an", "and", "paper", "papers", "draft", "raw", "misc", "random", "general", "key", "main"]
)


@lru_cache(maxsize=8192)
def names_something(text: str) -> bool:
    """Whether a heading that reads as a section ("ResNet notes", "Notes on ViT") also names
    something: a word that is neither a section word nor a word about the note itself."""
    return any(w and w not in SECTION_WORDS and w not in NOTE_FILLER for w in section_key(text).split("-"))


@lru_cache(maxsize=8192)
def cites_others(text: str) -> bool:
    """Whether a heading opens a section that cites other papers ("Related Papers", "References")."""
    key = section_key(text)
    return key in SKIP_SECTIONS or (len(text.split()) <= 3 and key.startswith(CITING_PREFIXES))


def is_placeholder_title(title: str) -> bool:
    """Whether a title is a template's placeholder ("Paper Title", "{{title}}", "<title>")."""
    if len(title) > 40:
        return False
    stripped = title.strip()
    if stripped.startswith(("{{", "{%", "<%", "${")) or (stripped.startswith("<") and stripped.endswith(">")):
        return True
    return slug(stripped.strip("[]()<>{}")) in PLACEHOLDER_TITLES
