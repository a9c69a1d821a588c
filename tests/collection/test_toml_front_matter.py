"""Hugo's TOML front matter (`+++` ... `+++`, `key = value`) is front matter like Jekyll's YAML:
its title, tags, categories and aliases are read and it is no part of the note's text."""

from __future__ import annotations

from paperdesk.collection import scan
from paperdesk.collection.frontmatter import front_matter_end, parse_front_matter

HUGO = """+++
title = "Denoising Diffusion Probabilistic Models"
date = 2022-01-02T10:00:00+01:00
draft = false
tags = ["diffusion", 'generative']
categories = ["Vision"]
aliases = ["DDPM"]

[params]
title = "not the note's title"
+++

Ho et al. 2020. https://arxiv.org/abs/2006.11239
"""


def test_toml_block_is_parsed() -> None:
    lines = HUGO.split("\n")
    end = front_matter_end(lines)
    assert end == 10
    data = parse_front_matter(lines, end)
    assert data["title"] == "Denoising Diffusion Probabilistic Models"
    assert data["tags"] == ["diffusion", "generative"]
    assert data["categories"] == ["Vision"]
    assert data["date"] == "2022-01-02T10:00:00+01:00"


def test_a_plus_line_later_in_a_note_is_not_front_matter() -> None:
    lines = ["# Title", "+++", "a = 1", "+++"]
    assert front_matter_end(lines) == -1
    assert front_matter_end(["+++", "no closing line"]) == -1


def test_scan_takes_title_and_category_from_toml_and_hides_the_block(make_notes) -> None:
    root = make_notes({"content/posts/ddpm.md": HUGO})
    (entry,) = scan(root).entries
    assert entry.title == "Denoising Diffusion Probabilistic Models"
    assert entry.category == "Vision"
    assert entry.aliases == ("DDPM",)
    assert "+++" not in entry.body and "draft" not in entry.body
    assert "Ho et al. 2020" in entry.body


def test_malformed_toml_still_gives_its_top_level_keys() -> None:
    lines = ["+++", 'title = "Broken Note"', "tags = [unclosed", "= no key", "+++", "", "text"]
    data = parse_front_matter(lines, front_matter_end(lines))
    assert data["title"] == "Broken Note"   # tomllib refuses the block; the line reading keeps the title
