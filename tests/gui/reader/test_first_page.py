"""A view's first page from the page cache: the renderer's own page, announced only once a real render agrees."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from paperdesk.collection.model import Collection, Entry
from paperdesk.gui.reader.page_render import PageRender, render_page
from paperdesk.gui.reader.view import ReaderView
from paperdesk.render import render_entry
from paperdesk.render.page_cache import PageCache, page_key
from paperdesk.store import AnnotationStore

pytestmark = pytest.mark.gui

READY_MS = 15_000
BODY = ("## Sparse Mixtures of Experts (2021)\n\nRouting picks *two* experts per token, $k = 2$, "
        "and the rest stay idle.\n\n```python\ndef route(x):\n    return top_k(x, 2)\n```\n\n"
        + "\n\n".join(f"Paragraph {i} about load balancing and capacity factors." for i in range(30)) + "\n")
OTHER = "## Switch Transformers (2021)\n\nOne expert per token.\n"


def _entry(entry_id: str, source: str, body: str, title: str) -> Entry:
    return Entry(id=entry_id, title=title, category="ML", year=2021, year_source="heading",
                 paper_key=f"file:{source}#{entry_id}", source=source, lines=(1, body.count("\n") + 1), body=body,
                 links=(), short_name=None, venue=None, note_tags=(), images=())


@pytest.fixture
def collection(tmp_path: Path) -> Collection:
    root = tmp_path / "notes"
    root.mkdir()
    entries = [_entry("moe", "moe.md", BODY, "Sparse Mixtures of Experts"),
               _entry("switch", "switch.md", OTHER, "Switch Transformers")]
    for entry in entries:
        (root / entry.source).write_text(entry.body, encoding="utf-8")
    return Collection(root=root, files=[e.source for e in entries], entries=entries, warnings=[])


@pytest.fixture
def cache(tmp_path: Path) -> PageCache:
    return PageCache(tmp_path / "pages")


@pytest.fixture
def make_view(qtbot: Any, cache: PageCache) -> Callable[[], ReaderView]:
    def make() -> ReaderView:
        view = ReaderView(open_external=False)
        view.use_page_cache(cache)
        view.resize(800, 600)
        qtbot.addWidget(view)
        view.show()
        return view

    return make


def _real(view: ReaderView, entry: Entry, collection: Collection) -> PageRender:
    return render_page(entry, collection, None, view.effective_theme(), False)


def _key(view: ReaderView, entry: Entry) -> str:
    return page_key(entry, None, view.effective_theme(), False)


def _hold_checks(view: ReaderView) -> list[tuple[int, Callable[[], PageRender]]]:
    """Keep the view's checks from running until the test runs them itself."""
    held: list[tuple[int, Callable[[], PageRender]]] = []
    first = view._first_page
    assert first is not None

    def check(version: int, render: Callable[[], PageRender]) -> None:
        first.checking, first.held, first.painted = version, None, False
        held.append((version, render))

    first.check = check  # type: ignore[method-assign]
    return held


def test_a_painted_page_is_kept_and_the_next_launch_paints_it_unrendered(
        qtbot: Any, make_view: Callable[[], ReaderView], cache: PageCache, collection: Collection,
        run_js: Any) -> None:
    entry = collection.entry("moe")
    first = make_view()
    with qtbot.waitSignal(first.pageReady, timeout=READY_MS):
        first.show_entry(entry, collection)
    real = _real(first, entry, collection)
    assert cache.load(collection.root, _key(first, entry)) == real.page

    second = make_view()   # the next launch
    with qtbot.waitSignal(second.pageReady, timeout=READY_MS) as ready:
        second.show_entry(entry, collection)
        assert second.last_render_ms is None   # nothing rendered on this thread: the cached page is loading
    assert ready.args == [entry.id]
    assert second._page_bytes[entry.id] == real.page                       # the renderer's own page...
    assert second.plain_text == render_entry(entry, collection).text       # ...and text
    assert second.math_marks == real.math_marks and second.last_render_ms is not None
    assert run_js(second.page(), "document.querySelectorAll('#content .highlight .k').length") >= 1


