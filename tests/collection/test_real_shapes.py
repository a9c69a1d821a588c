"""Shapes of real one-note-per-paper collections (fixtures written for this project)."""

from __future__ import annotations

from collections import Counter

from paperdesk.collection import EntryKind, scan

SECTIONED_NOTE = """# Paper
* **Title**: Region Masks on Top of a Two-Stage Detector
* **Authors**: First Author, Second Author
* **Year**: 2017
* **Link**: https://example.org/papers/region-masks.pdf

# Summary

A small branch predicts a mask per region, next to the box head.

## Key Points
- alignment of features matters more than expected
- the mask loss is per class

## Tiny Summary
Boxes, then masks.

# Rough chapter-wise notes

## 1. Introduction
Why instance segmentation is harder than detection.

## 2. Method
A pooling layer that keeps sub-pixel positions.
"""

ARXIV_TITLE_NOTE = """# [Grouped Residual Blocks for Wider Networks](https://arxiv.org/abs/1611.05431) (GRB)

_Feb 2019_

## The trick
Split the channels into groups that share a template.

## What I think
Cardinality is a third knob next to depth and width.
"""

TLDR_NOTE = """## [Noise-to-Image Chains Trained by Denoising](https://arxiv.org/abs/2006.11239)

**TLDR**: learn to undo a fixed noising process one small step at a time.

### Method
A network predicts the noise that was added.

### Results
Sample quality close to adversarial models on small images.
"""

MONTH_INDEX = """# What I read

A list of my notes, newest first.

#### 2018-02
- [Region Masks on Top of a Two-Stage Detector](papers/masks.md)
- [Grouped residual blocks](papers/grouped.md)

## 2018-01 (2)
- [Noise chains](papers/noise.md)
- [A note without a title of its own](papers/untitled-note.md)

## 2017-11 (ICLR Edition)
- [Some paper I only skimmed](https://arxiv.org/abs/1703.06870)
"""

UNTITLED_NOTE = """Some thoughts written without any heading or metadata line at all,
on a paper whose name only the index knows.

More thoughts.
"""

READING_LOG = """# Reading log

## March 2021
- 2021-03-02: [Contrastive Pairs of Images and Captions](https://arxiv.org/abs/2103.00020), read twice
- 2021-03-09: [Noise chains again](papers/noise.md)

## April 2021
- 2021-04-11: [A Survey of Something](https://arxiv.org/abs/2104.00001)
- 2021-04-20: [Another Survey of Something Else](https://arxiv.org/abs/2104.00002)
"""

TEMPLATE = """# Paper Title

* **Authors**:
* **Year**:
* **Link**:

## Summary

## Notes
"""

TUTORIAL = "# A Gentle Tour of Convex Optimisation\n\nNotes from a two-day course.\n\n" + "\n".join(
    f"## {name}\n\nSome explanation of {name.lower()} with a formula $x_{{k+1}} = x_k - t g_k$.\n"
    for name in [
        "Convex Sets", "Convex Functions", "Gradient Descent", "Step Sizes", "Line Search", "Momentum",
        "Nesterov Acceleration", "Subgradients", "Proximal Operators", "Projected Gradient", "Mirror Descent",
        "Duality", "Lagrange Multipliers", "KKT Conditions", "Newton Steps", "Quasi-Newton Updates",
        "Interior Point Ideas", "Stochastic Gradients", "Variance Reduction", "Where To Go Next",
    ]
)


def _tagged(title: str, tags: str, year: int) -> str:
    return f"# {title}\n\n**Tags**: {tags}\n**Year**: {year}\n\n## Summary\nShort text about {title.lower()}.\n"


def test_sectioned_note_with_a_metadata_list_is_one_entry_holding_the_whole_file(make_notes) -> None:
    collection = scan(make_notes({"papers/masks.md": SECTIONED_NOTE}))
    (entry,) = collection.entries
    assert entry.title == "Region Masks on Top of a Two-Stage Detector"
    assert (entry.year, entry.year_source, entry.kind) == (2017, "metadata", EntryKind.PAPER)
    assert entry.lines == (1, SECTIONED_NOTE.rstrip("\n").count("\n") + 1)
    assert entry.category == "papers"


def test_arxiv_title_link_gives_the_year_and_the_date_line_gives_noted(make_notes) -> None:
    (entry,) = scan(make_notes({"n/grouped.md": ARXIV_TITLE_NOTE})).entries
    assert (entry.title, entry.short_name) == ("Grouped Residual Blocks for Wider Networks", "GRB")
    assert (entry.year, entry.year_source, entry.noted) == (2016, "arxiv", "2019-02")
    assert entry.paper_key == "arxiv:1611.05431"


def test_second_level_linked_title_with_tldr_is_one_note(make_notes) -> None:
    (entry,) = scan(make_notes({"n/noise.md": TLDR_NOTE})).entries
    assert entry.title == "Noise-to-Image Chains Trained by Denoising"
    assert (entry.year, entry.paper_key, entry.lines[0]) == (2020, "arxiv:2006.11239", 1)


def test_month_index_gives_no_entries_and_hands_dates_and_titles_to_its_notes(make_notes) -> None:
    root = make_notes({
        "README.md": MONTH_INDEX,
        "papers/masks.md": SECTIONED_NOTE,
        "papers/grouped.md": ARXIV_TITLE_NOTE,
        "papers/noise.md": TLDR_NOTE,
        "papers/untitled-note.md": UNTITLED_NOTE,
    })
    collection = scan(root)
    assert "README.md" in collection.files
    assert {e.source for e in collection.entries} == {
        "papers/masks.md", "papers/grouped.md", "papers/noise.md", "papers/untitled-note.md"}
    by_source = {e.source: e for e in collection.entries}
    assert by_source["papers/masks.md"].noted == "2018-02"
    assert by_source["papers/grouped.md"].noted == "2019-02"  # the note's own date line wins
    assert by_source["papers/noise.md"].noted == "2018-01"
    untitled = by_source["papers/untitled-note.md"]
    assert (untitled.title, untitled.noted) == ("A note without a title of its own", "2018-01")
    assert not any(e.title.startswith(("02", "01", "11")) for e in collection.entries)


