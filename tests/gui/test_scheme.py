"""The paperdesk: scheme handler: serves app files, entry pages and collection files, nothing else."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineUrlRequestJob
from PySide6.QtWebEngineWidgets import QWebEngineView

from paperdesk.gui.scheme import SchemeHandler, blocker_of, make_profile, mime_type

pytestmark = pytest.mark.gui

DENIED = QWebEngineUrlRequestJob.Error.RequestDenied
MISSING = QWebEngineUrlRequestJob.Error.UrlNotFound


def _png(path: Path, color: str = "red") -> None:
    image = QImage(4, 3, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "PNG")


@pytest.fixture
def collection_root(tmp_path: Path) -> Path:
    """A collection folder with an image, a sub-folder, and a readable secret just outside it."""
    root = tmp_path / "notes"
    (root / "img").mkdir(parents=True)
    _png(root / "img" / "fig 1.png")
    _png(root / "plain.png")
    _png(tmp_path / "secret.png", "blue")
    (tmp_path / "secret.txt").write_text("top secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.png", root / "link.png")
    os.symlink(tmp_path, root / "up")
    return root


@pytest.fixture
def handler(collection_root: Path) -> SchemeHandler:
    pages = {"e1": "<!doctype html><meta charset=utf-8><title>t</title><p id=p>héllo</p>".encode()}
    return SchemeHandler(pages.get, lambda: collection_root)


def _respond(handler: SchemeHandler, url: str) -> Any:
    return handler.respond(QUrl(url))


def test_serves_entry_pages_app_files_and_qwebchannel(handler: SchemeHandler) -> None:
    data, mime = _respond(handler, "paperdesk://entry/e1?v=3")
    assert "héllo".encode() in data and mime.startswith("text/html")
    data, mime = _respond(handler, "paperdesk://app/highlight.js")
    assert b"paperdeskHL" in data and mime == "text/javascript"
    data, mime = _respond(handler, "paperdesk://app/qwebchannel.js")
    assert b"QWebChannel" in data and mime == "text/javascript"
    assert _respond(handler, "paperdesk://entry/nope")[0] == MISSING
    assert _respond(handler, "paperdesk://app/nope.js")[0] == MISSING


def test_serves_collection_files_with_their_mime_type(handler: SchemeHandler, collection_root: Path) -> None:
    data, mime = _respond(handler, "paperdesk://note/img/fig%201.png")
    assert data == (collection_root / "img" / "fig 1.png").read_bytes()
    assert mime == "image/png"
    assert mime_type("a.svg") == "image/svg+xml" and mime_type("a.JPG") == "image/jpeg"
    assert mime_type("x.unknownext") == "application/octet-stream"


@pytest.mark.parametrize(
    "url",
    [
        "paperdesk://note/../secret.txt",
        "paperdesk://note/img/../../secret.txt",
        "paperdesk://note/%2e%2e/secret.txt",
        "paperdesk://note/..%2fsecret.txt",
        "paperdesk://note/..%2Fsecret.txt",
        "paperdesk://note/%252e%252e%252fsecret.txt",
        "paperdesk://note/..%5csecret.txt",
        "paperdesk://note//etc/passwd",
        "paperdesk://note/%2Fetc%2Fpasswd",
        "paperdesk://note/link.png",
        "paperdesk://note/up/secret.txt",
        "paperdesk://note/",
        "paperdesk://app/../pyproject.toml",
        "paperdesk://app/%2e%2e/%2e%2e/pyproject.toml",
        "paperdesk://elsewhere/plain.png",
        "file:///etc/passwd",
    ],
)
def test_refuses_every_path_out_of_the_root(handler: SchemeHandler, url: str) -> None:
    result = _respond(handler, url)
    assert isinstance(result[0], QWebEngineUrlRequestJob.Error), f"{url} was served"
    assert result[0] in (DENIED, MISSING)


def test_absolute_path_to_a_real_file_is_refused(handler: SchemeHandler, collection_root: Path) -> None:
    secret = collection_root.parent / "secret.txt"
    assert _respond(handler, f"paperdesk://note/{secret}")[0] in (DENIED, MISSING)
    assert _respond(handler, f"paperdesk://note/{str(secret).replace('/', '%2F')}")[0] in (DENIED, MISSING)


def test_no_collection_open_refuses_notes(collection_root: Path) -> None:
    handler = SchemeHandler(lambda _id: None, lambda: None)
    assert handler.respond(QUrl("paperdesk://note/plain.png"))[0] == DENIED


@pytest.fixture
def page_view(qtbot: Any, collection_root: Path) -> Any:
    """A real web view on a profile made by make_profile(), serving a test page as entry `t`."""
    html = (
        b"<!doctype html><meta charset=utf-8><title>scheme test</title><body><div id=out></div></body>"
    )
    handler = SchemeHandler({"t": html}.get, lambda: collection_root)
    profile = make_profile(handler)
    view = QWebEngineView()
    page = QWebEnginePage(profile, view)
    profile.setParent(page)
    view.setPage(page)
    qtbot.addWidget(view)
    with qtbot.waitSignal(page.loadFinished, timeout=15_000) as blocker:
        view.load(QUrl("paperdesk://entry/t"))
    assert blocker.args == [True]
    return view


PROBE = """
(function (urls) {
  window.probe = {};
  urls.forEach(function (u) {
    var img = new Image();
    img.onload = function () { window.probe[u] = 'load:' + img.naturalWidth; };
    img.onerror = function () { window.probe[u] = 'error'; };
    img.src = u;
  });
  return urls.length;
})(%s)
"""


def _probe(view: Any, run_js: Any, wait_js: Any, urls: list[str]) -> dict[str, str]:
    import json

    run_js(view.page(), PROBE % json.dumps(urls))
    wait_js(view.page(), f"Object.keys(window.probe).length === {len(urls)}")
    return json.loads(run_js(view.page(), "JSON.stringify(window.probe)"))


def test_page_loads_images_through_the_scheme_and_refuses_escapes(
    page_view: Any, run_js: Any, wait_js: Any, collection_root: Path
) -> None:
    secret = collection_root.parent / "secret.png"
    good = ["paperdesk://note/plain.png", "paperdesk://note/img/fig%201.png"]
    bad = [
        "paperdesk://note/link.png",
        "paperdesk://note/up/secret.png",
        "paperdesk://note/%2e%2e/secret.png",
        "paperdesk://note/..%2Fsecret.png",
        "paperdesk://note/img/..%2F..%2Fsecret.png",
        f"paperdesk://note/{str(secret).replace('/', '%2F')}",
        f"file://{secret}",
    ]
    results = _probe(page_view, run_js, wait_js, good + bad)
    for url in good:
        assert results[url] == "load:4", url
    for url in bad:
        assert results[url] == "error", url


def test_page_cannot_fetch_remote_or_file_urls(page_view: Any, run_js: Any, wait_js: Any) -> None:
    blocker = blocker_of(page_view.page().profile())
    seen: list[str] = []
    blocker.blocked.connect(lambda url: seen.append(url.toString()))
    results = _probe(page_view, run_js, wait_js, ["http://127.0.0.1:9/x.png", "https://example.invalid/y.png"])
    assert set(results.values()) == {"error"}
    assert "http://127.0.0.1:9/x.png" in seen


def test_profile_is_locked_down(handler: SchemeHandler) -> None:
    from PySide6.QtWebEngineCore import QWebEngineSettings

    profile = make_profile(handler)
    try:
        attr = QWebEngineSettings.WebAttribute
        settings = profile.settings()
        assert profile.isOffTheRecord()
        for off in (attr.LocalContentCanAccessFileUrls, attr.LocalContentCanAccessRemoteUrls,
                    attr.PluginsEnabled, attr.JavascriptCanAccessClipboard, attr.JavascriptCanPaste,
                    attr.JavascriptCanOpenWindows):
            assert settings.testAttribute(off) is False, off
        assert blocker_of(profile).allow_remote is False
    finally:
        handler.setParent(None)
        profile.deleteLater()


def test_pages_far_above_the_set_html_limit_load_through_the_scheme(qtbot: Any, run_js: Any) -> None:
    paragraph = "<p>" + "word " * 200 + "</p>\n"
    html = ("<!doctype html><meta charset=utf-8><title>big</title>" + paragraph * 3000 + "<p id=end>end</p>").encode()
    assert len(html) > 3_000_000
    handler = SchemeHandler({"big": html}.get, lambda: None)
    profile = make_profile(handler)
    view = QWebEngineView()
    page = QWebEnginePage(profile, view)
    profile.setParent(page)
    view.setPage(page)
    qtbot.addWidget(view)
    with qtbot.waitSignal(page.loadFinished, timeout=30_000) as loaded:
        view.load(QUrl("paperdesk://entry/big"))
    assert loaded.args == [True]
    assert run_js(page, "document.querySelectorAll('p').length") == 3001
    assert run_js(page, "document.getElementById('end').textContent") == "end"
