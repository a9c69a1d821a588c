"""Icons for actions, statuses and tags: Material Design Icons 6 glyphs in colours that suit the theme.

The glyphs come from the icon font that the qtawesome package ships (its `fonts` folder, located
without importing it) and are drawn here by a small icon engine: importing qtawesome imports qtpy,
whose star imports load every Qt module it wraps (QtOpenGL, QtDataVisualization...) and create all
their enums, about 20 MB of resident memory and 0.15 s on the GUI thread for what is one
`drawText` of one character. Only when that font or its charmap is missing are icons drawn by
qtawesome itself (its default instance, all its fonts). At start-up `defer()` holds drawing back:
icons made while deferred draw nothing until `release()`, which the app calls once the first entry
is painted.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from paperdesk.vocab import STATUS_COLORS

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

# Action and state names -> qtawesome (Material Design Icons 6) names.
NAMES: dict[str, str] = {
    "app": "mdi6.book-open-variant",
    "open": "mdi6.folder-open-outline",
    "recent": "mdi6.history",
    "quit": "mdi6.exit-to-app",
    "next": "mdi6.arrow-down",
    "previous": "mdi6.arrow-up",
    "next-unread": "mdi6.skip-next",
    "previous-unread": "mdi6.skip-previous",
    "next-pane": "mdi6.arrow-right-bold-box-outline",
    "previous-pane": "mdi6.arrow-left-bold-box-outline",
    "filter": "mdi6.filter-outline",
    "status": "mdi6.progress-clock",
    "tags": "mdi6.tag-outline",
    "tag-multiple": "mdi6.tag-multiple-outline",
    "rename": "mdi6.rename-outline",
    "highlight": "mdi6.marker",
    "undo": "mdi6.undo",
    "redo": "mdi6.redo",
    "export": "mdi6.export",
    "settings": "mdi6.cog-outline",
    "stats": "mdi6.chart-bar",
    "shortcuts": "mdi6.keyboard-outline",
    "fullscreen": "mdi6.fullscreen",
    "zoom-in": "mdi6.magnify-plus-outline",
    "zoom-out": "mdi6.magnify-minus-outline",
    "zoom-reset": "mdi6.magnify-remove-outline",
    "group": "mdi6.file-tree",
    "sort": "mdi6.sort",
    "sort-title": "mdi6.sort-alphabetical-ascending",
    "sort-year": "mdi6.sort-calendar-descending",
    "sort-recent": "mdi6.clock-outline",
    "reload": "mdi6.refresh",
    "theme": "mdi6.theme-light-dark",
    "about": "mdi6.information-outline",
    "warning": "mdi6.alert-outline",
    "save": "mdi6.content-save-outline",
    "delete": "mdi6.delete-outline",
    "relink": "mdi6.link-variant",
    "orphan": "mdi6.link-off",
    "edit": "mdi6.pencil-outline",
    "close": "mdi6.close",
    "folder": "mdi6.folder-outline",
    "entry": "mdi6.file-document-outline",
    "search": "mdi6.magnify",
    "palette": "mdi6.palette-outline",
    "copy": "mdi6.content-copy",
    "link": "mdi6.link",
    "paper": "mdi6.file-pdf-box",
    "category": "mdi6.shape-outline",
    "year": "mdi6.calendar",
    "unread": "mdi6.circle-outline",
    "reading": "mdi6.book-open-page-variant",
    "read": "mdi6.check-circle",
}


_cache: dict[tuple[str, str], QIcon] = {}
_state = {"dark": False, "deferred": False}
_engines: list[QIconEngine] = []   # kept alive: Qt holds them by pointer inside deferred icons


_MDI6 = "mdi6"
_MDI6_FILES = ("materialdesignicons6-webfont*.ttf", "materialdesignicons6-webfont-charmap*.json")  # unversioned in older qtawesome
_log = logging.getLogger(__name__)
_missing: set[str] = set()   # glyphs already reported missing


@dataclass(frozen=True)
class GlyphFont:
    """The icon font loaded into Qt's font database: its family and glyph name -> character."""

    font_id: int
    family: str
    chars: dict[str, str]


