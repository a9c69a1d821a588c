"""Opening a store: load the snapshot and its journal, migrate, restore damage, or open read-only.

Rules (each has a test in tests/store/test_faults*.py):
- a damaged snapshot (truncated, empty, not JSON, wrong shape) is kept aside under a new name
  (a hard link: the store path is never without a file) and the newest good state is put back:
  the newest readable backup plus every journal record written after it;
- a missing snapshot next to backups, a journal or a kept damaged file is restored the same way,
  never replaced by an empty store (a restore cut short by a full disk or a SIGKILL is redone);
- a file that cannot be read (permissions, a folder at its path) or that a newer paperdesk wrote
  opens read-only, untouched, showing what can be read; so does a store whose file or folder
  cannot be written (`Loaded.read_only` says why).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from paperdesk.atomic import atomic_write_bytes
from paperdesk.errors import UserError
from paperdesk.store import backups as bk
from paperdesk.store import journal as jr
from paperdesk.store import sync_file
from paperdesk.store.lock import StoreLock, lock_path
from paperdesk.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLES,
    CorruptStore,
    Data,
    NewerStore,
    check_shape,
    empty_data,
    migrate,
    schema_version,
    validate,
)
from paperdesk.store.storage import describe_os_error, generation, serialise

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Loaded:
    """What opening found: the data to serve and what the user must be told."""

    data: Data
    gen: int                            # journal generation the data reaches
    recovered: str | None = None        # message: a restore happened (or could not)
    read_only: str | None = None        # why writes are refused, None when writable
    snapshot_payload: bytes | None = None   # the snapshot's bytes when they equal `data`
    soft_read_only: bool = False        # read-only only while the file or folder cannot be written
    fresh: bool = False                 # a new, empty store was just created


def read_file(path: Path) -> tuple[Data, int, bytes]:
    """Read and check a store file without migrating it: (tables, schema version, raw bytes).

    Raises CorruptStore for anything unreadable, NewerStore for a newer schema and OSError
    when the file cannot be read at all (permissions, a folder, I/O).
    """
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise CorruptStore("the file is empty")
    try:   # an in-collection file is read tolerantly (what a text merge by Git leaves)
        obj = sync_file.parse(raw) if sync_file.is_sync_path(path) else json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CorruptStore(f"the file is not valid JSON ({str(exc)[:80]})") from exc
    data = check_shape(obj)
    found = schema_version(data)
    if found > SCHEMA_VERSION:
        raise NewerStore(f"the store was written by a newer paperdesk (schema {found})")
    return data, found, raw


def load_file(path: Path) -> tuple[Data, int, bytes]:
    """Read, check and migrate a store file (its journal aside): (data, version found, raw bytes)."""
    data, _found, raw = read_file(path)
    migrated, found = migrate(data)
    return migrated, found, raw


def state(data: Data, found: int, replay: jr.Replay) -> tuple[Data, int, str | None]:
    """The current state from a file's tables (schema `found`) and its journal.

    Records newer than the file's generation are applied in order, each to data of its own
    schema version (older data is migrated first), and the result migrated to the current
    schema: (data, generation reached, note on anything missing). Raises CorruptStore or
    NewerStore when the file alone is not a usable store.
    """
    base_gen = generation(data)
    work = {name: dict(table) for name, table in data.items()}
    base, _ = migrate(data)            # the file alone must be sound
    newer = [r for r in replay.records if r.gen > base_gen]
    note = None
    if replay.base is not None and replay.base > base_gen:
        note = (f"changes {base_gen + 1}..{replay.base} were only in a newer backup that cannot be read, "
                "so they are missing")
    if not newer:
        return base, base_gen, note
    expected = max(base_gen, replay.base or 0) + 1
    for record in newer:
        if record.gen != expected and note is None:
            note = (f"changes {expected}..{record.gen - 1} of the journal are missing, so some changes "
                    "made before the newest readable point may be lost")
        expected = record.gen + 1
    try:
        version = found
        for record in newer:
            while version < min(record.version, SCHEMA_VERSION):
                work = MIGRATIONS[version](work)
                version += 1
            if record.version == version:
                jr.apply(work, record)
        if found == version == SCHEMA_VERSION:    # nothing to migrate: check what the journal touched
            validate({name: work[name] for name in {n for r in newer for n in r.changes} if name in work})
            current = {**{name: {} for name in TABLES}, **work}
        else:
            current, _ = migrate(work)
    except (CorruptStore, NewerStore) as exc:
        # the generation moves past the unusable lines, so they are never applied later
        return base, newer[-1].gen, f"the journal could not be applied ({exc}); its changes are missing"
    return current, newer[-1].gen, note


def open_locked(path: Path, build: Callable[[Loaded, StoreLock], T], *, lock_timeout: float) -> T:
    """Take the store's lock, load or recover the files and call `build(loaded, lock)`.

    `build` runs under the lock, so the files it sees are the ones that were loaded.
    """
    no_folder = make_folder(path.parent)   # read-only or full data folder: the notes open, read-only
    lock = StoreLock(path, timeout=lock_timeout)
    try:
        with lock:
            if no_folder is None:
                bk.remove_stale_temp_files(path)
                loaded = load_or_recover(path)
            else:   # no folder, so no store, backup or journal in it: nothing to show or to lose
                loaded = Loaded(empty_data(), 0, read_only=no_folder, soft_read_only=True)
            if loaded.read_only is None and lock.unavailable is not None:
                loaded.read_only = f"the annotation store cannot be shared safely: {lock.unavailable}"
            built = build(loaded, lock)
    except OSError as exc:
        lock.close()
        raise UserError(f"cannot open the annotation store {path}: {exc.strerror or exc}") from exc
    except BaseException:
        lock.close()
        raise
    return built


def load_or_recover(path: Path) -> Loaded:
    """Load the store at `path` (call under its lock), repairing or going read-only as needed."""
    if path.is_dir():
        return _read_only_fallback(path, f"the annotation store {path} is a folder, not a file")
    if not path.exists():
        if _traces(path):
            return recover(path, "the file is missing")
        data = empty_data()
        try:
            atomic_write_bytes(path, serialise(data))
        except OSError as exc:
            return Loaded(data, 0, read_only=_cannot_write(path, exc), soft_read_only=True)
        return Loaded(data, 0, read_only=write_problem(path), soft_read_only=True, fresh=True)
    try:
        raw_data, found, raw = read_file(path)
        base_gen = generation(raw_data)
        if sync_file.is_sync_path(path):   # its journal is merged in, never put over a pulled file
            data, _, note = state(raw_data, found, jr.Replay())
            replay, _ = jr.read(jr.journal_path(path))
            data, gen = sync_file.merge_journal(data, replay)
            base_gen = -1 if replay.records else gen
        else:
            replay, _ = jr.read(jr.journal_path(path), after=base_gen)
            data, gen, note = state(raw_data, found, replay)
    except NewerStore:
        return _newer(path)
    except CorruptStore as exc:
        return recover(path, str(exc))
    except OSError as exc:   # permissions, I/O, a folder: not damage, never moved aside
        return _read_only_fallback(path, f"cannot read the annotation store {path}: {describe_os_error(exc)}")
    payload = raw if gen == base_gen and found == SCHEMA_VERSION else None
    loaded = Loaded(data, gen, recovered=note, snapshot_payload=payload)
    if note is not None:       # a journal problem is told once: the state found is written now
        loaded.recovered = f"The annotation store's journal was damaged: {note}."
        try:
            kept = bk.keep_aside(jr.journal_path(path), copy=True)
            loaded.recovered += f" It was kept as {kept.name}."
            atomic_write_bytes(path, serialise(_with_generation(data, gen)))
        except OSError as exc:
            loaded.read_only = _cannot_write(path, exc)
            return loaded
        loaded.snapshot_payload = None
    if found < SCHEMA_VERSION:
        try:
            _keep_and_migrate(path, raw, _with_generation(data, gen), found)
        except OSError as exc:
            loaded.read_only = _cannot_write(path, exc)
            return loaded
        loaded.snapshot_payload = None
    loaded.read_only = write_problem(path)
    loaded.soft_read_only = True
    return loaded


def recover(path: Path, problem: str) -> Loaded:
    """Keep a damaged (or missing) store aside and put back the newest good state."""
    data, gen, source = _newest_good_state(path)
    try:
        aside = bk.keep_aside(path) if path.exists() else None
        kept = f" It was kept as {aside.name}." if aside is not None else ""
    except OSError as exc:     # the damaged file cannot be kept: it is not written over either
        message = (f"The annotation store was damaged ({problem}) and could not be kept aside "
                   f"({describe_os_error(exc)}). {source} It is shown read-only, and the restore is tried "
                   f"again at the next start.")
        log.info(message)
        return Loaded(data, gen, recovered=message, read_only=_cannot_write(path, exc))
    try:
        atomic_write_bytes(path, serialise(_with_generation(data, gen)))
    except OSError as exc:
        reason = _cannot_write(path, exc)
        message = (f"The annotation store was damaged ({problem}).{kept} {source} It could not be written "
                   f"back ({describe_os_error(exc)}), so it is shown read-only and the restore is tried "
                   f"again at the next start.")
        log.info(message)
        return Loaded(data, gen, recovered=message, read_only=reason)
    message = f"The annotation store was damaged ({problem}).{kept} {source}"
    log.info(message)
    return Loaded(data, gen, recovered=message, read_only=write_problem(path), soft_read_only=True)


def make_folder(folder: Path) -> str | None:
    """Create the store's folder if it is missing; why it cannot be, else None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"the folder {folder} cannot be created ({describe_os_error(exc)}), so annotation changes cannot be saved"
    return None


