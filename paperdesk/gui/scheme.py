"""The paperdesk: URL scheme: registration, the request handler and the locked-down web profile."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from paperdesk.paths import RESOURCES_DIR
from paperdesk.render import resolve_inside

SCHEME = "paperdesk"
SCHEME_BYTES = SCHEME.encode("ascii")
WEB_DIR = RESOURCES_DIR / "web"
BLOCKER_NAME = "paperdesk-remote-blocker"
QWEBCHANNEL_QRC = ":/qtwebchannel/qwebchannel.js"

_MIME_OVERRIDES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".md": "text/plain",
    ".txt": "text/plain",
}


def register_scheme() -> None:
    """Register the paperdesk: scheme with QtWebEngine; must run before QApplication exists."""
    if QWebEngineUrlScheme.schemeByName(SCHEME_BYTES).name() == SCHEME_BYTES:
        return
    scheme = QWebEngineUrlScheme(SCHEME_BYTES)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setDefaultPort(QWebEngineUrlScheme.SpecialPort.PortUnspecified.value)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)


def mime_type(path: str) -> str:
    """Return the MIME type to serve a file name with (octet-stream when unknown)."""
    suffix = Path(path).suffix.lower()
    if suffix in _MIME_OVERRIDES:
        return _MIME_OVERRIDES[suffix]
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def url_relpath(url: QUrl) -> str:
    """Return the URL's path without its leading slash, still percent-encoded."""
    return url.path(QUrl.ComponentFormattingOption.FullyEncoded).removeprefix("/")


def _resolve_app_file(relpath: str) -> Path | None:
    """Resolve a file under resources/web; None when it is outside or missing."""
    found = resolve_inside(WEB_DIR, relpath)
    return found if found is not None and found.is_file() else None


def _qt_resource(path: str) -> bytes | None:
    """Read a file from Qt's compiled-in resources (qwebchannel.js)."""
    resource = QFile(path)
    if not resource.open(QIODevice.OpenModeFlag.ReadOnly):
        return None
    try:
        return bytes(resource.readAll().data())
    finally:
        resource.close()


class SchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves paperdesk://app/<file>, paperdesk://note/<relpath> and paperdesk://entry/<id>."""

    refused = Signal(QUrl, str)  # url, reason: every refused request, for tests and logs

    def __init__(
        self,
        page_provider: Callable[[str], bytes | None],
        root_provider: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._page_provider = page_provider
        self._root_provider = root_provider

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        """Answer one request, or fail it when it is not allowed."""
        url = job.requestUrl()
        try:
            result = self.respond(url)
        except Exception as exc:  # a handler must never raise into Qt
            result = (QWebEngineUrlRequestJob.Error.RequestFailed, f"error: {exc}")
        if isinstance(result[0], QWebEngineUrlRequestJob.Error):
            self.refused.emit(url, str(result[1]))
            job.fail(result[0])
            return
        data, content_type = result
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(content_type.encode("ascii")), buffer)

    def respond(self, url: QUrl) -> tuple[bytes, str] | tuple[QWebEngineUrlRequestJob.Error, str]:
        """Return (bytes, content type) for a URL, or (error, reason) when it is refused."""
        denied = QWebEngineUrlRequestJob.Error.RequestDenied
        missing = QWebEngineUrlRequestJob.Error.UrlNotFound
        if url.scheme() != SCHEME:
            return denied, "not a paperdesk: URL"
        relpath = url_relpath(url)  # resolve_inside() percent-decodes it once
        host = url.host()
        if host == "entry":
            try:
                entry_id = unquote(relpath, errors="strict")
            except UnicodeDecodeError:
                return denied, "badly encoded entry id"
            page = self._page_provider(entry_id)
            if page is None:
                return missing, f"no page for entry {entry_id!r}"
            return page, "text/html; charset=utf-8"
        if host == "app":
            if relpath == "qwebchannel.js":
                data = _qt_resource(QWEBCHANNEL_QRC)
                return (data, "text/javascript") if data is not None else (missing, "no qwebchannel.js")
            found = _resolve_app_file(relpath)
            if found is None:
                return missing, f"no app file {relpath!r}"
            return found.read_bytes(), mime_type(found.name)
        if host == "note":
            root = self._root_provider()
            if root is None:
                return denied, "no collection is open"
            found = resolve_inside(root, relpath) if relpath else None
            if found is None:
                return denied, f"outside the collection: {relpath!r}"
            if not found.is_file():
                return missing, f"no such file: {relpath!r}"
            return found.read_bytes(), mime_type(found.name)
        return denied, f"unknown host {host!r}"


class RemoteBlocker(QWebEngineUrlRequestInterceptor):
    """Blocks every request that is not paperdesk: or data:, and http(s) unless allowed."""

    blocked = Signal(QUrl)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.allow_remote = False

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        """Block the request unless its scheme is allowed."""
        url = info.requestUrl()
        scheme = url.scheme()
        if scheme in (SCHEME, "data", "blob", "about"):
            return
        if scheme in ("http", "https") and self.allow_remote:
            return
        # Main-frame navigations never get here with a web URL: the page refuses them first.
        info.block(True)
        self.blocked.emit(url)


def make_profile(handler: SchemeHandler, parent: QObject | None = None) -> QWebEngineProfile:
    """Create an off-the-record profile serving paperdesk: with remote loads and local files off."""
    profile = QWebEngineProfile(parent)
    profile.installUrlSchemeHandler(SCHEME_BYTES, handler)
    handler.setParent(profile)
    blocker = RemoteBlocker()
    blocker.setParent(profile)  # explicit: PySide does not take ownership through this constructor
    blocker.setObjectName(BLOCKER_NAME)
    profile.setUrlRequestInterceptor(blocker)
    settings = profile.settings()
    attr = QWebEngineSettings.WebAttribute
    for attribute, value in (
        (attr.JavascriptEnabled, True),  # the app's own scripts; notes' scripts are stripped + CSP
        (attr.LocalContentCanAccessFileUrls, False),
        (attr.LocalContentCanAccessRemoteUrls, False),
        (attr.PluginsEnabled, False),
        (attr.PdfViewerEnabled, False),
        (attr.JavascriptCanAccessClipboard, False),
        (attr.JavascriptCanPaste, False),
        (attr.JavascriptCanOpenWindows, False),
        (attr.LocalStorageEnabled, False),
        (attr.HyperlinkAuditingEnabled, False),
        (attr.DnsPrefetchEnabled, False),
        (attr.WebGLEnabled, False),
        (attr.AllowRunningInsecureContent, False),
        (attr.NavigateOnDropEnabled, False),
        (attr.ErrorPageEnabled, False),
    ):
        settings.setAttribute(attribute, value)
    return profile


def blocker_of(profile: QWebEngineProfile) -> RemoteBlocker:
    """Return the remote-request blocker installed on a profile made by make_profile()."""
    blocker = profile.findChild(QObject, BLOCKER_NAME)
    assert isinstance(blocker, RemoteBlocker), "profile was not made by make_profile()"
    return blocker