_fonts: dict[str, GlyphFont | None] = {}   # "mdi6" -> the font, once looked for (None: not found)


def qtawesome_fonts_dir() -> str | None:
    """The fonts folder of the installed qtawesome package, found without importing it."""
    spec = importlib.util.find_spec("qtawesome")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return os.path.join(locations[0], "fonts") if locations else None


def _load_mdi6() -> GlyphFont | None:
    from PySide6.QtGui import QFontDatabase  # after the first paint: its type and enums cost ~10 ms

    directory = qtawesome_fonts_dir()
    if directory is None:
        return None
    found = [sorted(glob.glob(os.path.join(glob.escape(directory), pattern))) for pattern in _MDI6_FILES]
    if any(len(paths) != 1 for paths in found):
        _log.warning("qtawesome's mdi6 font or charmap not found in %s: drawing icons with qtawesome", directory)
        return None
    ttf, charmap = (paths[0] for paths in found)
    try:
        with open(charmap, encoding="utf-8") as handle:
            chars = {name: chr(int(code, 16)) for name, code in json.load(handle).items()}
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        _log.warning("qtawesome's mdi6 charmap %s is unreadable (%s): drawing icons with qtawesome", charmap, exc)
        return None
    font_id = QFontDatabase.addApplicationFont(ttf)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        _log.warning("Qt could not load the icon font %s: drawing icons with qtawesome", ttf)
        return None
    return GlyphFont(font_id, families[0], chars)


def _mdi6_font() -> GlyphFont | None:
    """The mdi6 icon font, loaded once (again if Qt's font database lost it); None when it cannot be."""
    from PySide6.QtGui import QFontDatabase

    font = _fonts.get(_MDI6)
    if _MDI6 in _fonts and (font is None or QFontDatabase.applicationFontFamilies(font.font_id)):
        return font
    font = _fonts[_MDI6] = _load_mdi6()
    return font


@lru_cache(maxsize=64)
def _glyph_font(family: str, pixels: int) -> QFont:
    """The icon font at a pixel size, made once per size (every tree row paints an icon)."""
    from PySide6.QtGui import QFont  # after the first paint: its type and enums cost ~10 ms

    font = QFont(family)
    font.setPixelSize(pixels)
    return font


