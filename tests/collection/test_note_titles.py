"""A one-note file's title when its heading reads like a section ("ResNet notes", "Notes on ViT")."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.collection.sections import names_something


@pytest.mark.parametrize(("heading", "named"), [
    ("ResNet notes", True), ("Notes on ViT", True), ("CRLF note", True), ("Attention: summary", True),
    ("Notes", False), ("My reading notes", False), ("Quick summary", False), ("Summary of the paper", False),
])
def test_a_section_like_heading_names_something_when_a_word_is_neither_section_nor_filler(heading, named):
    assert names_something(heading) is named


@pytest.mark.parametrize(("heading", "title"), [
    ("ResNet notes", "ResNet notes"), ("Notes on ViT", "Notes on ViT"),
    ("My reading notes", "resnet paper"), ("Summary", "resnet paper"),
])
def test_the_lone_heading_is_the_title_unless_it_only_says_what_kind_of_note(tmp_path: Path, heading, title):
    (tmp_path / "resnet-paper.md").write_text(f"# {heading}\n\nResidual blocks make deep nets trainable.\n\n"
                                              "## Summary\n\nIt works.\n", encoding="utf-8")
    (entry,) = scan(tmp_path).entries
    assert entry.title.casefold() == title.casefold()


@pytest.mark.parametrize(("heading", "title"), [
    ("[[Attention Is All You Need]]", "Attention Is All You Need"),
    ("[[attention-2017|Attention Is All You Need]]", "Attention Is All You Need"),
    ("Notes on [[Deep Residual Learning#Method]]", "Notes on Deep Residual Learning"),
])
def test_a_wiki_link_in_a_title_gives_its_shown_name_in_a_heading_and_in_front_matter(tmp_path: Path, heading, title):
    # the export writes a heading's title into `title:`; both must read back as the same title
    (tmp_path / "a.md").write_text(f"# {heading}\n\nResidual blocks.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f'---\ntitle: "{heading}"\n---\n\nResidual blocks.\n', encoding="utf-8")
    titles = {e.source: e.title for e in scan(tmp_path).entries}
    assert titles == {"a.md": title, "b.md": title}
