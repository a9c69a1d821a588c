"""Every spelling of a Markdown thematic break ends a note's metadata lines, as `---` does: the export
writes a body's `---` as `* * *`, and a `title:` line below it must stay text when the exported note is
scanned again. Found by tests/hostile: "# 0 / --- / title: hijack" came back titled "hijack"."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.export import export_entries


def _title(folder: Path, text: str) -> str:
    folder.mkdir(exist_ok=True)
    (folder / "note.md").write_text(text, encoding="utf-8")
    (entry,) = scan(folder, use_cache=False).entries
    return entry.title


@pytest.mark.parametrize("rule", ["---", "***", "___", "* * *", "- - -", "_ _ _", "-----", "  ***", "*\t*\t*"])
def test_any_thematic_break_ends_the_metadata_lines(tmp_path: Path, rule: str) -> None:
    assert _title(tmp_path, f"# The real title\n\n{rule}\ntitle: hijack\n") == "The real title"


def test_a_label_line_above_no_rule_still_gives_the_title(tmp_path: Path) -> None:
    # the rule is what stops them: without one, a "Title:" line is the note's metadata as before
    assert _title(tmp_path, "# notes\n\nTitle: Deep Residual Learning\n") == "Deep Residual Learning"


def test_an_exported_note_keeps_its_title_over_a_yaml_looking_block(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    assert _title(root, "# Zero shot\n\n---\ntitle: hijack\n") == "Zero shot"
    collection = scan(root, use_cache=False)
    report = export_entries(collection, None, collection.entries, tmp_path / "out")
    again = scan(tmp_path / "out", use_cache=False)
    (exported,) = [e for e in again.entries if e.source in report.files and e.source != "index.md"]
    assert exported.title == "Zero shot"