def write_problem(path: Path) -> str | None:
    """Why the store at `path` cannot be written now (read-only file or folder), else None."""
    folder = path.parent
    if not folder.is_dir() and (problem := make_folder(folder)):
        return problem
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only, so annotation changes cannot be saved"
    for file in (path, jr.journal_path(path)):
        if file.exists() and not os.access(file, os.W_OK):
            return f"the annotation store file {file.name} is read-only, so changes cannot be saved"
    return None


def _cannot_write(path: Path, exc: OSError) -> str:
    return f"the annotation store {path.name} cannot be written ({describe_os_error(exc)})"


_HEAD_BYTES = 4096


def foreign_file(path: Path) -> str | None:
    """Why an existing file named as a store is someone else's data, not a store at all, else None.

    A store given by hand (`--db FILE`) that is not empty, holds no JSON object, or a JSON object
    that is not a store's, and has none of a store's companions beside it (journal, lock, backups,
    kept copies), is refused rather than kept aside and replaced by an empty store: it is a
    mistyped path (`--db note.md`). A damaged store of ours (a cut-off JSON object, its companions
    around it) is not foreign: it is recovered as ever. In-collection sync files are never foreign.
    """
    path = Path(path)
    try:
        if not path.is_file() or sync_file.is_sync_path(path) or _companions(path):
            return None
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES).lstrip()
    except OSError:
        return None    # unreadable: opened read-only as ever, never moved
    if not head:
        return None
    if not head.startswith(b"{"):
        return f"{path} is not an annotation store (it does not hold JSON)"
    rest = head[1:].lstrip()
    if not rest or rest.startswith(b"}") or any(rest.startswith(b'"%s"' % name.encode()) for name in TABLES):
        return None    # a store's first table (or a JSON object cut off early): ours, maybe damaged
    if not rest.startswith(b'"'):
        return f"{path} is not an annotation store (it does not hold JSON)"
    try:
        check_shape(json.loads(path.read_bytes()))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None    # a JSON object cut off: a damaged store, recovered
    except CorruptStore:
        return f"{path} is not an annotation store (it holds other JSON data)"
    except OSError:
        return None
    return None


