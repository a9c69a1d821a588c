"""The start-up bench's launcher: private folders, kept bytecode, the marker line and the peak memory."""

from __future__ import annotations

from pathlib import Path

from paperdesk.bench.startup import MARKER, bench_env, launch


def test_launch_environment_is_private(tmp_path: Path) -> None:
    env = bench_env(tmp_path)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        assert Path(env[var]).is_relative_to(tmp_path)
    assert "PYTHONDONTWRITEBYTECODE" not in env and Path(env["PYTHONPYCACHEPREFIX"]).is_relative_to(tmp_path)
    assert env["QT_QPA_PLATFORM"]


def test_launch_times_to_the_marker_and_reads_the_peak(tmp_path: Path) -> None:
    script = f"import time; data = bytearray(40_000_000); print('{MARKER}1', flush=True); time.sleep(0.3)"
    result = launch(["-c", script], tmp_path)
    assert 0 < result.seconds < 60
    assert result.peak_mb >= 40          # the 40 MB the child held, read from its VmHWM
    silent = launch(["-c", "pass"], tmp_path)
    assert silent.seconds != silent.seconds   # nan: it never printed the line


def test_each_launch_is_divided_by_the_floor_of_its_own_round() -> None:
    from paperdesk.bench.startup import Launch, ratio

    # a machine that got twice as slow halfway: the rounds' own ratios stay 1.5
    launches = [Launch(0.6, 1.0), Launch(0.6, 1.0), Launch(1.2, 1.0), Launch(1.2, 1.0), Launch(1.2, 1.0)]
    floors = [0.4, 0.4, 0.8, 0.8, 0.8]
    assert round(ratio(launches, floors), 6) == 1.5
    assert round(ratio(launches, [0.4] * 5), 6) == 3.0   # the same launches against one early floor
