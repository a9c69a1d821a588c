"""PySide6's import hook told in advance about this package's modules (gui/import_hook.py)."""

from __future__ import annotations

import subprocess
import sys
import types

from paperdesk.gui import import_hook
from paperdesk.paths import PROJECT_DIR


def test_package_modules_lists_modules_and_packages_without_importing(tmp_path):
    root = tmp_path / "pkg"
    (root / "sub" / "deep").mkdir(parents=True)
    (root / "data").mkdir()      # no __init__.py: not a package
    (root / "not-a-name").mkdir()
    for path in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py", "sub/deep/__init__.py",
                 "sub/deep/c.py", "data/d.py", "not-a-name/__init__.py", "notes.txt", "x-y.py"):
        (root / path).write_text("raise SystemExit('imported')\n")
    assert sorted(import_hook.package_modules(str(root), "pkg")) == [
        "pkg", "pkg.a", "pkg.sub", "pkg.sub.b", "pkg.sub.deep", "pkg.sub.deep.c"]


def test_spare_records_what_the_hook_would(monkeypatch):
    table = {"paperdesk.gui.app": 5, "PySide6": 0}
    monkeypatch.setitem(sys.modules, "__feature__", types.SimpleNamespace(pyside_feature_dict=table))
    monkeypatch.setitem(sys.modules, "PySide6.QtFake", types.ModuleType("PySide6.QtFake"))
    added = import_hook.spare_known_modules()
    assert added == len(table) - 2
    assert table["paperdesk.gui.app"] == 5            # an answer already there is kept
    assert table["paperdesk.gui.window.main_window"] == 0   # the Qt layer
    assert table["paperdesk.collection.scanner"] == -1      # plain Python
    assert table["json"] == -1                               # imported before PySide6
    assert "PySide6.QtFake" not in table                     # PySide6's own modules are left to it


def test_spare_without_pyside_does_nothing(monkeypatch):
    monkeypatch.delitem(sys.modules, "__feature__", raising=False)
    assert import_hook.spare_known_modules() == 0


PROBE = """
import inspect, sys
import paperdesk.store
import PySide6.QtCore
from paperdesk.gui.import_hook import spare_known_modules
if sys.argv[1] == "spare":
    spare_known_modules()
read = []
original = inspect.getsource
inspect.getsource = lambda obj: (read.append(obj.__name__), original(obj))[1]
import paperdesk.atomic, paperdesk.gui.theme, paperdesk.collection.keys
print(sorted(n for n in read if n.startswith("paperdesk")))
"""


def test_the_real_hook_reads_no_source_of_ours_once_spared():
    def run(mode: str) -> str:
        return subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True,
                              cwd=str(PROJECT_DIR), timeout=120).stdout.strip()

    assert run("spare") == "[]"
    assert run("plain") != "[]"   # the hook does read them otherwise
