"""The pre-Qt check: missing platform-plugin libraries give one line naming the packages to install."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from paperdesk import platform_check as pc

REPO = Path(__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")

LDD_XCB_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffc)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f2)
\tlibxcb-icccm.so.4 => not found
\tlibfrobnicate.so.7 => not found
"""


def fake_pyside(tmp_path: Path, plugins: Sequence[str] = ("xcb", "offscreen", "wayland")) -> Path:
    """A folder laid out like an installed PySide6: platform plugins and the QtWebEngine modules."""
    root = tmp_path / "PySide6"
    platforms = root / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    for name in plugins:
        (platforms / f"libq{name}.so").write_bytes(b"\x7fELF")
    for module in ("QtWebEngineCore", "QtWebEngineWidgets"):
        (root / f"{module}.abi3.so").write_bytes(b"\x7fELF")
    return root


def ldd_saying(answers: dict[str, str]) -> pc.LddRunner:
    """An ldd stand-in: output per file name (default: everything resolves)."""

    def run(files: Sequence[Path]) -> dict[Path, str]:
        return {path: answers.get(path.name, "\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") for path in files}

    return run


def test_missing_from_ldd_lists_each_soname_once_in_order() -> None:
    assert pc.missing_from_ldd(LDD_XCB_MISSING) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libfrobnicate.so.7"]
    assert pc.missing_from_ldd("\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n") == []


def test_problem_line_names_debian_and_fedora_packages_and_unknown_sonames() -> None:
    line = pc.problem_line("the Qt xcb platform plugin", pc.missing_from_ldd(LDD_XCB_MISSING))
    assert "\n" not in line
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in line
    assert "sudo dnf install xcb-util-cursor xcb-util-wm" in line
    assert "libfrobnicate.so.7" in line  # no package known: the soname itself is named
    qt_only = pc.problem_line("the Qt xcb platform plugin", ["libQt6XcbQpa.so.6"])
    assert "reinstall PySide6" in qt_only and "apt install" not in qt_only


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["xcb"]),
        ({"QT_QPA_PLATFORM": "offscreen"}, ["offscreen"]),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, ["wayland", "xcb"]),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, ["vnc"]),
        ({"WAYLAND_DISPLAY": "wayland-0"}, ["wayland", "xcb"]),
    ],
)
def test_requested_platforms(env: dict[str, str], expected: list[str]) -> None:
    assert pc.requested_platforms(env) == expected


def test_plugin_search_order_follows_the_environment(tmp_path: Path) -> None:
    pyside = fake_pyside(tmp_path)
    extra = tmp_path / "extra"
    (extra / "platforms").mkdir(parents=True)
    (extra / "platforms" / "libqxcb.so").write_bytes(b"\x7fELF")
    dirs = pc.plugin_dirs({"QT_PLUGIN_PATH": str(extra)}, pyside)
    assert dirs == [extra / "platforms", pyside / "Qt" / "plugins" / "platforms"]
    assert pc.find_plugin("xcb", dirs) == extra / "platforms" / "libqxcb.so"
    assert pc.find_plugin("offscreen", dirs) == pyside / "Qt" / "plugins" / "platforms" / "libqoffscreen.so"
    assert pc.find_plugin("nonesuch", dirs) is None


@pytest.mark.skipif(not LINUX, reason="the check inspects ELF libraries with ldd (Linux)")
def test_check_reports_the_plugin_that_cannot_load(tmp_path: Path) -> None:
    pyside = fake_pyside(tmp_path)
    broken = ldd_saying({"libqxcb.so": LDD_XCB_MISSING})
    line = pc.check_window_libraries({"QT_QPA_PLATFORM": "xcb"}, broken, pyside)
    assert line is not None and line.startswith("the Qt xcb platform plugin cannot load:")
    assert "libxcb-cursor0" in line
    # Another platform that loads is fine, and so is a fallback list with one usable entry.
    assert pc.check_window_libraries({"QT_QPA_PLATFORM": "offscreen"}, broken, pyside) is None
    assert pc.check_window_libraries({"QT_QPA_PLATFORM": "wayland;xcb"}, broken, pyside) is None
    # Nothing missing anywhere: no line.
    assert pc.check_window_libraries({"QT_QPA_PLATFORM": "xcb"}, ldd_saying({}), pyside) is None


@pytest.mark.skipif(not LINUX, reason="the check inspects ELF libraries with ldd (Linux)")
def test_check_reports_webengine_libraries_first(tmp_path: Path) -> None:
    pyside = fake_pyside(tmp_path)
    no_nss = ldd_saying({"QtWebEngineCore.abi3.so": "\tlibnss3.so => not found\n\tlibasound.so.2 => not found\n",
                         "libqxcb.so": LDD_XCB_MISSING})
    line = pc.check_window_libraries({"QT_QPA_PLATFORM": "xcb"}, no_nss, pyside)
    assert line is not None and line.startswith("QtWebEngine (the reader pane) cannot load:")
    assert "apt install libasound2 libnss3" in line and "dnf install alsa-lib nss" in line


def test_check_stays_quiet_where_it_cannot_look(tmp_path: Path) -> None:
    pyside = fake_pyside(tmp_path)
    assert pc.check_window_libraries({"QT_QPA_PLATFORM": "xcb"}, lambda files: {}, pyside) is None  # no ldd
    assert pc.check_window_libraries({"QT_QPA_PLATFORM": "eglfs"}, ldd_saying({}), pyside) is None  # no such plugin


