"""Benchmark of the filter box: per-keystroke filtering over 10,000 synthetic entries."""

from __future__ import annotations

import statistics
import time

from paperdesk.bench.synthetic_entries import synthetic_collection
from paperdesk.query.index import SearchIndex

TYPED_QUERIES = (
    "diffusion tag:rl status:unread year:2020..2022",
    "policy reward -tag:survey has:highlights",
    '"latent flow" cat:video year:2018..',
)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def figures(quick: bool) -> dict[str, float]:
    """Return `filter_keystroke_p95_ms` (wall time per keystroke, typing each query char by char
    from empty caches), its CPU-time twin `filter_keystroke_cpu_p95_ms` (less sensitive to other
    processes), `filter_keystroke_p50_ms` and `filter_index_build_s`, at 10,000 entries with
    ~1.2 kB bodies, tags, statuses and highlights (2,000 entries when quick)."""
    count = 2_000 if quick else 10_000
    entries, notes = synthetic_collection(count)
    started = time.perf_counter()
    index = SearchIndex(entries, notes)
    build_s = time.perf_counter() - started
    wall: list[float] = []
    cpu: list[float] = []
    for _round in range(1 if quick else 3):
        index.refresh_annotations()   # as after a store change
        index.drop_caches()           # and type every query from scratch
        for query in TYPED_QUERIES:
            for end in range(1, len(query) + 1):
                t0, c0 = time.perf_counter(), time.process_time()
                index.filter(query[:end])
                wall.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
    return {
        "filter_keystroke_p95_ms": round(_p95(wall), 3),
        "filter_keystroke_cpu_p95_ms": round(_p95(cpu), 3),
        "filter_keystroke_p50_ms": round(statistics.median(wall), 3),
        "filter_index_build_s": round(build_s, 3),
    }
