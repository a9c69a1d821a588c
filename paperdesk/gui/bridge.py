"""The page bridge: one QObject on a QWebChannel with a JSON slot, and a queued runJavaScript."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

# The world the app's scripts and the channel live in: note scripts never run (sanitiser + CSP),
# and the reader's own page script (reader.js, loaded by the page) must be visible to ours.
SCRIPT_WORLD = QWebEngineScript.ScriptWorldId.MainWorld

Handler = Callable[[dict[str, Any]], Any]


class PageBridge(QObject):
    """Receives JSON messages from the page (`pycmd`) and answers each with JSON."""

    message = Signal(dict)  # every well-formed message, after the handler ran

    def __init__(self, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler

    @Slot(str, result=str)
    def call(self, payload: str) -> str:
        """Decode one message from the page, hand it to the handler, return its answer as JSON."""
        try:
            message = json.loads(payload)
        except (TypeError, ValueError):
            return json.dumps({"error": "bad json"})
        if not isinstance(message, dict) or not isinstance(message.get("kind"), str):
            return json.dumps({"error": "message needs a kind"})
        try:
            answer = self._handler(message)
        except Exception as exc:  # never raise into Qt's event loop from page input
            return json.dumps({"error": f"{type(exc).__name__}: {exc}"})
        self.message.emit(message)
        return json.dumps(answer if answer is not None else {})


def attach_bridge(page: QWebEnginePage, bridge: PageBridge) -> QWebChannel:
    """Register the bridge as `bridge` on a new web channel of the page (in SCRIPT_WORLD)."""
    channel = QWebChannel(page)
    channel.registerObject("bridge", bridge)
    page.setWebChannel(channel, SCRIPT_WORLD)
    return channel


class ScriptQueue:
    """Runs JavaScript in the page once it said it is ready; queued before, dropped after deletion."""

    def __init__(self, page: QWebEnginePage) -> None:
        self._page = page
        self._ready = False
        self._pending: list[tuple[str, Callable[[Any], None] | None]] = []
        #: scripts refused and answers dropped because the page was gone
        self.dropped = 0

    @property
    def ready(self) -> bool:
        """Whether the current page has announced itself."""
        return self._ready

    def reset(self) -> None:
        """Forget queued calls: a new page is loading."""
        self._ready = False
        self._pending.clear()

    def set_ready(self) -> None:
        """The page is ready: run everything queued, in order."""
        self._ready = True
        pending, self._pending = self._pending, []
        for script, callback in pending:
            self._run(script, callback)

    def run(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run a script now when the page is ready, else when it becomes ready."""
        if self._ready:
            self._run(script, callback)
        else:
            self._pending.append((script, callback))

    def call(self, function: str, *args: Any, callback: Callable[[Any], None] | None = None) -> None:
        """Call a page function with JSON-encoded arguments, e.g. call("paperdeskHL.paint", items)."""
        encoded = ", ".join(json.dumps(arg) for arg in args)
        self.run(f"{function}({encoded})", callback)

    def _run(self, script: str, callback: Callable[[Any], None] | None) -> None:
        page = self._page
        if not shiboken6.isValid(page):
            self.dropped += 1
            return
        if callback is None:
            page.runJavaScript(script, SCRIPT_WORLD)
            return

        def guarded(result: Any) -> None:
            if shiboken6.isValid(page):
                callback(result)
            else:
                self.dropped += 1

        page.runJavaScript(script, SCRIPT_WORLD, guarded)
