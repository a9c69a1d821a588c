"""The distribution: what the wheel and sdist hold, the shipped desktop files, and the installed app run from outside the checkout."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from paperdesk import __version__
from paperdesk.collection import scan
from paperdesk.paths import APP_ID, DATA_PACKAGES

REPO = Path(__file__).resolve().parent.parent
DESKTOP = REPO / "resources" / f"{APP_ID}.desktop"
METAINFO = REPO / "resources" / f"{APP_ID}.metainfo.xml"
NETWORK_TROUBLE = re.compile(r"NewConnectionError|Temporary failure in name resolution|Network is unreachable|"
                             r"No matching distribution found|Could not fetch URL|ConnectTimeout|ReadTimeout")


def _tree_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def _code_packages() -> set[str]:
    return {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "paperdesk").rglob("__init__.py")}


# --- fast checks -------------------------------------------------------------------------


def test_pyproject_lists_every_package_and_maps_the_data_folders() -> None:
    import tomllib

    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert set(setuptools["packages"]) == _code_packages() | set(DATA_PACKAGES)
    assert setuptools["package-dir"] == DATA_PACKAGES
    for package in DATA_PACKAGES:
        assert setuptools["package-data"][package] == ["**/*"]


def test_a_checkout_finds_its_own_data_through_importlib(tmp_path: Path) -> None:
    """Run from a checkout without installing it (PYTHONPATH), from a folder outside it."""
    script = ("import importlib.resources as r, paperdesk.paths as p;"
              "print(r.files('paperdesk.resources').joinpath('web').joinpath('reader.css'));"
              "print(p.RESOURCES_DIR); print(p.BUNDLED_NOTES)")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         cwd=str(tmp_path), timeout=60, check=True).stdout.split("\n")
    assert Path(out[0]) == REPO / "resources" / "web" / "reader.css"
    assert [Path(out[1]), Path(out[2])] == [REPO / "resources", REPO / "notes"]


def test_no_code_builds_data_paths_from_the_source_tree() -> None:
    pattern = re.compile(r"""(PROJECT_DIR|\.parent)\s*/\s*["'](resources|notes)["']""")
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "paperdesk").rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_desktop_entry_and_metainfo_agree_with_the_app() -> None:
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "paperdesk"
    root = ElementTree.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == "paperdesk"
    assert __version__ in [r.get("version") for r in root.iter("release")]  # a release entry per version


