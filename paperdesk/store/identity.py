"""Which store holds a collection's annotations: a stable collection id that survives moves.

The id is kept in the collection (`.paperdesk/collection.json`) when paperdesk may write there;
otherwise it is derived from the Git repository's root commit plus the folder's path inside it;
a plain read-only folder keeps the store named after its absolute path. The local store is
`<data>/stores/<id>.json`. When it does not exist yet, a store kept under the folder's old
path-based name, or (given the collection's paper keys) the store of a folder that is gone whose
papers match, is adopted, with a message. With sync on, the store is the collection's own
`.paperdesk/annotations.json`.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes, atomic_write_text
from paperdesk.paths import BUNDLED_NOTES, PACKAGE_DIR, cache_dir, data_dir, legacy_store_path
from paperdesk.store.model import new_id, now_iso
from paperdesk.store.sync_file import SYNC_DIR, SYNC_FILE, sync_path

log = logging.getLogger(__name__)
IDENTITY_FILE = "collection.json"
REGISTRY_FILE = "registry.json"
GIT_IDS_FILE = "git-ids.json"      # in the cache folder: Git identities already asked of `git`
# Everything in .paperdesk stays out of Git (locks, backups, the id) until sync is turned on.
GITIGNORE_LOCAL = "# paperdesk: local files (collection id, locks, backups); nothing to commit\n*\n"
_ID = re.compile(r"^[0-9a-f]{32}$|^git-[0-9a-f]{16}-[0-9a-f]{12}$")
_messages: dict[str, str] = {}


class IdSource(enum.Enum):
    """Where a collection's id came from."""

    FILE = "file"          # .paperdesk/collection.json in the collection
    GIT = "git"            # root commit of its repository + the path inside it
    PATH = "path"          # its absolute path (a read-only folder outside Git)


@dataclass(frozen=True)
class StoreLocation:
    """Where a collection's annotations are kept, and what was done to find them."""

    path: Path
    collection_id: str
    source: IdSource
    sync: bool
    message: str | None = None     # for the user: a store was adopted


def stores_dir() -> Path:
    """Return the folder of the local stores."""
    return data_dir() / "stores"


