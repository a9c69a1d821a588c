"""Repairing an annotations file that a merge without the driver left with Git conflict markers."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes
from paperdesk.store.lock import StoreLock
from paperdesk.store.merge import merge_data
from paperdesk.store.schema import CorruptStore, NewerStore, check_shape, migrate
from paperdesk.store.sync_file import (
    NotLineFormat,
    conflict_sides,
    encode,
    has_conflict_markers,
    parse_lines,
)

log = logging.getLogger(__name__)


def aside_name(path: Path, label: str) -> Path:
    """Return a free `<name>.<label>-<time>` next to `path`."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while kept.exists():
        kept = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
        n += 1
    return kept


def merge_sides(raw: bytes) -> bytes:
    """Merge both sides of every conflict with the merge rules; the clean file's bytes.

    Raises CorruptStore when a side cannot be read (then the file is handled as damaged).
    """
    ours, theirs = conflict_sides(raw)
    try:
        sides = [migrate(check_shape(_read_side(lines)))[0] for lines in (ours, theirs)]
    except (ValueError, NewerStore) as exc:
        raise CorruptStore(f"a side of the conflict cannot be read ({exc})") from None
    return encode(merge_data(sides[0], sides[1]))


def _read_side(lines: list[bytes]) -> dict:
    """One side: the line layout, else (a file written in one line) plain JSON."""
    try:
        return parse_lines(lines)
    except NotLineFormat:
        obj = json.loads(b"\n".join(lines))
        if not isinstance(obj, dict):
            raise ValueError("not a JSON object") from None
        return obj


def repair_locked(path: Path, lock_timeout: float = 15.0) -> str | None:
    """`repair` under the store's inter-process lock (for opening; `repair` itself when already held)."""
    if not Path(path).exists():
        return None
    lock = StoreLock(Path(path), timeout=lock_timeout)
    try:
        with lock:
            return repair(path)
    finally:
        lock.close()


def repair(path: Path) -> str | None:
    """Rewrite a conflicted annotations file clean; returns the message for the user, or None.

    The conflicted original is kept aside as `<name>.conflicted-<time>`. A file without markers,
    or one whose sides cannot be read, is left alone (the caller's loader then reports it).
    """
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    if not has_conflict_markers(raw):
        return None
    try:
        clean = merge_sides(raw)
    except CorruptStore as exc:
        log.warning("conflicted annotations file %s could not be merged: %s", path, exc)
        return None
    kept = aside_name(Path(path), "conflicted")
    atomic_write_bytes(kept, raw)
    atomic_write_bytes(Path(path), clean)
    message = (
        f"The annotations file {path.name} held Git conflict markers (a merge made without the "
        f"paperdesk merge driver). Both sides were merged and the file rewritten clean; the "
        f"conflicted original was kept as {kept.name}. Commit the clean file "
        f"(git add {path.parent.name}/{path.name})."
    )
    log.warning(message)
    return message