def _companions(path: Path) -> bool:
    """True when a file of ours sits beside `path`: its journal, lock, a backup or a kept copy."""
    if jr.journal_path(path).exists() or lock_path(path).exists() or bk.backups(path) or bk.kept_damaged(path):
        return True
    return any(path.parent.glob(f"{path.name}.schema*-*")) or any(path.parent.glob(f"{path.name}.journal.damaged-*"))


def refuse_foreign(path: Path) -> None:
    """Raise UserError (one line; the CLI exits 2) when `path`, given as a store, is not one (see foreign_file)."""
    reason = foreign_file(path)
    if reason is not None:
        raise UserError(f"{reason}; nothing was changed. Give --db an annotation store, or a new file name")


def _traces(path: Path) -> bool:
    """True when backups, a journal with records or a kept damaged copy show the store existed."""
    if bk.backups(path) or bk.kept_damaged(path):
        return True
    replay, _ = jr.read(jr.journal_path(path))
    return bool(replay.records)


def _newest_good_state(path: Path) -> tuple[Data, int, str]:
    """(data, generation, what it came from): newest readable backup plus the journal after it."""
    replay, _ = jr.read(jr.journal_path(path))
    for backup in bk.backups(path):
        try:
            raw_data, found, _raw = read_file(backup)
            base = generation(raw_data)
            data, gen, note = state(raw_data, found, replay)
        except (CorruptStore, NewerStore, OSError):
            continue
        told = (f"The backup of {bk.backup_time(backup)} was restored with the {gen - base} "
                f"change{'s' if gen - base != 1 else ''} journaled after it ({summary(data)})")
        return data, gen, f"{told}; {note}." if note else f"{told}."
    data, gen, note = state(empty_data(), SCHEMA_VERSION, replay)
    if replay.records and replay.records[0].gen == 1 and note is None and not replay.base:
        return data, gen, (f"There was no backup, but every change since the store was created is in its "
                           f"journal and was restored ({summary(data)}).")
    return data, gen, ("As no backup could be read, paperdesk started with an empty store"
                       + (" plus the journaled changes it could read." if replay.records else "."))


