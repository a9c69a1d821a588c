"""The page bridge: JSON in and out of one slot, and JavaScript queued until the page is ready."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

from paperdesk.gui.bridge import PageBridge, ScriptQueue
from paperdesk.gui.scheme import SchemeHandler, make_profile

pytestmark = pytest.mark.gui


def test_bridge_answers_json_and_survives_bad_messages() -> None:
    seen: list[dict[str, Any]] = []

    def handler(message: dict[str, Any]) -> Any:
        if message["kind"] == "boom":
            raise RuntimeError("handler failed")
        seen.append(message)
        return {"echo": message.get("x")}

    bridge = PageBridge(handler)
    assert json.loads(bridge.call(json.dumps({"kind": "ping", "x": 3}))) == {"echo": 3}
    assert seen == [{"kind": "ping", "x": 3}]
    assert "error" in json.loads(bridge.call("{not json"))
    assert "error" in json.loads(bridge.call(json.dumps([1, 2])))
    assert "error" in json.loads(bridge.call(json.dumps({"x": 1})))
    assert "handler failed" in json.loads(bridge.call(json.dumps({"kind": "boom"})))["error"]
    assert len(seen) == 1


def _loaded_view(qtbot: Any) -> QWebEngineView:
    handler = SchemeHandler({"t": b"<!doctype html><title>t</title><p>x</p>"}.get, lambda: None)
    profile = make_profile(handler)
    view = QWebEngineView()
    page = QWebEnginePage(profile, view)
    profile.setParent(page)
    view.setPage(page)
    with qtbot.waitSignal(page.loadFinished, timeout=15_000):
        view.load(QUrl("paperdesk://entry/t"))
    return view


@pytest.fixture
def plain_view(qtbot: Any) -> QWebEngineView:
    view = _loaded_view(qtbot)
    qtbot.addWidget(view)
    return view


def test_script_queue_waits_for_ready_and_keeps_order(qtbot: Any, plain_view: QWebEngineView, run_js: Any) -> None:
    plain_page = plain_view.page()
    queue = ScriptQueue(plain_page)
    results: list[Any] = []
    queue.run("window.order = ['a']; 1", results.append)
    queue.call("(function(x){ window.order.push(x); return window.order.join(''); })", "b",
               callback=results.append)
    # nothing ran before the page said it is ready: the page never saw window.order
    assert run_js(plain_page, "typeof window.order") == "undefined"
    assert results == []
    queue.set_ready()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=20_000)
    assert results == [1, "ab"]
    queue.reset()
    queue.run("window.order.push('c'); 2", results.append)
    assert run_js(plain_page, "window.order.join('')") == "ab"   # a new page is loading: queued, not run
    assert results == [1, "ab"]


def test_callbacks_to_a_deleted_view_are_dropped(qtbot: Any) -> None:
    import shiboken6

    view = _loaded_view(qtbot)
    plain_page = view.page()
    queue = ScriptQueue(plain_page)
    queue.set_ready()
    calls: list[Any] = []
    # A slow script: its answer arrives after the view (and its page) are gone.
    queue.run("(function(){var t=Date.now(); while (Date.now() - t < 300) {} return 7;})()",
              lambda result: calls.append((result, shiboken6.isValid(view))))
    view.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(plain_page), timeout=20_000)
    qtbot.waitUntil(lambda: queue.dropped == 1, timeout=20_000)   # the slow answer came, and was dropped
    queue.run("1", calls.append)  # the page is gone: neither raises nor calls back
    assert queue.dropped == 2
    assert calls == []
