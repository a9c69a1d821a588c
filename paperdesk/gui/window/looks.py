"""The window's looks and modes: its theme (light, dark or the system's), the settings applied after
they change, and distraction-free reading."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

from paperdesk.gui import icons, prefs, theme
from paperdesk.vocab import THEMES, Theme

if TYPE_CHECKING:
    from paperdesk.gui.window.main_window import MainWindow


class WindowLooks(QObject):
    """Theme, settings and distraction-free mode of one window (a child of it, so the system's
    colour-scheme signal stops reaching it with the window)."""

    def __init__(self, window: MainWindow, theme_override: str | None) -> None:
        super().__init__(window)
        self.window = window
        self._theme_override = theme_override
        self.distraction_free = False
        self.theme_name = theme.apply_theme(self.theme_mode())
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)

    def theme_mode(self) -> Theme:
        """Return the theme setting in force: auto, light or dark."""
        mode = self._theme_override or prefs.get(self.window.settings, "theme")
        return Theme(mode) if mode in THEMES else Theme.AUTO

    def set_theme(self, mode: str) -> None:
        """Use the light or dark look, or follow the system ("auto"); remembered."""
        prefs.put(self.window.settings, "theme", mode)
        self.apply_settings()

    def toggle_dark(self) -> None:
        """Switch between the light and the dark look, whichever is on now (Ctrl+Shift+D); remembered."""
        self.set_theme(Theme.LIGHT if self.theme_name == Theme.DARK else Theme.DARK)

    def apply_settings(self) -> None:
        """Apply theme, zoom and per-collection settings after they changed."""
        w = self.window
        self._theme_override = None
        mode = self.theme_mode()
        self.theme_name = theme.apply_theme(mode)
        icons.refresh_icons(w)
        w.reader.set_theme(mode)
        w.reader.set_zoom(prefs.get(w.settings, "zoom"))
        if w.store is not None:
            w.remote_images.follow_store()
            w.side_panel.set_palette(w.store.palette())
        w.model.layoutChanged.emit()
        w.presenter.update_side_panel(w.current_entry())
        for key in THEMES:
            w.actions_by_name[f"theme-{key}"].setChecked(key == mode)
        w.actions_by_name["dark"].setChecked(self.theme_name == Theme.DARK)

    def toggle_distraction_free(self) -> None:
        """Hide or show the tree, side panel, toolbar and status bar (F11)."""
        w = self.window
        self.distraction_free = not self.distraction_free
        visible = not self.distraction_free
        for widget in (w.navigator, w.side_panel, w.toolbar, w.statusBar()):
            widget.setVisible(visible)
        w.actions_by_name["focus"].setChecked(self.distraction_free)
        if self.distraction_free:
            w.reader.setFocus()

    def leave_distraction_free(self) -> None:
        """Show the hidden panes again, if distraction-free reading is on."""
        if self.distraction_free:
            self.toggle_distraction_free()

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        w = self.window
        if self.theme_mode() == Theme.AUTO:
            self.theme_name = theme.apply_theme(Theme.AUTO)
            icons.refresh_icons(w)
            if w.controls_built:
                w.actions_by_name["dark"].setChecked(self.theme_name == Theme.DARK)
            if w.built:
                w.model.layoutChanged.emit()
