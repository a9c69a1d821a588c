"""The real seed collections exported with highlights: clean re-import, and pandoc reads every file."""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from export_fixtures import comparable, pandoc_text

from paperdesk.collection import scan
from paperdesk.export import export_entries
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore

COLORS = 5


def _annotate(collection, store: AnnotationStore) -> list[tuple[str, str]]:
    """Highlight a middle passage of every 7th entry (note on every other); tag and mark some."""
    done = []
    for n, entry in enumerate(collection.entries):
        if n % 7:
            continue
        text = render_entry(entry, collection).text
        words = text.split()
        if len(words) < 12:
            continue
        quote = " ".join(words[len(words) // 2: len(words) // 2 + 6])
        start = text.find(quote)
        if start < 0:  # words separated by newlines/tabs: take the raw slice instead
            start = text.find(words[len(words) // 2])
            quote = text[start:start + 40]
        h = store.add_highlight(entry.id, entry.paper_key, text, start, start + len(quote), n % COLORS,
                                "why it matters" if n % 14 == 0 else "")
        done.append((entry.id, h.quote))
        if n % 14 == 0:
            store.add_tag(entry.paper_key, "seed tag")
            store.set_status(entry.paper_key, "read")
    return done


def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text[4:].partition("\n---\n")[0])


def test_seed_export_round_trip_and_pandoc(seeds_dir: Path, tmp_path: Path) -> None:
    root = tmp_path / "seeds"
    root.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, root / seed.name)
    collection = scan(root, use_cache=False)
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        highlighted = _annotate(collection, store)
        out = tmp_path / "out"
        report = export_entries(collection, store, collection.entries, out)
        live = report.highlights_inline + report.highlights_listed_only
        rate = report.highlights_inline / max(1, live)
        print(f"seed export: {len(collection.entries)} entries, {live} highlights, "
              f"{rate:.0%} marked inline, {report.orphans} orphans")
        assert len(highlighted) >= 25
        assert live + report.orphans == len(highlighted)
        assert rate >= 0.8

        again = scan(out, use_cache=False)
        key = lambda e: (e.title, e.category, e.year)  # noqa: E731
        assert sorted(map(key, again.entries)) == sorted(map(key, collection.entries))
        for entry in again.entries:
            meta = _front(out / entry.source)
            original = collection.entry(meta["entry_id"])
            assert meta["tags"] == store.tags(original.paper_key) + [
                t for t in original.note_tags if t.casefold() not in {x.casefold() for x in store.tags(original.paper_key)}
            ]
            assert meta["status"] == store.status(original.paper_key)

        if shutil.which("pandoc") is None:
            pytest.skip("pandoc is not installed (a system package): the round trip passed, pandoc not checked")
        files = sorted(out.rglob("*.md"))
        # Every file in one pandoc run (one process start instead of ~200; each file begins with its
        # own YAML block, which pandoc reads wherever it stands)...
        result = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", *map(str, files)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        # ...and each annotated entry's file alone, to check its metadata and highlighted text.
        quotes = dict(highlighted)
        targets = [p for p in files if p.name != "index.md" and _front(p)["entry_id"] in quotes]
        assert len(targets) == len(quotes)

        def read(path: Path) -> tuple[Path, subprocess.CompletedProcess]:
            return path, subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(path)],
                                        capture_output=True, text=True, timeout=120)

        with ThreadPoolExecutor(max_workers=4) as pool:
            for path, result in pool.map(read, targets):
                assert result.returncode == 0, f"pandoc failed on {path}: {result.stderr}"
                doc = json.loads(result.stdout)
                entry = collection.entry(pandoc_text(doc["meta"]["entry_id"]["c"]))
                assert pandoc_text(doc["meta"]["status"]["c"]) == store.status(entry.paper_key)
                tags = [pandoc_text(t["c"]) for t in doc["meta"]["tags"]["c"]] if "tags" in doc["meta"] else []
                assert tags == _front(path)["tags"]
                body = comparable(pandoc_text(doc["blocks"]))
                for word in comparable(quotes[entry.id]).split():
                    assert word in body, (path, word)
    finally:
        store.close()


def test_bundled_notes_export_round_trip(notes_dir: Path, tmp_path: Path) -> None:
    collection = scan(notes_dir, use_cache=False)
    assert len(collection.entries) >= 40
    out = tmp_path / "out"
    report = export_entries(collection, None, collection.entries, out)
    assert report.images_copied, "the sample notes have images: they must be copied"
    for rel in report.images_copied:
        assert (out / rel).read_bytes() == (notes_dir / rel.removeprefix("assets/")).read_bytes()
    again = scan(out, use_cache=False)
    key = lambda e: (e.title, e.category, e.year)  # noqa: E731
    assert sorted(map(key, again.entries)) == sorted(map(key, collection.entries))
    if shutil.which("pandoc") is not None:
        files = sorted(out.rglob("*.md"))
        result = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", *map(str, files)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