class _GlyphEngine(QIconEngine):
    """Draws one glyph of an icon font in a colour (the palette's disabled text colour when disabled)."""

    def __init__(self, char: str, family: str, color: str) -> None:
        super().__init__()
        self._char, self._family, self._color = char, family, color

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw the glyph centred in `rect`, 7/8 of its height (room for the font's bearings)."""
        painter.save()
        disabled = mode == QIcon.Mode.Disabled
        painter.setPen(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
                       if disabled else QColor(self._color))
        painter.setFont(_glyph_font(self._family, max(1, round(0.875 * rect.height()))))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """The glyph drawn on a transparent pixmap of `size`."""
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        """A copy drawing the same glyph."""
        engine = _GlyphEngine(self._char, self._family, self._color)
        _engines.append(engine)
        return engine


def _drawn(name: str, color: str) -> QIcon:
    """The icon for `name` in `color`: an mdi6 glyph drawn here, else qtawesome's icon (imported then)."""
    glyph = NAMES.get(name, name)
    prefix, _, glyph_name = glyph.partition(".")
    font = _mdi6_font() if prefix == _MDI6 else None
    char = font.chars.get(glyph_name) if font is not None else None
    if font is None or char is None:   # another font's glyph, or no mdi6 font: qtawesome draws it
        try:
            import qtawesome as qta

            return qta.icon(glyph, color=color)
        except Exception as exc:   # a glyph no font has (renamed in a newer font): no icon, not a crash
            if glyph not in _missing:
                _missing.add(glyph)
                _log.warning("no icon %r: %s", glyph, exc)
            return QIcon()
    engine = _GlyphEngine(char, font.family, color)
    _engines.append(engine)
    return QIcon(engine)


class _DeferredEngine(QIconEngine):
    """Draws nothing while icons are deferred, then the icon it stands for."""

    def __init__(self, name: str, color: str) -> None:
        super().__init__()
        self._name, self._color = name, color
        self._icon: QIcon | None = None

    def _real(self) -> QIcon | None:
        if self._icon is None and not _state["deferred"]:
            self._icon = _drawn(self._name, self._color)
        return self._icon

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Paint the real icon once released; nothing before."""
        real = self._real()
        if real is not None:
            real.paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """The real icon's pixmap once released; a transparent one before."""
        real = self._real()
        if real is not None:
            return real.pixmap(size, mode, state)
        blank = QPixmap(size)
        blank.fill(Qt.GlobalColor.transparent)
        return blank

    def clone(self) -> QIconEngine:
        """A copy standing for the same icon."""
        engine = _DeferredEngine(self._name, self._color)
        _engines.append(engine)
        return engine


def _deferred_icon(name: str, color: str) -> QIcon:
    engine = _DeferredEngine(name, color)
    _engines.append(engine)
    return QIcon(engine)


def defer() -> None:
    """Make icons created from now on draw nothing until `release()` (keeps the icon font's
    loading and glyph drawing off the path to the first painted entry)."""
    _state["deferred"] = True


def deferred() -> bool:
    """True while icons are held back by `defer()`."""
    return _state["deferred"]


def release() -> None:
    """Let deferred icons draw (loading the icon font now) and repaint every window."""
    if not _state["deferred"]:
        return
    _state["deferred"] = False
    app = QApplication.instance()
    if isinstance(app, QApplication):
        # QWidget.update itself: PySide6 6.8 hid it behind QAbstractItemView.update(index) on views
        for top in app.topLevelWidgets():
            QWidget.update(top)
            for child in top.findChildren(QWidget):
                QWidget.update(child)


def set_dark(dark: bool) -> None:
    """Switch icon colours to suit a dark (True) or light palette; clears the cache."""
    if _state["dark"] != dark:
        _state["dark"] = dark
        _cache.clear()


def foreground() -> str:
    """Return the neutral icon colour for the current theme."""
    return "#c9ccd1" if _state["dark"] else "#4a4f57"


def icon(name: str, color: str | None = None) -> QIcon:
    """Return the icon for an action or state name (see NAMES), in `color` or the theme's colour."""
    if name in STATUS_COLORS and color is None:
        color = STATUS_COLORS[name]
    color = color or foreground()
    key = (name, color)
    if key not in _cache:
        _cache[key] = _deferred_icon(name, color) if _state["deferred"] else _drawn(name, color)
    return _cache[key]


def dots_icon(colors: list[str], size: int = 16) -> QIcon:
    """Return an icon of up to four small coloured dots (tag colours), left to right."""
    colors = colors[:4]
    key = ("dots:" + ",".join(colors), str(size))
    if key in _cache:
        return _cache[key]
    width = max(1, len(colors)) * (size // 2 + 2)
    pixmap = QPixmap(width, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    diameter = size / 2
    for i, c in enumerate(colors):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c))
        painter.drawEllipse(QRectF(i * (diameter + 2) + 1, (size - diameter) / 2, diameter, diameter))
    painter.end()
    result = QIcon(pixmap)
    _cache[key] = result
    return result


ICON_PROPERTY = "paperdeskIcon"


def set_icon(target: QObject, name: str) -> None:
    """Give an action or button the themed icon `name`, and remember it for `refresh_icons`."""
    target.setProperty(ICON_PROPERTY, name)
    target.setIcon(icon(name))


def refresh_icons(root: QObject) -> None:
    """Redraw every icon set with `set_icon` below `root` in the current theme's colour."""
    for child in root.findChildren(QObject):
        name = child.property(ICON_PROPERTY)
        if isinstance(name, str) and name:
            child.setIcon(icon(name))
