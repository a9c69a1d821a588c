"""Only paperdesk/gui/ may import PySide6: every other module imports without loading Qt."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import paperdesk


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
    modules = non_gui_modules()
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"Qt loaded by a non-GUI module: {loaded}"
