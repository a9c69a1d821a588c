"""The general rules behind q13's fixes, one by one: slashed dates, published-date, image addresses with spaces,
dated logs, a PDF's extracted text, closing note words, "[2021 ICLR]" names, hidden asset folders, paper folders."""

from __future__ import annotations

import pytest

from paperdesk.collection import scan
from paperdesk.collection.dates import parse_date
from paperdesk.collection.discover import discover
from paperdesk.collection.fields import date_meaning, noted_date, paper_year
from paperdesk.collection.images import markdown_address, root_path_parts, site_path_file
from paperdesk.collection.indexfiles import is_index, log_name_date, pdf_text_warning
from paperdesk.collection.keys import cited_arxiv_id
from paperdesk.collection.titles import name_venue, strip_note_prefix

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("text", "iso"), [
    ("Date: 06/12/2017", "2017"),          # either order fits: no guess, the year only
    ("Date: 13/06/2017", "2017-06-13"),    # the first part is the day
    ("Date: 12/22/2014", "2014-12-22"),    # the second part is the day (it was no date at all before)
    ("05/05/2017", "2017-05-05"),          # both orders agree
    ("31.12.2019", "2019-12-31"),
    ("2017/06/12", "2017-06-12"),          # year first is never ambiguous
    ("32/13/2019", None),
])
def test_slashed_dates_are_read_in_the_order_their_numbers_prove(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_published_date_is_the_papers_but_publish_date_and_published_at_are_the_pages() -> None:
    for key in ("published-date", "publishedDate", "published_date", "Published Date"):
        assert date_meaning(key) == ("paper", 1), key
    for key in ("publishDate", "publishedAt", "datePublished"):
        assert date_meaning(key)[0] == "note", key
    fm = {"title": "x", "published-date": "2017-06-12", "date": "2023-02-01"}
    assert (paper_year(fm), noted_date(fm)) == (2017, "2023-02-01")


@pytest.mark.parametrize(("line", "address"), [
    ("![s](/Users/me/Pictures/Screen Shot 2020-12-26.png)", "/Users/me/Pictures/Screen Shot 2020-12-26.png"),
    ('![a](images/my figure.png "the title")', "images/my figure.png"),
    ("![a](images/my figure.png 'the title')", "images/my figure.png"),
    ("![a](fig (1).png) and (text)", "fig (1).png"),
    ("![a](never closed\nnext line)", "never closed"),
])
def test_a_markdown_address_with_spaces_is_read_as_python_markdown_reads_it(line: str, address: str) -> None:
    assert markdown_address(line, line.index("(") + 1) == address


def test_a_long_address_is_read_at_most_2000_characters() -> None:
    line = "![a](" + "x " * 50_000
    assert len(markdown_address(line, 5)) <= 2000


def test_the_site_path_rule_tries_each_tail_against_the_notes_folder_its_site_and_the_root() -> None:
    files = {"n/fig/a.png", "site/img/b.png", "c.png"}
    look = {f: f for f in files}.get
    assert root_path_parts("/home/me/fig/a.png?raw=1#x") == ["home", "me", "fig", "a.png"]
    assert root_path_parts("C:\\Users\\me\\c.png") == ["Users", "me", "c.png"]
    assert site_path_file(["home", "fig", "a.png"], "n/note.md", "", look) == "n/fig/a.png"
    assert site_path_file(["img", "b.png"], "site/_posts/p.md", "site/", look) == "site/img/b.png"
    assert site_path_file(["x", "c.png"], "n/note.md", "", look) == "c.png"
    assert site_path_file(["gone.png"], "n/note.md", "", look) is None


def test_dated_log_names() -> None:
    assert log_name_date("210118-210124-papers-reading") == "2021-01-18"
    assert log_name_date("2021-03-01 to 2021-03-07 reading") == "2021-03-01"
    assert log_name_date("2021-W03") == "" and log_name_date("week-03") == ""
    assert log_name_date("group-normalization-2018-210120") is None
    assert log_name_date("219918-210124-x") is None   # month 99: no date


LOG = ["# Week of 1 March", "", "Two papers this week:", "", "- [MoCo](moco.md)", "- [SimSiam](simsiam.md)"]


def test_a_dated_log_of_two_note_links_is_an_index_but_a_note_linking_two_is_not() -> None:
    assert is_index(LOG, "2021-03-01-reading", 0)
    assert not is_index(LOG, "contrastive", 0)     # not named by its days: a note that cites two others
    web = [*LOG[:4], "- [MoCo](https://example.org/moco)", "- [SimSiam](https://example.org/simsiam)"]
    assert not is_index(web, "2021-03-01-reading", 0)   # a dated post linking two papers on the web is a note


def test_a_pdfs_text_is_told_from_notes() -> None:
    columns = ["   Some Title Of A Paper", "Ann Author1    Bob Author2", "", "arXiv:2401.10891v2 [cs.CV] 7 Apr 2024"]
    columns += [f"left column words {i}          right column words {i}" for i in range(10)]
    assert pdf_text_warning(columns)
    assert pdf_text_warning(["# A note", *columns]) is None           # a heading: someone's note
    assert pdf_text_warning(["---", "title: x", "---", *columns]) is None
    prose = ["A plain note without headings.", "It has short lines of prose.", "    indented code = 1"] * 5
    assert pdf_text_warning(prose) is None
    aligned = [f"x{i} = {i}        # aligned comment" for i in range(12)]  # a file of aligned code, no stamp
    assert pdf_text_warning(aligned + prose * 3) is None


@pytest.mark.parametrize(("title", "clean"), [
    ("Dual-Path RNN: Efficient Long Sequence Modeling 阅读笔记", "Dual-Path RNN: Efficient Long Sequence Modeling"),
    ("BERT 논문 리뷰", "BERT"), ("ViT（论文精读）", "ViT"), ("深度残差网络论文笔记", "深度残差网络"),
    ("论文笔记", "论文笔记"), ("ResNet notes", "ResNet notes"), ("Field Notes", "Field Notes"),
])
def test_closing_cjk_note_words_leave_the_title(title: str, clean: str) -> None:
    assert strip_note_prefix(title) == clean


def test_a_bracketed_year_and_venue_in_a_file_name() -> None:
    assert name_venue("[2021 ICLR] An Image is Worth 16x16 Words") == ("ICLR 2021", 2021)
    assert name_venue("[2024 Arxiv] Depth Pro") is None
    assert name_venue("2021 LoFTR") is None


def test_an_arxiv_id_named_in_passing() -> None:
    assert cited_arxiv_id("ICCV 2023 (arXiv:2304.02643, April 2023)") == "2304.02643"
    assert cited_arxiv_id("arXiv 1706.03762v5") == "1706.03762"
    assert cited_arxiv_id("see https://arxiv.org/abs/1706.03762") is None   # a link is read as a link
    assert cited_arxiv_id("version 2304.02643") is None


def test_hidden_asset_folders_are_listed_for_images_but_hold_no_notes(make_notes) -> None:
    root = make_notes({
        "a/page.md": "# Page\n\n![x](../.gitbook/assets/x.png)\n\nText of the page.\n",
        ".gitbook/assets/x.png": PNG, ".gitbook/assets/stray.md": "# Stray\n\nnot a note\n",
        ".hidden/y.png": PNG, ".attachments/z.png": PNG,
    })
    found = discover(str(root))
    assert {".gitbook/assets/x.png", ".gitbook/assets/stray.md", ".attachments/z.png"} <= found.files
    assert ".hidden/y.png" not in found.files
    assert [n for n, _ in found.notes] == ["a/page.md"]
    assert [i.resolved for i in scan(root, use_cache=False).entries[0].images] == [".gitbook/assets/x.png"]


def test_a_folder_named_by_its_one_paper_is_no_category_but_a_topic_folder_stays(make_notes) -> None:
    body = "\n\nThe note's own words about the paper, long enough to be a note.\n"
    root = make_notes({
        "2024/Depth_Anything/README.md": "# Depth Anything: Unleashing Unlabeled Data" + body,
        "topics/Transformers/transformers-are-rnns.md": "# Transformers are RNNs" + body,
        "topics/Transformers/linformer.md": "# Linformer" + body,
        "topics/GAN/gan.md": "# GAN" + body,
        "book/index/ffs.md": "# FFS: A Fast File System for UNIX" + body,
    })
    categories = {e.source: e.category for e in scan(root, use_cache=False).entries}
    assert categories == {"2024/Depth_Anything/README.md": "2024", "topics/Transformers/transformers-are-rnns.md":
                          "Transformers", "topics/Transformers/linformer.md": "Transformers",
                          "topics/GAN/gan.md": "topics", "book/index/ffs.md": "book"}


def test_an_arxiv_address_without_an_id_keys_no_paper() -> None:
    from paperdesk.collection.keys import paper_key_for_url
    assert paper_key_for_url("https://arxiv.org/abs/unknown") is None
    assert paper_key_for_url("https://arxiv.org/abs/") is None
    assert paper_key_for_url("https://arxiv.org/abs/1706.03762v5") == "arxiv:1706.03762"
    assert paper_key_for_url("https://arxiv.org/list/cs.CV/recent") == "url:arxiv.org/list/cs.CV/recent"