def _validate(tool: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*tool, str(path)], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-validate is not installed")
def test_desktop_entry_is_valid(tmp_path: Path) -> None:
    result = _validate(["desktop-file-validate"], DESKTOP)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    broken = tmp_path / DESKTOP.name  # the validator does catch a broken entry
    broken.write_text(DESKTOP.read_text(encoding="utf-8").replace("Type=Application\n", ""), encoding="utf-8")
    assert _validate(["desktop-file-validate"], broken).returncode != 0


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli (package appstream) is not installed")
def test_metainfo_is_valid(tmp_path: Path) -> None:
    result = _validate(["appstreamcli", "validate", "--no-net"], METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / METAINFO.name
    broken.write_text(re.sub(r"\s*<summary>.*?</summary>", "", METAINFO.read_text(encoding="utf-8")), encoding="utf-8")
    assert _validate(["appstreamcli", "validate", "--no-net"], broken).returncode != 0


# --- the real artefact (slow: builds, then installs with its dependencies from PyPI) ---------


def _run(args: list[str], cwd: Path, timeout: int = 1200, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command with the test's environment minus PYTHONPATH: the checkout must not leak in."""
    merged = {k: v for k, v in {**os.environ, **(env or {})}.items() if k != "PYTHONPATH"}
    return subprocess.run(args, capture_output=True, text=True, cwd=str(cwd), timeout=timeout, env=merged)


def _copy_checkout(dest: Path) -> Path:
    """Copy the checkout's files (what git tracks or would track; everything but caches without git)."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, timeout=60) if shutil.which("git") and (REPO / ".git").exists() else None
    if listed is None or listed.returncode != 0:
        shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis"))
        return dest
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def _need_success(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        if NETWORK_TROUBLE.search(tail):
            pytest.skip(f"{what}: PyPI is not reachable from here ({tail.strip().splitlines()[-1]})")
        pytest.fail(f"{what} failed:\n{tail}")


def _venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A fresh venv with `build`; the sdist built from the checkout and the wheel built from that sdist."""
    work = tmp_path_factory.mktemp("dist")
    venv = work / "venv"
    _need_success(_run([sys.executable, "-m", "venv", str(venv)], work), "creating a venv")
    _need_success(_run([str(_venv_bin(venv, "python")), "-m", "pip", "install", "-q", "build"], work), "pip install build")
    source = _copy_checkout(work / "src")  # building writes egg-info into the source: not into ours
    out = work / "out"
    _need_success(_run([str(_venv_bin(venv, "python")), "-m", "build", "--outdir", str(out), str(source)], work),
                  "python -m build")
    [wheel] = out.glob("*.whl")
    [sdist] = out.glob("*.tar.gz")
    return {"source": source, "wheel": wheel, "sdist": sdist}


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_wheel_and_sdist_carry_the_data(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
    source = dist["source"]
    for folder, package in (("resources", "paperdesk/resources"), ("notes", "paperdesk/notes")):
        expected = {f"{package}/{name}" for name in _tree_files(source / folder)}
        assert expected and expected <= names, sorted(expected - names)
    code = {f"paperdesk/{name}" for name in _tree_files(source / "paperdesk") if name.endswith(".py")}
    assert code <= names, sorted(code - names)
    with tarfile.open(dist["sdist"]) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if m.isfile() and "/" in m.name}
    for folder in ("resources", "notes", "tests"):
        expected = {f"{folder}/{name}" for name in _tree_files(source / folder)}
        assert expected <= members, sorted(expected - members)


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_installed_wheel_runs_outside_the_checkout(dist: dict[str, Path], tmp_path: Path) -> None:
    """`pip install` the wheel into a new venv, then use it from a folder that is not the checkout."""
    venv = tmp_path / "app-venv"
    _need_success(_run([sys.executable, "-m", "venv", str(venv)], tmp_path), "creating a venv")
    python = _venv_bin(venv, "python")
    _need_success(_run([str(python), "-m", "pip", "install", "-q", str(dist["wheel"])], tmp_path),
                  "pip install the wheel")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean: dict[str, str] = {}

    for script in ("paperdesk-cli", "paperdesk"):
        result = _run([str(_venv_bin(venv, script)), "--version"], elsewhere, 120, clean)
        assert result.returncode == 0 and result.stdout.strip() == f"paperdesk {__version__}", result.stderr

    where = _run([str(python), "-c", "from paperdesk.paths import BUNDLED_NOTES as n, RESOURCES_DIR as r; print(n); print(r)"],
                 elsewhere, 120, clean)
    notes, resources = (Path(line) for line in where.stdout.splitlines())
    site = venv.resolve()
    assert notes.resolve().is_relative_to(site) and resources.resolve().is_relative_to(site)

    scanned = _run([str(_venv_bin(venv, "paperdesk-cli")), "scan", str(notes), "--json"], elsewhere, 300, clean)
    assert scanned.returncode == 0, scanned.stderr
    entries = json.loads(scanned.stdout)["entries"]
    assert len(entries) == len(scan(REPO / "notes", use_cache=False).entries) > 0

    out = tmp_path / "export"
    exported = _run([str(_venv_bin(venv, "paperdesk-cli")), "export", str(notes), "--out", str(out)], elsewhere, 300, clean)
    assert exported.returncode == 0, exported.stderr
    assert list(out.rglob("*.md"))

    # The window, offscreen, on the bundled notes (no argument, no recent collection).
    gui = {**clean, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1",
           "PAPERDESK_STARTUP_TIMING": "1", "PAPERDESK_NO_DIALOGS": "1"}
    started = _run([str(_venv_bin(venv, "paperdesk"))], elsewhere, 300, gui)
    assert started.returncode == 0, started.stderr[-3000:]
    assert re.search(r"^PAPERDESK_STARTUP_S=\d+\.\d+$", started.stdout, re.M), started.stdout + started.stderr[-2000:]

    # An entry with math and a figure paints with the app's stylesheets, SVG formulas and the image.
    probe = _run([str(python), str(REPO / "tests" / "installed_probe.py")], elsewhere, 300,
                 {**gui, "PAPERDESK_STARTUP_TIMING": ""})
    assert probe.returncode == 0, probe.stderr[-3000:]
    state = json.loads(probe.stdout.strip().splitlines()[-1])
    assert Path(state["resources"]).resolve().is_relative_to(site)
    loaded = dict(state["css"])
    assert loaded.get("reader.css", 0) > 0 and loaded.get("highlight.css", 0) > 0, state
    assert state["math"] > 0, state
    assert state["images"] and all(ok for _src, ok in state["images"]), state


@pytest.mark.slow
@pytest.mark.timeout(2400)
@pytest.mark.skipif(not shutil.which("pipx"), reason="pipx is not installed")
def test_pipx_installs_the_wheel(dist: dict[str, Path], tmp_path: Path) -> None:
    env = {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin")}
    _need_success(_run(["pipx", "install", "--python", sys.executable, str(dist["wheel"])], tmp_path, env=env),
                  "pipx install")
    for script in ("paperdesk-cli", "paperdesk"):
        result = _run([str(tmp_path / "bin" / script), "--version"], tmp_path, 120, env)
        assert result.stdout.strip() == f"paperdesk {__version__}", result.stderr
