"""Reading logs and dated names: a date heading above an entry, a file name's date prefix and a folder
named by a date give the date noted (never the paper's year), and a date is never a category."""

from __future__ import annotations

from paperdesk.collection import scan
from paperdesk.collection.notefacts import name_date

LOG = ("## 2018-10-08\n### [Pointer Networks](https://arxiv.org/abs/1506.03134)\n- positions as outputs\n\n"
       "### [Teaching Machines to Read](https://arxiv.org/abs/1506.03340)\n- a data set\n\n"
       "## 2018-10-15\n### [Entailment with Attention](https://arxiv.org/abs/1509.06664)\n- word by word\n")


def test_a_monthly_log_dates_its_entries_by_their_headings_and_is_no_category(make_notes) -> None:
    entries = scan(make_notes({"2018-10.md": LOG}), use_cache=False).entries
    assert [(e.noted, e.year, e.category) for e in entries] == [
        ("2018-10-08", 2015, "Uncategorised"), ("2018-10-08", 2015, "Uncategorised"), ("2018-10-15", 2015, "Uncategorised")]


def test_file_and_folder_dates_are_when_the_note_was_written(make_notes) -> None:
    root = make_notes({
        "posts/2023-05-01-lora.md": "# LoRA\n\nhttps://arxiv.org/abs/2106.09685\n",
        "posts/20230502-vit.md": "# ViT\n\nhttps://arxiv.org/abs/2010.11929\n",
        "posts/2019-02-mask_rcnn.md": "# Mask R-CNN\n\nnotes\n",          # may be the paper's month: no date
        "reading/2023-06/detr.md": "# DETR\n\nhttps://arxiv.org/abs/2005.12872\n",
    })
    got = {e.source: (e.noted, e.year, e.category) for e in scan(root, use_cache=False).entries}
    assert got == {
        "posts/2023-05-01-lora.md": ("2023-05-01", 2021, "posts"),
        "posts/20230502-vit.md": ("2023-05-02", 2020, "posts"),
        "posts/2019-02-mask_rcnn.md": (None, None, "posts"),
        "reading/2023-06/detr.md": ("2023-06", 2020, "reading"),
    }


def test_name_date() -> None:
    assert name_date("2023-05-01-lora") == "2023-05-01"
    assert name_date("2018-10") == "2018-10"
    assert name_date("2019-02-mask_rcnn") is None
    assert name_date("2106.09685") is None and name_date("2003.12345") is None
    assert name_date("2023-13-01-x") is None
