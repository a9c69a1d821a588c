"""Obsidian tag lines (`#paper #nlp`) near a note's top are its tags; `#1` and headings are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.collection.notefacts import tag_line


@pytest.mark.parametrize(("line", "tags"), [
    ("#paper #nlp", ["paper", "nlp"]),
    ("#paper, #nlp/transformers", ["paper", "nlp/transformers"]),
    ("#中文 #标签", ["中文", "标签"]),
    ("#2021paper", ["2021paper"]),
])
def test_a_line_of_tags_gives_them(line: str, tags: list[str]) -> None:
    assert tag_line(line) == tags


@pytest.mark.parametrize("line", ["#1 best paper", "#12", "# Title", "#paper and some prose", "#a#b"])
def test_other_lines_give_none(line: str) -> None:
    assert tag_line(line) is None


def test_a_vault_note_gets_its_tag_line_as_tags(tmp_path: Path) -> None:
    (tmp_path / "lora.md").write_text("# LoRA: Low-Rank Adaptation of Large Language Models\n\n#paper #peft #llm\n\n"
                                      "Freeze the weights, train a low-rank update.\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("# Another Paper on Sparse Routing\n\n#1 idea: route tokens.\n",
                                       encoding="utf-8")
    entries = {e.source: e for e in scan(tmp_path, use_cache=False).entries}
    assert entries["lora.md"].note_tags == ("paper", "peft", "llm")
    assert entries["lora.md"].title == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert entries["other.md"].note_tags == ()
