"""The reader pane: a QWebEngineView showing one rendered entry, with zoom, themes and highlights."""

from __future__ import annotations

import html
import itertools
import json
import logging
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QFile, QIODevice, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QWidget

from paperdesk.gui.bridge import SCRIPT_WORLD, PageBridge, ScriptQueue, Utf16Map, attach_bridge
from paperdesk.gui.keys import key_sequences
from paperdesk.gui.scheme import QWEBCHANNEL_QRC, WEB_DIR, SchemeHandler, blocker_of, make_profile

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry

logger = logging.getLogger(__name__)

THEMES = ("light", "dark", "auto")
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
PAGE_BACKGROUND = {"light": "#ffffff", "dark": "#1b1d21"}
MAX_CRASH_RELOADS = 3  # within CRASH_WINDOW_S: a page that keeps killing the renderer is left alone
CRASH_WINDOW_S = 60.0
_versions = itertools.count(1)


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


class ReaderView(QWebEngineView):
    """Shows one entry through the paperdesk: scheme and talks to it through a QWebChannel bridge."""

    pageReady = Signal(str)  # entry id: loaded, math done, highlights painted
    entryLinkActivated = Signal(str, str)  # entry id, anchor ("" when none)
    externalLinkRequested = Signal(QUrl)  # a web link was clicked (opened in the browser if enabled)
    brokenLinkActivated = Signal(str)  # a link to a note that is not in the collection, as written
    rendererCrashed = Signal(bool)  # the page's renderer process died; True when the entry is reloaded
    highlightCreated = Signal(dict)  # {"entry_id", "start", "end", "quote", "color"}
    highlightClicked = Signal(str)  # highlight id
    highlightsAnchored = Signal(list)  # the store's Anchors for the entry, orphans included
    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None, *, open_external: bool = True) -> None:
        super().__init__(parent)
        self.open_external = open_external
        self._entry: Entry | None = None
        self._collection: Collection | None = None
        self._header: Any = None
        self._store: Any = None
        self._theme = "auto"
        self._allow_remote = False
        self._page_bytes: dict[str, bytes] = {}
        self._version = 0
        self._scroll_y = 0
        self._pending_anchor: str | None = None
        self._pending_highlight: str | None = None
        self._load_started = 0.0
        self._crash_times: list[float] = []
        self.plain_text = ""
        self.page_error: str | None = None  # set when the page could not compute its plain text
        self._render_error: str | None = None
        self._utf16 = Utf16Map("")
        self.anchors: list[Any] = []
        self.last_paint_ms: float | None = None  # show_entry() until highlights are painted
        self.last_render_ms: float | None = None  # of which: Markdown + math to the page bytes

        handler = SchemeHandler(self._page_for, self._collection_root)
        profile = make_profile(handler)
        page = ReaderPage(profile, self)
        profile.setParent(page)  # the page's destructor runs before its children's: page, then profile
        self._handler = handler
        self._blocker = blocker_of(profile)
        scripts = page.scripts()
        # One script, in order: Qt's qwebchannel.js, then ours (it waits for the DOM itself).
        source = _qwebchannel_source() + "\n;\n" + (WEB_DIR / "highlight.js").read_text("utf-8")
        scripts.insert(_script("paperdesk-bridge", source, QWebEngineScript.InjectionPoint.DocumentCreation))
        self._bridge = PageBridge(self._on_message, page)
        self._channel = attach_bridge(page, self._bridge)
        self._js = ScriptQueue(page)
        page.entryLinkActivated.connect(self._on_entry_link)
        page.externalLinkRequested.connect(self._on_external_link)
        page.brokenLinkActivated.connect(self.brokenLinkActivated)
        page.renderProcessTerminated.connect(self._on_render_crash)
        page.loadStarted.connect(self._js.reset)
        self.setPage(page)
        self._apply_background()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        self.zoom_in_action = self._action("Zoom In", (QKeySequence.StandardKey.ZoomIn, "Ctrl+="), self.zoom_in)
        self.zoom_out_action = self._action("Zoom Out", (QKeySequence.StandardKey.ZoomOut,), self.zoom_out)
        self.zoom_reset_action = self._action("Actual Size", ("Ctrl+0",), self.zoom_reset)

    # ---- public API ----

    @property
    def current_entry(self) -> Entry | None:
        """The entry on show, or None."""
        return self._entry

    @property
    def theme(self) -> str:
        """The chosen theme: light, dark or auto (follow the system)."""
        return self._theme

    def effective_theme(self) -> str:
        """Return light or dark: the theme, with auto resolved from the system colour scheme."""
        if self._theme != "auto":
            return self._theme
        return "dark" if self._system_is_dark() else "light"

    @staticmethod
    def _system_is_dark() -> bool:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def zoom_actions(self) -> list[QAction]:
        """Zoom in / out / reset actions (Ctrl+plus, Ctrl+minus, Ctrl+0) to put in a menu as they are."""
        return [self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action]

    def set_store(self, store: Any) -> None:
        """Use this AnnotationStore to anchor and paint highlights (None: no highlights)."""
        self._store = store

    def set_allow_remote(self, allow: bool) -> None:
        """Allow or block remote (http/https) images for the current collection; reloads the entry."""
        if allow == self._allow_remote:
            return
        self._allow_remote = allow
        self._blocker.allow_remote = allow
        self.reload_entry()

    def set_theme(self, theme: str) -> None:
        """Set light, dark or auto; re-renders the entry on show, keeping its scroll position."""
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}; choose from {', '.join(THEMES)}")
        before = self.effective_theme()
        self._theme = theme
        self._apply_background()
        if self.effective_theme() != before:
            self.reload_entry()

    def show_entry(self, entry: Entry, collection: Collection, header: Any = None, *,
                   anchor: str | None = None, highlight: str | None = None) -> None:
        """Render and load an entry; the same entry again (live reload) keeps its scroll position."""
        same = self._entry is not None and self._entry.id == entry.id
        if not same:
            self._scroll_y = 0
        self._entry, self._collection, self._header = entry, collection, header
        self._pending_anchor, self._pending_highlight = anchor, highlight
        self._load()

    def set_header(self, header: Any) -> None:
        """Use this EntryHeader from the next render on (theme change, live reload); no reload now."""
        self._header = header

    def selection_offsets(self, callback: Callable[[tuple[int, int, str] | None], None]) -> None:
        """Call back with (start, end, quote) of the page selection in plain-text offsets, or None."""

        def done(result: Any) -> None:
            try:
                found = json.loads(result) if isinstance(result, str) else None
                if not found:
                    callback(None)
                    return
                start, end = self._utf16.from_utf16(int(found["start"])), self._utf16.from_utf16(int(found["end"]))
                callback((start, end, self.plain_text[start:end]))
            except (ValueError, KeyError, TypeError):
                callback(None)

        self._js.run("JSON.stringify(paperdeskHL.selectionOffsets())", done)

    def reload_entry(self) -> None:
        """Render and load the entry on show again, keeping its scroll position."""
        if self._entry is not None and self._collection is not None:
            self._load()

    def clear(self) -> None:
        """Show an empty page."""
        self._entry = self._collection = self._header = None
        self._page_bytes.clear()
        self.plain_text = ""
        self.anchors = []
        self._reader_page().expected_url = QUrl("about:blank")
        self.load(QUrl("about:blank"))

    def refresh_highlights(self) -> None:
        """Re-anchor and repaint the highlights of the entry on show (after a store change)."""
        if self._entry is None or not self._js.ready or self.page_error:
            return
        self._js.call("paperdeskHL.setPalette", self._palette())
        self._js.call("paperdeskHL.repaint", self._anchor_items(self.plain_text))

    def apply_highlight_color(self, color: int) -> None:
        """Highlight the current selection in palette colour `color` (0-4): the 1-5 keys."""
        self._js.call("paperdeskHL.applySelection", int(color))

    def scroll_to_highlight(self, highlight_id: str) -> None:
        """Scroll the page so the highlight is in view, and flash it."""
        self._js.call("paperdeskHL.scrollToHighlight", highlight_id)

    def run_in_page(self, script: str, callback: Any = None) -> None:
        """Run JavaScript in the page once it is ready (the callback is dropped if the view is gone)."""
        self._js.run(script, callback)

    def set_zoom(self, factor: float) -> None:
        """Set the zoom factor (0.25-5) and announce it through zoomChanged."""
        factor = max(0.25, min(5.0, float(factor)))
        if abs(factor - self.zoomFactor()) > 1e-6:
            self.setZoomFactor(factor)
            self.zoomChanged.emit(factor)

    def zoom_in(self) -> None:
        """Zoom in one step."""
        current = self.zoomFactor()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > current + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        """Zoom out one step."""
        current = self.zoomFactor()
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < current - 1e-3), ZOOM_STEPS[0]))

    def zoom_reset(self) -> None:
        """Back to 100 %."""
        self.set_zoom(1.0)

    def context_menu(self) -> QMenu:
        """The reader's own context menu: copy, highlight the selection in a colour, zoom."""
        menu = QMenu(self)
        has_selection = self.hasSelection()
        copy = menu.addAction("Copy", lambda: self.page().triggerAction(QWebEnginePage.WebAction.Copy))
        copy.setEnabled(has_selection)
        menu.addSeparator()
        palette = self._palette() or [("", "")] * 5
        for index, (_colour, meaning) in enumerate(palette[:5]):
            label = f"Highlight {index + 1}" + (f" — {meaning}" if meaning else "")
            action = menu.addAction(label, partial(self.apply_highlight_color, index))
            action.setEnabled(has_selection and self._entry is not None)
        menu.addSeparator()
        for action in self.zoom_actions():
            menu.addAction(action)
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Show context_menu() instead of Chromium's (no "view source", "save page", back/forward)."""
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    # ---- internals ----

    def _reader_page(self) -> ReaderPage:
        page = self.page()
        assert isinstance(page, ReaderPage)
        return page

    def _action(self, text: str, keys: tuple[Any, ...], slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(key_sequences(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _apply_background(self) -> None:
        self.page().setBackgroundColor(QColor(PAGE_BACKGROUND[self.effective_theme()]))

    def _on_system_scheme(self, _scheme: Any) -> None:
        if self._theme == "auto":
            self._apply_background()
            self.reload_entry()

    def _collection_root(self) -> Path | None:
        return Path(self._collection.root) if self._collection is not None else None

    def _page_for(self, entry_id: str) -> bytes | None:
        return self._page_bytes.get(entry_id)

    def _render_page(self) -> bytes:
        from paperdesk.render import RenderedEntry, entry_page, render_entry

        assert self._entry is not None and self._collection is not None
        self._render_error = None
        try:
            rendered = render_entry(self._entry, self._collection, allow_remote=self._allow_remote)
        except Exception as exc:  # a note must never take the reader down: show what went wrong
            logger.exception("rendering entry %s failed", self._entry.id)
            self._render_error = f"This entry could not be rendered ({type(exc).__name__}: {exc})."
            message = html.escape(self._render_error)
            rendered = RenderedEntry(html=f'<p class="render-error">{message}</p>', problems=(),
                                     text=self._render_error)
        page = entry_page(self._entry, self._collection, rendered, theme=self.effective_theme(),
                          header=self._header, allow_remote=self._allow_remote)
        return page.encode("utf-8")

    def _load(self) -> None:
        assert self._entry is not None
        self._load_started = time.perf_counter()
        self.last_paint_ms = None
        self._page_bytes = {self._entry.id: self._render_page()}
        self.last_render_ms = (time.perf_counter() - self._load_started) * 1000.0
        self._version = next(_versions)
        url = entry_url(self._entry.id, self._version)
        self._reader_page().expected_url = url
        self._js.reset()
        self.load(url)

    def _on_render_crash(self, status: QWebEnginePage.RenderProcessTerminationStatus, _code: int) -> None:
        self._js.reset()
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            return
        now = time.monotonic()
        self._crash_times = [t for t in self._crash_times if now - t < CRASH_WINDOW_S] + [now]
        reload = len(self._crash_times) <= MAX_CRASH_RELOADS
        if reload:
            QTimer.singleShot(100, self.reload_entry)
        self.rendererCrashed.emit(reload)

    def _announce_ready(self, entry_id: str) -> None:
        if shiboken6.isValid(self):  # a late callback after the view was deleted is dropped
            self.pageReady.emit(entry_id)

    def _on_entry_link(self, entry_id: str, anchor: str) -> None:
        if self._entry is not None and entry_id == self._entry.id:
            if anchor:
                self._js.call("(function(a){var e=document.getElementById(a); if(e) e.scrollIntoView();})", anchor)
            return
        self.entryLinkActivated.emit(entry_id, anchor)

    def _on_external_link(self, url: QUrl) -> None:
        self.externalLinkRequested.emit(url)
        if self.open_external:
            QDesktopServices.openUrl(url)

    def _palette(self) -> list[tuple[str, str]]:
        return [tuple(p) for p in self._store.palette()] if self._store is not None else []

    def _anchor_items(self, text: str) -> list[dict[str, Any]]:
        if self._store is None or self._entry is None:
            self.anchors = []
            return []
        self.anchors = self._store.anchor_highlights(self._entry.id, text)
        self.highlightsAnchored.emit(list(self.anchors))
        return [
            {"id": a.highlight.id, "start": self._utf16.to_utf16(a.start), "end": self._utf16.to_utf16(a.end),
             "color": a.highlight.color, "note": a.highlight.note}
            for a in self.anchors
            if a.start is not None and a.end is not None
        ]

    def _on_message(self, message: dict[str, Any]) -> dict[str, Any]:
        """Answer one JSON message from the page's bridge."""
        if str(message.get("v", "")) != str(self._version) or self._entry is None:
            return {"stale": True}
        kind = message["kind"]
        if kind == "ready":
            self.plain_text = str(message.get("text", ""))
            self._utf16 = Utf16Map(self.plain_text)
            error = message.get("error") or self._render_error
            if error:  # no plain text of the entry to anchor to: never orphan highlights over it
                self.page_error = str(error)
                self.anchors = []
                return {"highlights": [], "palette": self._palette(), "scrollY": self._scroll_y}
            self.page_error = None
            reply = {"highlights": self._anchor_items(self.plain_text), "palette": self._palette(),
                     "scrollY": self._scroll_y, "anchor": self._pending_anchor,
                     "highlight": self._pending_highlight}
            self._pending_anchor = self._pending_highlight = None
            return reply
        if kind == "painted":
            self._scroll_y = int(message.get("y", 0) or 0)
            self._js.set_ready()
            self.last_paint_ms = (time.perf_counter() - self._load_started) * 1000.0
            QTimer.singleShot(0, partial(self._announce_ready, self._entry.id))
        elif kind == "scroll":
            self._scroll_y = int(message.get("y", 0) or 0)
        elif kind == "highlight-created":
            start, end = self._utf16.from_utf16(int(message["start"])), self._utf16.from_utf16(int(message["end"]))
            if not 0 <= start < end <= len(self.plain_text):
                return {"error": "offsets outside the text"}
            self.highlightCreated.emit({"entry_id": self._entry.id, "start": start, "end": end,
                                        "quote": self.plain_text[start:end], "color": int(message["color"])})
        elif kind == "highlight-clicked":
            self.highlightClicked.emit(str(message.get("id", "")))
        elif kind == "link":
            self._reader_page().post_route(QUrl(str(message.get("href", ""))))
        return {}


def measure_paint(view: ReaderView, entries: list[Entry], collection: Collection, *,
                  timeout_ms: int = 30_000) -> list[float]:
    """Show each entry in turn and return its paint time in ms (show_entry() until pageReady)."""
    from PySide6.QtCore import QEventLoop

    times: list[float] = []
    for entry in entries:
        loop = QEventLoop()
        view.pageReady.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        view.show_entry(entry, collection)
        loop.exec()
        view.pageReady.disconnect(loop.quit)
        if view.last_paint_ms is not None and view.current_entry is entry:
            times.append(view.last_paint_ms)
    return times