@pytest.mark.skipif(not LINUX or not shutil.which("ldd"), reason="needs Linux and ldd")
def test_real_ldd_on_the_installed_plugins_agrees_with_the_check() -> None:
    pyside = pc.pyside_dir()
    assert pyside is not None
    plugin = pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.is_file():
        pytest.skip("this PySide6 has no xcb plugin")
    missing = pc.missing_from_ldd(pc.run_ldd([plugin])[plugin])
    engine = [pyside / f"{m}.abi3.so" for m in ("QtWebEngineCore", "QtWebEngineWidgets")]
    engine_missing = [s for out in pc.run_ldd(engine).values() for s in pc.missing_from_ldd(out)]
    line = pc.check_window_libraries({"QT_QPA_PLATFORM": "xcb"})
    if not missing and not engine_missing:
        assert line is None
    else:
        assert line is not None
        for soname in engine_missing or missing:
            assert soname in line


def _run_app(args: list[str], env_extra: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PAPERDESK_NO_DIALOGS": "1", "PYTHONPATH": str(REPO), **env_extra}
    return subprocess.run([sys.executable, "-m", "paperdesk", *args], capture_output=True, text=True,
                          env=env, cwd=str(cwd), timeout=120)


@pytest.mark.skipif(not LINUX, reason="the check inspects ELF libraries with ldd (Linux)")
def test_app_prints_one_line_and_exits_when_xcb_libraries_are_missing(tmp_path: Path, notes_dir: Path) -> None:
    """The real start path with an ldd that reports the xcb cursor library missing."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ldd"
    fake.write_text("#!/bin/sh\ncase \"$1\" in *libqxcb.so) printf '\\tlibxcb-cursor.so.0 => not found\\n';; esac\n",
                    encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    result = _run_app([str(notes_dir)], {"QT_QPA_PLATFORM": "xcb", "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
                      tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("paperdesk: the Qt xcb platform plugin cannot load: libxcb-cursor.so.0 not found")
    assert "sudo apt install libxcb-cursor0" in lines[0] and "sudo dnf install xcb-util-cursor" in lines[0]


@pytest.mark.skipif(not LINUX or not shutil.which("ldd"), reason="needs Linux and ldd")
def test_a_plugin_copy_whose_qt_libraries_cannot_load_is_reported(tmp_path: Path, notes_dir: Path) -> None:
    """QT_PLUGIN_PATH at a copy of the real xcb plugin: its $ORIGIN runpath finds no Qt libraries."""
    pyside = pc.pyside_dir()
    assert pyside is not None
    real = pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not real.is_file():
        pytest.skip("this PySide6 has no xcb plugin")
    copy_dir = tmp_path / "plugins" / "platforms"
    copy_dir.mkdir(parents=True)
    shutil.copy2(real, copy_dir / real.name)
    result = _run_app([str(notes_dir)], {"QT_QPA_PLATFORM": "xcb", "QT_PLUGIN_PATH": str(tmp_path / "plugins")},
                      tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "libQt6XcbQpa.so.6" in lines[0] and "reinstall PySide6" in lines[0]


def test_root_starts_without_the_sandbox_and_says_so_once() -> None:
    env: dict[str, str] = {}
    assert pc.disable_sandbox_for_root(env, 1000) is None and env == {}
    assert pc.disable_sandbox_for_root(env, None) is None and env == {}
    note = pc.disable_sandbox_for_root(env, 0)
    assert note == pc.ROOT_SANDBOX_NOTE and env == {"QTWEBENGINE_DISABLE_SANDBOX": "1"}
    assert pc.disable_sandbox_for_root(env, 0) is None  # already off: nothing more to say
    flagged = {"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu --no-sandbox"}
    assert pc.disable_sandbox_for_root(flagged, 0) is None and "QTWEBENGINE_DISABLE_SANDBOX" not in flagged


def test_a_pass_is_remembered_until_the_libraries_change(tmp_path: Path) -> None:
    pyside = fake_pyside(tmp_path)
    calls: list[int] = []

    def counting(answers: dict[str, str]) -> pc.LddRunner:
        inner = ldd_saying(answers)
        return lambda files: (calls.append(len(files)), inner(files))[1]

    passed = tmp_path / "cache" / "ok"
    env = {"QT_QPA_PLATFORM": "xcb"}
    assert pc.check_window_libraries(env, counting({}), pyside, passed) is None
    assert pc.check_window_libraries(env, counting({}), pyside, passed) is None
    assert len(calls) == 1  # the second start did not run ldd
    plugin = pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.write_bytes(b"\x7fELF changed")  # a new PySide6 (or a changed linker cache) asks again
    broken = counting({"libqxcb.so": LDD_XCB_MISSING})
    assert pc.check_window_libraries(env, broken, pyside, passed) is not None
    assert pc.check_window_libraries(env, broken, pyside, passed) is not None
    assert len(calls) == 3  # a failure is never remembered
    assert pc.check_window_libraries({"QT_QPA_PLATFORM": "xcb", "LD_LIBRARY_PATH": "/opt/x"},
                                     counting({}), pyside, passed) is None
    assert len(calls) == 4
