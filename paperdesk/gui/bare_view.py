"""The start-up floor: a bare PySide6 window with a QWebEngineView painting a static page, nothing else.

Run as `python -m paperdesk.gui.bare_view`; prints PAPERDESK_STARTUP_S=<s> once the page is
loaded and has been through one animation frame, then quits. It uses nothing of paperdesk but this module (the bench launches it; the app never does).
"""

from __future__ import annotations

import sys
import time

_STARTED = time.perf_counter()
PAGE = ("<!doctype html><html><body style='font-family:sans-serif;max-width:44em;margin:2em auto'>"
        "<h1>A static page</h1>" + "<p>Some text of a note, a few lines long, to lay out and paint.</p>" * 40
        + "</body></html>")


def main() -> int:
    """Open the window, paint the page, print the time, quit."""
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    view = QWebEngineView()
    view.resize(1300, 850)

    def painted(title: str) -> None:
        if title == "painted":
            print(f"PAPERDESK_STARTUP_S={time.perf_counter() - _STARTED:.4f}", flush=True)
            app.quit()

    def loaded(_ok: bool) -> None:
        # one animation frame after the load: the page has been laid out and painted
        view.page().runJavaScript("requestAnimationFrame(function () { document.title = 'painted'; });")

    view.titleChanged.connect(painted)
    view.loadFinished.connect(loaded)
    # Loaded by URL from a file, as the app loads its pages (never from a data: URL of the HTML).
    with tempfile.TemporaryDirectory(prefix="paperdesk-floor-") as folder:
        page = Path(folder) / "floor.html"
        page.write_text(PAGE, encoding="utf-8")
        view.load(QUrl.fromLocalFile(str(page)))
        view.show()
        QTimer.singleShot(60000, app.quit)
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
