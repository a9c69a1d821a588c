"""Front matter values in YAML's quoted styles read as YAML means them: the escapes PyYAML writes in a
double-quoted value (paperdesk's own export among its writers) and a single-quoted value's doubled
apostrophe. Found by tests/hostile: an exported title holding U+FFFE came back as "\\uFFFE"."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan
from paperdesk.export.yaml_block import front_matter


def _title(tmp_path: Path, line: str) -> str:
    (tmp_path / "note.md").write_text(f"---\n{line}\n---\n\nSome words of the note.\n", encoding="utf-8")
    (entry,) = scan(tmp_path, use_cache=False).entries
    return entry.title


def test_a_title_the_export_writes_reads_back_as_itself(tmp_path: Path) -> None:
    for title in ("Zero\ufffewidth", "Next\x85line", "Tab\there", 'Say "hi" to 1\u2028you', "Smile \U0001F600\ufeff",
                  "It's \ufffe"):
        dumped = front_matter({"title": title}).split("\n")[1]
        assert _title(tmp_path, dumped) == " ".join(title.split()), dumped    # titles squash white space


def test_single_quoted_apostrophes_are_undoubled(tmp_path: Path) -> None:
    assert _title(tmp_path, "title: 'Don''t stop'") == "Don't stop"


def test_a_backslash_that_is_no_escape_stays(tmp_path: Path) -> None:
    assert _title(tmp_path, 'title: "Paths like C:\\Users\\me and \\q"') == "Paths like C:\\Users\\me and \\q"
    assert _title(tmp_path, "title: Plain \\n stays") == "Plain \\n stays"
