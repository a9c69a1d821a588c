"""Where each exported file goes: names decided before anything is written, never a name held by
a file paperdesk did not write, and the writing itself (atomic, skipped when the bytes are equal)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.atomic import atomic_write_bytes
from paperdesk.errors import UserError
from paperdesk.export.manifest import Manifest, sha256
from paperdesk.export.names import folder_name, slugify

if TYPE_CHECKING:
    from paperdesk.export.exporter import ExportReport


class NamePlan:
    """Names of every output file, decided before any content is written."""

    def __init__(self, out_dir: Path, manifest: Manifest, report: ExportReport) -> None:
        self.out_dir = out_dir
        self.manifest = manifest
        self.report = report
        self.used: set[str] = set()

    def _folder_ok(self, rel: str) -> bool:
        """A folder we may write into: absent, or a real folder (not a file, not a symlink)."""
        path = self.out_dir / rel
        if path.is_symlink():
            return False
        return not path.exists() or path.is_dir()

    def claim(self, wanted: str) -> str:
        """`wanted`, or a free name (`stem-N.ext`, or `folder-N/` when a foreign file or link holds
        a folder's name) when something paperdesk did not write is in the way."""
        parts = wanted.split("/")
        for k in range(len(parts) - 1):
            original, n = parts[k], 1
            while not self._folder_ok("/".join(parts[:k + 1])):
                n += 1
                parts[k] = f"{original}-{n}"
                if n > 10_000:
                    raise UserError(f"cannot find a free folder name for {wanted!r} in {self.out_dir}")
        folder, _, name = "/".join(parts).rpartition("/")
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        prefix = f"{folder}/" if folder else ""
        candidate = prefix + name
        n = 1
        while candidate.casefold() in self.used or not self.manifest.owns(candidate):
            if candidate.casefold() not in self.used and candidate not in self.report.refused:
                self.report.refused.append(candidate)
            n += 1
            if n > 10_000:
                raise UserError(f"cannot find a free file name for {wanted!r} in {self.out_dir}")
            candidate = prefix + (f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}")
        if candidate != wanted:
            self.report.renamed.append((wanted, candidate))
        self.used.add(candidate.casefold())
        return candidate


def note_paths(entries: list[Any]) -> dict[str, str]:
    """Entry id -> wanted relative path: <category folder>/<year>-<title slug>.md, unique."""
    folders: dict[str, str] = {}
    for cat in sorted({e.category for e in entries}):
        folders.setdefault(folder_name(cat).casefold(), folder_name(cat))
    wanted: dict[str, str] = {}
    for e in entries:
        folder = folders[folder_name(e.category).casefold()]
        wanted[e.id] = f"{folder}/{e.year or 'undated'}-{slugify(e.title)}.md"
    counts: dict[str, int] = {}
    for path in wanted.values():
        counts[path.casefold()] = counts.get(path.casefold(), 0) + 1
    for e in entries:
        path = wanted[e.id]
        if counts[path.casefold()] > 1:
            wanted[e.id] = f"{path[:-3]}-{slugify(e.id, 12)}.md"
    return wanted


def asset_source(root: Path, resolved: str) -> Path | None:
    """The collection file an image resolves to, if it is a regular file inside the root."""
    if not resolved or resolved.startswith("/") or "\x00" in resolved:
        return None
    path = root / resolved
    try:
        real = path.resolve()
        if not real.is_file() or not (real == root.resolve() or root.resolve() in real.parents):
            return None
    except OSError:
        return None
    return path


def _replace_file(path: Path, data: bytes) -> None:
    """Write through a temporary file and an atomic rename (no fsync per file: an export of
    thousands of notes stays fast; the manifest, written last, is the durable record)."""
    atomic_write_bytes(path, data, durable=False)


def write_file(out_dir: Path, rel: str, data: bytes, manifest: Manifest, report: ExportReport) -> None:
    path = out_dir / rel
    report.files.append(rel)
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        report.unchanged.append(rel)
    else:
        _replace_file(path, data)
        report.written.append(rel)
    manifest.files[rel] = sha256(data)