def summary(data: Data) -> str:
    """What a store holds, in a few words ("3 highlights, 2 tagged papers, 1 status")."""
    def count(n: int, word: str, plural: str) -> str:
        return f"{n} {word if n == 1 else plural}"

    return ", ".join((count(len(data.get("highlights", {})), "highlight", "highlights"),
                      count(len(data.get("tags", {})), "tagged paper", "tagged papers"),
                      count(len(data.get("status", {})), "reading status", "reading statuses")))


def _with_generation(data: Data, gen: int) -> Data:
    meta = dict(data.get("meta", {}))
    meta["generation"] = {"n": gen}
    data["meta"] = meta
    return data


def _read_only_fallback(path: Path, reason: str) -> Loaded:
    """Serve the newest good state found beside an unreadable store, without touching anything."""
    data, gen, _source = _newest_good_state(path)
    if bk.backups(path) or gen:
        reason += f"; shown read-only from its backups and journal ({summary(data)})"
    return Loaded(data, gen, read_only=reason)


def _newer(path: Path) -> Loaded:
    """A store from a newer paperdesk: shown read-only as far as it can be read, never changed."""
    data = empty_data()
    version = "?"
    try:
        obj = check_shape(json.loads(path.read_bytes()))
        version = str(schema_version(obj))
        data = validate({name: dict(table) for name, table in obj.items()})
    except (CorruptStore, OSError, ValueError, RecursionError):
        pass   # shown empty: nothing this version understands
    reason = (f"the annotation store {path.name} was made by a newer paperdesk (schema {version}; this "
              f"version reads up to {SCHEMA_VERSION}), so it is opened read-only")
    return Loaded(data, generation(data), read_only=reason)


def _keep_and_migrate(path: Path, raw: bytes, data: Data, found: int) -> None:
    """Keep the pre-migration file as it was, then write the migrated store."""
    kept = path.with_name(f"{path.name}.schema{found}-{time.strftime('%Y%m%dT%H%M%S')}")
    n = 1
    while kept.exists():
        kept = kept.with_name(f"{kept.name}-{n}")
        n += 1
    atomic_write_bytes(kept, raw)
    atomic_write_bytes(path, serialise(data))
