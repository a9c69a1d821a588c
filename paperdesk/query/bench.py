"""Benchmark of the filter box: per-keystroke filtering over 10,000 synthetic entries."""

from __future__ import annotations

import statistics
import time

from paperdesk.query.index import SearchIndex
from paperdesk.query.synthetic import synthetic_collection

TYPED_QUERIES = (
    "diffusion tag:rl status:unread year:2020..2022",
    "policy reward -tag:survey has:highlights",
    '"latent flow" cat:video year:2018..',
)


def figures(quick: bool) -> dict[str, float]:
    """Return `filter_keystroke_p95_ms` (typing queries char by char), `filter_keystroke_p50_ms`
    and `filter_index_build_s` at 10,000 entries (2,000 when quick)."""
    count = 2_000 if quick else 10_000
    entries, notes = synthetic_collection(count)
    started = time.perf_counter()
    index = SearchIndex(entries, notes)
    build_s = time.perf_counter() - started
    timings: list[float] = []
    for _round in range(1 if quick else 3):
        index.refresh_annotations()   # drops the term cache, as after a store change
        for query in TYPED_QUERIES:
            for end in range(1, len(query) + 1):
                t0 = time.perf_counter()
                index.filter(query[:end])
                timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    return {
        "filter_keystroke_p95_ms": round(p95, 3),
        "filter_keystroke_p50_ms": round(statistics.median(timings), 3),
        "filter_index_build_s": round(build_s, 3),
    }
