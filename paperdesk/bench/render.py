"""Benchmark of rendering: Markdown to final HTML per entry over the seed notes and notes/."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import markdown

from paperdesk.paths import BUNDLED_NOTES, PROJECT_DIR
from paperdesk.render.entry_html import render_entry
from paperdesk.render.math_svg import MathRenderer


def _seed_files() -> list[Path]:
    seeds = Path(os.environ.get("PAPERDESK_SEEDS", PROJECT_DIR.parent / "shared" / "seeds"))
    return sorted(seeds.glob("*.txt")) if seeds.is_dir() else []


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def figures(quick: bool) -> dict[str, float]:
    """Return `render_p50_ms`, `render_p95_ms` (warm math cache), `render_disk_cache_p95_ms`
    (math from the disk cache only), `render_cold_math_ms_per_formula` and
    `markdown_baseline_p50_ms` (bare markdown.markdown() on the same entries, same run)."""
    from paperdesk.collection import scan

    collections = [scan(path, use_cache=False) for path in [*_seed_files(), BUNDLED_NOTES] if path.exists()]
    pairs = [(entry, collection) for collection in collections for entry in collection.entries]
    rounds = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-") as tmp:
        renderer = MathRenderer(Path(tmp) / "math.sqlite")
        started = time.perf_counter()
        for entry, collection in pairs:     # cold: fills the caches
            render_entry(entry, collection, renderer=renderer)
        cold_s = time.perf_counter() - started
        cold_formulas = max(renderer.renders, 1)
        warm: list[float] = []
        for _ in range(rounds):
            for entry, collection in pairs:
                t0 = time.perf_counter()
                render_entry(entry, collection, renderer=renderer)
                warm.append((time.perf_counter() - t0) * 1000)
        disk: list[float] = []
        for entry, collection in pairs:
            renderer.clear_memory()
            t0 = time.perf_counter()
            render_entry(entry, collection, renderer=renderer)
            disk.append((time.perf_counter() - t0) * 1000)
    baseline: list[float] = []
    for _ in range(rounds):
        for entry, _collection in pairs:
            t0 = time.perf_counter()
            markdown.markdown(entry.body)
            baseline.append((time.perf_counter() - t0) * 1000)
    return {
        "render_p50_ms": round(statistics.median(warm), 3),
        "render_p95_ms": round(_percentile(warm, 0.95), 3),
        "render_disk_cache_p95_ms": round(_percentile(disk, 0.95), 3),
        "render_cold_ms_per_formula": round(cold_s * 1000 / cold_formulas, 3),
        "render_entries": float(len(pairs)),
        "markdown_baseline_p50_ms": round(statistics.median(baseline), 3),
    }
