"""A title is the paper's own: a "Paper Review:" / "【论文笔记】" label about the note and a closing
"(ICCV 2021)" / "(He et al., 2016)" / "[arXiv 2021]" are taken out (their venue and year kept); a
bare arXiv id or DOI on a labelled line is the paper's link."""

from __future__ import annotations

import pytest

from paperdesk.collection import scan
from paperdesk.collection.titles import strip_note_prefix, title_suffix


def _one(make_notes, text: str, name: str = "n.md"):
    return next(e for e in scan(make_notes({name: text}), use_cache=False).entries if e.source == name)


@pytest.mark.parametrize(("heading", "title"), [
    ("【论文笔记】Attention Is All You Need", "Attention Is All You Need"),
    ("论文阅读：BERT: Pre-training of Deep Bidirectional Transformers", "BERT: Pre-training of Deep Bidirectional Transformers"),
    ("Paper Review: Denoising Diffusion Probabilistic Models", "Denoising Diffusion Probabilistic Models"),
    ("[Paper Notes] Masked Autoencoders Are Scalable Vision Learners", "Masked Autoencoders Are Scalable Vision Learners"),
    ("논문 리뷰: Vision Transformer", "Vision Transformer"),
    ("Reading Between the Lines: A Study", "Reading Between the Lines: A Study"),  # a title's own words stay
    ("Summary Statistics for Everyone", "Summary Statistics for Everyone"),
])
def test_a_label_about_the_note_is_no_part_of_the_title(make_notes, heading: str, title: str) -> None:
    entry = _one(make_notes, f"# {heading}\n\nhttps://arxiv.org/abs/1706.03762\n\n## Summary\n\ntext\n")
    assert entry.title == title


def test_a_closing_venue_or_citation_gives_the_year_not_the_title(make_notes) -> None:
    swin = _one(make_notes, "# Swin Transformer (ICCV 2021)\n\n## Summary\n\nwindows\n", "swin.md")
    assert (swin.title, swin.venue, swin.year, swin.year_source) == ("Swin Transformer", "ICCV 2021", 2021, "venue")
    gan = _one(make_notes, "# GAN\n\n**Paper:** Generative Adversarial Nets (Goodfellow et al., 2014)\n\n## Notes\n\ngames\n",
               "gan.md")
    assert (gan.title, gan.year) == ("Generative Adversarial Nets", 2014)
    post = _one(make_notes, '---\ntitle: "[Paper Review] Deep Residual Learning (CVPR 2016)"\n---\n\ntext\n', "post.md")
    assert (post.title, post.venue, post.year) == ("Deep Residual Learning", "CVPR 2016", 2016)


def test_title_suffix_keeps_other_brackets() -> None:
    assert title_suffix("Mask R-CNN (MRCNN)") == ("Mask R-CNN (MRCNN)", None, None)
    assert title_suffix("Models of 1999 (Revised 2001)") == ("Models of 1999 (Revised 2001)", None, None)
    assert title_suffix("CLIP [arXiv 2021]") == ("CLIP", None, 2021)
    assert title_suffix("World Models (2018)") == ("World Models", None, 2018)
    assert strip_note_prefix("Notes") == "Notes"


def test_a_bare_arxiv_id_or_doi_on_a_labelled_line_is_the_papers_link(make_notes) -> None:
    adam = _one(make_notes, "# Adam\n\n- Authors: Kingma, Ba\n- Published: ICLR 2015\n- arXiv: 1412.6980\n\n## Notes\n\nx\n",
                "adam.md")
    assert (adam.paper_key, adam.year) == ("arxiv:1412.6980", 2015)
    resnet = _one(make_notes, "# ResNet\n\n**DOI**: 10.1109/CVPR.2016.90\n\n## Notes\n\nx\n", "resnet.md")
    assert (resnet.paper_key, resnet.year, resnet.year_source) == ("doi:10.1109/cvpr.2016.90", 2016, "doi")
