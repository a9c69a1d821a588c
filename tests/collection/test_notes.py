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


def test_lab_notes_folder_reads_one_entry_per_file_with_years_and_noted_dates(notes_dir: Path) -> None:
    collection = scan(notes_dir, use_cache=False)
    lab = {e.source.split("/", 1)[1]: e for e in collection.entries if e.source.startswith("lab-notes/")}
    assert "README.md" not in lab and "lab-notes/README.md" in collection.files
    assert len(lab) == len([f for f in collection.files if f.startswith("lab-notes/")]) - 1
    expect = {  # file: (title, year, noted, kind)
        "resnext.md": ("Aggregated Residual Transformations for Deep Neural Networks", 2016, "2019-02", "paper"),
        "se-net.md": ("Squeeze-and-Excitation Networks", 2018, "2019-02", "paper"),
        "stochastic-depth.md": ("Deep Networks with Stochastic Depth", 2016, "2019-03-12", "paper"),
        "neural-ode.md": ("Neural Ordinary Differential Equations", 2018, "2019-03", "paper"),
        "distillation.md": ("Distilling the Knowledge in a Neural Network", 2015, "2020-05-04", "paper"),
        "talk-training-tricks.md": ("Talk notes: practical tricks for training deep networks", None, None, "doc"),
    }
    assert {k: (e.title, e.year, e.noted, str(e.kind)) for k, e in lab.items()} == expect
    assert lab["resnext.md"].short_name == "ResNeXt"
    assert lab["talk-training-tricks.md"].category == "Talks"  # the index's topic heading
    text = collection.file_text("lab-notes/se-net.md")
    assert lab["se-net.md"].lines == (1, text.rstrip("\n").count("\n") + 1)  # the whole file


def test_front_matter_aliases_are_read_as_whole_names(tmp_path: Path, monkeypatch) -> None:
    import time

    from paperdesk.collection import scanner
    from paperdesk.collection.frontmatter import front_matter_aliases

    assert front_matter_aliases({"aliases": ["GAN paper", " Goodfellow  2014 ", "", "GAN paper"]}) == (
        "GAN paper", "Goodfellow 2014")
    assert front_matter_aliases({"aliases": "GAN paper, Adversarial nets"}) == ("GAN paper", "Adversarial nets")
    assert front_matter_aliases({"alias": "One Name"}) == ("One Name",)
    assert front_matter_aliases({"title": "x"}) == ()
    (tmp_path / "gan.md").write_text("---\naliases: [GAN paper, GANs]\n---\n# Generative Adversarial Nets\n\nText.\n",
                                     encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n\naliases: not front matter\n", encoding="utf-8")
    later = time.time_ns() + 60_000_000_000   # no stamp is racy: the re-scans take the cached paths
    monkeypatch.setattr(scanner, "_now_ns", lambda: later)
    used: list[bool] = []
    real = scanner._from_snapshot
    monkeypatch.setattr(scanner, "_from_snapshot", lambda *a: used.append(True) or real(*a))
    scans = [scan(tmp_path) for _ in range(3)]   # cold, from the parse cache, from the snapshot
    assert used == [True]
    for collection in scans:
        assert {e.title: e.aliases for e in collection.entries} == {
            "Generative Adversarial Nets": ("GAN paper", "GANs"), "Other": ()}
