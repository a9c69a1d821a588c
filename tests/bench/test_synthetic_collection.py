"""The synthetic benchmark collection scans to exactly the entries it was built with, and notes/ reads well."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from paperdesk.bench.synthetic_collection import build_collection
from paperdesk.collection import scan


def test_synthetic_collection_entry_count_and_layouts(tmp_path: Path) -> None:
    count = build_collection(tmp_path / "c", 600)
    collection = scan(tmp_path / "c")
    assert len(collection.entries) == count == 600
    kinds = Counter(e.source.split("/")[-1].split("-")[0] for e in collection.entries)
    # 540 multi-entry entries in files of 40 cycling through five layouts (the 14th file holds 20),
    # plus 60 one-note files
    assert kinds == {"year_bullets": 120, "jekyll": 120, "category_prefix": 120, "category_titles": 100,
                     "questions": 80, "note": 60}
    assert not [w for w in collection.warnings if w.kind == "unrecognised"]
    assert len({e.id for e in collection.entries}) == 600
    again = scan(tmp_path / "c")
    assert [e.id for e in again.entries] == [e.id for e in collection.entries]
