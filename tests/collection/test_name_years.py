"""A paper's year in a file name ("2021 LoFTR ...md", "VisionZip_2024.md") and year/month folders."""

from __future__ import annotations

import pytest

from paperdesk.collection import scan
from paperdesk.collection.notefacts import name_year


@pytest.mark.parametrize(("stem", "year"), [
    ("2021 LoFTR Detector-Free Local Feature Matching", 2021), ("[2019] Mask R-CNN", 2019),
    ("2017 - Attention Is All You Need", 2017), ("(2014) Dropout", 2014),
    ("2023 reading notes", None), ("2023-05-01-lora", None), ("2018-10", None), ("2019-02-mask_rcnn", None),
    ("2021_resnet", None), ("1706.03762", None), ("2019 年读书笔记", None), ("20230501-idea", None),
])
def test_a_year_first(stem: str, year: int | None) -> None:
    assert name_year(stem) == year


@pytest.mark.parametrize(("stem", "year"), [
    ("VisionZip_2024", 2024), ("adversarial-autoencoders-2015-201226", 2015), ("Mamba 2023", 2023),
    ("notes_2023", None), ("reading-2021", None), ("2303.08774v3", None), ("2018-10", None), ("lora", None),
    ("cifar-10", None), ("x" * 400 + "-2020", None),
])
def test_a_year_last(stem: str, year: int | None) -> None:
    assert name_year(stem, at_end=True) == year


def test_the_file_names_year_is_the_papers_unless_the_note_says_otherwise(make_notes) -> None:
    root = make_notes({
        "2016 Deep Residual Learning.md": "# Deep Residual Learning\n\n[arXiv](https://arxiv.org/abs/1512.03385)\n\ntext\n",
        "Group_Norm_2018.md": "# Group Normalization\n\ntext\n",
        "ViT_2021.md": "# ViT\n\n[arXiv](https://arxiv.org/abs/2010.11929)\n\ntext\n",
        "2017 notes.md": "# Notes\n\ntext\n",
    })
    years = {e.source: (e.year, e.year_source) for e in scan(root, use_cache=False).entries}
    assert years == {
        "2016 Deep Residual Learning.md": (2016, "prefix"),   # the user's label, as a heading's "2016 - Title"
        "Group_Norm_2018.md": (2018, "prefix"),
        "ViT_2021.md": (2020, "arxiv"),                       # a year at the end is the last resort
        "2017 notes.md": (None, "none"),
    }


def test_month_folders_give_way_to_their_year_folder(make_notes) -> None:
    root = make_notes({"2015/december/resnet.md": "# ResNet\n\ntext\n", "2017/Jun/t.md": "# Transformer\n\ntext\n",
                       "topics/june/x.md": "# June bug\n\ntext\n"})
    categories = {e.source: e.category for e in scan(root, use_cache=False).entries}
    assert categories == {"2015/december/resnet.md": "2015", "2017/Jun/t.md": "2017", "topics/june/x.md": "june"}
