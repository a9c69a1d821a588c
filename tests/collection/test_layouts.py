"""Every note layout from issue 3, as small fixtures written here (no ../shared needed)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from paperdesk.collection import scan

YEAR_BULLETS = """# 2022
* **Learning from Interactive Reward Functions** (**LIRF**)
  * title and link: [Training Robots to Evaluate Robots](https://arxiv.org/abs/2212.08961)
  * information: CoRL 2022 best paper
  * teaser:
    ![LIRF_teaser](assets/2022/LIRF_teaser.png)

* **Chinchilla** (**Chinchilla**)
  * title and link: [Training Compute-Optimal Large Language Models](https://arxiv.org/abs/2203.15556)
  * information: NeurIPS 2022 outstanding paper DeepMind
  * method details:
    * scale data and parameters equally

# 2021
* **Swin** (**Swin**)
  * title and link: [Swin Transformer](https://arxiv.org/abs/2103.14030v2)
  * information: ICCV 2021 best paper
"""

JEKYLL_POST = """---
layout: post
title:  "101 papers"
date:   2021-01-12 2:01:20 +0000
categories: rc ai
---
<script>
## 99. Not an entry ([link](https://arxiv.org/abs/1111.11111))
</script>
<style>
#x { color: red }
</style>

## Progress
<div id='total'>101</div>

## 1. Hierarchical Multi-Scale Attention ([link](https://arxiv.org/abs/2005.10821v1))

Different image sizes work best.

## 2. Adaptive Computation Time ([link] https://arxiv.org/abs/1603.08983))
The key idea.

### Basic summary
Sub-section of entry 2.

## 3. FetchSGD ([link](http://proceedings.mlr.press/v119/rothchild20a/rothchild20a.pdf))
No arXiv id here.

## 4. Old style ([link](https://arxiv.org/abs/cs/0501001))
"""

CATEGORY_YEAR_PREFIX = """# brief_paper_reading
Intro text that is not a paper.

## LLM
### 2024 - [ToolChain*: Efficient Action Space Navigation](https://arxiv.org/pdf/2310.13227.pdf)
  * 一个中文的要点
### 2023 - [Offline RL for NLG](https://openreview.net/pdf?id=aBH_DydEvoH)
  * point
## Video
### 2022 - [Unifying Flow, Stereo and Depth Estimation](https://arxiv.org/pdf/2211.05783.pdf)
  * point
"""

CATEGORY_TITLES = """[toc]

# Autoregressive Models

## MADE: Masked Autoencoder for Distribution Estimation

**keywords:** autoencoder, density estimation

**Summary:** masked autoencoder

## Pixel Recurrent Neural Networks

**keywords:** autoregressive

<img src="E:\\github_repos\\paper_reading\\fig\\f1.png" alt="f1" style="zoom: 67%;" />

# Flow Model

## Glow: Generative Flow with Invertible 1x1 Convolutions

**keywords:** Flow

**summary:** glow
"""

PLAIN_QA = """

Object Detection/Segmentation

<WS>
Describe Faster R-CNN. How did it improve on Fast R-CNN?

Faster R-CNN works with 4 stages:
- 1) RPN?
- Can we do better?

Left: Anchors
Object Detection/Segmentation

<WS>
Explain the 1 stage detectors. How do they compare?

YOLO regresses boxes.

```
what is this?
```

Generative Modeling

How do VAEs work?

Input

Photograph

Stroke-based Editing

How does SDEdit work?

Response type 1: conversation

Question: What type of vehicle is featured in the image?

Answer: an SUV.
""".replace("<WS>", " ")  # whitespace-only lines, as pasted from a web page

NOTE_WITH_METADATA = """# Adam: A Method for Stochastic Optimization

_December 2014_

**Category**: Training and Optimization
**Tags**: optimizer, sgd
**Link**: https://arxiv.org/abs/1412.6980

## What it does

Moments.

## Results

Works.
"""

NOTE_TITLE_LINE = """**Title**: Deep Residual Learning for Image Recognition
**Year**: 2015
**Tags**: cnn, residual
**Link**: https://arxiv.org/abs/1512.03385

Text about residuals.
"""

NOTE_FRONT_MATTER = """---
title: "Layer Normalization"
year: 2016
tags: [normalisation, rnn]
category: Training
---

Some notes, no heading.
"""

INDEX_README = """# My notes

- [Adam](papers/adam.md)
- [ResNet](papers/resnet.md)
- [Layer norm](papers/layernorm.md)
"""


def test_year_headed_bullet_blocks(make_notes) -> None:
    root = make_notes({"2022.md": YEAR_BULLETS})
    entries = scan(root).entries
    assert [e.short_name for e in entries] == ["LIRF", "Chinchilla", "Swin"]
    assert [e.year for e in entries] == [2022, 2022, 2021]
    assert {e.year_source for e in entries} == {"heading"}
    lirf = entries[0]
    assert lirf.title == "Training Robots to Evaluate Robots"
    assert lirf.links[0] == "https://arxiv.org/abs/2212.08961"
    assert lirf.venue == "CoRL 2022"
    assert lirf.paper_key == "arxiv:2212.08961"
    assert lirf.lines == (2, 6)
    assert entries[2].paper_key == "arxiv:2103.14030"
    # the file's folder is the root, so the category falls back to the file name
    assert {e.category for e in entries} == {"2022"}


def test_jekyll_post_with_numbered_entries(make_notes) -> None:
    root = make_notes({"post.md": JEKYLL_POST})
    entries = scan(root).entries
    assert [e.title for e in entries] == [
        "Hierarchical Multi-Scale Attention", "Adaptive Computation Time", "FetchSGD", "Old style",
    ]
    assert [(e.year, e.year_source) for e in entries] == [
        (2020, "arxiv"), (2016, "arxiv"), (None, "none"), (2005, "arxiv"),
    ]   # the post's date (2021) is when it was written: it dates no paper it lists
    assert {e.noted for e in entries} == {"2021-01-12"}
    assert entries[1].paper_key == "arxiv:1603.08983"
    assert "### Basic summary" in entries[1].body
    assert entries[3].paper_key == "arxiv:cs/0501001"
    # the post's declared categories ("rc ai") outrank its folder and title
    assert {e.category for e in entries} == {"rc"}


def test_category_sections_with_year_prefixed_entries(make_notes) -> None:
    root = make_notes({"README.md": CATEGORY_YEAR_PREFIX})
    entries = scan(root).entries
    assert [(e.category, e.year, e.year_source) for e in entries] == [
        ("LLM", 2024, "prefix"), ("LLM", 2023, "prefix"), ("Video", 2022, "prefix"),
    ]
    assert entries[0].title == "ToolChain*: Efficient Action Space Navigation"
    assert entries[0].paper_key == "arxiv:2310.13227"
    assert entries[1].paper_key == "url:openreview.net/forum?id=aBH_DydEvoH"
    assert "一个中文的要点" in entries[0].body


def test_category_sections_with_title_entries(make_notes) -> None:
    root = make_notes({"gen.md": CATEGORY_TITLES, "fig/f1.png": b"\x89PNG\r\n"})
    collection = scan(root)
    entries = collection.entries
    assert [e.category for e in entries] == ["Autoregressive Models", "Autoregressive Models", "Flow Model"]
    assert entries[0].note_tags == ("autoencoder", "density estimation")
    assert entries[0].short_name == "MADE"
    assert entries[0].year is None and entries[0].year_source == "none"
    assert entries[0].paper_key == "file:gen.md#made-masked-autoencoder-for-distribution-estimation"
    image = entries[1].images[0]
    assert image.resolved == "fig/f1.png" and image.line == 15


def test_plain_text_questions_grouped_under_topics(make_notes) -> None:
    root = make_notes({"qa.txt": PLAIN_QA})
    entries = scan(root).entries
    assert [e.title for e in entries] == [
        "Describe Faster R-CNN. How did it improve on Fast R-CNN?",
        "Explain the 1 stage detectors. How do they compare?",
        "How do VAEs work?",
        "How does SDEdit work?",
    ]
    # "Stroke-based Editing" ends a run of figure labels: not a topic
    assert [e.category for e in entries] == [
        "Object Detection/Segmentation", "Object Detection/Segmentation", "Generative Modeling",
        "Generative Modeling",
    ]
    # the topic line before a question is not part of the previous entry
    assert "Object Detection/Segmentation" not in entries[0].body
    assert entries[0].body.endswith("Left: Anchors")
    # a dialogue example ("Question: ...") stays inside its entry
    assert "Question: What type of vehicle" in entries[3].body


def test_one_note_per_file_folder_with_index_readme(make_notes) -> None:
    root = make_notes({
        "README.md": INDEX_README,
        "papers/adam.md": NOTE_WITH_METADATA,
        "papers/resnet.md": NOTE_TITLE_LINE,
        "papers/layernorm.md": NOTE_FRONT_MATTER,
    })
    collection = scan(root)
    by_title = {e.title: e for e in collection.entries}
    assert set(by_title) == {
        "Adam: A Method for Stochastic Optimization",
        "Deep Residual Learning for Image Recognition",
        "Layer Normalization",
    }
    adam = by_title["Adam: A Method for Stochastic Optimization"]
    # the italic date line is when the note was written; the arXiv id gives the publication year
    assert (adam.year, adam.year_source, adam.noted) == (2014, "arxiv", "2014-12")
    assert adam.category == "Training and Optimization"
    assert adam.note_tags == ("optimizer", "sgd")
    assert adam.paper_key == "arxiv:1412.6980"
    assert adam.lines == (1, 15)
    resnet = by_title["Deep Residual Learning for Image Recognition"]
    assert (resnet.year, resnet.category) == (2015, "papers")
    ln = by_title["Layer Normalization"]
    assert (ln.year, ln.year_source, ln.category, ln.note_tags) == (2016, "metadata", "Training", ("normalisation", "rnn"))
    assert ln.lines[0] == 8  # after the front matter
    assert "README.md" in collection.files
    assert not [w for w in collection.warnings if w.kind == "unrecognised"]


def test_unrecognised_file_is_one_entry_with_a_warning(make_notes) -> None:
    root = make_notes({"misc/scratch.txt": "just some words\nand more words\n"})
    collection = scan(root)
    assert len(collection.entries) == 1
    entry = collection.entries[0]
    assert entry.title == "scratch" and entry.category == "misc"
    assert [w.kind for w in collection.warnings] == ["unrecognised"]


def test_single_note_with_generic_sections_is_one_entry(make_notes) -> None:
    root = make_notes({"n.md": "# Attention Is All You Need\n\n## Summary\nx\n\n## Method\ny\n\n## Results\nz\n"})
    entries = scan(root).entries
    assert len(entries) == 1
    assert entries[0].title == "Attention Is All You Need"
    assert entries[0].category == "Uncategorised"


def test_body_is_the_exact_slice_of_the_file_text(make_notes) -> None:
    root = make_notes({"a.md": CATEGORY_YEAR_PREFIX, "b.md": YEAR_BULLETS, "c.txt": PLAIN_QA})
    collection = scan(root)
    for e in collection.entries:
        lines = collection.file_text(e.source).split("\n")
        assert e.body == "\n".join(lines[e.lines[0] - 1:e.lines[1]])
        assert e.category
    assert Counter(e.source for e in collection.entries) == {"a.md": 3, "b.md": 3, "c.txt": 4}


def test_setext_headings_and_a_bare_paper_url_line(make_notes) -> None:
    text = (
        "Reading list\n============\n\nVision\n------\n\n"
        "### 2015 - [Deep Residual Learning](https://arxiv.org/abs/1512.03385)\nnotes\n\n"
        "### 2017 - [Mask R-CNN](https://arxiv.org/abs/1703.06870)\nnotes\n"
    )
    note = "# Batch Normalization\n\nPaper: https://arxiv.org/abs/1502.03167\n\nSome notes.\n"
    root = make_notes({"list.md": text, "bn.md": note})
    entries = {e.title: e for e in scan(root).entries}
    assert set(entries) == {"Deep Residual Learning", "Mask R-CNN", "Batch Normalization"}
    assert entries["Mask R-CNN"].category == "Vision"
    bn = entries["Batch Normalization"]
    assert (bn.paper_key, bn.year, bn.year_source) == ("arxiv:1502.03167", 2015, "arxiv")


def test_descriptive_readme_is_not_a_paper_but_a_lone_readme_is(make_notes) -> None:
    readme = "# My reading notes\n\nThese are my notes on papers, one per file.\n"
    root = make_notes({"README.md": readme, "adam.md": NOTE_WITH_METADATA})
    assert [e.source for e in scan(root).entries] == ["adam.md"]
    assert [e.title for e in scan(root / "README.md").entries] == ["My reading notes"]


def test_one_note_per_file_with_a_year_prefixed_linked_heading(make_notes) -> None:
    root = make_notes({"nlp/bert.md": "# 2018 - [BERT](https://arxiv.org/abs/1810.04805)\n\n## Summary\nmasked LM\n"})
    (entry,) = scan(root).entries
    assert (entry.title, entry.year, entry.year_source, entry.category) == ("BERT", 2018, "prefix", "nlp")
    assert entry.paper_key == "arxiv:1810.04805"


def test_bracketed_year_prefix_and_parenthesised_year_suffix(make_notes) -> None:
    text = (
        "# Reading\n\n## Vision\n\n### [2015] Deep Residual Learning\nnotes\n\n"
        "### Attention Is All You Need (2017)\nnotes\n\n### (2020) NeRF: Neural Radiance Fields\nnotes\n"
    )
    entries = scan(make_notes({"r.md": text})).entries
    assert [(e.title, e.year, e.year_source) for e in entries] == [
        ("Deep Residual Learning", 2015, "prefix"),
        ("Attention Is All You Need", 2017, "prefix"),
        ("NeRF: Neural Radiance Fields", 2020, "prefix"),
    ]


def test_numbered_bold_items_with_links_and_children(make_notes) -> None:
    text = (
        "# Reading list\n\n"
        "1. **Attention Is All You Need** ([arXiv](https://arxiv.org/abs/1706.03762))\n"
        "   - scaled dot-product attention\n"
        "2. **BERT: Pre-training of Deep Bidirectional Transformers** ([arXiv](https://arxiv.org/abs/1810.04805))\n"
        "   - masked language modelling\n"
    )
    entries = scan(make_notes({"list.md": text})).entries
    assert [(e.title, e.paper_key, e.year, e.year_source) for e in entries] == [
        ("Attention Is All You Need", "arxiv:1706.03762", 2017, "arxiv"),
        ("BERT: Pre-training of Deep Bidirectional Transformers", "arxiv:1810.04805", 2018, "arxiv"),
    ]
    assert entries[0].category == "Reading list" and entries[1].short_name == "BERT"


def test_a_listed_paper_without_a_link_or_year_keeps_its_text_in_the_collection(tmp_path: Path) -> None:
    """Most papers of the file are linked; one is not: its heading ends no entry, and its text is in
    the entry above it rather than in none (where it was never shown, searched or annotatable)."""
    linked = "".join(f"### [Paper {n}](https://arxiv.org/abs/230{n}.0000{n})\n\nAbout paper {n}.\n\n"
                     for n in range(1, 5))
    text = f"## Papers\n\n{linked}### Unlinked Paper\n\nThe unlinked paper's own words.\n"
    (tmp_path / "list.md").write_text(text, encoding="utf-8")
    collection = scan(tmp_path, use_cache=False)
    lines = text.splitlines()
    covered = {n for e in collection.entries for n in range(e.lines[0], e.lines[1] + 1)}
    first = min(e.lines[0] for e in collection.entries)
    lost = [lines[n - 1] for n in range(first, len(lines) + 1) if n not in covered and lines[n - 1].strip()]
    assert lost == []
    assert any("The unlinked paper's own words." in e.body for e in collection.entries)
