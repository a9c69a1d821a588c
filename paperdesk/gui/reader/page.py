"""The reader's page: which navigations it allows, how clicked links are routed, and the scripts it injects."""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import QFile, QIODevice, QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineScript
from PySide6.QtWidgets import QWidget

from paperdesk.gui.bridge import SCRIPT_WORLD
from paperdesk.gui.scheme import QWEBCHANNEL_QRC, WEB_DIR

MAX_CRASH_RELOADS = 3  # within CRASH_WINDOW_S: a page that keeps killing the renderer is left alone
CRASH_WINDOW_S = 60.0


class CrashCount:
    """The page renderer's recent crashes: the entry is reloaded after only a few a minute."""

    def __init__(self) -> None:
        self._times: list[float] = []

    def another(self) -> bool:
        """Count a crash now; True while the entry may be reloaded once more."""
        now = time.monotonic()
        self._times = [t for t in self._times if now - t < CRASH_WINDOW_S] + [now]
        return len(self._times) <= MAX_CRASH_RELOADS


def _script(name: str, source: str, point: QWebEngineScript.InjectionPoint) -> QWebEngineScript:
    script = QWebEngineScript()
    script.setName(name)
    script.setSourceCode(source)
    script.setInjectionPoint(point)
    script.setWorldId(SCRIPT_WORLD)
    script.setRunsOnSubFrames(False)
    return script


def _qwebchannel_source() -> str:
    resource = QFile(QWEBCHANNEL_QRC)
    if not resource.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("qwebchannel.js is missing from Qt's resources")
    try:
        return bytes(resource.readAll().data()).decode("utf-8")
    finally:
        resource.close()


def entry_url(entry_id: str, version: int) -> QUrl:
    """Return paperdesk://entry/<id>?v=<version> (the id percent-encoded as a path)."""
    url = QUrl()
    url.setScheme("paperdesk")
    url.setHost("entry")
    url.setPath("/" + entry_id)
    url.setQuery(f"v={version}")
    return url


def _without_fragment(url: QUrl) -> tuple[str, str, str, str]:
    return url.scheme(), url.host(), url.path(), url.query()


class ReaderPage(QWebEnginePage):
    """A page that routes link clicks: note links and web links are signalled, the rest refused."""

    entryLinkActivated = Signal(str, str)  # entry id, anchor ("" when none)
    externalLinkRequested = Signal(QUrl)
    brokenLinkActivated = Signal(str)  # the link as written in the note
    navigationRefused = Signal(QUrl)

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.expected_url = QUrl()

    def acceptNavigationRequest(self, url: QUrl, kind: QWebEnginePage.NavigationType, is_main_frame: bool) -> bool:
        """Allow only the entry page we asked for (and its #fragments); signal links instead."""
        scheme = url.scheme()
        if scheme == "paperdesk" and url.host() == "entry" and is_main_frame:
            if _without_fragment(url) == _without_fragment(self.expected_url):
                return True
        elif scheme == "about" and url.toString() == "about:blank" and is_main_frame:
            return True
        clicked = kind == QWebEnginePage.NavigationType.NavigationTypeLinkClicked
        self.post_route(QUrl(url), clicked=clicked)
        return False

    def post_route(self, url: QUrl, *, clicked: bool = True) -> None:
        """Route a link later, from the event loop, never from inside a Chromium callback.

        Chromium aborts the process (SIGTRAP) when a page is loaded while it is still asking
        `acceptNavigationRequest`, and the slots behind `entryLinkActivated` load another entry.
        Link clicks normally never get here: the page script catches them and sends a "link"
        message over the bridge, because a refused navigation also leaves the next page without
        its injected scripts. The timer's context is this page: a deleted page drops the route.
        """
        if clicked:
            QTimer.singleShot(0, self, partial(self.route_link, url))
        else:
            QTimer.singleShot(0, self, partial(self.navigationRefused.emit, url))

    def route_link(self, url: QUrl) -> None:
        """Signal a clicked link: another entry, a web page, a broken note link, or refused."""
        scheme = url.scheme()
        if scheme == "paperdesk" and url.host() == "broken":
            self.brokenLinkActivated.emit(url.path(QUrl.ComponentFormattingOption.FullyDecoded).lstrip("/"))
            return
        if scheme == "paperdesk" and url.host() == "open":
            entry_id = url.path(QUrl.ComponentFormattingOption.FullyDecoded).lstrip("/")
            if entry_id:
                self.entryLinkActivated.emit(entry_id, url.fragment(QUrl.ComponentFormattingOption.FullyDecoded))
                return
        if scheme in ("http", "https") and url.host():
            self.externalLinkRequested.emit(url)
            return
        self.navigationRefused.emit(url)

    def createWindow(self, kind: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:
        """No pop-ups: a Ctrl/middle-clicked link is caught and routed like a plain click."""
        return _LinkCatcher(self)

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str,
                                 line: int, source: str) -> None:
        """Keep the page's console quiet (the app's scripts report through the bridge)."""


class _LinkCatcher(QWebEnginePage):
    """The throwaway page a "new window" link opens into: routes its URL, then goes away."""

    def __init__(self, owner: ReaderPage) -> None:
        super().__init__(owner.profile(), owner)
        self._owner = owner

    def acceptNavigationRequest(self, url: QUrl, kind: QWebEnginePage.NavigationType, is_main_frame: bool) -> bool:
        """Hand the link to the reader page's routing and never load anything here."""
        if is_main_frame:
            self._owner.post_route(QUrl(url))
            self.deleteLater()
        return False


PAGE_SCRIPTS = ("highlight.js", "caret.js", "wide_math.js")  # resources/web/, run in this order after qwebchannel.js


def bridge_script() -> QWebEngineScript:
    """One script in one world, in order: Qt's qwebchannel.js, then ours (resources/web/highlight.js,
    which waits for the DOM, caret.js: caret mode, search-hit marks, the reading paragraph, and
    wide_math.js: inline formulas wider than their line scroll on a line of their own)."""
    parts = [_qwebchannel_source(), *((WEB_DIR / name).read_text("utf-8") for name in PAGE_SCRIPTS)]
    source = "\n;\n".join(parts)
    return _script("paperdesk-bridge", source, QWebEngineScript.InjectionPoint.DocumentCreation)