def test_reading_log_is_an_index(make_notes) -> None:
    root = make_notes({"log.md": READING_LOG, "papers/noise.md": TLDR_NOTE})
    collection = scan(root)
    (entry,) = collection.entries
    assert (entry.source, entry.noted) == ("papers/noise.md", "2021-03")


def test_templates_are_skipped_and_reported(make_notes) -> None:
    root = make_notes({
        "_template.md": "# Notes on a paper\n\n**Year**: 2020\n\n## Summary\n",
        "template.md": TEMPLATE,
        "papers/noise.md": TLDR_NOTE,
    })
    collection = scan(root)
    assert [e.source for e in collection.entries] == ["papers/noise.md"]
    assert sorted(w.source for w in collection.warnings if w.kind == "template") == ["_template.md", "template.md"]


def test_a_real_note_named_home_is_kept(make_notes) -> None:
    root = make_notes({"home.md": ARXIV_TITLE_NOTE, "other.md": TLDR_NOTE})
    assert sorted(e.source for e in scan(root).entries) == ["home.md", "other.md"]


def test_tutorial_with_twenty_sections_is_one_document(make_notes) -> None:
    (entry,) = scan(make_notes({"courses/convex.md": TUTORIAL})).entries
    assert entry.kind == EntryKind.DOC
    assert entry.title == "A Gentle Tour of Convex Optimisation"
    assert entry.paper_key.startswith("file:")
    assert entry.year is None


def test_document_linking_a_paper_in_passing_does_not_share_its_key(make_notes) -> None:
    talk = ("# Talk: what diffusion models can and cannot do\n\nThe speaker started from "
            "[the denoising paper](https://arxiv.org/abs/2006.11239) and went on for an hour.\n\n"
            "## Sampling\ntext\n\n## Guidance\ntext\n")
    collection = scan(make_notes({"talks/diffusion.md": talk, "papers/noise.md": TLDR_NOTE}))
    kinds = {e.source: (e.kind, e.paper_key) for e in collection.entries}
    assert kinds["talks/diffusion.md"][0] == EntryKind.DOC
    assert kinds["talks/diffusion.md"][1].startswith("file:")
    assert kinds["papers/noise.md"] == (EntryKind.PAPER, "arxiv:2006.11239")


def test_crowded_folder_gives_way_to_tags_and_case_variants_are_one_category(make_notes) -> None:
    notes = {
        "notes/a.md": _tagged("Planning With Learned Models", "Decision making, RL", 2019),
        "notes/b.md": _tagged("Offline Policies From Logs", "Decision Making, offline", 2020),
        "notes/c.md": _tagged("Masks For Everything", "segmentation, vision", 2023),
        "notes/d.md": _tagged("Adversarial Image Synthesis", "GAN, generative", 2014),
        "notes/e.md": _tagged("Pixel Level Labels", "Segmentation", 2015),
    }
    entries = scan(make_notes(notes)).entries
    cats = Counter(e.category for e in entries)
    assert set(cats) in ({"Decision making", "segmentation", "GAN"}, {"Decision Making", "segmentation", "GAN"},
                         {"Decision making", "Segmentation", "GAN"}, {"Decision Making", "Segmentation", "GAN"})
    assert sorted(cats.values()) == [1, 2, 2]
    assert next(e for e in entries if e.source == "notes/d.md").note_tags == ("GAN", "generative")


def test_a_folder_that_does_not_hold_most_notes_stays_the_category(make_notes) -> None:
    notes = {f"{topic}/{i}.md": _tagged(f"Paper {topic} number {i}", "misc", 2020)
             for topic in ("vision", "language", "robots") for i in range(2)}
    assert {e.category for e in scan(make_notes(notes)).entries} == {"vision", "language", "robots"}


def test_prose_citing_another_paper_does_not_give_the_note_its_key(make_notes) -> None:
    note = ("# Wider Residual Networks Revisited\n\nThis builds on the idea of "
            "[residual learning](https://arxiv.org/abs/1512.03385) and asks whether width beats depth.\n\n"
            "## Summary\ntext\n")
    (entry,) = scan(make_notes({"n/wide.md": note})).entries
    assert entry.paper_key.startswith("file:")
    assert entry.year is None


def test_headings_each_followed_by_their_own_paper_link_are_papers(make_notes) -> None:
    text = ("## Planning With Learned Models\nhttps://arxiv.org/abs/1911.08265\n\nnotes\n\n"
            "## Offline Policies\n[pdf](https://example.org/papers/offline.pdf)\n\nnotes\n\n"
            "## Masks\nhttps://arxiv.org/abs/2304.02643\n\nnotes\n")
    entries = scan(make_notes({"list.md": text})).entries
    assert [e.title for e in entries] == ["Planning With Learned Models", "Offline Policies", "Masks"]
    assert [e.year for e in entries] == [2019, None, 2023]


def test_words_like_prior_in_paper_titles_do_not_make_a_section(make_notes) -> None:
    block = "## {}\n\n**keywords:** a, b\n\n**summary:** text.\n\n"
    text = ("[toc]\n\n# Vision\n\n" + block.format("World Robust Prior") + block.format("Learned Priors Everywhere")
            + "# Language\n\n" + block.format("See Further Models") + block.format("Related Tokens And Words"))
    assert len(scan(make_notes({"t.md": text})).entries) == 4
