"""The reader view: a QWebEngineView showing one rendered entry, with zoom, themes and highlights."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QWidget

from paperdesk.gui.bridge import PageBridge, ScriptQueue, attach_bridge
from paperdesk.gui.keys import KeySpec, key_sequences
from paperdesk.gui.reader.highlights import AnchorFn, HighlightLayer, NewHighlight, PaletteFn
from paperdesk.gui.reader.modes import ReaderModes
from paperdesk.gui.reader.page import CrashCount, ReaderPage, bridge_script, entry_url
from paperdesk.gui.reader.page_render import PageRender, ShownPage, render_page
from paperdesk.gui.reader.paint_timing import measure_paint
from paperdesk.gui.reader.protocol import PageCall, PageMessage
from paperdesk.gui.scheme import SchemeHandler, blocker_of, make_profile
from paperdesk.render.math_marks import MathMark
from paperdesk.render.model import EntryHeader
from paperdesk.store.model import Anchor
from paperdesk.vocab import THEMES, Theme

if TYPE_CHECKING:
    from paperdesk.collection import Collection, Entry

__all__ = ["ReaderView", "entry_url", "measure_paint"]

ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
PAGE_BACKGROUND = {Theme.LIGHT: "#ffffff", Theme.DARK: "#1b1d21"}
_versions = itertools.count(1)
_HEX = re.compile(r"^#[0-9a-fA-F]{3,8}$")


class ReaderView(QWebEngineView):
    """Shows one entry through the paperdesk: scheme and talks to it through a QWebChannel bridge."""

    pageReady = Signal(str)  # entry id: loaded, math done, highlights painted
    entryLinkActivated = Signal(str, str)  # entry id, anchor ("" when none)
    externalLinkRequested = Signal(QUrl)  # a web link was clicked (opened in the browser if enabled)
    brokenLinkActivated = Signal(str)  # a link to a note that is not in the collection, as written
    rendererCrashed = Signal(bool)  # the page's renderer process died; True when the entry is reloaded
    highlightCreated = Signal(dict)  # highlights.NewHighlight
    highlightClicked = Signal(str)  # highlight id
    highlightsAnchored = Signal(list)  # the store's Anchors for the entry, orphans included
    zoomChanged = Signal(float)
    remoteImagesBlocked = Signal(int)  # the entry just rendered has this many remote images blocked

    def __init__(self, parent: QWidget | None = None, *, open_external: bool = True) -> None:
        super().__init__(parent)
        self.open_external = open_external
        self._entry: Entry | None = None
        self._collection: Collection | None = None
        self._header: EntryHeader | None = None
        self._theme = Theme.AUTO
        self._allow_remote = False
        self._remote_entries: frozenset[str] = frozenset()
        self.blocked_remote = 0  # remote images blocked in the entry on show
        self._page_bytes: dict[str, bytes] = {}
        self._shown: ShownPage | None = None  # the page on show, with what it was rendered from
        self._version = 0
        self._scroll_y = 0
        self._pending_anchor: str | None = None
        self._pending_highlight: str | None = None
        self._load_started = 0.0
        self._crashes = CrashCount()
        self.highlights = HighlightLayer()
        self.page_error: str | None = None  # set when the page could not compute its plain text
        self._refresh_pending = False  # a store change arrived while the page was loading
        self._render_error: str | None = None
        self.last_paint_ms: float | None = None  # show_entry() until highlights are painted
        self.last_render_ms: float | None = None  # of which: Markdown + math to the page bytes
        self.math_marks: list[MathMark] = []  # the formulas of the entry on show, at their plain-text offsets

        handler = SchemeHandler(self._page_for, self._collection_root)
        profile = make_profile(handler)
        page = ReaderPage(profile, self)
        profile.setParent(page)  # the page's destructor runs before its children's: page, then profile
        self._handler = handler
        self._blocker = blocker_of(profile)
        page.scripts().insert(bridge_script())
        self._bridge = PageBridge(self._on_message, page)
        self._channel = attach_bridge(page, self._bridge)
        self._js = ScriptQueue(page)
        #: caret mode, search-hit marks, "h" and engagement (modes.ReaderModes)
        self.modes = ReaderModes(self._js, lambda: self.setFocus(Qt.FocusReason.ShortcutFocusReason), self)
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
    def plain_text(self) -> str:
        """The page's plain text (== render.plain_text of the entry's HTML; "" before it is ready)."""
        return self.highlights.text

    @property
    def anchors(self) -> list[Anchor]:
        """Where the entry's highlights lie in the text on show, orphans included."""
        return self.highlights.anchors

    @property
    def header(self) -> EntryHeader | None:
        """The header the entry is rendered with (None: built from the entry alone)."""
        return self._header

    @property
    def theme(self) -> Theme:
        """The chosen theme: light, dark or auto (follow the system)."""
        return self._theme

    def effective_theme(self) -> Theme:
        """Return light or dark: the theme, with auto resolved from the system colour scheme."""
        if self._theme != Theme.AUTO:
            return self._theme
        return Theme.DARK if self._system_is_dark() else Theme.LIGHT

    @staticmethod
    def _system_is_dark() -> bool:
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def zoom_actions(self) -> list[QAction]:
        """Zoom in / out / reset actions (Ctrl+plus, Ctrl+minus, Ctrl+0) to put in a menu as they are."""
        return [self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action]

    def set_annotations(self, anchor: AnchorFn | None, palette: PaletteFn | None = None) -> None:
        """Anchor highlights with `anchor(entry_id, text)` and colour them from `palette()` (None: no highlights).

        The view only reads: saving anchors that moved is the caller's business."""
        self.highlights.set_sources(anchor, palette)

    def set_allow_remote(self, allow: bool) -> None:
        """Allow or block remote (http/https) images for the current collection; reloads the entry."""
        if allow == self._allow_remote:
            return
        before = self.remote_allowed()
        self._allow_remote = allow
        if self.remote_allowed() != before:
            self.reload_entry()

    def set_remote_entries(self, entry_ids: frozenset[str]) -> None:
        """Entries whose remote images load even though the collection blocks them; reloads when
        that changes the entry on show."""
        before = self.remote_allowed()
        self._remote_entries = frozenset(entry_ids)
        if self.remote_allowed() != before:
            self.reload_entry()

    def remote_allowed(self) -> bool:
        """Whether the entry on show loads its remote images (the collection's switch or its own)."""
        return self._allow_remote or (self._entry is not None and self._entry.id in self._remote_entries)

    def remote_allowed_for(self, entry: Entry) -> bool:
        """Whether `entry` would load its remote images (the collection's switch or its own)."""
        return self._allow_remote or entry.id in self._remote_entries

    def set_theme(self, theme: str) -> None:
        """Set light, dark or auto; re-renders the entry on show, keeping its scroll position."""
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}; choose from {', '.join(THEMES)}")
        before = self.effective_theme()
        self._theme = Theme(theme)
        self._apply_background()
        if self.effective_theme() != before:
            self.reload_entry()

    def show_entry(self, entry: Entry, collection: Collection, header: EntryHeader | None = None, *,
                   anchor: str | None = None, highlight: str | None = None, page: PageRender | None = None) -> None:
        """Render and load an entry; the same entry again (live reload) keeps its scroll position.
        `page`: the entry already rendered with this header and the reader's theme and remote-images
        choice (`render_for`, or the start-up's kept page), loaded instead of rendering again."""
        same = self._entry is not None and self._entry.id == entry.id
        if not same:
            self._scroll_y = 0
        self._entry, self._collection, self._header = entry, collection, header
        self._pending_anchor, self._pending_highlight = anchor, highlight
        self._load(page)

    def render_for(self, entry: Entry, collection: Collection, header: EntryHeader | None) -> PageRender:
        """The page `entry` would be shown as now (the reader's theme and remote-images choice), not loaded."""
        return render_page(entry, collection, header, self.effective_theme(), self.remote_allowed_for(entry))

    def adopt(self, entry: Entry, collection: Collection, header: EntryHeader | None, page: PageRender) -> None:
        """Keep the page on show for `entry` of `collection`: `page` is its render and has the same
        bytes as the page on show (the start-up's preview replaced by the scanned entry), no reload."""
        self._entry, self._collection, self._header = entry, collection, header
        self._shown = ShownPage(entry.id, header, str(self.effective_theme()), self.remote_allowed_for(entry), page)

    def shown_page(self) -> ShownPage | None:
        """The page on show and what it was rendered from (None before the first or after clear)."""
        return self._shown

    def update_header(self, header: EntryHeader) -> None:
        """Show a new status and tags in the page header in place (no reload: selection and scroll stay),
        and render with this header from then on."""
        self._header = header
        tags = [[t, c if (c := header.tag_colors.get(t)) and _HEX.match(c) else None] for t in header.tags]
        self._js.call(PageCall.SET_HEADER, header.status, tags)

    def set_header(self, header: EntryHeader | None) -> None:
        """Use this EntryHeader from the next render on (theme change, live reload); no reload now."""
        self._header = header

    def selection_offsets(self, callback: Callable[[tuple[int, int, str] | None], None]) -> None:
        """Call back with (start, end, quote) of the page selection in plain-text offsets, or None."""

        self._js.call(PageCall.SELECTION_JSON, callback=lambda result: callback(self.highlights.selection_from_page(result)))

    def reload_entry(self) -> None:
        """Render and load the entry on show again, keeping its scroll position."""
        if self._entry is not None and self._collection is not None:
            self._load()

    def clear(self) -> None:
        """Show an empty page."""
        self._entry = self._collection = self._header = None
        self._shown = None
        self._page_bytes.clear()
        self.highlights.clear()
        self.math_marks = []
        self.modes.page_loading()
        self.blocked_remote = 0
        self.remoteImagesBlocked.emit(0)
        self._reader_page().expected_url = QUrl("about:blank")
        self.load(QUrl("about:blank"))

    def refresh_highlights(self) -> None:
        """Re-anchor and repaint the highlights of the entry on show (after a store change)."""
        if self._entry is None or self.page_error:
            return
        if not self._js.ready:  # the page is still loading: repaint once it says it is painted
            self._refresh_pending = True
            return
        self._refresh_pending = False
        self._js.call(PageCall.SET_PALETTE, self.highlights.palette())
        self._js.call(PageCall.REPAINT, self._anchor_items())

    def apply_highlight_color(self, color: int) -> None:
        """Highlight the current selection in palette colour `color` (0-4): the 1-5 keys."""
        self._js.call(PageCall.APPLY_SELECTION, int(color))

    def scroll_to_highlight(self, highlight_id: str) -> None:
        """Scroll the page so the highlight is in view, and flash it."""
        self._js.call(PageCall.SCROLL_TO_HIGHLIGHT, highlight_id)

    def run_in_page(self, script: str, callback: Callable[[object], None] | None = None) -> None:
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
        palette = self.highlights.palette() or [("", "")] * 5
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

    def _action(self, text: str, keys: tuple[KeySpec, ...], slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(key_sequences(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _apply_background(self) -> None:
        self.page().setBackgroundColor(QColor(PAGE_BACKGROUND[self.effective_theme()]))

    def _on_system_scheme(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme == Theme.AUTO:
            self._apply_background()
            self.reload_entry()

    def _collection_root(self) -> Path | None:
        return Path(self._collection.root) if self._collection is not None else None

    def _page_for(self, entry_id: str) -> bytes | None:
        return self._page_bytes.get(entry_id)

    def _load(self, page: PageRender | None = None) -> None:
        assert self._entry is not None and self._collection is not None
        self._load_started = time.perf_counter()
        self.last_paint_ms = None
        self.modes.page_loading()
        self._refresh_pending = False  # the new page anchors against the store as it is now
        remote, theme = self.remote_allowed(), self.effective_theme()
        self._blocker.allow_remote = remote
        result = page if page is not None else render_page(self._entry, self._collection, self._header, theme, remote)
        self._shown = ShownPage(self._entry.id, self._header, str(theme), remote, result)
        self._render_error, self.math_marks, self.blocked_remote = result.error, result.math_marks, result.blocked_remote
        self._page_bytes = {self._entry.id: result.page}
        self.last_render_ms = (time.perf_counter() - self._load_started) * 1000.0
        self._version = next(_versions)
        url = entry_url(self._entry.id, self._version)
        self._reader_page().expected_url = url
        self._js.reset()
        self.load(url)
        self.remoteImagesBlocked.emit(self.blocked_remote)

    def _on_render_crash(self, status: QWebEnginePage.RenderProcessTerminationStatus, _code: int) -> None:
        self._js.reset()
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            return
        reload = self._crashes.another()
        if reload:
            QTimer.singleShot(100, self.reload_entry)
        self.rendererCrashed.emit(reload)

    def _announce_ready(self, entry_id: str) -> None:
        if shiboken6.isValid(self):  # a late callback after the view was deleted is dropped
            self.pageReady.emit(entry_id)

    def _on_entry_link(self, entry_id: str, anchor: str) -> None:
        if self._entry is not None and entry_id == self._entry.id:
            if anchor:
                self._js.call(PageCall.SCROLL_TO_ANCHOR, anchor)
            return
        self.entryLinkActivated.emit(entry_id, anchor)

    def _on_external_link(self, url: QUrl) -> None:
        self.externalLinkRequested.emit(url)
        if self.open_external:
            QDesktopServices.openUrl(url)

    def _anchor_items(self) -> list:
        if self._entry is None or not self.highlights.active:
            self.highlights.anchors = []
            return []
        items = self.highlights.anchor(self._entry.id)
        self.highlightsAnchored.emit(list(self.highlights.anchors))
        return items

    def _on_message(self, message: dict[str, object]) -> dict[str, object]:
        """Answer one JSON message from the page's bridge (kinds: protocol.PageMessage)."""
        if str(message.get("v", "")) != str(self._version) or self._entry is None:
            return {"stale": True}
        kind = message["kind"]
        if kind == PageMessage.READY:
            self.highlights.set_text(str(message.get("text", "")))
            error = message.get("error") or self._render_error
            if error:  # no plain text of the entry to anchor to: never orphan highlights over it
                self.page_error = str(error)
                self.highlights.anchors = []
                return {"highlights": [], "palette": self.highlights.palette(), "scrollY": self._scroll_y}
            self.page_error = None
            reply = {"highlights": self._anchor_items(), "palette": self.highlights.palette(),
                     "scrollY": self._scroll_y, "anchor": self._pending_anchor,
                     "highlight": self._pending_highlight}
            self._pending_anchor = self._pending_highlight = None
            return reply
        if kind == PageMessage.PAINTED:
            self._scroll_y = _int(message.get("y"))
            self._js.set_ready()
            if self._refresh_pending:  # the store changed between "ready" and "painted"
                QTimer.singleShot(0, self, self.refresh_highlights)
            self.modes.page_painted(self._scroll_y, bool(message.get("fits")))
            self.last_paint_ms = (time.perf_counter() - self._load_started) * 1000.0
            QTimer.singleShot(0, partial(self._announce_ready, self._entry.id))
        elif kind == PageMessage.SCROLL:
            self._scroll_y = _int(message.get("y"))
            self.modes.page_scrolled(self._scroll_y)
        elif kind == PageMessage.CARET:
            self.modes.page_caret(bool(message.get("active")))
        elif kind == PageMessage.HIGHLIGHT_CREATED:
            span = self.highlights.span_from_page(_int(message.get("start")), _int(message.get("end")))
            if span is None:
                return {"error": "offsets outside the text"}
            start, end = span
            self.highlightCreated.emit(NewHighlight(entry_id=self._entry.id, start=start, end=end,
                                                    quote=self.plain_text[start:end], color=_int(message.get("color"))))
        elif kind == PageMessage.HIGHLIGHT_CLICKED:
            self.highlightClicked.emit(str(message.get("id", "")))
        elif kind == PageMessage.LINK:
            self._reader_page().post_route(QUrl(str(message.get("href", ""))))
        return {}


def _int(value: object) -> int:
    """A number from a page message (0 when absent); a non-number raises ValueError/TypeError,
    which the bridge answers as an error."""
    return int(value or 0)  # type: ignore[call-overload]
