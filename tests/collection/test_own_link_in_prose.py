"""A note's own paper link and year when they sit in a sentence: "论文链接 [arxiv](...)", a bare arXiv
address after "He et al. 2016", "CVPR 2016." at a sentence's end, "Conference/Journal : CVPR 2016"."""

from __future__ import annotations

from paperdesk.collection import scan


def _one(make_notes, rel: str, text: str):
    collection = scan(make_notes({rel: text}), use_cache=False)
    (entry,) = collection.entries
    return entry, collection.warnings


def test_a_link_whose_text_only_says_paper_is_the_notes_own_in_a_sentence(make_notes) -> None:
    note = ("# DETR\n\nEnd-to-End Object Detection with Transformers，论文链接 [arxiv](https://arxiv.org/abs/2005.12872)\n\n"
            "## 1 动机\n\n目标检测当作集合预测。\n")
    entry, _ = _one(make_notes, "notes/012_detr.md", note)
    assert (entry.paper_key, entry.year, entry.year_source) == ("arxiv:2005.12872", 2020, "arxiv")


def test_a_bare_arxiv_address_after_an_author_year_citation_in_a_headingless_note(make_notes) -> None:
    note = ("---\ntags:\n  - cv\n---\n\n[[BERT]] [[Other Note]]\n\n"
            "Deep Residual Learning, He et al. 2016 https://arxiv.org/abs/1512.03385\n")
    entry, warnings = _one(make_notes, "Papers/ResNet.md", note)
    assert entry.title == "ResNet"
    assert (entry.paper_key, entry.year, entry.year_source) == ("arxiv:1512.03385", 2016, "metadata")
    assert not [w for w in warnings if w.kind == "unrecognised"]  # a note with properties is a note


def test_a_bare_address_is_not_the_notes_own_when_the_note_links_another_paper(make_notes) -> None:
    note = ("# Wide Residual Networks Revisited\n\nWe start from residual nets https://arxiv.org/abs/1512.03385 "
            "and compare.\n\nLater we also read https://arxiv.org/abs/1605.07146 for the wide ones, in depth.\n\n"
            "## Summary\ntext\n")
    entry, _ = _one(make_notes, "n/wide.md", note)
    assert entry.paper_key.startswith("file:")
    assert entry.year is None


def test_a_named_link_in_a_sentence_stays_a_citation(make_notes) -> None:
    note = ("# My Take On Width\n\nThis builds on [residual learning](https://arxiv.org/abs/1512.03385) and asks "
            "whether width beats depth.\n\n"
            "## Summary\ntext\n")
    entry, _ = _one(make_notes, "n/width.md", note)
    assert entry.paper_key.startswith("file:")


def test_a_venue_year_ending_a_sentence_is_the_papers_year(make_notes) -> None:
    note = ('---\ntitle: "Deep Residual Learning for Image Recognition"\ndate: 2021-03-14\n---\n\n'
            "[arXiv](https://arxiv.org/abs/1512.03385), CVPR 2016.\n\nSkip connections.\n")
    entry, _ = _one(make_notes, "_posts/2021-03-14-resnet.md", note)
    assert (entry.year, entry.year_source, entry.venue) == (2016, "venue", "CVPR 2016")
    assert entry.noted == "2021-03-14"


def test_a_doi_segment_is_still_no_venue_year(make_notes) -> None:
    note = "# Some Paper\n\nIEEE CVPR 2016.90 is no year here https://example.org/x\n"
    entry, _ = _one(make_notes, "n/p.md", note)
    assert entry.venue is None


def test_a_slashed_label_is_read_by_its_parts(make_notes) -> None:
    note = ("# Deep Residual Learning for Image Recognition\n\n#### Link\n\n[paper](https://arxiv.org/abs/1512.03385)\n\n"
            "#### Information\n\n- Author/Institution : Kaiming He et al\n- Conference/Journal : CVPR 2016\n\n"
            "## Abstract\ntext\n")
    entry, _ = _one(make_notes, "resnet.md", note)
    assert (entry.year, entry.venue) == (2016, "CVPR 2016")
