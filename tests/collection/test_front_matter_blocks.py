"""YAML front matter values over several lines: block scalars (`title: >-`) and long plain scalars."""

from __future__ import annotations

from paperdesk.collection import scan
from paperdesk.collection.frontmatter import front_matter_end, parse_front_matter


def _parse(text: str) -> dict[str, str | list[str]]:
    lines = text.split("\n")
    return parse_front_matter(lines, front_matter_end(lines))


def test_folded_and_literal_block_scalars_are_one_line_of_text() -> None:
    fm = _parse("---\ntitle: >-\n  [Paper Note] Swin Transformer: Hierarchical\n  Vision Transformer\n"
                "abstract: |\n  First paragraph.\n\n  Second paragraph.\nyear: 2021\n---\n")
    assert fm["title"] == "[Paper Note] Swin Transformer: Hierarchical Vision Transformer"
    assert fm["abstract"] == "First paragraph. Second paragraph."
    assert fm["year"] == "2021"


def test_indicators_with_chomping_and_indentation_digits() -> None:
    for indicator in (">", "|", ">-", "|+", ">2", "|2-", ">-2"):
        assert _parse(f"---\ntitle: {indicator}\n  Deep Sets\nyear: 2017\n---\n")["title"] == "Deep Sets", indicator


def test_a_plain_scalar_goes_on_over_indented_lines() -> None:
    fm = _parse("---\ntitle: Learning Transferable Visual Models\n  From Natural Language Supervision\ndate: 2021-02-26\n---\n")
    assert fm["title"] == "Learning Transferable Visual Models From Natural Language Supervision"
    assert fm["date"] == "2021-02-26"


def test_lists_and_nested_maps_keep_their_old_reading() -> None:
    fm = _parse("---\ntags:\n  - a\n  - b\nauthor:\n  name: Someone\n  site: x\nprompts:\n  - title: one\n"
                "    prompt: |-\n      text: that looks like a key\ntitle: \"Quoted\"\n  stray: line\n---\n")
    assert fm["tags"] == ["a", "b"]
    assert fm["author"] == ""
    assert fm["prompts"] == ["title: one"]
    assert fm["title"] == "Quoted"
    assert "name" not in fm and "text" not in fm


def test_an_empty_block_scalar_is_empty_and_the_note_keeps_its_heading(make_notes) -> None:
    root = make_notes({"n.md": "---\ntitle: >-\ndate: 2025-03-04\n---\n\n# Deep Sets\n\ntext\n"})
    entry = scan(root, use_cache=False).entries[0]
    assert (entry.title, entry.noted) == ("Deep Sets", "2025-03-04")
