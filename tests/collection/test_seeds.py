"""The five real seed collections from ../shared/seeds (skipped where ../shared is absent)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from paperdesk.collection import scan


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


def test_seed_000_year_headed_bullets(seeds_dir: Path) -> None:
    entries = scan(_seed(seeds_dir, "000"), use_cache=False).entries
    assert len(entries) == 21
    assert {e.year for e in entries} == {2022}
    assert all(e.short_name for e in entries)
    assert all(e.paper_key.startswith(("arxiv:", "doi:")) for e in entries)
    svc = next(e for e in entries if e.short_name == "SVC")
    assert svc.paper_key == "doi:10.1145/3503161.3548180"
    assert svc.venue == "ACM MM 2022"


def test_seed_001_jekyll_post_years_from_arxiv(seeds_dir: Path) -> None:
    collection = scan(_seed(seeds_dir, "001"), use_cache=False)
    entries = collection.entries
    assert len(entries) == 36
    sources = Counter(e.year_source for e in entries)
    # every entry with an arXiv link takes its year from it; FetchSGD (PMLR link) has none: the post's date
    # (2021-01-12) is when the post was written, not when any paper it lists came out
    assert sources == {"arxiv": 35, "none": 1}
    assert {e.noted for e in entries} == {"2021-01-12"}
    first = entries[0]
    assert (first.title, first.year) == ("Hierarchical Multi-Scale Attention for Semantic Segmentation", 2020)
    assert not any("Progress" in e.title for e in entries)
    assert all(e.lines[0] > 65 for e in entries)  # nothing from the script/style/progress preamble


def test_seed_002_categories_and_year_prefixes(seeds_dir: Path) -> None:
    entries = scan(_seed(seeds_dir, "002"), use_cache=False).entries
    assert len(entries) == 51
    assert set(Counter(e.category for e in entries)) == {
        "LLM", "Base Model", "Video", "Low-Level Vision", "Reinforcement Learning", "Image Generation", "Others",
    }
    assert {e.year_source for e in entries} == {"prefix"}


def test_seed_003_categories_mojibake_and_windows_images(seeds_dir: Path) -> None:
    collection = scan(_seed(seeds_dir, "003"), use_cache=False)
    entries = collection.entries
    assert len(entries) == 31
    assert len({e.category for e in entries}) == 6
    glow = next(e for e in entries if e.title.startswith("Glow"))
    assert "1×1" in glow.title and "Ã" not in collection.file_text(glow.source)
    assert any(w.kind == "mojibake" and w.line == 53 for w in collection.warnings)
    refs = [i for e in entries for i in e.images]
    assert refs and all(i.ref.startswith("E:\\") and i.resolved is None for i in refs)
    assert sum(1 for w in collection.warnings if w.kind == "image") == len(refs)


def test_seed_004_one_entry_per_question(seeds_dir: Path) -> None:
    entries = scan(_seed(seeds_dir, "004"), use_cache=False).entries
    # 73 lines end with "?": 3 are bullet items inside an answer and 2 are "Question:" lines of a
    # dialogue example, which leaves 68 question entries.
    assert len(entries) == 68
    assert all(e.title.endswith("?") for e in entries)
    topics = Counter(e.category for e in entries)
    # nine topic lines precede a question; a run of figure labels ("Photograph", "Stroke-based
    # Editing") before "How does CAT4D work?" is not a topic, so CAT4D stays in 3D Deep Learning
    assert len(topics) == 9
    assert topics["Generative Modeling"] == 21 and topics["3D Deep Learning"] == 22
    assert entries[0].category == "Object Detection/Segmentation"


def test_same_paper_in_two_seed_files_has_the_same_key(seeds_dir: Path) -> None:
    collection = scan(seeds_dir, use_cache=False)
    keys: dict[str, set[str]] = {}
    for e in collection.entries:
        keys.setdefault(e.paper_key, set()).add(e.source[:3])
    # Chinchilla (000 and 002) and ResNeXt (001 and 002) are noted twice
    assert keys["arxiv:2203.15556"] == {"000", "002"}
    assert keys["arxiv:1611.05431"] == {"001", "002"}
    ids = [e.id for e in collection.entries]
    assert len(ids) == len(set(ids))


def test_whole_seed_folder_scans_with_expected_totals(seeds_dir: Path) -> None:
    collection = scan(seeds_dir, use_cache=False)
    assert Counter(e.source[:3] for e in collection.entries) == {"000": 21, "001": 36, "002": 51, "003": 31, "004": 68}
    assert not [w for w in collection.warnings if w.kind == "unrecognised"]
