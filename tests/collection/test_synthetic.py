"""The synthetic benchmark collection scans to exactly the entries it was built with, and notes/ reads well."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.collection.synthetic import build_collection


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


def test_note_files_are_real_shaped_deterministic_and_scan_to_one_entry_each(tmp_path: Path) -> None:
    from paperdesk.collection.synthetic import build_note_files

    count = build_note_files(tmp_path / "a", 120, seed=3)
    build_note_files(tmp_path / "b", 120, seed=3)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert [(tmp_path / "a" / f).read_bytes() for f in files] == [(tmp_path / "b" / f).read_bytes() for f in files]
    notes = [f for f in files if f.name != "README.md"]
    assert len(notes) == count == 120 and len(files) > len(notes)  # a few index files too
    sizes = [(tmp_path / "a" / f).stat().st_size for f in notes]
    assert min(sizes) >= 1800 and max(sizes) <= 8192
    text = "\n".join((tmp_path / "a" / f).read_text() for f in notes)
    for needle in ("](https://arxiv.org/", "![", "$$", "```", "* **Title**:", "title:", "## "):
        assert needle in text, needle
    collection = scan(tmp_path / "a", use_cache=False)
    assert Counter(e.source for e in collection.entries).most_common(1)[0][1] == 1
    assert len(collection.entries) == count
    assert all(e.year is not None for e in collection.entries)


def test_file_figures_report_ratios_to_their_floor(tmp_path: Path) -> None:
    from paperdesk.collection.bench import file_figures

    out = file_figures(tmp_path, quick=True, notes=60)
    assert out["scan_files_floor_s"] > 0
    floor = out["scan_files_floor_s"]
    assert out["scan_files_cold_ratio"] == pytest.approx(out["scan_files_cold_s"] / floor, rel=0.02, abs=0.01)
    assert out["rescan_files_ratio"] == pytest.approx(out["rescan_files_s"] / floor, rel=0.02, abs=0.01)
    assert "scan_files_entry_count_mismatch" not in out
