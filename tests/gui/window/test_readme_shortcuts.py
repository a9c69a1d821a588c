"""The README's shortcut table lists every shortcut of the window's actions (it cannot drift from the menus)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction, QKeySequence

from paperdesk.paths import PROJECT_DIR

pytestmark = pytest.mark.gui

_ROW = re.compile(r"^\| ([^|]+?) \| [^|]+ \|$")
_RANGE = re.compile(r"^(\d) – (\d)$")


def readme_keys() -> set[str]:
    """Every key written in the README's "Keyboard shortcuts" table, one sequence each, casefolded."""
    text = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    table = text.split("### Keyboard shortcuts", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in table.splitlines():
        row = _ROW.match(line.strip())
        if not row or row.group(1) in ("keys", "---"):
            continue
        cell = row.group(1)
        span = _RANGE.match(cell)
        if span:
            keys.update(str(n) for n in range(int(span.group(1)), int(span.group(2)) + 1))
            continue
        for part in re.split(r", | / ", cell):
            keys.add(part.strip().casefold())
    return keys


def test_the_reader_of_the_table_sees_its_rows() -> None:
    keys = readme_keys()
    assert {"j", "ctrl+shift+f", "3", "ctrl+0", "?"} <= keys


def test_every_action_shortcut_is_in_the_readme(notes_harness) -> None:
    window = notes_harness.open()
    window.build_controls()
    written = readme_keys()
    missing: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        shortcuts = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()]
        shortcuts = [s for s in shortcuts if s]
        # an action lists one of its keys at least (Ctrl+Y beside Ctrl+Shift+Z, a platform's own zoom key)
        if shortcuts and not any(s.casefold() in written for s in shortcuts):
            missing[action.text().replace("&", "")] = shortcuts
    assert missing == {}
