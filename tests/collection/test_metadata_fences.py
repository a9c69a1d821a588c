"""A YAML-looking block or a code block inside a note's body is text, never the note's metadata."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan


def test_a_yaml_block_in_the_body_does_not_retitle_the_note(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(
        "# Real Paper Title\n\nWhat the paper does.\n\n---\ntitle: HIJACKED\nyear: 1999\n---\n\nMore text.\n",
        encoding="utf-8")
    (tmp_path / "code.md").write_text(
        "# Another Real Title\n\n```yaml\ntitle: ALSO HIJACKED\n```\n\nText.\n", encoding="utf-8")
    entries = {e.source: e for e in scan(tmp_path, use_cache=False).entries}
    assert entries["note.md"].title == "Real Paper Title"
    assert entries["note.md"].year != 1999
    assert entries["code.md"].title == "Another Real Title"


def test_metadata_lines_above_a_rule_still_count(tmp_path: Path) -> None:
    (tmp_path / "meta.md").write_text(
        "# Paper\n\n* **Title**: Deep Residual Learning\n* **Year**: 2016\n\n---\n\n# Summary\n\nText.\n",
        encoding="utf-8")
    (entry,) = scan(tmp_path, use_cache=False).entries
    assert entry.title == "Deep Residual Learning" and entry.year == 2016
