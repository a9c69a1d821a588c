"""Where paperdesk finds its bundled files and keeps the user's data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs

APP_NAME = "paperdesk"
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
RESOURCES_DIR = PROJECT_DIR / "resources"
BUNDLED_NOTES = PROJECT_DIR / "notes"


def data_dir() -> Path:
    """Return the per-user data folder (annotation stores, backups, caches)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Return the per-user configuration folder (recent collections, settings)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Return the per-user cache folder (scan cache, math cache)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def collection_slug(root: Path) -> str:
    """Return a short stable name for a collection, used to name its store and caches."""
    resolved = str(Path(root).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(resolved).name)[:40]
    return f"{name or 'collection'}-{digest}"


def legacy_store_path(root: Path) -> Path:
    """Return the store file named after a collection's absolute path (before collection ids)."""
    return data_dir() / "stores" / f"{collection_slug(root)}.json"


def default_store_path(root: Path) -> Path:
    """Return the annotation store file for a collection, found by its id (see store.identity)."""
    from paperdesk.store.identity import locate_store

    return locate_store(root).path
