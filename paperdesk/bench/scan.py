"""Scan benchmark: cold scan, unchanged re-scan and peak memory on synthetic collections, and the
per-file path (one note per file, the common real layout) as ratios to a read+decode floor."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from paperdesk.bench.synthetic_collection import build_collection, build_note_files
from paperdesk.collection.cache import RACY_NS, cache_path
from paperdesk.collection.scanner import scan

NOTE_FILES = 10_000
NOTE_FILES_QUICK = 1_000


def _cpu_with_children() -> float:
    """CPU seconds of this process plus its finished child processes (the scan's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _timed_scan(root: Path, cold: bool) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds of this process and its workers) of one scan; `cold` deletes
    the scan cache first."""
    if cold:
        cache_path(root).unlink(missing_ok=True)
    gc.collect()
    wall, cpu = time.perf_counter(), _cpu_with_children()
    scan(root)
    return time.perf_counter() - wall, _cpu_with_children() - cpu


def settle(built_ns: int) -> None:
    """Wait until files written at or before `built_ns` are older than the scan cache's racy window.

    A scan re-reads any file whose time stamps are within RACY_NS of its start (a write in the same
    clock tick could go unseen), so scans timed right after the bench writes its collection measured
    that re-read, not the unchanged re-scan a user gets on files older than a few seconds.
    """
    wait_ns = built_ns + RACY_NS + 100_000_000 - time.time_ns()
    if wait_ns > 0:
        time.sleep(wait_ns / 1e9)


def read_floor(root: Path) -> float:
    """Seconds to list, read and UTF-8-decode every note file under `root` in this process (the floor)."""
    gc.collect()
    started = time.perf_counter()
    chars = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if name.endswith(".md"):
                with open(os.path.join(folder, name), "rb") as handle:
                    chars += len(handle.read().decode("utf-8", errors="replace"))
    return time.perf_counter() - started


def file_figures(work: Path, quick: bool, notes: int | None = None) -> dict[str, float]:
    """scan_files_floor_s, scan_files_cold_ratio and rescan_files_ratio on one-note-per-file notes.

    The collection holds 10,000 notes of 2-8 KB (1,000 in quick mode) plus a few index READMEs.
    The floor is the best of 3 read+decode passes over the same files; cold is the best of 2
    scans without a cache (the cache is written during the scan, as on a first open); re-scan is
    the best of 3 scans with nothing changed. Both ratios divide by the floor of the same run.
    The CPU figures add the scan's worker processes (a cold scan of many files parses in parallel).
    """
    root = work / "note-files"
    count = build_note_files(root, notes or (NOTE_FILES_QUICK if quick else NOTE_FILES))
    settle(time.time_ns())
    floor = min(read_floor(root) for _ in range(3))
    cold, cold_cpu = _best([_timed_scan(root, cold=True) for _ in range(2)])
    rescan, _ = _best([_timed_scan(root, cold=False) for _ in range(3)])
    out = {
        "scan_files_floor_s": round(floor, 6),
        "scan_files_cold_s": round(cold, 6),
        "scan_files_cold_cpu_s": round(cold_cpu, 4),
        "scan_files_cold_ratio": round(cold / floor, 2),
        "rescan_files_s": round(rescan, 6),
        "rescan_files_ratio": round(rescan / floor, 2),
    }
    entries = len(scan(root).entries)
    if entries != count:
        out["scan_files_entry_count_mismatch"] = float(entries - count)
    cache_path(root).unlink(missing_ok=True)
    return out


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(r[0] for r in runs), min(r[1] for r in runs)


def _label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def figures(quick: bool) -> dict[str, float]:
    """Return scan_cold_<N>_s, rescan_<N>_s, scan_cold_<M>_s and scan_peak_mb (+ *_cpu_s twins), and the
    per-file figures of `file_figures`.

    Full mode uses N = 10k and M = 50k entries; quick mode 1k and 5k (the names say which).
    "Cold" means no scan cache (the cache is written during the timed scan, as on a first open);
    the re-scan changes nothing. Wall times are best-of-2 (cold 10k) / best-of-3 (re-scan); the
    CPU twins (this process plus the scan's worker processes) show how much work the scan did,
    apart from waiting on a busy machine. Peak memory is tracemalloc's peak during a cold scan of M entries.
    """
    small, large = (1_000, 5_000) if quick else (10_000, 50_000)
    out: dict[str, float] = {}
    work = Path(tempfile.mkdtemp(prefix="paperdesk-bench-scan-"))
    try:
        for n in (small, large):
            root = work / f"c{n}"
            count = build_collection(root, n)
            settle(time.time_ns())
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
        out.update(file_figures(work, quick))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
