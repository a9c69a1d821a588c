"""The one-note-per-file generator of the start-up bench: deterministic, and read as one paper per note."""

from __future__ import annotations

from pathlib import Path

from paperdesk.bench.note_files import build_note_files
from paperdesk.collection import scan


def test_notes_are_deterministic_and_scan_as_one_paper_each(tmp_path: Path) -> None:
    assert build_note_files(tmp_path / "a", 40) == 40
    build_note_files(tmp_path / "b", 40)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    sizes = [(tmp_path / "a" / f).stat().st_size for f in files if f.name != "README.md"]
    assert min(sizes) >= 2000 and max(sizes) <= 9000
    collection = scan(tmp_path / "a", use_cache=False)
    assert len(collection.entries) == 40          # index READMEs give no entries
    assert not collection.warnings
    assert all(e.year is not None and e.note_tags and e.category != "Uncategorised" for e in collection.entries)
