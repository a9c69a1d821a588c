"""The layer contract of docs/ARCHITECTURE.md, checked on the source: every import arrow between
packages is an allowed one, only paperdesk/gui/ imports Qt, and the Qt-free rooms inside gui stay so."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import paperdesk

PACKAGE_DIR = Path(paperdesk.__file__).resolve().parent

# Shared helpers at the foot of the house: every package may import them; they import none of the rest.
FOUNDATION = {"paperdesk", "atomic", "errors", "paths", "config", "vocab", "crashlog", "platform_check", "lazy"}
FOUNDATION_ARROWS: dict[str, set[str]] = {
    "paperdesk": set(), "atomic": set(), "errors": set(), "paths": set(), "vocab": set(), "lazy": set(),
    "config": {"atomic", "paths"}, "crashlog": {"paths"}, "platform_check": {"atomic", "paths"},
}
# Package -> the packages (beyond the foundation) it may import. Data flows down this table:
# files -> collection -> render -> gui; gui -> store; query and export read collection + store.
ALLOWED: dict[str, set[str]] = {
    "collection": set(),
    "store": set(),
    "render": {"collection"},
    "query": {"collection", "store"},
    "export": {"collection", "render", "store", "query"},
    "reading": {"collection"},                      # citations, deep links, editor/file-manager commands
    "gui": {"collection", "render", "store", "query", "export", "reading"},
    "commands": {"collection", "render", "store", "query", "export", "reading", "bench"},
    "bench": {"collection", "render", "store", "query", "export", "gui"},
    "cli": {"commands", "gui", "reading"},
    "__main__": {"cli"},
}
QT_TOP_LEVEL = {"PySide6", "shiboken6", "qtawesome"}
# Rooms inside gui that must not import Qt (tested without it) ...
QT_FREE_IN_GUI = {"paperdesk.gui.navigator.arrangement", "paperdesk.gui.navigator.natural"}
# ... and rooms inside gui that must not import the window that composes them (no circles).
GUI_ROOMS_BELOW_WINDOW = ("paperdesk.gui.navigator", "paperdesk.gui.reader")
# The Qt half of a benchmark lives in gui (only gui imports Qt) and may read the bench's data;
# the app never imports it.
BENCH_HALVES_IN_GUI = {"paperdesk.gui.window_probe"}


@dataclass(frozen=True)
class ImportArrow:
    """One import statement: which module imports what, at which line."""

    module: str
    target: str
    line: int


def module_name(path: Path) -> str:
    """The dotted module name of a file under the package."""
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def arrows() -> list[ImportArrow]:
    """Every import in the package's source (TYPE_CHECKING and function-level imports included)."""
    found: list[ImportArrow] = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        module = module_name(path)
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found += [ImportArrow(module, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                target = absolute(module, is_package, node.level, node.module)
                found.append(ImportArrow(module, target, node.lineno))
                if target == "paperdesk":   # `from paperdesk import vocab` names a module
                    found += [ImportArrow(module, f"paperdesk.{a.name}", node.lineno) for a in node.names
                              if (PACKAGE_DIR / a.name).is_dir() or (PACKAGE_DIR / f"{a.name}.py").is_file()]
    return found


def absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of `from <level dots><name> import ...` written in `module`."""
    if not level:
        return name or ""
    base = module.split(".")
    base = base[: len(base) - level + (1 if is_package else 0)]
    return ".".join([*base, name] if name else base)


def unit(module: str) -> str:
    """The package (or top-level module) of the house a paperdesk module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "paperdesk"


def wrong_arrows(found: list[ImportArrow]) -> list[str]:
    """Every arrow the contract does not allow, as 'module:line -> target'."""
    wrong: list[str] = []
    for arrow in found:
        top = arrow.target.split(".")[0]
        source = unit(arrow.module)
        where = f"{arrow.module}:{arrow.line} -> {arrow.target}"
        if top in QT_TOP_LEVEL:
            if source != "gui" or arrow.module in QT_FREE_IN_GUI:
                wrong.append(where)
            continue
        if top != "paperdesk":
            continue
        target = unit(arrow.target)
        if target == source:
            if (arrow.module in QT_FREE_IN_GUI and arrow.target.startswith("paperdesk.gui")
                    and arrow.target not in QT_FREE_IN_GUI):
                wrong.append(where)   # another gui module may pull Qt in; a Qt-free one may not
            if arrow.module.startswith(GUI_ROOMS_BELOW_WINDOW) and arrow.target.startswith("paperdesk.gui.window"):
                wrong.append(where)
            continue
        if source in FOUNDATION:
            allowed = FOUNDATION_ARROWS[source]
        elif source in ALLOWED:
            allowed = ALLOWED[source] | FOUNDATION | ({"bench"} if arrow.module in BENCH_HALVES_IN_GUI else set())
        else:
            wrong.append(f"{where} (package {source!r} is not in the contract)")
            continue
        if target not in allowed:
            wrong.append(where)
    return wrong


def test_the_contract_names_every_package_of_the_house() -> None:
    units = {unit(module_name(p)) for p in PACKAGE_DIR.rglob("*.py")}
    assert units <= FOUNDATION | set(ALLOWED), units - FOUNDATION - set(ALLOWED)
    assert {"collection", "render", "store", "query", "export", "gui", "vocab"} <= units


def test_every_import_arrow_is_allowed() -> None:
    found = arrows()
    assert len(found) > 100   # the walk really read the source
    assert wrong_arrows(found) == []


@pytest.mark.parametrize(("module", "target"), [
    ("paperdesk.store.annotations", "paperdesk.gui.bridge"),          # a domain package reaching up
    ("paperdesk.render.page", "paperdesk.store"),                     # render knows no store
    ("paperdesk.collection.scanner", "PySide6.QtCore"),               # Qt below gui
    ("paperdesk.vocab", "paperdesk.store.model"),                     # the foundation imports nothing above it
    ("paperdesk.gui.navigator.arrangement", "PySide6.QtCore"),        # the Qt-free room
    ("paperdesk.gui.navigator.arrangement", "paperdesk.gui.icons"),
    ("paperdesk.gui.reader.view", "paperdesk.gui.window.main_window"),  # a room importing the window
    ("paperdesk.query.index", "paperdesk.export"),
    ("paperdesk.newpackage.thing", "paperdesk.errors"),               # a package the contract forgot
])
def test_a_wrong_arrow_is_caught(module: str, target: str) -> None:
    assert wrong_arrows([ImportArrow(module, target, 1)])


def test_allowed_arrows_pass() -> None:
    ok = [ImportArrow("paperdesk.gui.navigator.tree_model", "PySide6.QtCore", 1),
          ImportArrow("paperdesk.export.exporter", "paperdesk.store.anchoring", 1),
          ImportArrow("paperdesk.query.index", "paperdesk.vocab", 1),
          ImportArrow("paperdesk.gui.window.main_window", "paperdesk.gui.reader.view", 1)]
    assert wrong_arrows(ok) == []


def test_relative_imports_are_resolved() -> None:
    assert absolute("paperdesk.gui.navigator.tree_model", False, 1, "arrangement") == "paperdesk.gui.navigator.arrangement"
    assert absolute("paperdesk.gui.navigator", True, 1, "arrangement") == "paperdesk.gui.navigator.arrangement"
    assert absolute("paperdesk.store.model", False, 2, "gui") == "paperdesk.gui"
    assert absolute("paperdesk.store.model", False, 0, "x.y") == "x.y"


def non_gui_modules() -> list[str]:
    """Every paperdesk module outside paperdesk.gui."""
    names = [
        info.name
        for info in pkgutil.walk_packages(paperdesk.__path__, prefix="paperdesk.")
        if not info.name.startswith("paperdesk.gui") and info.name != "paperdesk.__main__"
    ]
    return ["paperdesk", *sorted(names)]


def test_there_are_domain_modules_to_check() -> None:
    assert "paperdesk.cli" in non_gui_modules()


def test_non_gui_modules_do_not_load_qt() -> None:
    modules = [*non_gui_modules(), *sorted(QT_FREE_IN_GUI)]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"Qt loaded by a non-GUI module: {loaded}"
