"""PySide6's import hook, told in advance what it would find, so it does not read module sources.

PySide6 watches every import made after it loads (for its opt-in `__feature__` switches): the first
time a module name is imported, it reads the module's whole source (`inspect.getsource`, which also
walks `sys.modules`) to see whether it mentions PySide6, and records 0 (a Qt user, default
features) or -1 (not a Qt user). paperdesk selects no feature, so the answers are known: this
package's modules under `paperdesk.gui` use Qt (the layer rule: only they import PySide6), the rest
do not, and a module imported before PySide6 cannot use its features. Recording those up front
saves the window's start-up about 130 source reads (~20-45 ms) and their lines in `linecache`.
"""

from __future__ import annotations

import os
import sys

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # .../paperdesk
_QT_LAYER = "paperdesk.gui"


def package_modules(package_dir: str = _PACKAGE_DIR, package: str = "paperdesk") -> list[str]:
    """Dotted names of the package's modules and subpackages found on disk (no import)."""
    names: list[str] = []
    for folder, dirs, files in os.walk(package_dir):
        dirs[:] = [d for d in dirs if d.isidentifier() and os.path.isfile(os.path.join(folder, d, "__init__.py"))]
        rel = os.path.relpath(folder, package_dir)
        prefix = package if rel == "." else f"{package}.{rel.replace(os.sep, '.')}"
        for name in files:
            stem, ext = os.path.splitext(name)
            if ext == ".py" and stem.isidentifier():
                names.append(prefix if stem == "__init__" else f"{prefix}.{stem}")
    return names


def spare_known_modules() -> int:
    """Record this package's modules and every module imported so far in PySide6's feature table,
    as its hook would; returns how many were added (0 when PySide6 is not loaded or has no table)."""
    feature = sys.modules.get("__feature__")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    before = len(table)
    for name in package_modules():
        uses_qt = name == _QT_LAYER or name.startswith(_QT_LAYER + ".")
        table.setdefault(name, 0 if uses_qt else -1)
    for name in list(sys.modules):
        if not name.startswith(("PySide6", "shiboken6")):
            table.setdefault(name, -1)   # imported before PySide6: it cannot have selected a feature
    return len(table) - before
