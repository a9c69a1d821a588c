"""The scan cache: per-file parse results keyed on size, mtime and content hash (corrupt = ignored)."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from pathlib import Path

CACHE_VERSION = 9

# relpath -> (size, mtime_ns, digest, parsed) where parsed is the marshalled
# (raw entry tuples, warning tuples, file kind, index hints): an unchanged re-scan never unpacks it.
# No file text: entries read their bodies back from the files (collection/file_texts.py).
CachedFile = tuple


def pack(size: int, mtime_ns: int, digest: str, raws: tuple, warnings: tuple, kind: str,
         hints: tuple) -> CachedFile:
    """One file's parse result as stored in the cache."""
    return (size, mtime_ns, digest, marshal.dumps((raws, warnings, kind, hints)))


def unpack(cached: CachedFile) -> tuple[tuple, tuple, str, tuple]:
    """(raw entry tuples, warning tuples, file kind, index hints) of a cached file."""
    return marshal.loads(cached[3])


def code_digest() -> str:
    """Hash of the collection package's code, so a new parser never reuses an old cache."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        digest = hashlib.blake2b(str(CACHE_VERSION).encode(), digest_size=8)
        for path in sorted(Path(__file__).parent.glob("*.py")):
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
        _CODE_DIGEST = digest.hexdigest()
    return _CODE_DIGEST


_CODE_DIGEST: str | None = None


def content_digest(data: bytes) -> str:
    """Return the content hash the cache compares when size or mtime changed (128 bits of SHA-256:
    OpenSSL's SHA-256 uses the CPU's SHA instructions, about twice as fast as BLAKE2b here)."""
    return hashlib.sha256(data).hexdigest()[:32]


def cache_path(root: Path) -> Path:
    """Return the cache file of a collection root (or of a single scanned file)."""
    # imported here: a scan worker never needs platformdirs
    from paperdesk.paths import cache_dir, collection_slug

    return cache_dir() / "scan" / f"{collection_slug(root)}.marshal"


def load_cache_and_snapshot(root: Path) -> tuple[dict[str, CachedFile], tuple | None]:
    """Load a collection's scan cache and its snapshot (the last scan's entries); any problem gives ({}, None).

    The snapshot is (files fingerprint, scanned files, entry tuples, warning tuples), or None.
    """
    try:
        data = marshal.loads(cache_path(root).read_bytes())
        if not isinstance(data, tuple) or len(data) != 4 or data[0] != code_digest():
            return {}, None
        if data[1] != str(Path(root).resolve()) or not isinstance(data[2], dict):
            return {}, None
        files = data[2]
        for value in files.values():
            if not isinstance(value, tuple) or len(value) != 4 or not isinstance(value[3], bytes):
                return {}, None
        snapshot = data[3] if isinstance(data[3], tuple) and len(data[3]) == 4 else None
        return files, snapshot
    except Exception:  # corrupt, truncated, missing, wrong version: ignore
        return {}, None


def load_cache(root: Path) -> dict[str, CachedFile]:
    """Load a collection's scan cache; any problem gives an empty cache."""
    return load_cache_and_snapshot(root)[0]


def save_cache(root: Path, files: dict[str, CachedFile], snapshot: tuple | None = None) -> None:
    """Write a collection's scan cache (and the snapshot of its entries) atomically; failures are ignored."""
    try:
        payload = marshal.dumps((code_digest(), str(Path(root).resolve()), files, snapshot))
        # imported here: a scan worker never writes the cache
        from paperdesk.atomic import atomic_write_bytes

        # replace atomically but without fsync: a lost cache only costs one slower scan
        atomic_write_bytes(cache_path(root), payload, durable=False)
    except Exception:
        pass
