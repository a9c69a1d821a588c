"""GUI benchmark: start-up to the first painted entry, entry paint times, and filtering in the window.

Each measurement runs the real app (or gui.window_probe, its window side) in a subprocess with
the offscreen Qt platform, so the bench process itself never creates a QApplication.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from paperdesk.bench.startup import bench_env, launch
from paperdesk.paths import BUNDLED_NOTES, PROJECT_DIR

SEEDS_DIR = PROJECT_DIR.parent / "shared" / "seeds"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def startup_once(collection: Path, home: Path) -> float:
    """Launch `python -m paperdesk COLLECTION` and return seconds until the first entry is painted."""
    return launch(["-m", "paperdesk", str(collection)], home).seconds


def paint_and_filter(collections: list[Path], passes: int, home: Path) -> dict[str, Any]:
    """Run the paint/filter measurement in a subprocess and return its raw timings."""
    out = subprocess.run([sys.executable, "-m", "paperdesk.gui.window_probe", str(passes), str(home),
                          *map(str, collections)], env=bench_env(home), capture_output=True, text=True,
                         cwd=str(PROJECT_DIR), timeout=1800)
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"gui bench subprocess failed: {out.stderr[-2000:]}")


def figures(quick: bool) -> dict[str, float]:
    """Return startup_s (warm caches; goal <= 2), startup_cold_s, paint_p50_ms / paint_p95_ms
    (entry selected until painted with math, warm; goal p95 <= 150), paint_cold_p95_ms, and
    window_filter_keystroke_p95_ms (query typed into the real window's filter box at 10,000 entries)."""
    with tempfile.TemporaryDirectory(prefix="paperdesk-guibench-") as tmp:
        home = Path(tmp)
        cold = startup_once(BUNDLED_NOTES, home)
        warm = [startup_once(BUNDLED_NOTES, home) for _ in range(1 if quick else 3)]
        collections = [BUNDLED_NOTES]
        if not quick and SEEDS_DIR.is_dir():
            collections += sorted(SEEDS_DIR.glob("*.txt"))
        raw = paint_and_filter(collections, 1 if quick else 2, home)
    painted = raw["warm"] or raw["cold"]
    return {
        "startup_s": round(statistics.median(warm), 3),
        "startup_cold_s": round(cold, 3),
        "paint_p50_ms": round(statistics.median(painted), 1),
        "paint_p95_ms": round(_percentile(painted, 0.95), 1),
        "paint_cold_p95_ms": round(_percentile(raw["cold"], 0.95), 1),
        "paint_entries": float(len(raw["cold"])),
        "window_filter_keystroke_p95_ms": round(_percentile(raw["keystrokes"], 0.95), 2),
    }
