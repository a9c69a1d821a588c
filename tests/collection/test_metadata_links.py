"""An entry's paper link is its own: never a figure's address, never a paper its prose cites."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan

LISTED = """## Papers

### [Alpha](https://arxiv.org/abs/2301.00001)

Alpha learns a value function from play.

### Beta Paper (2020)

This paper extends [Alpha](https://arxiv.org/abs/2301.00001) with a new loss for the training objective.

### Gamma Paper (2021)

![teaser](https://example.com/gamma/teaser.png)

Gamma is about robots.

### Delta Paper

<img src="https://example.com/delta.png" width="300">

[paper](https://arxiv.org/abs/2302.00002)
"""


def _by_title(tmp_path: Path) -> dict:
    return {e.title: e for e in scan(tmp_path, use_cache=False).entries}


def test_a_paper_cited_in_prose_does_not_give_its_key_to_the_citing_entry(tmp_path: Path) -> None:
    (tmp_path / "papers.md").write_text(LISTED, encoding="utf-8")
    entries = _by_title(tmp_path)
    assert entries["Alpha"].paper_key == "arxiv:2301.00001"
    assert entries["Beta Paper"].paper_key.startswith("file:")
    keys = [e.paper_key for e in entries.values()]
    assert len(keys) == len(set(keys)), "two entries share a paper key, and so their annotations"


def test_an_image_address_is_never_the_paper_link(tmp_path: Path) -> None:
    (tmp_path / "papers.md").write_text(LISTED, encoding="utf-8")
    (tmp_path / "own-note.md").write_text(
        "# My Notes On Diffusion\n\n![figure 1](https://i.imgur.com/abc.png)\n\nThe sampler is slow.\n",
        encoding="utf-8")
    entries = _by_title(tmp_path)
    assert entries["Gamma Paper"].paper_key.startswith("file:")
    assert entries["My Notes On Diffusion"].paper_key.startswith("file:")
    assert entries["Delta Paper"].paper_key == "arxiv:2302.00002"   # the link line below the figure
