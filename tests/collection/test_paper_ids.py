"""A note's paper from its front matter's bare ids (`arxivId:`, `DOI:`, `sourceUrl:`) and from a file
named by its arXiv id; a folder named by an arXiv id is the paper's folder, not a topic."""

from __future__ import annotations

from paperdesk.collection import scan
from paperdesk.collection.keys import arxiv_id_of_name
from paperdesk.collection.own_link import paper_link


def _by_source(root):
    return {e.source: e for e in scan(root, use_cache=False).entries}


def test_front_matter_bare_ids_and_source_urls_give_the_paper(make_notes) -> None:
    root = make_notes({
        "blog/2602.10999/cli-gym.md": '---\narxivId: "2602.10999"\ntags: [agents]\n---\n\n# Break it on purpose\n\ntext\n',
        "blog/2512.14982/repeat.md": '---\ntitle: "Prompt Repetition"\nsourceUrl: "https://arxiv.org/abs/2512.14982"\n---\n\ntext\n',
        "zotero/He2016Deep.md": "---\nyear: 2016\nDOI: \"10.1109/CVPR.2016.90\"\n---\n# Deep Residual Learning\n\ntext\n",
        "zotero/eprint.md": "---\ntitle: Old One\neprint: hep-th/9901001v2\n---\n\ntext\n",
    })
    entries = _by_source(root)
    cli = entries["blog/2602.10999/cli-gym.md"]
    assert (cli.paper_key, cli.year, cli.year_source) == ("arxiv:2602.10999", 2026, "arxiv")
    assert paper_link(cli) == "https://arxiv.org/abs/2602.10999"
    assert entries["blog/2512.14982/repeat.md"].paper_key == "arxiv:2512.14982"
    he = entries["zotero/He2016Deep.md"]
    assert (he.paper_key, he.year, he.year_source) == ("doi:10.1109/cvpr.2016.90", 2016, "metadata")
    assert entries["zotero/eprint.md"].paper_key == "arxiv:hep-th/9901001"
    # a folder named by an arXiv id holds one paper: the folder above it is the category
    assert {cli.category, entries["blog/2512.14982/repeat.md"].category} == {"blog"}


def test_a_note_named_by_its_arxiv_id_is_that_paper(make_notes) -> None:
    root = make_notes({
        "2106.09685.md": "# LoRA: Low-Rank Adaptation\n\n## Abstract\n\nlow rank\n",
        "2303.08774v3.md": "# GPT-4 Technical Report\n\ntext\n",
        "2024.12345.md": "# Budget Numbers\n\ntext\n",          # no real month: not an id
        "1706.03762.md": "# Attention\n\nSee https://arxiv.org/abs/1409.0473 for the idea.\n",  # a cited paper
    })
    entries = _by_source(root)
    lora = entries["2106.09685.md"]
    assert (lora.paper_key, lora.year, lora.year_source) == ("arxiv:2106.09685", 2021, "arxiv")
    assert entries["2303.08774v3.md"].paper_key == "arxiv:2303.08774"
    assert entries["2024.12345.md"].paper_key.startswith("file:")
    assert entries["1706.03762.md"].paper_key == "arxiv:1706.03762"


def test_arxiv_id_of_name() -> None:
    assert arxiv_id_of_name("2106.09685") == "2106.09685"
    assert arxiv_id_of_name("arXiv-1706.03762v5") == "1706.03762"
    assert arxiv_id_of_name("2313.00001") is None      # month 13
    assert arxiv_id_of_name("notes") is None
    assert arxiv_id_of_name("2106.09685-lora") is None
