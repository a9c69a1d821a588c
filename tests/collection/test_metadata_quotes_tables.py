"""Metadata lines in a quote (`> **Authors**: ...`, `> **论文**：*Title*`) and in a two-column table (`| Venue | X |`)."""

from __future__ import annotations

from paperdesk.collection import scan


def test_quoted_metadata_lines_are_read(make_notes) -> None:
    root = make_notes({"n.md": "# 残差网络：读书笔记\n\n> **论文**：*Deep Residual Learning for Image Recognition*\n>\n"
                               "> **作者**：Kaiming He et al.\n>\n> **发布时间**：2015年12月（**CVPR 2016**）\n>\n"
                               "> 🔗 [arXiv](https://arxiv.org/abs/1512.03385)\n\n## 一句话总结\n\n加一条恒等捷径。\n",
                         "m.md": "# Notes\n\n> **Title**: Batch Normalization\n> **Year**: 2015\n\nprose\n"})
    entries = {e.source: e for e in scan(root, use_cache=False).entries}
    resnet = entries["n.md"]
    assert (resnet.title, resnet.year, resnet.year_source) == ("Deep Residual Learning for Image Recognition", 2015,
                                                             "metadata")
    assert resnet.paper_key == "arxiv:1512.03385"
    assert (entries["m.md"].title, entries["m.md"].year) == ("Batch Normalization", 2015)


def test_a_quote_of_prose_is_no_metadata(make_notes) -> None:
    root = make_notes({"n.md": "# Swin Transformer\n\n> Note: the authors say 2019 in the talk.\n\ntext\n"})
    entry = scan(root, use_cache=False).entries[0]
    assert (entry.title, entry.year) == ("Swin Transformer", None)


def test_a_table_of_metadata_is_read(make_notes) -> None:
    root = make_notes({"n.md": "# Rings: Place Recognition\n\n| Item | Value |\n| --- | --- |\n| Session | SLAM 3 |\n"
                               "| Authors | Doe, Jane |\n| Venue | IROS 2024 |\n| arXiv | 2409.01234 |\n| Year | 2023 |\n\n"
                               "## TL;DR\n\n- rings\n"})
    entry = scan(root, use_cache=False).entries[0]
    assert (entry.venue, entry.year, entry.year_source) == ("IROS 2024", 2023, "metadata")
    assert entry.paper_key == "arxiv:2409.01234"


def test_other_tables_say_nothing(make_notes) -> None:
    root = make_notes({"n.md": "# Results\n\n| Model | Year | Score |\n| --- | --- | --- |\n| ResNet | 2015 | 76 |\n"
                               "| Method | ours |\n\ntext\n"})
    entry = scan(root, use_cache=False).entries[0]
    assert (entry.year, entry.venue) == (None, None)
