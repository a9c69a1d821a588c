"""Scan benchmark: cold scan, unchanged re-scan and peak memory on synthetic mixed-layout collections."""

from __future__ import annotations

import gc
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from paperdesk.bench.synthetic_collection import build_collection
from paperdesk.collection.cache import cache_path
from paperdesk.collection.scanner import scan


def _timed_scan(root: Path, cold: bool) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds) of one scan; `cold` deletes the scan cache first."""
    if cold:
        cache_path(root).unlink(missing_ok=True)
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    scan(root)
    return time.perf_counter() - wall, time.process_time() - cpu


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(r[0] for r in runs), min(r[1] for r in runs)


def _label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def figures(quick: bool) -> dict[str, float]:
    """Return scan_cold_<N>_s, rescan_<N>_s, scan_cold_<M>_s and scan_peak_mb (+ *_cpu_s twins).

    Full mode uses N = 10k and M = 50k entries; quick mode 1k and 5k (the names say which).
    "Cold" means no scan cache (the cache is written during the timed scan, as on a first open);
    the re-scan changes nothing. Wall times are best-of-2 (cold 10k) / best-of-3 (re-scan); the
    CPU twins show how much of the wall time was this process working rather than waiting on a
    busy machine. Peak memory is tracemalloc's peak during a cold scan of M entries.
    """
    small, large = (1_000, 5_000) if quick else (10_000, 50_000)
    out: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="paperdesk-bench-scan-"))
    try:
        for n in (small, large):
            root = work / f"c{n}"
            count = build_collection(root, n)
            label = _label(n)
            wall, cpu = _best([_timed_scan(root, cold=True) for _ in range(2 if n == small else 1)])
            out[f"scan_cold_{label}_s"] = round(wall, 4)
            out[f"scan_cold_{label}_cpu_s"] = round(cpu, 4)
            if n == small:
                wall, cpu = _best([_timed_scan(root, cold=False) for _ in range(3)])
                out[f"rescan_{label}_s"] = round(wall, 4)
                out[f"rescan_{label}_cpu_s"] = round(cpu, 4)
            else:
                gc.collect()
                tracemalloc.start()
                collection = scan(root, use_cache=False)
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
                out["scan_peak_mb"] = round(peak / 1e6, 1)
                if len(collection.entries) != count:
                    out["scan_entry_count_mismatch"] = float(len(collection.entries) - count)
            cache_path(root).unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
