"""The page last shown of each collection, kept on disk so a launch can paint it before Markdown loads.

The key is a digest of what the page is made of on the entry's side (the whole entry, its header,
the theme, the remote-images switch, the renderer's own code); what lies outside the entry (the
notes its links point to, image files, the installed Markdown and Pygments) is not in it. So a
hit is only a good guess: the reader always renders the entry again and keeps the cached page
only when it is byte for byte the page the renderer gives (gui/reader/first_page.py).
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk import __version__
from paperdesk.atomic import atomic_write_bytes
from paperdesk.paths import collection_slug

if TYPE_CHECKING:
    from paperdesk.collection import Entry
    from paperdesk.render.model import EntryHeader

log = logging.getLogger(__name__)
MAGIC = b"paperdesk-page 1 "
MAX_PAGE_BYTES = 16 * 1024 * 1024   # a larger file is not read back (nor written)


@cache
def renderer_version() -> str:
    """A digest of the renderer's code (this package's modules) and paperdesk's version."""
    digest = hashlib.sha256(__version__.encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def page_key(entry: Entry, header: EntryHeader | None, theme: str, allow_remote: bool) -> str:
    """The cache key of an entry's page rendered with this header, theme and remote switch."""
    digest = hashlib.sha256(renderer_version().encode())
    for part in (repr(entry), repr(header), theme, "remote" if allow_remote else "local"):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class PageCache:
    """One page per collection (the last one shown), as a file `<collection slug>.page` in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _file(self, root: Path) -> Path:
        return self.folder / f"{collection_slug(root)}.page"

    def load(self, root: Path, key: str) -> bytes | None:
        """The page kept for this collection when it was saved under `key`, else None (also when unreadable)."""
        try:
            with self._file(root).open("rb") as handle:
                head = handle.readline(len(MAGIC) + 80)
                if head != MAGIC + key.encode("ascii") + b"\n":
                    return None
                page = handle.read(MAX_PAGE_BYTES + 1)
        except (OSError, ValueError, UnicodeEncodeError):
            return None
        return page if len(page) <= MAX_PAGE_BYTES else None

    def save(self, root: Path, key: str, page: bytes) -> None:
        """Keep `page` as this collection's page under `key` (a cache: a failed write is only logged)."""
        if len(page) > MAX_PAGE_BYTES:
            return
        try:
            atomic_write_bytes(self._file(root), MAGIC + key.encode("ascii") + b"\n" + page, durable=False)
        except OSError as exc:
            log.info("could not keep the page for the next launch: %s", exc)
