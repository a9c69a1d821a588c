"""The reader's first page of a launch from the page cache, checked against a real render off the GUI thread.

A view's first render pays for importing and setting up Markdown, Pygments and nh3 (0.1-0.3 s).
When the page cache holds the entry's page under the same key, the view loads that page at once
and renders the entry on a thread meanwhile, while Chromium loads and lays out the page; the
view treats the page as unchecked (it announces nothing, saves no anchors, makes no highlight)
until the render says it is byte for byte the same page, or else replaces it with the real one.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from paperdesk.gui.reader.page_render import PageRender
from paperdesk.render.page_cache import PageCache
from paperdesk.store.model import Anchor


class FirstPage(QObject):
    """Hands out the cached page for a view's first load only, checks it on a thread, and holds
    back what the view would announce about it until it is checked."""

    checked = Signal(int, object)   # page version, PageRender of the real render (delivered on the GUI thread)

    def __init__(self, cache: PageCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self.used = False                       # the view has loaded a page: later loads render as usual
        self.checking: int | None = None        # the version of the unchecked page on show
        self.held: list[Anchor] | None = None   # anchors found on it, announced once it is checked
        self.painted = False                    # it was painted before its check came back
        self._saved: tuple[Path, str, bytes] | None = None   # what the cache holds, as far as this view knows

    @property
    def unchecked(self) -> bool:
        """Whether the page on show is the cached one, its render not back yet."""
        return self.checking is not None

    def cached(self, root: Path, key: str) -> bytes | None:
        """The cached page for the view's first load (None for every later one, or on a miss)."""
        if self.used:
            return None
        self.used = True
        page = self.cache.load(root, key)
        if page is not None:
            self._saved = (root, key, page)
        return page

    def check(self, version: int, render: Callable[[], PageRender]) -> None:
        """Treat page `version` as unchecked and run `render` on a thread; `checked(version, result)`
        follows on the GUI thread."""
        self.checking, self.held, self.painted = version, None, False

        def run() -> None:
            result = render()
            with contextlib.suppress(RuntimeError):   # the view went away meanwhile
                self.checked.emit(version, result)

        threading.Thread(target=run, name="paperdesk-first-page", daemon=True).start()

    def settle(self, version: int) -> bool:
        """The check of `version` came back: True when that page is still the one on show."""
        current = self.checking == version
        if current or self.checking is None:
            self.checking = None
        return current

    def forget(self) -> None:
        """Another page is being loaded: nothing is unchecked any more."""
        self.used, self.checking, self.held, self.painted = True, None, None, False

    def save(self, root: Path, key: str, page: bytes) -> None:
        """Keep a painted, checked page for the next launch (unless the cache already holds it)."""
        if self._saved != (root, key, page):
            self.cache.save(root, key, page)
            self._saved = (root, key, page)
