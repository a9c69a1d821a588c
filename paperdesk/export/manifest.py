"""The export manifest: which files paperdesk wrote into a folder, with their hashes, so a later
export overwrites only its own unchanged files and never a file someone else wrote or edited."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes
from paperdesk.errors import UserError

MANIFEST_NAME = ".paperdesk-export.json"
FORMAT = "paperdesk-export"
VERSION = 1


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


class Manifest:
    """Relative posix path -> sha256 of every file paperdesk wrote into an export folder."""

    def __init__(self, root: Path, files: dict[str, str] | None = None) -> None:
        self.root = root
        self.files: dict[str, str] = dict(files or {})

    @classmethod
    def load(cls, root: Path) -> Manifest:
        """Read the manifest of `root`; refuses (UserError) a file by that name paperdesk did not write."""
        path = root / MANIFEST_NAME
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise UserError(f"{path} is not a paperdesk export manifest; choose another folder")
        if not path.exists():
            return cls(root)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ok = isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            ok = False
        if not ok:
            raise UserError(f"{path} exists but was not written by paperdesk; choose another folder")
        files = {str(k): str(v) for k, v in data["files"].items() if isinstance(v, str)}
        return cls(root, files)

    def owns(self, rel: str) -> bool:
        """True when `rel` may be written: absent, or a regular file paperdesk wrote and nobody changed."""
        path = self.root / rel
        if not _inside(self.root, path):
            return False
        if not path.exists() and not path.is_symlink():
            return True
        if path.is_symlink() or not path.is_file():
            return False
        recorded = self.files.get(rel)
        if recorded is None:
            return False
        try:
            return sha256(path.read_bytes()) == recorded
        except OSError:
            return False

    def save(self) -> bool:
        """Write the manifest (sorted, no timestamps: byte-identical for the same files). True if changed."""
        # Forget files that are gone or were changed by someone else since.
        kept = {}
        for rel, digest in sorted(self.files.items()):
            path = self.root / rel
            try:
                if path.is_file() and not path.is_symlink() and sha256(path.read_bytes()) == digest:
                    kept[rel] = digest
            except OSError:
                continue
        self.files = kept
        data = json.dumps({"format": FORMAT, "version": VERSION, "files": kept},
                          indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8") + b"\n"
        path = self.root / MANIFEST_NAME
        if path.is_file() and path.read_bytes() == data:
            return False
        atomic_write_bytes(path, data)
        return True


def _inside(root: Path, path: Path) -> bool:
    """True when `path`'s parent folders resolve inside `root` (no symlinked folder leads out)."""
    try:
        parent = path.parent.resolve()
        real_root = root.resolve()
        return parent == real_root or real_root in parent.parents
    except OSError:
        return False
