"""`paperdesk install-desktop`: the menu entry, icon and metainfo land in the XDG data folder and leave again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.cli import main
from paperdesk.commands import install_desktop as inst
from paperdesk.paths import APP_ID, RESOURCES_DIR

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop menus are a Linux/BSD thing")


def _entry_values(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_install_then_uninstall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data_home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    assert main(["install-desktop"]) == 0
    out = capsys.readouterr().out
    files = inst.DesktopFiles(data_home)
    for path in files.all():
        assert path.is_file(), path
        assert f"installed {path}" in out
    assert files.entry.name == f"{APP_ID}.desktop"
    assert files.icon.read_bytes() == (RESOURCES_DIR / "icons" / "paperdesk.svg").read_bytes()
    assert files.metainfo.read_bytes() == (RESOURCES_DIR / f"{APP_ID}.metainfo.xml").read_bytes()

    values = _entry_values(files.entry.read_text(encoding="utf-8"))
    assert values["Icon"] == APP_ID  # found by name in the hicolor theme the icon went into
    launcher = values["Exec"].removesuffix(" %f")
    assert Path(values["TryExec"]).is_absolute() and os.access(values["TryExec"], os.X_OK)
    assert launcher.split(" ")[0] == values["TryExec"]
    # Everything else is the shipped entry, unchanged.
    shipped = _entry_values((RESOURCES_DIR / f"{APP_ID}.desktop").read_text(encoding="utf-8"))
    assert {k: v for k, v in values.items() if k not in ("Exec", "TryExec")} == {
        k: v for k, v in shipped.items() if k != "Exec"}

    assert main(["install-desktop"]) == 0  # a second install replaces, never duplicates
    assert sorted(p.name for p in files.entry.parent.glob("*.desktop")) == [f"{APP_ID}.desktop"]
    capsys.readouterr()

    assert main(["install-desktop", "--uninstall"]) == 0
    out = capsys.readouterr().out
    for path in files.all():
        assert not path.exists()
        assert f"removed {path}" in out
    assert main(["install-desktop", "--uninstall"]) == 0
    assert "no menu entry was installed" in capsys.readouterr().out


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-validate is not installed")
def test_installed_entry_is_valid(tmp_path: Path) -> None:
    files = inst.DesktopFiles(tmp_path)
    inst.install(files, ["/opt/paper desk/bin/paperdesk"])
    result = subprocess.run(["desktop-file-validate", str(files.entry)], capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout
    values = _entry_values(files.entry.read_text(encoding="utf-8"))
    assert values["Exec"] == '"/opt/paper desk/bin/paperdesk" %f'
    assert values["TryExec"] == "/opt/paper desk/bin/paperdesk"


def test_launcher_prefers_the_script_beside_the_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text("", encoding="utf-8")
    script = bin_dir / "paperdesk"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(python))
    assert inst.launcher_command() == [str(script)]
    script.unlink()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert inst.launcher_command() == [str(python.resolve()), "-m", "paperdesk"]


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/paperdesk", "/usr/bin/paperdesk"),
        ("/home/a b/bin/paperdesk", '"/home/a b/bin/paperdesk"'),
        ('/x/"q"/p', '"/x/\\\\"q\\\\"/p"'),
        ("/x/$HOME/p", '"/x/\\\\$HOME/p"'),
        ("/x/100%/p", '"/x/100%%/p"'),
    ],
)
def test_exec_arguments_are_quoted_per_the_spec(arg: str, quoted: str) -> None:
    assert inst.quote_exec_arg(arg) == quoted


def test_xdg_data_home_ignores_relative_values(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert inst.xdg_data_home() == tmp_path / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "abs"))
    assert inst.xdg_data_home() == tmp_path / "abs"


def test_no_user_icon_cache_is_created(tmp_path: Path) -> None:
    files = inst.DesktopFiles(tmp_path)
    inst.install(files, ["/usr/bin/paperdesk"])
    assert not (tmp_path / "icons" / "hicolor" / "icon-theme.cache").exists()
