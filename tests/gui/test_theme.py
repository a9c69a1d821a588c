"""The window's style and palettes (gui/theme.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paperdesk.gui import theme
from paperdesk.paths import PROJECT_DIR
from paperdesk.vocab import Theme


class _App:
    """Stands for a QApplication: records what the theme sets."""

    def __init__(self) -> None:
        self.styles: list[str] = []
        self.palette = self.sheet = None

    def setStyle(self, name: str) -> None:
        self.styles.append(name)

    def setPalette(self, palette: object) -> None:
        self.palette = palette

    def setStyleSheet(self, sheet: str) -> None:
        self.sheet = sheet


def test_an_app_made_elsewhere_gets_the_fusion_style(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(theme._started_with_style, "yes", False)
    app = _App()
    assert theme.apply_theme("dark", app) is Theme.DARK   # type: ignore[arg-type]
    assert app.styles == ["Fusion"] and app.palette is not None and app.sheet


def test_an_app_made_with_the_arguments_is_not_given_the_style_again(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(theme._started_with_style, "yes", False)
    assert theme.application_arguments(["paperdesk"]) == ["paperdesk", "-style", "Fusion"]
    app = _App()
    theme.apply_theme("light", app)   # type: ignore[arg-type]
    assert app.styles == [] and app.palette is not None


PROBE = """
import sys
from PySide6.QtWidgets import QApplication
from paperdesk.gui import theme
app = QApplication(theme.application_arguments(sys.argv[:1]))
print(app.style().name())
"""


def test_the_arguments_give_qt_the_fusion_style() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120,
                         cwd=str(PROJECT_DIR), env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen",
                                                    "QT_STYLE_OVERRIDE": "Windows"})
    assert out.stdout.strip().lower() == "fusion"
