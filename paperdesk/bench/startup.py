"""Start-up figures as ratios to a floor measured in the same run: second launches of the real app.

Each launch is a subprocess of the same interpreter, timed from the launch to the line the app
prints once the first entry is painted (PAPERDESK_STARTUP_TIMING); the floor is a bare
PySide6 web view painting a static page (`gui.bare_view`), launched the same way.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from paperdesk.paths import BUNDLED_NOTES, PROJECT_DIR

MARKER = "PAPERDESK_STARTUP_S="
NOTES_10K = 10_000


def bench_env(home: Path) -> dict[str, str]:
    """The environment of a launch: headless Qt, private data, config, cache and bytecode folders
    under `home`."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox --disable-logging")
    env.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false;qt.qpa.*=false")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    env["PAPERDESK_NO_DIALOGS"] = "1"
    # An installed app has its bytecode compiled once; this environment may forbid writing it
    # (PYTHONDONTWRITEBYTECODE), which would recompile every module on every launch.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_DIR), env.get("PYTHONPATH", "")) if p)
    return env


@dataclass(frozen=True)
class Launch:
    """One timed launch: seconds to the first paint (nan if it never painted) and peak resident MB."""

    seconds: float
    peak_mb: float


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        pass
    return float("nan")


def launch(args: list[str], home: Path, timeout: float = 300.0) -> Launch:
    """Run `python ARGS` with the bench environment and time it to its start-up line."""
    env = {**bench_env(home), "PAPERDESK_STARTUP_TIMING": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=str(PROJECT_DIR))
    peak = [float("nan")]
    done = threading.Event()

    def watch() -> None:   # VmHWM only grows: its last reading before exit is the process's peak
        while not done.wait(0.05):
            value = _peak_mb(proc.pid)
            if value == value:
                peak[0] = value

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    elapsed = float("nan")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith(MARKER):
            elapsed = time.perf_counter() - started
            peak[0] = max(peak[0], _peak_mb(proc.pid)) if peak[0] == peak[0] else _peak_mb(proc.pid)
            break
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    done.set()
    watcher.join()
    return Launch(elapsed, round(peak[0], 1))


def annotate(collection: Path, home: Path, highlighted: int = 40, tagged: int = 300) -> None:
    """Give the collection's default store highlights, tags and statuses (in a subprocess, so the
    store lands in the private data folder)."""
    subprocess.run([sys.executable, "-m", "paperdesk.bench.startup_store", str(collection), str(highlighted),
                    str(tagged)], env=bench_env(home), check=True, cwd=str(PROJECT_DIR), timeout=1800,
                   stdout=subprocess.DEVNULL)


FLOOR = ["-m", "paperdesk.gui.bare_view"]


def _app(collection: Path) -> list[str]:
    return ["-m", "paperdesk", str(collection)]


def interleaved(collections: dict[str, Path], root: Path, rounds: int) -> tuple[list[float], dict[str, list[Launch]]]:
    """Annotate each collection and launch it once (warm caches, saved window state: a second
    launch), launch the floor once, then `rounds` rounds of one floor launch and one launch of each
    collection, so every app launch has a floor measured in the same minute; returns the floor's
    seconds and each collection's launches, round by round."""
    for name, collection in collections.items():
        annotate(collection, root / name)
        launch(_app(collection), root / name)
    launch(FLOOR, root / "floor")
    floors: list[float] = []
    runs: dict[str, list[Launch]] = {name: [] for name in collections}
    for _ in range(rounds):
        floors.append(launch(FLOOR, root / "floor").seconds)
        for name, collection in collections.items():
            runs[name].append(launch(_app(collection), root / name))
    return floors, runs


def ratio(launches: list[Launch], floors: list[float]) -> float:
    """Median of each launch's seconds over the floor of its round (machine load that drifts
    between rounds cancels out)."""
    return statistics.median(x.seconds / f for x, f in zip(launches, floors, strict=True))


def figures(quick: bool) -> dict[str, float]:
    """Return startup_floor_s, startup_second_s and startup_ratio (bundled notes; goal <= 1.5),
    startup_10k_s, startup_10k_ratio (10,000 one-note-per-file notes; goal <= 3.0) and
    gui_peak_mb_10k (the largest peak resident memory of the app process; goal <= 300).

    Five rounds (one in quick mode, on 1,000 notes) of a floor launch and a second launch of
    each collection (`interleaved`); seconds are medians, each ratio the median of the rounds'
    own ratios."""
    from paperdesk.bench.scan import settle
    from paperdesk.bench.synthetic_collection import build_note_files

    rounds = 1 if quick else 5
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-startup-") as tmp:
        root = Path(tmp)
        notes = root / "notes-10k"
        build_note_files(notes, 1_000 if quick else NOTES_10K)
        settle(time.time_ns())  # a user's notes are older than the scan cache's racy window
        floors, runs = interleaved({"small": BUNDLED_NOTES, "big": notes}, root, rounds)
    small, big = runs["small"], runs["big"]
    floor_s = statistics.median(floors)
    return {
        "startup_floor_s": round(floor_s, 3),
        "startup_second_s": round(statistics.median(x.seconds for x in small), 3),
        "startup_ratio": round(ratio(small, floors), 2),
        "startup_peak_mb": max(x.peak_mb for x in small),
        "startup_10k_s": round(statistics.median(x.seconds for x in big), 3),
        "startup_10k_ratio": round(ratio(big, floors), 2),
        "gui_peak_mb_10k": max(x.peak_mb for x in big),
    }
