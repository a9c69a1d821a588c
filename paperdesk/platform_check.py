"""Before Qt starts: can the platform plugin and QtWebEngine load? If not, which packages to install.

Plain Python (no Qt import): the window's shared libraries are inspected with `ldd`, and the
sonames it reports as "not found" are named as Debian/Ubuntu and Fedora packages, so a fresh
machine gets one line saying what to install instead of Qt's plugin dump.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes

# soname -> (Debian/Ubuntu package, Fedora package): what the xcb and wayland platform plugins
# and QtWebEngine link against beyond Qt itself.
SYSTEM_PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-dri3.so.0": ("libxcb-dri3-0", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libXcomposite.so.1": ("libxcomposite1", "libXcomposite"),
    "libXdamage.so.1": ("libxdamage1", "libXdamage"),
    "libXext.so.6": ("libxext6", "libXext"),
    "libXfixes.so.3": ("libxfixes3", "libXfixes"),
    "libXrandr.so.2": ("libxrandr2", "libXrandr"),
    "libXtst.so.6": ("libxtst6", "libXtst"),
    "libXrender.so.1": ("libxrender1", "libXrender"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libxkbfile.so.1": ("libxkbfile1", "libxkbfile"),
    "libxshmfence.so.1": ("libxshmfence1", "libxshmfence"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libgbm.so.1": ("libgbm1", "mesa-libgbm"),
    "libdrm.so.2": ("libdrm2", "libdrm"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libnss3.so": ("libnss3", "nss"),
    "libnssutil3.so": ("libnss3", "nss"),
    "libsmime3.so": ("libnss3", "nss"),
    "libnspr4.so": ("libnspr4", "nspr"),
    "libplc4.so": ("libnspr4", "nspr"),
    "libplds4.so": ("libnspr4", "nspr"),
    "libasound.so.2": ("libasound2", "alsa-lib"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
    "libwayland-server.so.0": ("libwayland-server0", "libwayland-server"),
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")
PLUGIN_PREFIX = "libq"
LINKER_CACHE = Path("/etc/ld.so.cache")


def missing_from_ldd(output: str) -> list[str]:
    """Return the sonames `ldd` reports as "not found", once each, in order."""
    seen: dict[str, None] = {}
    for line in output.splitlines():
        match = _NOT_FOUND.match(line)
        if match:
            seen.setdefault(match.group(1))
    return list(seen)


LddRunner = Callable[[Sequence[Path]], dict[Path, str]]


def run_ldd(files: Sequence[Path]) -> dict[Path, str]:
    """Run `ldd` on each file (in parallel); return its output per file, {} without ldd."""
    ldd = shutil.which("ldd")
    if not ldd:
        return {}
    env = {**os.environ, "LC_ALL": "C"}
    procs = {path: subprocess.Popen([ldd, str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    text=True, env=env) for path in files}
    outputs = {}
    for path, proc in procs.items():
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            continue
        outputs[path] = out
    return outputs


def requested_platforms(environ: Mapping[str, str]) -> list[str]:
    """Return the platform plugins Qt will try, in order (QT_QPA_PLATFORM, else the session's)."""
    value = environ.get("QT_QPA_PLATFORM", "").strip()
    if value:
        return [name.split(":", 1)[0].strip() for name in value.split(";") if name.strip()]
    if environ.get("XDG_SESSION_TYPE") == "wayland" or environ.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def pyside_dir() -> Path | None:
    """Return the installed PySide6 package folder, found without importing it, or None."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def plugin_dirs(environ: Mapping[str, str], pyside: Path | None) -> list[Path]:
    """Return the folders searched for platform plugins, in the order Qt searches them."""
    dirs = [Path(environ["QT_QPA_PLATFORM_PLUGIN_PATH"])] if environ.get("QT_QPA_PLATFORM_PLUGIN_PATH") else []
    dirs += [Path(p) / "platforms" for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    if pyside is not None:
        dirs.append(pyside / "Qt" / "plugins" / "platforms")
    return dirs


def find_plugin(name: str, dirs: Sequence[Path]) -> Path | None:
    """Return the first plugin file for platform `name` in `dirs`, or None."""
    for folder in dirs:
        candidate = folder / f"{PLUGIN_PREFIX}{name}.so"
        if candidate.is_file():
            return candidate
    return None


def _install_hint(sonames: Sequence[str]) -> str:
    debian = sorted({SYSTEM_PACKAGES[s][0] for s in sonames if s in SYSTEM_PACKAGES})
    fedora = sorted({SYSTEM_PACKAGES[s][1] for s in sonames if s in SYSTEM_PACKAGES})
    unknown = [s for s in sonames if s not in SYSTEM_PACKAGES]
    parts = []
    if debian:
        parts.append(f"install them with `sudo apt install {' '.join(debian)}` (Debian/Ubuntu) "
                     f"or `sudo dnf install {' '.join(fedora)}` (Fedora)")
    qt_own = [s for s in unknown if s.startswith(("libQt6", "libpyside6", "libshiboken6"))]
    if qt_own:
        parts.append("reinstall PySide6, whose own Qt libraries are missing")
    others = [s for s in unknown if s not in qt_own]
    if others:
        parts.append(f"install the package that provides {', '.join(others)}")
    return "; ".join(parts)


def problem_line(what: str, missing: Sequence[str]) -> str:
    """Return the one line that says what cannot load, what is missing and what to install."""
    sonames = list(dict.fromkeys(missing))
    return f"{what} cannot load: {', '.join(sonames)} not found; {_install_hint(sonames)}"


def fingerprint(targets: Sequence[Path], environ: Mapping[str, str]) -> str:
    """Return what decides ldd's answer for `targets`: the files, the linker cache, LD_LIBRARY_PATH.

    Installing or removing a library package rewrites /etc/ld.so.cache, so a passed check
    stays valid exactly as long as this value does not change.
    """
    parts = []
    for path in [*targets, LINKER_CACHE]:
        try:
            info = path.stat()
            parts.append(f"{path}\t{info.st_mtime_ns}\t{info.st_size}")
        except OSError:
            parts.append(f"{path}\t-")
    parts.append(environ.get("LD_LIBRARY_PATH", ""))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _verdict(plugins: dict[str, Path | None], engine: Sequence[Path], outputs: dict[Path, str]) -> str | None:
    def missing_in(path: Path) -> list[str]:
        return missing_from_ldd(outputs.get(path, ""))

    engine_missing = [soname for path in engine for soname in missing_in(path)]
    if engine_missing:
        return problem_line("QtWebEngine (the reader pane)", engine_missing)
    found = [(name, path) for name, path in plugins.items() if path is not None]
    if not found or any(not missing_in(path) for _name, path in found):
        return None  # a usable plugin, or none of that name (Qt's own message lists the ones it has)
    name, path = found[-1]  # the last fallback Qt tries (xcb on a desktop) is the one to fix
    return problem_line(f"the Qt {name} platform plugin", missing_in(path))


def check_window_libraries(environ: Mapping[str, str] | None = None, ldd: LddRunner = run_ldd,
                           pyside: Path | None = None, passed_file: Path | None = None) -> str | None:
    """Return one line naming the missing system packages, or None when the window can start.

    Looks at the platform plugin(s) Qt will try and at QtWebEngine's Python modules; a
    platform counts as usable when its plugin's libraries all resolve. Where the check cannot
    run (not Linux/BSD, no ldd, PySide6 not found) it returns None and Qt has its say. With
    `passed_file`, a pass is remembered there (by `fingerprint`) and not re-run until the
    libraries change; a failure is never remembered.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    pyside = pyside or pyside_dir()
    if pyside is None:
        return None
    plugins = {name: find_plugin(name, plugin_dirs(env, pyside)) for name in requested_platforms(env)}
    engine = [p for p in (pyside / "QtWebEngineCore.abi3.so", pyside / "QtWebEngineWidgets.abi3.so") if p.is_file()]
    targets = [p for p in plugins.values() if p is not None] + engine
    key = fingerprint(targets, env)
    if passed_file is not None and _read(passed_file) == key:
        return None
    outputs = ldd(targets)
    if not outputs:
        return None
    verdict = _verdict(plugins, engine, outputs)
    if verdict is None and passed_file is not None:
        with contextlib.suppress(OSError):
            atomic_write_bytes(passed_file, key.encode("ascii"), durable=False)
    return verdict


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return ""


SANDBOX_VARIABLE = "QTWEBENGINE_DISABLE_SANDBOX"
ROOT_SANDBOX_NOTE = (
    "running as root, so the reader pane starts without Chromium's sandbox (Chromium refuses to "
    "sandbox a root process); run paperdesk as a normal user to keep the sandbox"
)


def disable_sandbox_for_root(environ: MutableMapping[str, str], euid: int | None) -> str | None:
    """As root, turn QtWebEngine's sandbox off (else the reader pane dies) and return the note saying so.

    Returns None, changing nothing, for a normal user or when the sandbox is already off.
    """
    if euid != 0:
        return None
    if environ.get(SANDBOX_VARIABLE, "") not in ("", "0") or "--no-sandbox" in environ.get("QTWEBENGINE_CHROMIUM_FLAGS", ""):
        return None
    environ[SANDBOX_VARIABLE] = "1"
    return ROOT_SANDBOX_NOTE
