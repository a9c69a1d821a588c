"""The window's own preferences (QSettings in the user config folder): theme, zoom, delays, layout."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from paperdesk.paths import config_dir

DEFAULTS: dict[str, Any] = {
    "theme": "auto",
    "zoom": 1.0,
    "auto_reading": True,  # mark an unread entry reading once read for a while
    "auto_reading_delay": 20,  # seconds (0 also means off)
    "grouping": "category-year",
    "sort": "year",
    "open_web_links": True,  # a click on a web link opens the system browser
}


def app_settings() -> QSettings:
    """Return the QSettings file under the user config folder (window.ini)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def get(settings: QSettings, key: str) -> Any:
    """Read a preference with its default and the default's type."""
    default = DEFAULTS.get(key)
    value = settings.value(key, default)
    if default is None or value is None:
        return value
    if isinstance(default, bool):  # INI files hold "true"/"false" strings
        return value is True or str(value).strip().lower() in ("true", "1", "yes")
    try:
        return type(default)(value)
    except (TypeError, ValueError):
        return default


def put(settings: QSettings, key: str, value: Any) -> None:
    """Write a preference now."""
    settings.setValue(key, value)
    settings.sync()


def auto_reading_delay(settings: QSettings) -> int:
    """Seconds before an open unread entry is marked reading; 0 when that is turned off."""
    return int(get(settings, "auto_reading_delay")) if get(settings, "auto_reading") else 0
