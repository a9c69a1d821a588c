"""Rotating backups of a store next to it, and moving damaged files aside (never overwritten)."""

from __future__ import annotations

import contextlib
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes

KEEP_BACKUPS = 3
BACKUP_INTERVAL_S = 600.0     # at most one new backup per 10 minutes (plus one at open when due)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def backups(store: Path) -> list[Path]:
    """Return the store's backups, newest first."""
    pattern = f"{store.name}.backup-*"
    return sorted(store.parent.glob(pattern), key=lambda p: p.name, reverse=True)


def backup_due(store: Path, interval: float = BACKUP_INTERVAL_S) -> bool:
    """True when there is no backup younger than `interval` seconds."""
    found = backups(store)
    if not found:
        return True
    try:
        age = time.time() - found[0].stat().st_mtime
    except OSError:
        return True
    return age >= interval or age < 0


def make_backup(store: Path, payload: bytes, keep: int = KEEP_BACKUPS) -> Path:
    """Write `payload` (a good store file) as a new backup and delete all but the newest `keep`."""
    target = store.with_name(f"{store.name}.backup-{_stamp()}")
    n = 1
    while target.exists():
        target = store.with_name(f"{store.name}.backup-{_stamp()}-{n}")
        n += 1
    atomic_write_bytes(target, payload)
    for old in backups(store)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def backup_time(backup: Path) -> str:
    """Human-readable UTC time a backup was made (from its name, else its mtime)."""
    try:
        stamp = backup.name.rsplit(".backup-", 1)[1][:22]
        when = datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except (IndexError, ValueError):
        when = datetime.fromtimestamp(backup.stat().st_mtime, UTC)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def kept_damaged(store: Path) -> list[Path]:
    """Return the damaged copies kept beside the store, newest first."""
    return sorted(store.parent.glob(f"{store.name}.damaged-*"), key=lambda p: p.name, reverse=True)


def keep_aside(store: Path, label: str = "damaged", *, copy: bool = False) -> Path:
    """Keep a damaged store under a new, unused name next to it; the store path keeps its file.

    A hard link costs no space (a full disk cannot stop it) and the store path is never without
    a file, so a crash before the restore leaves the damage in place to be found again. If that
    very file was kept already (a restore cut short), the existing copy is returned. Where hard
    links are impossible, or with `copy` (a file that is appended to in place, like the
    journal), the bytes are copied.
    """
    st = os.stat(store)
    for old in kept_damaged(store):
        with contextlib.suppress(OSError):
            if os.path.samestat(os.stat(old), st):
                return old
    base = f"{store.name}.{label}-{_stamp()}"
    target = store.with_name(base)
    n = 1
    while target.exists():
        target = store.with_name(f"{base}-{n}")
        n += 1
    if copy:
        atomic_write_bytes(target, store.read_bytes())
        return target
    try:
        os.link(store, target)     # fails instead of overwriting if the name appeared meanwhile
    except FileExistsError:
        return keep_aside(store, label)
    except OSError:
        atomic_write_bytes(target, store.read_bytes())   # file systems without hard links
    return target


def remove_stale_temp_files(store: Path) -> int:
    """Delete temporary files left by a write that was killed (call only under the store lock)."""
    count = 0
    for tmp in store.parent.glob(f".{store.name}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            count += 1
    return count
