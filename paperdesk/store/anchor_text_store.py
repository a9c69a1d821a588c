"""The plain texts highlights were last anchored to, kept compressed and deduplicated by their hash.

One file per text, `<hash>.z` (zlib of the UTF-8 text) in a folder next to the store, written
atomically (not fsynced: losing one in a crash costs only the next anchoring its diff); content-addressed, so two processes writing the same text write the same bytes. A
missing, damaged or mismatching file reads as None: anchoring then falls back to the ladder.
"""

from __future__ import annotations

import contextlib
import logging
import re
import zlib
from collections.abc import Iterable
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes
from paperdesk.store.anchoring import text_hash

log = logging.getLogger(__name__)
_DIGEST = re.compile(r"[0-9a-f]{64}")
MAX_TEXT_BYTES = 64 * 1024 * 1024     # a larger snapshot is not read back (a damaged or hostile file)


class AnchorTexts:
    """Old texts of entries by hash, in `folder` (created on the first write)."""

    def __init__(self, folder: Path) -> None:
        """Keep the snapshots in `folder`."""
        self.folder = Path(folder)

    def _path(self, digest: str) -> Path | None:
        return self.folder / f"{digest}.z" if _DIGEST.fullmatch(digest) else None

    def get(self, digest: str) -> str | None:
        """The text whose hash is `digest`, or None when it is not kept (or its file is damaged)."""
        path = self._path(digest)
        if path is None:
            return None
        try:
            raw = zlib.decompressobj().decompress(path.read_bytes(), MAX_TEXT_BYTES)
            text = raw.decode("utf-8", "surrogatepass")
        except FileNotFoundError:
            return None
        except (OSError, zlib.error, UnicodeDecodeError) as exc:
            log.warning("unreadable text snapshot %s: %s", path, exc)
            return None
        return text if text_hash(text) == digest else None

    def put(self, text: str, digest: str | None = None) -> None:
        """Keep `text` (nothing to do when it is kept already); OSError when it cannot be written."""
        path = self._path(digest if digest is not None else text_hash(text))
        if path is None or path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # not fsynced: a snapshot lost in a crash only costs the next anchoring its diff
        atomic_write_bytes(path, zlib.compress(text.encode("utf-8", "surrogatepass"), 6), durable=False)

    def discard(self, digests: Iterable[str]) -> None:
        """Forget the texts of these hashes (missing ones are ignored)."""
        for digest in digests:
            path = self._path(digest)
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink()

    def __contains__(self, digest: str) -> bool:
        """Is the text of `digest` kept?"""
        path = self._path(digest)
        return path is not None and path.exists()
