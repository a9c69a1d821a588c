"""Turning sync on for a collection: the in-collection annotations file, Git attributes and driver."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes, atomic_write_text
from paperdesk.store.identity import locate_store
from paperdesk.store.lock import StoreLock
from paperdesk.store.recovery import Loaded, load_file, open_locked
from paperdesk.store.schema import Data, empty_data
from paperdesk.store.sync_file import SYNC_DIR, SYNC_FILE, encode, sync_path

DRIVER = "paperdesk"
GITIGNORE_SYNC = ("# paperdesk: only the annotations travel through Git (no locks, backups or caches)\n"
                  "*\n!.gitignore\n!.gitattributes\n!" + SYNC_FILE + "\n")
GITATTRIBUTES = f"{SYNC_FILE} merge={DRIVER}\n"


@dataclass
class SyncSetup:
    """What `enable_sync` did."""

    path: Path                                   # the annotations file
    written: list[str] = field(default_factory=list)     # files written, relative to the collection
    merged_from: Path | None = None              # the local store whose annotations were brought in
    repository: Path | None = None               # the Git work tree, when the collection is in one
    driver: str | None = None                    # the merge driver command registered there
    messages: list[str] = field(default_factory=list)


def default_driver_command() -> str:
    """The command Git runs to merge the file: this Python running paperdesk."""
    return f"{shlex.quote(sys.executable)} -m paperdesk"


def git_toplevel(root: Path) -> Path | None:
    """Return the work tree a folder belongs to, or None outside Git (or without git)."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"], capture_output=True,
                              text=True, timeout=10, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else None


def registered_driver(root: Path) -> str | None:
    """Return the merge driver command registered in this clone's Git config, or None."""
    try:
        done = subprocess.run(["git", "-C", str(root), "config", "--get", f"merge.{DRIVER}.driver"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def register_driver(root: Path, command: str | None = None) -> str:
    """Register the merge driver in the repository's .git/config; returns the driver line."""
    line = f"{command or default_driver_command()} merge-annotations %O %A %B"
    for key, value in ((f"merge.{DRIVER}.name", "paperdesk annotations (field-wise merge)"),
                       (f"merge.{DRIVER}.driver", line)):
        subprocess.run(["git", "-C", str(root), "config", key, value], check=True, capture_output=True,
                       timeout=10)
    return line


def local_state(path: Path) -> Data:
    """The current data of a local store: its snapshot plus the journal, read under its own lock."""
    def take(loaded: Loaded, lock: StoreLock) -> Data:
        lock.close()          # nothing stays open: the lock is only held while reading
        return loaded.data

    return open_locked(path, take, lock_timeout=15.0)


def enable_sync(root: Path, paper_keys: Iterable[str] = (), *, driver_command: str | None = None) -> SyncSetup:
    """Keep a collection's annotations in it: merge the local store into the file, write the Git files.

    Running it again (e.g. in a second clone) merges that machine's local store in and registers
    the driver there; nothing is lost either way.
    """
    from paperdesk.store.annotations import AnnotationStore

    root = Path(root).expanduser().resolve()
    target = sync_path(root)
    local = locate_store(root, paper_keys, sync=False)   # this machine's own store, even when sync is on
    setup = SyncSetup(path=target)
    if local.message:
        setup.messages.append(local.message)
    folder = root / SYNC_DIR
    folder.mkdir(exist_ok=True)
    for name, text in ((".gitignore", GITIGNORE_SYNC), (".gitattributes", GITATTRIBUTES)):
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8", errors="replace") != text:
            atomic_write_text(path, text)
            setup.written.append(f"{SYNC_DIR}/{name}")
    if target.exists():   # repairs conflict markers, recovers a damaged file (with a message)
        with AnnotationStore.open(target) as store:
            if store.recovered:
                setup.messages.append(store.recovered)
    lock = StoreLock(target, timeout=15.0)
    try:
        lock.acquire()
        data = load_file(target)[0] if target.exists() else None
        if local.path.exists():
            mine = local_state(local.path)
            if data is not None:
                from paperdesk.store.merge import merge_data  # (not imported with the window)

                data = merge_data(data, mine)
            else:
                data = mine
            setup.merged_from = local.path
        if data is None:
            data = empty_data()
        payload = encode(data)
        if not target.exists() or target.read_bytes() != payload:
            atomic_write_bytes(target, payload)
            setup.written.append(f"{SYNC_DIR}/{SYNC_FILE}")
        lock.release()
    finally:
        lock.close()
    setup.repository = git_toplevel(root)
    if setup.repository is not None:
        setup.driver = register_driver(root, driver_command)
    return setup
