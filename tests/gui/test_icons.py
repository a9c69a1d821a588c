"""Icons: mdi6 glyphs drawn from qtawesome's font without importing qtawesome; deferred icons draw after release."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage

from paperdesk.gui import icons

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def deferring(qapp: object) -> Iterator[None]:
    """Icons deferred for the test; released (as the app does) afterwards whatever happens."""
    icons.defer()
    yield
    icons.release()


def _image(icon: QIcon, side: int = 32) -> QImage:
    return icon.pixmap(QSize(side, side)).toImage()


def _opaque(image: QImage) -> int:
    return sum(image.pixelColor(x, y).alpha() > 0 for x in range(image.width()) for y in range(image.height()))


def test_the_window_module_imports_without_qtawesome() -> None:
    code = ("import sys; import paperdesk.gui.window.main_window; "
            "sys.exit(1 if 'qtawesome' in sys.modules or 'qtpy' in sys.modules else 0)")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    assert subprocess.run([sys.executable, "-c", code], env=env, timeout=120).returncode == 0


def test_deferred_icon_is_blank_until_released_then_the_same_as_a_plain_one(deferring: None) -> None:
    held = icons.icon("open", "#123456")
    assert not held.isNull()
    assert _opaque(_image(held)) == 0
    icons.release()
    assert not icons.deferred()
    plain = icons.icon("open", "#654321")  # a new key: drawn at once now
    drawn = _image(held)
    assert _opaque(drawn) > 20
    assert _opaque(drawn) == _opaque(_image(plain))


def test_release_without_defer_changes_nothing(qapp: object) -> None:
    icons.release()
    assert not icons.deferred()
    assert _opaque(_image(icons.icon("save"))) > 20


_EVERY_ICON = """
import sys
from PySide6.QtCore import QSize
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from paperdesk.gui import icons
app = QApplication([])
def ink(icon):
    image = icon.pixmap(QSize(24, 24)).toImage()
    return sum(image.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))
blank = [name for name in [*icons.NAMES, "mdi6.cursor-text"] if ink(icons.icon(name, "#123456")) < 10]
families = QFontDatabase.families()
print("blank:", blank, "families:", [f for f in families if "icons" in f.lower() or "awesome" in f.lower()])
print("imported:", [m for m in ("qtawesome", "qtpy", "PySide6.QtOpenGL") if m in sys.modules])
sys.exit(0 if not blank and "Material Design Icons" in families and not any("Awesome" in f for f in families)
         and not any(m in sys.modules for m in ("qtawesome", "qtpy")) else 1)
"""


def test_every_named_icon_draws_from_the_one_font_loaded() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", _EVERY_ICON], env=env, timeout=120, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_the_mdi6_files_icons_fall_back_to_qtawesomes_own_fonts(qapp: object,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(icons, "_MDI6_FILES", ("no-such-font-*.ttf", "no-such-charmap-*.json"))
    monkeypatch.setattr(icons, "_fonts", {})
    monkeypatch.setattr(icons, "_cache", {})
    assert _opaque(_image(icons.icon("save", "#123456"))) > 20
    assert icons._fonts == {"mdi6": None}   # looked for once


def _colors(image: QImage) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255}


def test_a_glyph_is_drawn_in_its_colour_and_greyed_when_disabled(qapp: object) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    icon = icons.icon("save", "#ff0000")
    normal = icon.pixmap(QSize(32, 32), QIcon.Mode.Normal).toImage()
    assert _colors(normal) == {"#ff0000"} and _opaque(normal) > 60
    disabled = icon.pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage()
    grey = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text).name()
    assert _colors(disabled) == {grey}
    assert _opaque(disabled) == _opaque(normal)   # the same glyph


def test_a_glyph_name_the_font_lacks_is_drawn_by_qtawesome(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(icons, "_cache", {})
    assert _opaque(_image(icons.icon("fa5s.star", "#123456"))) > 20   # another font: qtawesome's own
    assert "qtawesome" in sys.modules


def test_a_glyph_no_font_has_gives_an_empty_icon_and_one_warning(qapp: object, monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(icons, "_cache", {})
    monkeypatch.setattr(icons, "_missing", set())
    assert icons.icon("mdi6.no-such-glyph-anywhere").isNull()
    assert icons.icon("mdi6.no-such-glyph-anywhere", "#123456").isNull()
    assert sum("no-such-glyph" in r.getMessage() for r in caplog.records) == 1
