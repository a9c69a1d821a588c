"""Maps a URL path onto a file inside a collection root, refusing every way out."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

_DRIVE = re.compile(r"^[A-Za-z]:")


def resolve_inside(root: Path, relpath: str) -> Path | None:
    """Return the real path of `relpath` under `root`, or None when it could lead outside.

    `relpath` is percent-decoded once; `..` segments, absolute paths, drive letters,
    backslashes, NUL and symlinks whose target lies outside `root` are refused.
    The file need not exist.
    """
    if not isinstance(relpath, str) or not relpath:
        return None
    try:
        decoded = unquote(relpath, errors="strict") if "%" in relpath else relpath
    except UnicodeDecodeError:
        return None
    for candidate in (relpath, decoded):
        if "\0" in candidate or "\\" in candidate or candidate.startswith("/") or _DRIVE.match(candidate):
            return None
        parts = candidate.split("/")
        if any(part == ".." for part in parts):
            return None
    if "%2e" in decoded.lower() or "%2f" in decoded.lower() or "%5c" in decoded.lower():
        return None   # double encoding: nothing legitimate needs it
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if not parts:
        return None
    try:
        real_root = Path(root).resolve(strict=True)
        target = real_root.joinpath(*parts).resolve(strict=False)
    except (OSError, RuntimeError, ValueError):
        return None
    if target != real_root and real_root not in target.parents:
        return None
    return target
