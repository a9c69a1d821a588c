"""GUI benchmark: start-up to the first painted entry, entry paint times, and filtering in the window.

Each measurement runs the real app in a subprocess with the offscreen Qt platform, so the
bench process itself never creates a QApplication.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from paperdesk.paths import BUNDLED_NOTES, PROJECT_DIR

SEEDS_DIR = PROJECT_DIR.parent / "shared" / "seeds"
TYPED = ("diffusion tag:rl status:unread year:2020..2022", "policy reward -tag:survey has:highlights")


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox --disable-logging")
    env.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false;qt.qpa.*=false")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        env[var] = str(home / var.lower())
    env["PAPERDESK_NO_DIALOGS"] = "1"
    return env


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def startup_once(collection: Path, home: Path) -> float:
    """Launch `python -m paperdesk COLLECTION` and return seconds until the first entry is painted."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "paperdesk", str(collection)], env={
        **_env(home), "PAPERDESK_STARTUP_TIMING": "1"}, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True, cwd=str(PROJECT_DIR))
    assert proc.stdout is not None
    elapsed = float("nan")
    for line in proc.stdout:
        if line.startswith("PAPERDESK_STARTUP_S="):
            elapsed = time.perf_counter() - started
            break
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    return elapsed


def _inner(args: list[str]) -> dict[str, Any]:
    """Run inside the subprocess: paint every entry of the collections, then time filtering."""
    from paperdesk.gui.qt_env import prepare_qt

    prepare_qt()
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["paperdesk-bench"])
    from paperdesk.gui.window.main_window import MainWindow

    passes = int(args[0])
    home = Path(args[1])
    collections = [Path(a) for a in args[2:]]
    settings = QSettings(str(home / "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    window = MainWindow(settings, theme_override="light")
    window.resize(1300, 850)
    window.show()

    def wait(signal: Any, timeout_ms: int = 30000) -> bool:
        loop = QEventLoop()
        fired: list[bool] = []
        signal.connect(lambda *_: (fired.append(True), loop.quit()))
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        return bool(fired)

    cold: list[float] = []
    warm: list[float] = []
    for i, collection in enumerate(collections):
        window.open_collection(collection, home / f"store-{i}.json")
        wait(window.entryShown)
        for entry in list(window.collection.entries):
            for n in range(passes):
                loop = QEventLoop()
                window.entryShown.connect(loop.quit)
                t0 = time.perf_counter()
                window.show_entry(entry.id)
                QTimer.singleShot(30000, loop.quit)
                loop.exec()
                window.entryShown.disconnect(loop.quit)
                (cold if n == 0 else warm).append((time.perf_counter() - t0) * 1000.0)

    from paperdesk.query.index import SearchIndex
    from paperdesk.query.synthetic import synthetic_collection

    entries, notes = synthetic_collection(10_000)
    window.model.set_entries(entries, notes)
    window.tree.expandToDepth(0)
    window.index = SearchIndex(entries, notes)
    keystrokes: list[float] = []
    for query in TYPED:
        for end in range(1, len(query) + 1):
            t0 = time.perf_counter()
            window.filter_box.set_text(query[:end])
            app.processEvents()
            keystrokes.append((time.perf_counter() - t0) * 1000.0)
        window.filter_box.set_text("")
    window.close()
    return {"cold": cold, "warm": warm, "keystrokes": keystrokes}


def paint_and_filter(collections: list[Path], passes: int, home: Path) -> dict[str, Any]:
    """Run the paint/filter measurement in a subprocess and return its raw timings."""
    out = subprocess.run([sys.executable, "-m", "paperdesk.gui.bench", str(passes), str(home),
                          *map(str, collections)], env=_env(home), capture_output=True, text=True,
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


if __name__ == "__main__":
    print(json.dumps(_inner(sys.argv[1:])), flush=True)
    os._exit(0)
