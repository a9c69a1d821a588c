"""Front-matter keys by meaning: the paper's publication and title apart from the note's own dates and titles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.collection import scan
from paperdesk.collection.fields import (
    date_meaning,
    front_matter_title,
    noted_date,
    paper_year,
    title_rank,
)
from paperdesk.collection.frontmatter import parse_front_matter


@pytest.mark.parametrize("key", ["year", "pub_date", "pubDate", "Pub-Date", "publication_date", "publicationYear",
                                 "paper_year", "paperDate", "published", "year_published", "issued", "submitted",
                                 "release_date", "arxiv_date", "accepted"])
def test_keys_that_name_the_papers_publication(key: str) -> None:
    assert date_meaning(key.lower())[0] == "paper"


@pytest.mark.parametrize("key", ["date", "created", "created_at", "createdAt", "date_read", "read", "readOn",
                                 "reading_date", "noted", "dateAdded", "publishedAt", "published_at", "publishDate",
                                 "datePublished", "published_on", "lastmod", "updated", "modified", "post_date"])
def test_keys_that_name_the_notes_own_dates(key: str) -> None:
    assert date_meaning(key.lower())[0] == "note"


@pytest.mark.parametrize("key", ["title", "paper", "arxiv", "venue", "tags", "draft", "season", "reason", "layout",
                                 "conference", "publisher", "dates", "author"])
def test_other_keys_are_about_neither(key: str) -> None:
    assert date_meaning(key) is None


def test_the_papers_year_never_comes_from_the_notes_dates() -> None:
    assert paper_year({"date": "2023-02-11", "created": "2023-02-11", "publishedat": "2023-09-14"}) is None
    assert paper_year({"date": "2023-02-11", "pub_date": "2020-06-19"}) == 2020
    assert paper_year({"published": "true"}) is None           # Jekyll's flag, not a date
    assert paper_year({"published": "2014", "date": "2022-04-30"}) == 2014
    assert paper_year({"pub_date": "June 2019", "year": "2018"}) == 2018   # `year:` is surest


def test_the_date_noted_prefers_the_date_written_or_read_to_the_date_updated() -> None:
    assert noted_date({"updated": "2024-05-01", "date": "2023-02-11"}) == "2023-02-11"
    assert noted_date({"lastmod": "2024-05-01", "publishedat": "2023-09-14"}) == "2023-09-14"
    assert noted_date({"date_read": "March 3, 2021", "year": "2017"}) == "2021-03-03"
    assert noted_date({"year": "2017", "pub_date": "2017-06-12"}) is None


@pytest.mark.parametrize(("key", "rank"), [("paper_title", 0), ("papertitle", 0), ("paper", 0), ("article_title", 0),
                                           ("title", 1), ("name", 2), ("catchytitle", None), ("subtitle", None),
                                           ("seo_title", None), ("journal_title", None), ("container-title", None),
                                           ("short_title", None), ("linktitle", None), ("filename", None)])
def test_which_keys_name_the_paper(key: str, rank: int | None) -> None:
    assert title_rank(key) == rank


def test_the_surest_title_key_wins_and_links_are_no_titles() -> None:
    assert front_matter_title({"title": "Reading group, week 12", "paper": "wav2vec 2.0"}) == "wav2vec 2.0"
    assert front_matter_title({"paper": "https://arxiv.org/abs/1609.02907", "name": "GCN"}) == "GCN"
    assert front_matter_title({"paper": "1706.03762", "title": "Attention"}) == "Attention"
    assert front_matter_title({"catchytitle": "Break It On Purpose"}) is None
    assert front_matter_title({"name": "[[Deep Residual Learning|ResNet]]"}) == "ResNet"
    assert front_matter_title({"title": ["a", "list"], "name": ""}) is None
    assert front_matter_title({"paper": "true", "name": "x"}) is None   # a flag and a one-letter name


def test_a_note_named_only_by_a_catchy_title_keeps_its_file_name(make_notes) -> None:
    root = make_notes({"sparse-moe.md": '---\ncatchyTitle: "Many Cooks, One Kitchen"\narxivId: "1701.06538"\n'
                                        "publishedAt: 2017-01-23\n---\n\n## In one line\n\nRoute tokens to a few experts.\n\n"
                                        "## What they built\n\nA gate that picks two of many feed-forward blocks.\n"})
    entry = scan(root, use_cache=False).entries[0]
    assert (entry.title, entry.year, entry.year_source, entry.noted) == ("sparse moe", 2017, "arxiv", "2017-01-23")


def test_a_posts_date_does_not_date_the_papers_it_lists(make_notes) -> None:
    root = make_notes({"week.md": "---\ntitle: This week\ndate: 2021-03-01\n---\n\n## 1. Shake-Shake regularization\n\n"
                                  "Two branches.\n\n## 2. [Stochastic Depth](https://arxiv.org/abs/1603.09382)\n\nDrop blocks."
                                  "\n\n## 3. [Averaging Weights](https://arxiv.org/abs/1803.05407)\n\nAverage the tail.\n"})
    entries = scan(root, use_cache=False).entries
    assert [(e.title, e.year, e.noted) for e in entries] == [
        ("Shake-Shake regularization", None, "2021-03-01"), ("Stochastic Depth", 2016, "2021-03-01"),
        ("Averaging Weights", 2018, "2021-03-01")]


YAMLISH = st.lists(st.sampled_from(["title", "paper_title", "name", "date", "pubDate", "year", "published", ":", " ",
                                    ">-", "|", "\n", "  ", "- ", "[[", "]]", "2019", "true", "https://x.org", '"', "#",
                                    "1706.03762", "é", "{{", "}}"]), max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(YAMLISH)
def test_any_front_matter_reads_without_error_and_gives_sane_values(body: str) -> None:
    lines = ["---", *body.split("\n"), "---"]
    fm = parse_front_matter(lines, len(lines) - 1)
    title = front_matter_title(fm)
    year = paper_year(fm)
    noted = noted_date(fm)
    assert title is None or (isinstance(title, str) and title.strip() == title and title)
    assert year is None or 1900 <= year <= 2099
    assert noted is None or noted[:2] in ("19", "20")
