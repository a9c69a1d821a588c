"""GUI test set-up: register the paperdesk: scheme and share GL contexts before pytest-qt's qapp."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from paperdesk.gui.qt_env import prepare_qt

# Import time: runs before pytest-qt's `qapp` fixture creates the QApplication.
prepare_qt()

JS_TIMEOUT_MS = 10_000


@pytest.fixture
def run_js(qtbot: Any) -> Callable[..., Any]:
    """Return run_js(page, script) -> the script's value, waiting for the page's callback."""
    from paperdesk.gui.bridge import SCRIPT_WORLD

    def run(page: Any, script: str, timeout: int = JS_TIMEOUT_MS) -> Any:
        box: list[Any] = []
        page.runJavaScript(script, SCRIPT_WORLD, box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=timeout)
        return box[0]

    return run


@pytest.fixture
def wait_js(qtbot: Any, run_js: Callable[..., Any]) -> Callable[..., Any]:
    """Return wait_js(page, script): poll until the script's value is truthy, then return it."""

    def wait(page: Any, script: str, timeout: int = JS_TIMEOUT_MS) -> Any:
        box: list[Any] = []

        def check() -> bool:
            value = run_js(page, script)
            box[:] = [value]
            return bool(value)

        qtbot.waitUntil(check, timeout=timeout)
        return box[0]

    return wait


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Delete the last test's views (deleteLater) before the interpreter tears the app down."""
    from PySide6.QtCore import QCoreApplication, QEvent

    app = QCoreApplication.instance()
    if app is not None:
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()


@pytest.fixture
def notes_harness(qtbot: Any, tmp_path: Any) -> Any:
    """The main-window test harness (tests/gui/window/test_main_window.py) on its four-paper collection."""
    from tests.gui.window import test_main_window as window_tests

    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(window_tests.NOTES, encoding="utf-8")
    harness = window_tests.Harness(qtbot, folder, tmp_path)
    yield harness
    for window in list(harness.windows):
        harness.close(window)


class RecordingServer:
    """A web server on 127.0.0.1 that records the paths asked for and answers 404 (nothing leaves
    the machine); `hits` is the list of paths, `port` its port."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, HTTPServer

        hits: list[str] = []

        class Recorder(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.hits = hits
        self.httpd = HTTPServer(("127.0.0.1", 0), Recorder)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving and release the port."""
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server() -> Any:
    """A RecordingServer for the test, closed after it."""
    server = RecordingServer()
    yield server
    server.close()
