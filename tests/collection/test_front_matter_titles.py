"""A note with front matter and no `title:` is named by its file when its first heading is only one of
several sections; a "Description(s)" heading is a section, never the title."""

from __future__ import annotations

from paperdesk.collection import scan


def _titles(make_notes, notes: dict[str, str]) -> dict[str, str]:
    return {e.source: e.title for e in scan(make_notes(notes), use_cache=False).entries}


def test_a_section_among_sections_does_not_name_a_note_with_properties(make_notes) -> None:
    titles = _titles(make_notes, {
        "cli-gym.md": "---\ntags: [agents]\n---\n\n## The gist in one line\n\ntext\n\n## What they built\n\n- tasks\n",
        "lone.md": "---\ntags: [x]\n---\n\n## Deep Residual Learning\n\ntext\n\n## Summary\n\ntext\n",
        "plain.md": "## Deep Residual Learning\n\ntext\n\n## Why it works\n\ntext\n",  # no properties: as before
        "h1.md": "---\ntags: [x]\n---\n\n# Mask R-CNN\n\n## The gist\n\ntext\n\n## What they built\n\ntext\n",
    })
    assert titles == {"cli-gym.md": "cli gym", "lone.md": "Deep Residual Learning", "plain.md": "Deep Residual Learning",
                      "h1.md": "Mask R-CNN"}


def test_a_descriptions_heading_is_a_section(make_notes) -> None:
    note = ("---\nyear: 2016\n---\n# Descriptions\n\n## Deep Residual Learning for Image Recognition\n"
            "> [!info]\n> - **Abstract:** residual learning.\n\n# Summary\n\nSkip connections.\n")
    assert _titles(make_notes, {"He2016Deep.md": note}) == {"He2016Deep.md": "Deep Residual Learning for Image Recognition"}
