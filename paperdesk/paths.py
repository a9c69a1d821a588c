"""Where paperdesk finds its bundled files and keeps the user's data."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import sys
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path

import platformdirs

APP_NAME = "paperdesk"
APP_ID = "io.github.paperdesk.paperdesk"  # names the desktop entry, the metainfo and the icon
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent  # the checkout when run from one; site-packages when installed
DATA_PACKAGES = {"paperdesk.resources": "resources", "paperdesk.notes": "notes"}


class _CheckoutDataFinder:
    """Maps paperdesk.resources and paperdesk.notes onto a source checkout's resources/ and notes/.

    A wheel holds them inside the package (pyproject.toml maps the folders there). Run from a
    checkout, installed editable or not installed at all (PYTHONPATH=.), this finder gives
    the same two names: setuptools' editable finder cannot map a namespace package under a
    regular one, and going first keeps an editable install of another checkout from answering.
    """

    @classmethod
    def find_spec(cls, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        """Return a namespace spec for the two data packages, None for every other name."""
        if fullname not in DATA_PACKAGES:
            return None
        return PathFinder.find_spec(fullname, [str(PROJECT_DIR)])


def _running_from_checkout() -> bool:
    return (PROJECT_DIR / "pyproject.toml").is_file() and not (PACKAGE_DIR / "resources").exists()


if _running_from_checkout() and not any(f is _CheckoutDataFinder for f in sys.meta_path):
    sys.meta_path.insert(0, _CheckoutDataFinder)


def data_package_dir(package: str) -> Path:
    """Return the folder of a data package on disk, found through importlib.resources.

    A missing package (a broken install) gives a path that does not exist, so callers
    report it with their usual "missing" message instead of an import error.
    """
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        return PACKAGE_DIR / package.rpartition(".")[2]
    if isinstance(root, Path):
        return root
    # A namespace package (no __init__.py) answers with a MultiplexedPath; its children are paths.
    child = next(iter(root.iterdir()), None)
    return child.parent if isinstance(child, Path) else PACKAGE_DIR / package.rpartition(".")[2]


RESOURCES_DIR = data_package_dir("paperdesk.resources")
BUNDLED_NOTES = data_package_dir("paperdesk.notes")


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
    # The path's own bytes: the same digest in every locale, and a folder name that is not UTF-8
    # (kept by Python as lone surrogates) hashes instead of raising.
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:12]
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(resolved).name)[:40]
    return f"{name or 'collection'}-{digest}"


def legacy_store_path(root: Path) -> Path:
    """Return the store file named after a collection's absolute path (before collection ids)."""
    return data_dir() / "stores" / f"{collection_slug(root)}.json"
