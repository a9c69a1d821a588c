"""The scan cache: per-file parse results keyed on size, mtime, ctime and content hash (corrupt = ignored)."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from pathlib import Path

CACHE_VERSION = 18

# relpath -> (size, mtime_ns, ctime_ns, digest): what the file was when the scan read it. A file
# whose stat still gives the same size, mtime and ctime is taken as unchanged (not read), except
# when that stat was "racy" (see `stamp`); any other file is read and hashed, and parsed again
# only when its digest differs.
Stamp = tuple[int, int, int, str]
# Time stamps this close to the scan's start (or after it) may not change on a later write: file
# systems stamp with a coarse clock (a kernel tick; 1-2 s on FAT and HFS+), so a write in the same
# tick as the scan's read can leave size, mtime and ctime as they were (Git's "racy" entries).
RACY_NS = 3_000_000_000


def stamp(size: int, st: os.stat_result, digest: str, started_ns: int) -> Stamp:
    """The cache's record of a file read by a scan that started at `started_ns` (time.time_ns()).

    When the file's mtime or ctime is within RACY_NS of the scan's start or later, a later write of
    the same size might keep both; the stamp then records mtime -1, so the next scan reads the file
    and compares its digest (and stores a real stamp once the file's time stamps are old enough).
    """
    if max(st.st_mtime_ns, st.st_ctime_ns) >= started_ns - RACY_NS:
        return (size, -1, -1, digest)
    return (size, st.st_mtime_ns, st.st_ctime_ns, digest)


Parsed = tuple[tuple, tuple, str, tuple]   # (raw entry tuples, warning tuples, file kind, index hints)


def pack(parsed: dict[str, Parsed]) -> bytes:
    """The files' parse results as stored in the cache (relpath -> Parsed)."""
    return marshal.dumps(parsed)


class ScanCache:
    """A collection's scan cache as loaded: the stamps and the last snapshot at once, the parse
    results (`parsed()`) only when asked, since an unchanged re-scan does not need them."""

    def __init__(self, stamps: dict[str, Stamp], snapshot: tuple | None, packed: bytes) -> None:
        self.stamps = stamps
        self.snapshot = snapshot       # (files fingerprint, scanned files, entry tuples, warning tuples)
        self.packed = packed           # `pack`ed parse results
        self._parsed: dict[str, Parsed] | None = None

    def parsed(self) -> dict[str, Parsed]:
        """relpath -> parse result; empty when that part is damaged (its files are then read again)."""
        if self._parsed is None:
            try:
                found = marshal.loads(self.packed) if self.packed else {}
                ok = isinstance(found, dict) and all(type(v) is tuple and len(v) == 4 for v in found.values())
            except Exception:
                ok = False
            self._parsed = found if ok else {}
        return self._parsed


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


def load_cache(root: Path) -> ScanCache:
    """Load a collection's scan cache; any problem gives an empty one (nothing reused)."""
    try:
        data = marshal.loads(cache_path(root).read_bytes())
        if not isinstance(data, tuple) or len(data) != 5 or data[0] != code_digest():
            return ScanCache({}, None, b"")
        _, where, stamps, snapshot, packed = data
        if where != str(Path(root).resolve()) or not isinstance(stamps, dict) or type(packed) is not bytes:
            return ScanCache({}, None, b"")
        for value in stamps.values():
            if type(value) is not tuple or len(value) != 4:
                return ScanCache({}, None, b"")
        return ScanCache(stamps, snapshot if isinstance(snapshot, tuple) and len(snapshot) == 4 else None, packed)
    except Exception:  # corrupt, truncated, missing, wrong version: ignore
        return ScanCache({}, None, b"")


def save_cache(root: Path, stamps: dict[str, Stamp], packed: bytes, snapshot: tuple | None = None) -> None:
    """Write a collection's scan cache (stamps, marshalled parse results, the snapshot of its entries)
    atomically; failures are ignored."""
    try:
        payload = marshal.dumps((code_digest(), str(Path(root).resolve()), stamps, snapshot, packed))
        # imported here: a scan worker never writes the cache
        from paperdesk.atomic import atomic_write_bytes

        # replace atomically but without fsync: a lost cache only costs one slower scan
        atomic_write_bytes(cache_path(root), payload, durable=False)
    except Exception:
        pass
