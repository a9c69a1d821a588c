"""Starting the desktop app: Qt set-up, choosing the collection, the window, and crash reporting."""

from __future__ import annotations

import importlib
import linecache
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from paperdesk import config, crashlog
from paperdesk.errors import UserError
from paperdesk.gui.import_hook import spare_known_modules
from paperdesk.paths import APP_ID, BUNDLED_NOTES, RESOURCES_DIR, cache_dir, data_dir
from paperdesk.platform_check import check_window_libraries

log = logging.getLogger("paperdesk")
_WINDOWS: list[Any] = []  # the top-level windows, kept alive until the app quits
_STARTED = time.perf_counter()


def choose_collection(collection: Path | None) -> Path | None:
    """Return the collection to open: the argument, else the last opened one, else the bundled notes.

    None means there is none of these (the welcome window then asks for one). Raises
    UserError when the argument names a path that does not exist.
    """
    if collection is not None:
        path = Path(collection).expanduser()
        if not path.exists():
            raise UserError(f"no such collection: {collection}")
        return path
    recent = config.recent_collections()
    if recent:
        return recent[0]
    return BUNDLED_NOTES if BUNDLED_NOTES.is_dir() else None


def _log_file() -> Path:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "paperdesk.log"


def install_excepthook() -> None:
    """Log uncaught exceptions and show them in a dialog instead of crashing the app."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        try:
            with _log_file().open("a", encoding="utf-8") as fh:
                fh.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text}\n")
        except OSError:
            pass
        print(text, file=sys.stderr)
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None and "PAPERDESK_NO_DIALOGS" not in os.environ:
            box = QMessageBox(QMessageBox.Icon.Critical, "paperdesk: something went wrong", "")
            box.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote note text
            box.setText(f"{kind.__name__}: {value}\n\nThe details were written to {_log_file()}.")
            box.setDetailedText(text)
            box.exec()

    sys.excepthook = hook


def _schedule_timing(window: Any, app: Any) -> None:
    """Print the seconds from start to the first painted entry, then, once the collection is
    loaded and indexed, close (saving the window's state, as a user's session would) and quit (for the bench)."""
    from PySide6.QtCore import QTimer

    def painted(_entry_id: str) -> None:
        window.firstPaint.disconnect(painted)
        print(f"PAPERDESK_STARTUP_S={time.perf_counter() - _STARTED:.4f}", flush=True)

    window.firstPaint.connect(painted)
    window.settled.connect(lambda: (window.close(), app.quit()))
    QTimer.singleShot(60000, app.quit)


def run_app(collection: Path | None, db: Path | None = None, entry: str | None = None) -> int:
    """Open the window on a collection (see choose_collection), at `entry` if given, or the welcome window.

    Returns the exit code. Raises UserError, before any Qt library loads, when the system lacks
    what the window needs.
    """
    path = choose_collection(collection)
    problem = check_window_libraries(passed_file=cache_dir() / "window-libraries-ok")
    if problem:
        raise UserError(problem)
    importlib.import_module("PySide6.QtCore")
    spare_known_modules()   # the hook need not read the sources of the modules imported from here on
    from paperdesk.gui.qt_env import prepare_qt

    prepare_qt()
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        from paperdesk.gui.theme import application_arguments

        app = QApplication(application_arguments(sys.argv[:1]))   # the Fusion style from the start
    app.setApplicationName("paperdesk")
    app.setOrganizationName("paperdesk")
    app.setDesktopFileName(APP_ID)  # the window groups with the installed menu entry
    icon_file = RESOURCES_DIR / "icons" / "paperdesk.svg"
    if icon_file.exists():
        app.setWindowIcon(QIcon(str(icon_file)))
    crashlog.console_logging()
    install_excepthook()

    crash = crashlog.start(data_dir())
    try:
        if path is None:
            _WINDOWS.append(_show_welcome(lambda chosen: _open_main_window(app, chosen, db, crash.previous_crash)))
        else:
            _open_main_window(app, path, db, crash.previous_crash, entry)
        code = app.exec()
    finally:
        crash.end()
    return int(code)


def _open_main_window(app: Any, path: Path, db: Path | None, previous_crash: str | None = None,
                      entry: str | None = None) -> Any:
    """Create the main window, schedule the start-up timing line when asked, and open `path` in it (at `entry`)."""
    from paperdesk.gui import icons, prefs
    from paperdesk.gui.window.main_window import MainWindow

    icons.defer()
    override = os.environ.get("PAPERDESK_THEME")
    # staged: the navigator and side panel are built once the first page is painted
    window = MainWindow(prefs.app_settings(), theme_override=override if override in ("light", "dark", "auto") else None,
                        staged=True)
    # PySide6's import hook reads the source of every module imported after it into linecache
    # and keeps it (~8 MB here, ~4 MB more by the time the collection is open and indexed); a
    # traceback reads what it needs again.
    linecache.clearcache()
    window.settled.connect(linecache.clearcache)
    if os.environ.get("PAPERDESK_STARTUP_TIMING"):
        _schedule_timing(window, app)
    _release_icons_after_first_paint(window)
    window.show()
    # said with the scan's summary: a message shown now is replaced at once
    said = [text for text in (previous_crash, config.settings_problem()) if text]
    for text in said:
        log.warning(text)
    window.start_notice = "; ".join(said) or None
    window.open_at_entry = entry
    window.open_collection(path, db)
    _WINDOWS.append(window)
    return window


def _release_icons_after_first_paint(window: Any) -> None:
    """Let the window's icons draw once its first entry is painted, or a second after the
    collection loaded or failed to (nothing to paint): qtawesome's import waits until then."""
    from PySide6.QtCore import QTimer

    from paperdesk.gui import icons

    window.firstPaint.connect(lambda _entry: QTimer.singleShot(0, icons.release))
    window.collectionLoaded.connect(lambda: QTimer.singleShot(1000, icons.release))
    window.loadFailed.connect(lambda _message: QTimer.singleShot(0, icons.release))


def _show_welcome(open_main: Callable[[Path], object]) -> Any:
    """Show the welcome window; the collection it asks for opens in the main window."""
    from paperdesk.gui.welcome import WelcomeWindow

    welcome = WelcomeWindow()

    def chosen(path: Path) -> None:
        welcome.collectionChosen.disconnect(chosen)
        open_main(path)
        welcome.close()

    welcome.collectionChosen.connect(chosen)
    welcome.show()
    return welcome