def read_identity(root: Path) -> str | None:
    """Return the id kept in a collection, or None."""
    try:
        obj = json.loads((Path(root) / SYNC_DIR / IDENTITY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    value = obj.get("id") if isinstance(obj, dict) else None
    return value if isinstance(value, str) and _ID.match(value) else None


def _write_identity(root: Path) -> str | None:
    """Give a collection a new id kept inside it; None when the folder may not be written."""
    if _is_application_folder(root):
        return None
    new = new_id()
    folder = root / SYNC_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            atomic_write_text(ignore, GITIGNORE_LOCAL)
        atomic_write_text(folder / IDENTITY_FILE, json.dumps({"id": new, "created": now_iso()}) + "\n")
    except OSError:
        return None
    return new


def _is_application_folder(root: Path) -> bool:
    """The bundled notes and anything inside the installed package are not the user's to mark."""
    return root == BUNDLED_NOTES.resolve() or root.is_relative_to(PACKAGE_DIR)


def git_identity(root: Path) -> str | None:
    """Return "git-<root commit>-<path hash>" for a folder inside a Git repository, else None.

    The answer is cached (keyed by the folder and a stamp of its repository's HEAD and branch
    ref), so `git` runs again only after a commit, a checkout or a move.
    """
    stamp = _git_stamp(root)
    cached = _cached_git_ids().get(str(root)) if stamp else None
    if isinstance(cached, dict) and cached.get("stamp") == stamp and isinstance(cached.get("id"), str):
        return cached["id"]
    try:
        commits = _git(root, "rev-list", "--max-parents=0", "HEAD").split()
        prefix = _git(root, "rev-parse", "--show-prefix").strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not commits:
        return None
    path_hash = hashlib.sha256(prefix.encode("utf-8")).hexdigest()[:12]
    found = f"git-{sorted(commits)[0][:16]}-{path_hash}"
    if stamp:
        _cache_git_id(root, found, stamp)
    return found


def _git_stamp(root: Path) -> str | None:
    """A string that changes when the repository holding `root` moves, commits or checks out.

    None (no caching) when no `.git` is found above `root` or Git is steered by the environment.
    """
    if any(var in os.environ for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES")):
        return None
    for folder in (root, *root.parents):
        dot_git = folder / ".git"
        if dot_git.exists():
            break
    else:
        return None
    try:
        gitdir = dot_git
        if dot_git.is_file():            # a worktree or submodule: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8").strip()
            if not text.startswith("gitdir:"):
                return None
            gitdir = (folder / text[len("gitdir:"):].strip()).resolve()
        common = gitdir
        if (gitdir / "commondir").is_file():
            common = (gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()).resolve()
        head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
        parts = [str(dot_git), head, str((gitdir / "HEAD").stat().st_mtime_ns)]
        if head.startswith("ref:"):
            parts.append(_mtime(common / head[len("ref:"):].strip()))
        parts.append(_mtime(common / "packed-refs"))
    except (OSError, UnicodeDecodeError):
        return None
    return "|".join(parts)


def _mtime(path: Path) -> str:
    try:
        return str(path.stat().st_mtime_ns)
    except OSError:
        return "-"


def _cached_git_ids() -> dict[str, object]:
    try:
        obj = json.loads((cache_dir() / GIT_IDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return obj if isinstance(obj, dict) else {}


def _cache_git_id(root: Path, found: str, stamp: str) -> None:
    ids = _cached_git_ids()
    ids[str(root)] = {"id": found, "stamp": stamp}
    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        data = json.dumps(ids, indent=1, sort_keys=True) + "\n"
        atomic_write_bytes(cache_dir() / GIT_IDS_FILE, data.encode("utf-8"), durable=False)   # a cache
    except OSError:
        log.info("could not cache the Git identity of %s", root)


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10,
                          check=True, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    return done.stdout


def locate_store(root: Path, paper_keys: Iterable[str] = (), *, sync: bool = True) -> StoreLocation:
    """Find (and on first use, name) the store of the collection at `root`.

    `paper_keys` (the collection's papers) lets a moved read-only folder find its old store;
    `sync=False` finds the local store even when sync is on.
    """
    root = Path(root).expanduser().resolve()
    synced = sync_path(root)
    if sync and synced.exists():
        return StoreLocation(synced, read_identity(root) or "", IdSource.FILE, True)
    ident, source = read_identity(root), IdSource.FILE
    if ident is None:
        ident = _write_identity(root)
    if ident is None:
        ident, source = git_identity(root), IdSource.GIT
    if ident is None:
        legacy = legacy_store_path(root)
        message = None if legacy.exists() else _adopt_by_papers(root, legacy, paper_keys)
        return _located(root, legacy, legacy.stem, IdSource.PATH, message)
    path = stores_dir() / f"{ident}.json"
    message = None
    if not path.exists():
        message = _adopt_legacy(root, path) or _adopt_by_papers(root, path, paper_keys)
    return _located(root, path, ident, source, message)


def _located(root: Path, path: Path, ident: str, source: IdSource, message: str | None) -> StoreLocation:
    _remember(ident, root)
    if message:
        _messages[str(root)] = message
        log.warning(message)
    return StoreLocation(path, ident, source, False, message)


def take_message(root: Path) -> str | None:
    """Return (once) the adoption message of the last `locate_store(root)` in this process."""
    return _messages.pop(str(Path(root).expanduser().resolve()), None)


def _adopt_legacy(root: Path, target: Path) -> str | None:
    """Adopt the store kept under this folder's path-based name (paperdesk before collection ids)."""
    legacy = legacy_store_path(root)
    if not legacy.exists():
        return None
    _move_store(legacy, target)
    return (f"The annotations of {root} were kept under its path; they now follow the folder "
            f"wherever it is moved ({target.name}).")


def _adopt_by_papers(root: Path, target: Path, paper_keys: Iterable[str]) -> str | None:
    """Adopt the store of a folder that is gone when most of its papers are in this collection."""
    keys = set(paper_keys)
    if not keys or not stores_dir().is_dir():
        return None
    registry = _registry()
    roots = {f"{ident}.json": Path(entry.get("root", "")) for ident, entry in registry.items()}
    best: tuple[int, Path] | None = None
    for candidate in sorted(stores_dir().glob("*.json")):
        if candidate.name == REGISTRY_FILE or candidate == target:
            continue
        old_root = roots.get(candidate.name)
        if old_root is not None and old_root.is_dir():
            continue            # its folder is still there: not ours to take
        known = _store_papers(candidate)
        shared = len(known & keys)
        if shared and shared * 2 >= len(known) and (best is None or shared > best[0]):
            best = (shared, candidate)
    if best is None:
        return None
    shared, found = best
    old = roots.get(found.name)
    _move_store(found, target)
    where = f"of {old}" if old else f"kept as {found.name}"
    return (f"The annotations {where} were found again for {root} ({shared} paper"
            f"{'s' if shared != 1 else ''} in common) and adopted.")


def _store_papers(path: Path) -> set[str]:
    """The paper keys a store file annotates (empty when it cannot be read)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return set()
    if not isinstance(data, dict):
        return set()
    keys: set[str] = set()
    for name in ("status", "tags"):
        table = data.get(name)
        if isinstance(table, dict):
            keys.update(k for k in table if isinstance(k, str))
    highlights = data.get("highlights")
    if isinstance(highlights, dict):
        keys.update(d["paper_key"] for d in highlights.values()
                    if isinstance(d, dict) and isinstance(d.get("paper_key"), str) and not d.get("deleted"))
    return keys


def _move_store(old: Path, new: Path) -> None:
    """Rename a store file and what belongs to it (journal, backups, text snapshots) to a new name."""
    new.parent.mkdir(parents=True, exist_ok=True)
    for sibling in sorted(old.parent.glob(old.name + ".*")):
        if sibling.name != old.name + ".lock":
            sibling.rename(new.with_name(new.name + sibling.name[len(old.name):]))
    os.replace(old, new)


def _registry() -> dict[str, dict[str, str]]:
    try:
        obj = json.loads((stores_dir() / REGISTRY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return {k: v for k, v in obj.items() if isinstance(v, dict)} if isinstance(obj, dict) else {}


def _remember(ident: str, root: Path) -> None:
    """Record where a collection was last seen (lets a moved folder's old store be recognised)."""
    registry = _registry()
    if registry.get(ident, {}).get("root") == str(root):
        return
    registry[ident] = {"root": str(root), "seen": now_iso()}
    try:
        stores_dir().mkdir(parents=True, exist_ok=True)
        atomic_write_text(stores_dir() / REGISTRY_FILE, json.dumps(registry, indent=1, sort_keys=True) + "\n")
    except OSError:
        log.warning("could not record the collection registry in %s", stores_dir())


__all__ = ["SYNC_DIR", "SYNC_FILE", "IdSource", "StoreLocation", "default_store_path", "git_identity", "locate_store",
           "read_identity", "stores_dir", "take_message"]


def default_store_path(root: Path) -> Path:
    """Return the annotation store file for a collection, found by its id (moved stores adopted)."""
    return locate_store(root).path
