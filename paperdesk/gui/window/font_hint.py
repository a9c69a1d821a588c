"""A status-bar hint, once per script, when an entry is written in a script no installed font has.

A minimal system often has no Chinese, Japanese or Korean font; the page then shows boxes where the
text should be, and nothing says why. The page's fonts come from the same system font list
(fontconfig on Linux) that Qt's font database reads.
"""

from __future__ import annotations

from collections.abc import Callable

from paperdesk.collection.model import Entry
from paperdesk.reading.scripts import Script, scripts_in

INSTALL_HINT = "fonts-noto-cjk (Debian/Ubuntu) or google-noto-sans-cjk-fonts (Fedora)"


def installed_font_for(script: Script) -> bool:
    """Whether any installed font family covers `script`, as Qt's font database knows them."""
    from PySide6.QtGui import QFontDatabase  # the first entry is painted before this is asked

    ws = QFontDatabase.WritingSystem
    systems = {
        Script.HAN: (ws.SimplifiedChinese, ws.TraditionalChinese, ws.Japanese, ws.Korean),
        Script.KANA: (ws.Japanese,),
        Script.HANGUL: (ws.Korean,),
    }[script]
    return any(QFontDatabase.families(system) for system in systems)


class FontHint:
    """Checks each shown entry; says once per script and session when no font shows it."""

    def __init__(self, say: Callable[[str, int], None],
                 has_font: Callable[[Script], bool] = installed_font_for) -> None:
        self._say = say
        self._has_font = has_font
        self._known: dict[Script, bool] = {}   # fonts are not installed while the app runs, as a rule

    def check(self, entry: Entry | None) -> list[Script]:
        """Say which scripts of `entry` no font shows, the first time each is met; returns them."""
        if entry is None:
            return []
        fresh = [s for s in sorted(scripts_in(f"{entry.title}\n{entry.body}")) if s not in self._known]
        for script in fresh:
            self._known[script] = self._has_font(script)
        missing = [s for s in fresh if not self._known[s]]
        if missing:
            names = " and ".join(s.value for s in missing)
            # short enough for the status bar beside its entry count (a longer line is cut off)
            self._say(f"No installed font shows this note's {names} text; install {INSTALL_HINT} "
                      "and restart.", 20000)
        return missing
