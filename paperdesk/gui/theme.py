"""Light and dark looks for the window: Fusion palettes, a small style sheet, and the system scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from paperdesk.gui import icons
from paperdesk.vocab import THEMES, Theme

__all__ = ["STYLE_COLORS", "THEMES", "application_arguments", "apply_theme", "dark_palette", "light_palette", "resolve",
           "system_is_dark"]

STYLE = "Fusion"
_started_with_style = {"yes": False}


_STYLE = """
QLabel#sectionTitle {{ color: {muted}; font-size: 8pt; font-weight: 600; letter-spacing: 1px;
    padding-top: 8px; }}
QLabel#panelTitle {{ font-size: 11pt; font-weight: 600; }}
QLabel#hint {{ color: {muted}; font-style: italic; }}
QLabel#queryProblem {{ color: {warn}; font-size: 9pt; }}
QTreeView {{ border: none; border-top: 3px solid transparent; }}
QTreeView:focus {{ border-top-color: {accent}; }}
QTreeView::item {{ padding: 3px 0; }}
QListWidget {{ border: 1px solid {border}; border-radius: 4px; }}
QListWidget:focus {{ border-color: {accent}; }}
QListWidget#panelList {{ background: transparent; border-color: transparent; border-top-color: {border}; }}
QListWidget#panelList:focus {{ border-color: {accent}; }}
QListWidget::item {{ padding: 4px; border-bottom: 1px solid {border}; }}
QWidget#sidePanel, QWidget#navigator {{ background: {panel}; }}
QSplitter::handle {{ background: {border}; }}
QToolButton#statusButton {{ border: 1px solid {button_border}; border-radius: 4px; padding: 2px 0px;
    background: {button}; }}
QToolButton#statusButton:hover {{ border-color: {accent}; }}
QToolButton#statusButton:checked {{ background: {selected}; color: {selected_text}; border-color: {accent}; }}
QToolButton#statusButton:focus {{ border: 2px solid {accent}; padding: 1px 0px; }}
QToolButton#statusButton:disabled {{ color: {muted}; }}
QStatusBar {{ color: {muted}; }}
"""

#: the style sheet's colours: muted (section titles, hints, the status bar: text, >= 4.5:1 on the
#: panel), warn (query problems), border, panel, accent (focus rings), the status buttons' button,
#: button_border, selected and selected_text (the status set: >= 4.5:1)
STYLE_COLORS: dict[Theme, dict[str, str]] = {
    Theme.DARK: {"muted": "#8b919a", "warn": "#f0a35b", "border": "#30343a", "panel": "#202328", "accent": "#5b8def",
                 "button": "#2b2f35", "button_border": "#4a4f57", "selected": "#3d5a99", "selected_text": "#ffffff"},
    Theme.LIGHT: {"muted": "#5f6670", "warn": "#b5541c", "border": "#e1e4e8", "panel": "#f4f5f7", "accent": "#2f62c9",
                  "button": "#eef0f3", "button_border": "#c3c8d0", "selected": "#cfe0ff", "selected_text": "#1f2328"},
}

# Fusion's check boxes and line edits almost vanish on a dark palette: draw them with a visible border.
_DARK_EXTRA = """
QCheckBox::indicator { width: 13px; height: 13px; border: 1px solid #7d838c; border-radius: 3px;
    background: #1b1d21; }
QCheckBox::indicator:checked { background: #5b8def; border-color: #8fb0f5; }
QCheckBox::indicator:disabled { border-color: #4a4f57; }
QLineEdit { border: 1px solid #4a4f57; border-radius: 3px; padding: 2px 3px; background: #1b1d21; }
QLineEdit:focus { border-color: #5b8def; }
QLineEdit:disabled { border-color: #34383e; }
"""


def system_is_dark() -> bool:
    """Return whether the desktop asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    try:
        return hints.colorScheme() == Qt.ColorScheme.Dark
    except AttributeError:  # Qt < 6.5
        return False


def resolve(mode: str) -> Theme:
    """Return LIGHT or DARK for a theme setting (AUTO, or anything unknown, follows the system)."""
    if mode in (Theme.LIGHT, Theme.DARK):
        return Theme(mode)
    return Theme.DARK if system_is_dark() else Theme.LIGHT


def dark_palette() -> QPalette:
    """Return a calm dark Fusion palette."""
    p = QPalette()
    window, base, text = QColor("#23262b"), QColor("#1b1d21"), QColor("#dcdfe4")
    accent = QColor("#5b8def")
    role = QPalette.ColorRole
    for r, c in ((role.Window, window), (role.WindowText, text), (role.Base, base),
                 (role.AlternateBase, QColor("#262a30")), (role.ToolTipBase, QColor("#2d3137")),
                 (role.ToolTipText, text), (role.PlaceholderText, QColor("#878d96")),
                 (role.Text, text), (role.Button, QColor("#2b2f35")), (role.ButtonText, text),
                 (role.BrightText, QColor("#ff6b6b")), (role.Link, accent),
                 (role.Highlight, QColor("#3d5a99")), (role.HighlightedText, QColor("#ffffff")),
                 (role.Light, QColor("#3a3f46")), (role.Midlight, QColor("#31353b")),
                 (role.Mid, QColor("#2a2e33")), (role.Dark, QColor("#15171a")),
                 (role.Shadow, QColor("#0d0e10"))):
        p.setColor(r, c)
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(disabled, r, QColor("#6b7078"))
    return p


def light_palette() -> QPalette:
    """Return a soft light Fusion palette."""
    p = QPalette()
    role = QPalette.ColorRole
    text = QColor("#1f2328")
    for r, c in ((role.Window, QColor("#f4f5f7")), (role.WindowText, text), (role.Base, QColor("#ffffff")),
                 (role.AlternateBase, QColor("#f7f8fa")), (role.Text, text), (role.Button, QColor("#eef0f3")),
                 (role.ButtonText, text), (role.Highlight, QColor("#cfe0ff")),
                 (role.HighlightedText, text), (role.Link, QColor("#2f62c9")),
                 (role.PlaceholderText, QColor("#6b727b")), (role.ToolTipBase, QColor("#ffffff")),
                 (role.ToolTipText, text)):
        p.setColor(r, c)
    return p


def application_arguments(argv: list[str]) -> list[str]:
    """`argv` for a QApplication made with it: the Fusion style from the start, so `apply_theme`
    need not set it (a QStyle handed to Python before the first paint creates ~30 of its enums, ~13 ms)."""
    _started_with_style["yes"] = True
    return [*argv, "-style", STYLE]


def apply_theme(mode: str, app: QApplication | None = None) -> Theme:
    """Apply the Fusion style with a light or dark palette; returns the resolved "light"/"dark"."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    resolved = resolve(mode)
    if app is None:
        return resolved
    if not _started_with_style["yes"]:   # an application made elsewhere (tests, the welcome window's caller)
        app.setStyle(STYLE)
    dark = resolved is Theme.DARK
    app.setPalette(dark_palette() if dark else light_palette())
    icons.set_dark(dark)
    app.setStyleSheet(_STYLE.format(**STYLE_COLORS[resolved]) + (_DARK_EXTRA if dark else ""))
    return resolved
