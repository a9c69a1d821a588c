"""The last entry's page as the reader last showed it, kept beside its record so a second launch paints it without rendering.

Qt-free. The page is used only for the record it was saved with (the digest of the record's
bytes, so only while the note's text is unchanged: `last_entry.load_preview` checks that), for the
same header, theme and remote-images choice, by the same paperdesk and the same rendering code
(`render_stamp`: the version and the size and time of every file the page's bytes come from).
Whatever it shows is checked once the scan is done: the start-up renders the scanned entry and
shows that page instead whenever the bytes differ (`start_up.py`), so a stale page cannot stay.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import marshal
from dataclasses import astuple
from pathlib import Path

import paperdesk
from paperdesk.atomic import atomic_write_bytes
from paperdesk.gui.reader.page_render import PageRender, ShownPage
from paperdesk.paths import RESOURCES_DIR
from paperdesk.render.math_marks import MathMark
from paperdesk.render.model import EntryHeader

log = logging.getLogger(__name__)
PAGE_VERSION = 1
# The third-party packages whose code makes a page's bytes (Markdown, its extensions, code
# colouring, the sanitizer, the math engine): a new release of any of them changes the stamp.
RENDER_PACKAGES = ("markdown", "pymdownx", "pygments", "nh3", "quickjax")
# the renderer's code, and the style sheets and page script it inlines into every page
_PAGE_SOURCES = (Path(paperdesk.__file__).parent / "render", Path(__file__).parents[1] / "reader" / "page_render.py",
                 RESOURCES_DIR / "web")
_PAGE_SUFFIXES = (".py", ".css", ".js")


def page_path(record: Path) -> Path:
    """The page file kept beside a last-entry record."""
    return record.with_suffix(".page")


def _stat_part(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in _PAGE_SUFFIXES and "__pycache__" not in p.parts)
    return [path]


def render_stamp() -> str:
    """A digest of the paperdesk version and of every source file a page's bytes come from (no
    imports: the packages are only located)."""
    parts: list[object] = [paperdesk.__version__]
    for source in _PAGE_SOURCES:
        parts.extend(_stat_part(p) for p in _files(source))
    for name in RENDER_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        parts.append((name, _stat_part(Path(origin)) if origin else None))
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _plain(value: object) -> object:
    """`value` as marshal's plain types (a status enum as its text, a dict as sorted pairs)."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, str):
        return str(value)
    return value


def _header_key(header: EntryHeader | None) -> object:
    return None if header is None else _plain(astuple(header))


def _key(record_bytes: bytes, entry_id: str, header: EntryHeader | None, theme: str, allow_remote: bool,
         stamp: str) -> bytes:
    return hashlib.blake2b(marshal.dumps((PAGE_VERSION, stamp, hashlib.blake2b(record_bytes).digest(), entry_id,
                                          _header_key(header), str(theme), bool(allow_remote))),
                           digest_size=16).digest()


def save_page(record: Path, shown: ShownPage) -> None:
    """Keep `shown` beside `record` (already written, for the same entry) for the next launch."""
    try:
        key = _key(record.read_bytes(), shown.entry_id, shown.header, shown.theme, shown.allow_remote, render_stamp())
        r = shown.render
        payload = (key, r.page, tuple((m.offset, m.tex, m.display) for m in r.math_marks), r.blocked_remote, r.error)
        target = page_path(record)
        data = marshal.dumps(payload)
        try:
            if target.read_bytes() == data:
                return   # nothing changed since the last save (this runs every few seconds)
        except OSError:
            pass
        atomic_write_bytes(target, data, durable=False)   # a cache: losing it costs one render
    except (OSError, ValueError) as exc:
        log.info("could not keep the last page for a quick start: %s", exc)


def load_page(record: Path, entry_id: str, header: EntryHeader | None, theme: str,
              allow_remote: bool) -> PageRender | None:
    """The page kept beside `record` if it was saved for exactly these inputs, else None."""
    try:
        key, page, marks, blocked, error = marshal.loads(page_path(record).read_bytes())
        if key != _key(record.read_bytes(), entry_id, header, theme, allow_remote, render_stamp()):
            return None
        if not isinstance(page, bytes) or not isinstance(blocked, int) or not (error is None or isinstance(error, str)):
            return None
        return PageRender(page, [MathMark(int(o), str(t), bool(d)) for o, t, d in marks], blocked, error)
    except Exception:   # missing, truncated, foreign: the page is rendered as usual
        return None

