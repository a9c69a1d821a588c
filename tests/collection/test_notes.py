"""The bundled sample collection (notes/) scans into sensible entries."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from paperdesk.collection import scan


def test_bundled_notes_scan_into_sensible_entries(notes_dir: Path) -> None:
    collection = scan(notes_dir, use_cache=False)
    entries = collection.entries
    assert len(entries) >= 40
    sources = {e.source for e in entries}
    # the two index READMEs are files of the collection but not papers
    assert "README.md" in collection.files and "papers/README.md" in collection.files
    assert "README.md" not in sources and "papers/README.md" not in sources
    assert not [w for w in collection.warnings if w.kind in ("unrecognised", "binary", "unreadable")]
    # several layouts at once: multi-entry files and one-note-per-file notes
    per_file = Counter(e.source for e in entries)
    assert any(n >= 5 for n in per_file.values()) and any(n == 1 for n in per_file.values())
    # most entries have a year and a web paper key
    assert sum(1 for e in entries if e.year is not None) >= 0.9 * len(entries)
    assert sum(1 for e in entries if not e.paper_key.startswith("file:")) >= 0.9 * len(entries)
    # papers noted twice share their key (RT-2 and DDPM per notes/README.md)
    keys: dict[str, set[str]] = {}
    for e in entries:
        keys.setdefault(e.paper_key, set()).add(e.source)
    assert len(keys["arxiv:2307.15818"]) == 2 and len(keys["arxiv:2006.11239"]) == 2
    assert len({e.id for e in entries}) == len(entries)