def test_nothing_is_announced_or_saved_about_the_cached_page_until_its_render_agrees(
        qtbot: Any, make_view: Callable[[], ReaderView], cache: PageCache, collection: Collection, tmp_path: Path,
        run_js: Any) -> None:
    entry = collection.entry("moe")
    text = render_entry(entry, collection).text
    start = text.index("Routing picks")
    view = make_view()
    cache.save(collection.root, _key(view, entry), _real(view, entry, collection).page)
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        made = store.add_highlight(entry.id, entry.paper_key, text, start, start + len("Routing picks"), color=2)
        view.set_annotations(store.anchor_highlights, store.palette)
        held = _hold_checks(view)
        ready: list[str] = []
        anchored: list[list[Any]] = []
        view.pageReady.connect(ready.append)
        view.highlightsAnchored.connect(anchored.append)
        view.show_entry(entry, collection)
        qtbot.waitUntil(lambda: view._first_page is not None and view._first_page.painted, timeout=READY_MS)
        marks = json.loads(run_js(view.page(), "JSON.stringify(Array.from(document.querySelectorAll('mark.hl'))"
                                               ".map(function(m){return m.textContent;}))"))
        assert "".join(marks) == "Routing picks"   # painted with its highlights...
        assert ready == [] and anchored == []      # ...but not announced, and no anchors to save yet
        refused = view._on_message({"v": str(view._version), "kind": "highlight-created", "start": 0, "end": 5,
                                    "quote": "", "color": 0})
        assert "error" in refused
        assert len(held) == 1
        version, render = held[0]
        with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
            view._first_page.checked.emit(version, render())   # type: ignore[union-attr]
        assert ready == [entry.id]
        assert [[a.highlight.id for a in found] for found in anchored] == [[made.id]]
        assert anchored[0][0].start == start
    finally:
        view.set_annotations(None)
        store.close()


def test_a_cached_page_unlike_the_render_is_replaced_before_the_entry_is_announced(
        qtbot: Any, make_view: Callable[[], ReaderView], cache: PageCache, collection: Collection,
        run_js: Any) -> None:
    entry = collection.entry("moe")
    view = make_view()
    real = _real(view, entry, collection)
    stale = real.page.replace(b"Routing picks", b"STALE WORDS")
    assert stale != real.page
    cache.save(collection.root, _key(view, entry), stale)   # e.g. a note it links to was renamed
    ready: list[str] = []
    view.pageReady.connect(ready.append)
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        view.show_entry(entry, collection)
    assert ready == [entry.id]
    assert view._page_bytes[entry.id] == real.page
    assert "STALE" not in view.plain_text
    assert "STALE" not in run_js(view.page(), "document.body.textContent")
    assert cache.load(collection.root, _key(view, entry)) == real.page   # the real page is kept instead


def test_only_a_views_first_load_uses_the_cache(
        qtbot: Any, make_view: Callable[[], ReaderView], cache: PageCache, collection: Collection) -> None:
    moe, switch = collection.entry("moe"), collection.entry("switch")
    seed = make_view()
    with qtbot.waitSignal(seed.pageReady, timeout=READY_MS):
        seed.show_entry(switch, collection)
    view = make_view()
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        view.show_entry(moe, collection)       # a miss: rendered here
        assert view.last_render_ms is not None
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        view.show_entry(switch, collection)    # in the cache, but not the first load: rendered here
        assert view.last_render_ms is not None
    assert view._page_bytes[switch.id] == _real(view, switch, collection).page


def test_a_view_without_a_page_cache_renders_as_before(qtbot: Any, collection: Collection, tmp_path: Path) -> None:
    view = ReaderView(open_external=False)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        view.show_entry(collection.entry("moe"), collection)
        assert view.last_render_ms is not None
    assert not (tmp_path / "pages").exists()
