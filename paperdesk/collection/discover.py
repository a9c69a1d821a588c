"""Finding note files in a folder: extensions, hidden folders, symlinks that loop or leave the root,
special files (FIFOs, sockets, devices), files too large to read, and names that lie on screen."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from stat import S_ISREG

NOTE_EXTENSIONS = (".md", ".markdown", ".txt")
SKIPPED_DIRS = frozenset({".git", "node_modules", "__pycache__", "_site", "site-packages", "venv"})
# hidden folders that tools keep a collection's images in (GitBook's `.gitbook/assets`, Azure DevOps wikis'
# `.attachments`): their files are listed, so images resolve, but nothing in them is a note
ASSET_DIRS = frozenset({".gitbook", ".attachments", ".assets", ".images"})
# text files a notes repository often holds that are not notes
NOT_NOTES = re.compile(
    r"(?i)(?:requirements[\w.-]*|constraints|license|licence|copying|notice|authors|contributors|"
    r"cmakelists|robots|changelog|changes|third[_-]?party[\w-]*)(?:\.\w+)?\.txt"
)
# The kernel's views, not files: a collection opened at "/" never walks into them (/proc/<pid>/cwd
# alone repeats every running program's folder). Absolute paths; only "/" holds them.
KERNEL_FOLDERS = frozenset({"/proc", "/sys", "/dev"} if os.name == "posix" else ())
# a folder holding one of these is a Python environment (a venv under any name, a conda environment):
# thousands of package READMEs, never notes; the collection's own root is still walked
ENVIRONMENT_MARKERS = frozenset({"pyvenv.cfg", "conda-meta"})
MAX_INDEXED_FILES = 200_000
# The largest note file that is read: 100x the biggest seed (140 KB), room for notes with embedded
# (data: URL) images. Above it a file is listed as too large (a "too-large" warning) and never read
# whole: its bytes are never decoded, parsed or rendered.
MAX_NOTE_BYTES = 16 * 1024 * 1024
# Characters that make a file name print as something else: line breaks and the other C0/C1
# controls, and the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069, ...).
_TRICKY_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class NotReadable(Exception):
    """A note file that must not be read: not a regular file, too large, or gone."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind      # ScanWarning kind: "special", "too-large", "vanished", "unreadable"
        self.message = message


def display_name(relpath: str) -> str:
    """`relpath` safe to print on one line: controls and bidi overrides shown as `\\n`, `\\u202e`."""
    def escape(m: re.Match[str]) -> str:
        ch = m.group(0)
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\u{ord(ch):04x}")
    return _TRICKY_NAME.sub(escape, relpath)


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


def check_note(st: os.stat_result) -> NotReadable | None:
    """Why a file with this stat must not be read as a note (None: it may be)."""
    what = _kind_of(st.st_mode)
    if what is not None:
        return NotReadable("special", f"skipped: {what}, not a regular file")
    if st.st_size > MAX_NOTE_BYTES:
        return NotReadable("too-large", f"skipped: {st.st_size / 1e6:.1f} MB is above the "
                                        f"{MAX_NOTE_BYTES // (1024 * 1024)} MiB limit for a note file")
    return None


def _read_up_to(fd: int, limit: int) -> bytes:
    """At most `limit` bytes from a file descriptor: until the end of the file or the limit."""
    chunks: list[bytes] = []
    while limit > 0:
        chunk = os.read(fd, limit)
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def read_note_bytes(path: str | Path) -> bytes:
    """Read a note file, refusing (NotReadable) anything but a regular file of at most MAX_NOTE_BYTES.

    Opened without blocking, so a FIFO swapped in after discovery cannot hang the caller; the
    type and size are checked on the open descriptor, and at most MAX_NOTE_BYTES + 1 bytes are read
    (with os.read: no file object, whose making costs more than reading a note).
    """
    try:
        fd = os.open(path, _READ_FLAGS)
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):  # what opening it as a file object says (a folder swapped in)
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            problem = check_note(st)
            if problem is not None:
                raise problem
            # ask for the size it has (a 16 MiB request costs a 16 MiB buffer per file), then for
            # the rest in case it grew meanwhile
            data = _read_up_to(fd, st.st_size + 1)
            if len(data) > st.st_size:
                data += _read_up_to(fd, MAX_NOTE_BYTES + 1 - len(data))
        finally:
            os.close(fd)
    except FileNotFoundError as exc:
        raise NotReadable("vanished", "skipped: the file disappeared during the scan") from exc
    except OSError as exc:
        raise NotReadable("unreadable", f"skipped: {exc.strerror or exc}") from exc
    if len(data) > MAX_NOTE_BYTES:
        raise NotReadable("too-large", f"skipped: grew above the {MAX_NOTE_BYTES // (1024 * 1024)} MiB "
                                       "limit for a note file while it was read")
    return data


@dataclass
class Discovery:
    """What a walk of the collection found."""

    notes: list[tuple[str, os.stat_result]] = field(default_factory=list)  # (relpath, stat)
    files: set[str] = field(default_factory=set)       # every regular file (relpath, posix)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, relpath, message)


_NAME = attrgetter("name")


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
    stack: list[tuple[str, str, bool]] = [(root, "", False)]
    while stack:
        folder, rel, assets = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=_NAME)
        except OSError as exc:
            found.warnings.append(("unreadable", rel or ".", f"folder not readable: {exc.strerror or exc}"))
            continue
        if rel and any(item.name in ENVIRONMENT_MARKERS for item in items):
            continue
        subdirs: list[tuple[str, str, bool]] = []
        for item in items:
            name = item.name
            if name.startswith(".") and (name not in ASSET_DIRS or not item.is_dir(follow_symlinks=False)):
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
                if name in SKIPPED_DIRS or (real if is_link else item.path) in KERNEL_FOLDERS:
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
                subdirs.append((item.path, relpath, assets or name in ASSET_DIRS))
                continue
            try:
                regular = item.is_file()
            except OSError:
                regular = False
            if regular and len(found.files) < MAX_INDEXED_FILES:
                found.files.add(relpath)
            if assets:
                continue
            low = name.lower()  # NOT_NOTES ends in (?i)\.txt, so it can only match a name ending so
            if low.endswith(NOTE_EXTENSIONS) and not (low.endswith(".txt") and NOT_NOTES.fullmatch(name)):
                try:
                    st = item.stat()
                except FileNotFoundError:
                    found.warnings.append(("vanished", relpath, "skipped: the file disappeared during the scan"))
                    continue
                except OSError as exc:
                    found.warnings.append(("unreadable", relpath, f"not readable: {exc.strerror or exc}"))
                    continue
                if not (st.st_size <= MAX_NOTE_BYTES and S_ISREG(st.st_mode)):  # check_note's cases
                    problem = check_note(st)
                    if problem is not None:
                        found.warnings.append((problem.kind, relpath, problem.message))
                        continue
                if not name.isprintable() and _TRICKY_NAME.search(name):  # every tricky one is unprintable
                    found.warnings.append(("name", relpath, "the file name holds line breaks, control or "
                                           f"bidirectional characters; shown as {display_name(relpath)}"))
                found.notes.append((relpath, st))
        stack.extend(reversed(subdirs))
    found.notes.sort(key=lambda n: n[0])
    return found
