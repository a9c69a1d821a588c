"""`paperdesk install-desktop [--uninstall]`: the menu entry, icon and metainfo for the current user."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes, atomic_write_text
from paperdesk.errors import UserError
from paperdesk.paths import APP_ID, RESOURCES_DIR

DESKTOP_NAME = f"{APP_ID}.desktop"
METAINFO_NAME = f"{APP_ID}.metainfo.xml"
ICON_SOURCE = Path("icons") / "paperdesk.svg"
# Characters the Desktop Entry spec reserves in an Exec argument (they force quoting).
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class DesktopFiles:
    """Where the three installed files go under one XDG data folder."""

    data_home: Path

    @property
    def entry(self) -> Path:
        """The menu entry, read by every freedesktop menu."""
        return self.data_home / "applications" / DESKTOP_NAME

    @property
    def icon(self) -> Path:
        """The scalable icon in the hicolor theme, named after the app id."""
        return self.data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"

    @property
    def metainfo(self) -> Path:
        """The AppStream description, for software centres."""
        return self.data_home / "metainfo" / METAINFO_NAME

    def all(self) -> tuple[Path, ...]:
        """Every file install() writes, in the order it writes them."""
        return (self.icon, self.metainfo, self.entry)


def xdg_data_home() -> Path:
    """Return $XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (as the spec says)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def quote_exec_arg(arg: str) -> str:
    """Quote one argument of an Exec line per the Desktop Entry spec (as the file's string value)."""
    if arg and not (set(arg) & _RESERVED) and "%" not in arg:
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%")
    # The file's string values escape backslashes once more.
    return '"' + inner.replace("\\", "\\\\") + '"'


def launcher_command() -> list[str]:
    """Return the command that starts this installation of paperdesk, as absolute paths.

    The `paperdesk` script beside the running interpreter (a venv's or pipx's bin folder) is
    preferred, so the entry works even when that folder is not on the desktop session's PATH.
    """
    beside = Path(sys.executable).parent / "paperdesk"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("paperdesk")
    if found:
        return [str(Path(found).resolve())]
    return [str(Path(sys.executable).resolve()), "-m", "paperdesk"]


def desktop_entry_text(template: str, command: list[str]) -> str:
    """Return the shipped desktop entry with Exec (and TryExec) pointing at `command`."""
    exec_line = " ".join(quote_exec_arg(part) for part in command) + " %f"
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            lines.append(f"Exec={exec_line}")
            lines.append("TryExec=" + command[0].replace("\\", "\\\\"))  # a plain string value
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(files: DesktopFiles) -> None:
    """Tell the menu (MimeType) and icon caches about the change, where their tools exist; never fails.

    The user's icon cache is refreshed only where one already exists: creating one would make
    icons that other programs add later invisible until someone refreshes it.
    """
    hicolor = files.data_home / "icons" / "hicolor"
    commands = [["update-desktop-database", "-q", str(files.entry.parent)]] if files.entry.parent.is_dir() else []
    if (hicolor / "icon-theme.cache").is_file():
        commands.append(["gtk-update-icon-cache", "-q", "-t", str(hicolor)])
    for tool, *rest in commands:
        exe = shutil.which(tool)
        if exe:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run([exe, *rest], capture_output=True, timeout=30, check=False)


def install(files: DesktopFiles, command: list[str]) -> list[Path]:
    """Write the icon, metainfo and menu entry; return the paths written."""
    missing = [name for name in (DESKTOP_NAME, METAINFO_NAME, str(ICON_SOURCE))
               if not (RESOURCES_DIR / name).is_file()]
    if missing:
        raise UserError(f"this installation lacks its resources ({', '.join(missing)}); reinstall paperdesk")
    atomic_write_bytes(files.icon, (RESOURCES_DIR / ICON_SOURCE).read_bytes())
    atomic_write_bytes(files.metainfo, (RESOURCES_DIR / METAINFO_NAME).read_bytes())
    template = (RESOURCES_DIR / DESKTOP_NAME).read_text(encoding="utf-8")
    atomic_write_text(files.entry, desktop_entry_text(template, command))
    _refresh_caches(files)
    return list(files.all())


def uninstall(files: DesktopFiles) -> list[Path]:
    """Remove the files install() writes; return the ones that were there."""
    removed = []
    for path in reversed(files.all()):
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    _refresh_caches(files)
    return removed


def run(args: argparse.Namespace) -> int:
    """Install (or with --uninstall remove) the menu entry for the current user."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        raise UserError("install-desktop writes a freedesktop (Linux/BSD) menu entry; this is not such a desktop")
    files = DesktopFiles(xdg_data_home())
    if args.uninstall:
        removed = uninstall(files)
        if not removed:
            print(f"paperdesk: no menu entry was installed under {files.data_home}")
        for path in removed:
            print(f"removed {path}")
        return 0
    command = launcher_command()
    for path in install(files, command):
        print(f"installed {path}")
    print(f"The menu entry starts: {' '.join(command)}")
    return 0
