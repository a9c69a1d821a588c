"""Opening a store file: load and check it, migrate an older schema, restore a damaged one."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from paperdesk.atomic import atomic_write_bytes
from paperdesk.errors import UserError
from paperdesk.store import backups as bk
from paperdesk.store.lock import StoreLock
from paperdesk.store.schema import (
    SCHEMA_VERSION,
    CorruptStore,
    Data,
    NewerStore,
    check_shape,
    empty_data,
    migrate,
)
from paperdesk.store.storage import serialise

log = logging.getLogger(__name__)
T = TypeVar("T")


def load_file(path: Path) -> tuple[Data, int, bytes]:
    """Read, check and migrate a store file: (data, version found, raw bytes).

    Raises CorruptStore for anything unreadable and NewerStore for a newer schema.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:   # permissions, I/O: not damage, never moved aside
        raise UserError(f"cannot read the annotation store {path}: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise CorruptStore("the file is empty")
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CorruptStore(f"the file is not valid JSON ({str(exc)[:80]})") from exc
    data, found = migrate(check_shape(obj))
    return data, found, raw


def open_locked(path: Path, build: Callable[[Data, StoreLock, str | None], T], *,
                backup_interval: float, lock_timeout: float) -> T:
    """Take the store's lock, load or recover the file and call `build(data, lock, recovered)`.

    `build` runs under the lock, so the file it sees is the one that was loaded.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the folder for the annotation store {path}: {exc.strerror}") from exc
    if path.is_dir():
        raise UserError(f"the annotation store {path} is a folder, not a file")
    lock = StoreLock(path, timeout=lock_timeout)
    try:
        with lock:
            bk.remove_stale_temp_files(path)
            data, recovered, backup_payload = load_or_recover(path)
            if backup_payload is not None and bk.backup_due(path, backup_interval):
                try:
                    bk.make_backup(path, backup_payload)
                except OSError:
                    log.exception("could not write a backup of the annotation store")
            built = build(data, lock, recovered)
    except OSError as exc:
        lock.close()
        raise UserError(f"cannot open the annotation store {path}: {exc.strerror or exc}") from exc
    except BaseException:
        lock.close()
        raise
    return built


def load_or_recover(path: Path) -> tuple[Data, str | None, bytes | None]:
    """Return (data, recovery message, bytes of a good current file to back up)."""
    if not path.exists():
        data = empty_data()
        payload = serialise(data)
        atomic_write_bytes(path, payload)
        return data, None, None
    try:
        data, found, raw = load_file(path)
    except NewerStore as exc:
        raise UserError(f"{exc}: {path}") from None
    except CorruptStore as exc:
        return recover(path, str(exc))
    if found < SCHEMA_VERSION:
        kept = path.with_name(f"{path.name}.schema{found}-{time.strftime('%Y%m%dT%H%M%S')}")
        n = 1
        while kept.exists():
            kept = kept.with_name(f"{kept.name}-{n}")
            n += 1
        atomic_write_bytes(kept, raw)      # the pre-migration file is kept as it was
        raw = serialise(data)
        atomic_write_bytes(path, raw)
    return data, None, raw


def recover(path: Path, problem: str) -> tuple[Data, str, bytes | None]:
    """Move a damaged store aside and restore the newest readable backup (else start empty)."""
    aside = bk.move_aside(path)
    for backup in bk.backups(path):
        try:
            data, _found, _raw = load_file(backup)
        except (CorruptStore, NewerStore):
            continue
        payload = serialise(data)
        atomic_write_bytes(path, payload)
        n = len(data["highlights"])
        message = (
            f"The annotation store was damaged ({problem}). It was kept as {aside.name} and the "
            f"backup of {bk.backup_time(backup)} was restored ({n} highlight{'s' if n != 1 else ''}); "
            f"changes made after that backup are missing."
        )
        log.warning(message)
        return data, message, None
    data = empty_data()
    atomic_write_bytes(path, serialise(data))
    message = (
        f"The annotation store was damaged ({problem}) and no backup could be read. It was kept "
        f"as {aside.name}; paperdesk started with an empty store."
    )
    log.warning(message)
    return data, message, None
