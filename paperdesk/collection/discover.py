"""Finding note files in a folder: extensions, hidden folders, symlinks that loop or leave the root."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

NOTE_EXTENSIONS = (".md", ".markdown", ".txt")
SKIPPED_DIRS = frozenset({".git", "node_modules", "__pycache__", "_site", "site-packages", "venv"})
# text files a notes repository often holds that are not notes
NOT_NOTES = re.compile(
    r"(?i)(?:requirements[\w.-]*|constraints|license|licence|copying|notice|authors|contributors|"
    r"cmakelists|robots|changelog|changes|third[_-]?party[\w-]*)(?:\.\w+)?\.txt"
)
MAX_INDEXED_FILES = 200_000


@dataclass
class Discovery:
    """What a walk of the collection found."""

    notes: list[tuple[str, os.stat_result]] = field(default_factory=list)  # (relpath, stat)
    files: set[str] = field(default_factory=set)       # every regular file (relpath, posix)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, relpath, message)


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def discover(root: str) -> Discovery:
    """Walk `root` (an absolute folder path) for note files, never leaving it and never looping."""
    found = Discovery()
    root_real = os.path.realpath(root)
    seen_dirs: set[tuple[int, int]] = set()
    try:
        st = os.stat(root_real)
        seen_dirs.add((st.st_dev, st.st_ino))
    except OSError:
        pass
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda d: d.name)
        except OSError as exc:
            found.warnings.append(("unreadable", rel or ".", f"folder not readable: {exc.strerror or exc}"))
            continue
        subdirs: list[tuple[str, str]] = []
        for item in items:
            name = item.name
            if name.startswith("."):
                continue
            relpath = f"{rel}/{name}" if rel else name
            try:
                is_link = item.is_symlink()
                if is_link:
                    real = os.path.realpath(item.path)
                    if not _inside(real, root_real):
                        found.warnings.append(("symlink", relpath, "symbolic link points outside the collection; skipped"))
                        continue
                    if not os.path.exists(real):
                        found.warnings.append(("symlink", relpath, "broken symbolic link; skipped"))
                        continue
                is_dir = item.is_dir()
            except OSError as exc:
                found.warnings.append(("unreadable", relpath, f"not readable: {exc.strerror or exc}"))
                continue
            if is_dir:
                if name in SKIPPED_DIRS:
                    continue
                try:
                    st = item.stat()
                except OSError as exc:
                    found.warnings.append(("unreadable", relpath, f"folder not readable: {exc.strerror or exc}"))
                    continue
                key = (st.st_dev, st.st_ino)
                if key in seen_dirs:
                    found.warnings.append(("symlink", relpath, "symbolic link loop; skipped"))
                    continue
                seen_dirs.add(key)
                subdirs.append((item.path, relpath))
                continue
            if len(found.files) < MAX_INDEXED_FILES:
                found.files.add(relpath)
            if name.lower().endswith(NOTE_EXTENSIONS) and not NOT_NOTES.fullmatch(name):
                try:
                    st = item.stat()
                except OSError as exc:
                    found.warnings.append(("unreadable", relpath, f"not readable: {exc.strerror or exc}"))
                    continue
                found.notes.append((relpath, st))
        stack.extend(reversed(subdirs))
    found.notes.sort(key=lambda n: n[0])
    return found
