"""The reader pane in a real QWebEngineView (offscreen): safety, images, links, zoom and highlights."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from paperdesk.collection.model import Collection, Entry
from paperdesk.gui.reader.view import ReaderView, entry_url
from paperdesk.render import render_entry

pytestmark = pytest.mark.gui

READY_MS = 15_000

ATTENTION = r"""## Attention Is All You Need (2017)

The *Transformer* replaces recurrence with attention, $\sqrt{d_k}$ scaled, and trains fast.

$$
\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V
$$

| Model | BLEU |
|---|---|
| base | 27.3 |

```python
def attention(q, k, v):
    return q @ k.T
```

![Red square](img/red.png)

![Gone](img/missing.png)

Read [the follow-up](other.md#results) and [the web page](https://example.org/paper).

""" + "\n\n".join(f"Filler paragraph {i} so the page scrolls. " * 6 for i in range(40)) + "\n"

OTHER = "## Follow-up paper (2018)\n\nSome text.\n\n### Results\n\nGood results.\n"


def _entry(entry_id: str, source: str, body: str, title: str) -> Entry:
    return Entry(
        id=entry_id, title=title, category="NLP", year=2017, year_source="heading",
        paper_key=f"file:{source}#{entry_id}", source=source, lines=(1, body.count("\n") + 1), body=body,
        links=(), short_name=None, venue=None, note_tags=(), images=(),
    )


def _collection(root: Path, entries: list[tuple[str, str, str, str]]) -> Collection:
    made = []
    for entry_id, source, body, title in entries:
        (root / source).parent.mkdir(parents=True, exist_ok=True)
        (root / source).write_text(body, encoding="utf-8")
        made.append(_entry(entry_id, source, body, title))
    return Collection(root=root, files=[e[1] for e in entries], entries=made, warnings=[])


@pytest.fixture
def collection(tmp_path: Path) -> Collection:
    root = tmp_path / "notes"
    (root / "img").mkdir(parents=True)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(root / "img" / "red.png"))
    return _collection(root, [("att", "attention.md", ATTENTION, "Attention Is All You Need"),
                              ("fup", "other.md", OTHER, "Follow-up paper")])


@pytest.fixture
def view(qtbot: Any) -> ReaderView:
    widget = ReaderView(open_external=False)
    widget.resize(900, 700)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def show(qtbot: Any, view: ReaderView, entry: Entry, collection: Collection, **kwargs: Any) -> None:
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS) as ready:
        view.show_entry(entry, collection, **kwargs)
    assert ready.args == [entry.id]


def js(run_js: Any, view: ReaderView, script: str) -> Any:
    return run_js(view.page(), script)


def test_entry_url_keeps_odd_ids_intact() -> None:
    url = entry_url("a b/ü#?", 7)
    assert url.host() == "entry" and url.query() == "v=7"
    assert url.path() == "/a b/ü#?"


def test_shows_entry_and_page_text_matches_python_plain_text(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    entry = collection.entry("att")
    show(qtbot, view, entry, collection)
    assert view.current_entry is entry
    assert view.plain_text == render_entry(entry, collection).text
    assert "Attention Is All You Need" in js(run_js, view, "document.title")
    assert js(run_js, view, "document.querySelectorAll('#content .math svg').length") >= 2
    assert view.last_paint_ms is not None and view.last_paint_ms > 0


def test_images_load_through_the_scheme_and_missing_ones_show_a_placeholder(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any, wait_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    wait_js(view.page(), "(function(){var i=document.querySelector('#content img[alt=\"Red square\"]');"
                         "return !!i && i.complete && i.naturalWidth === 40;})()")
    assert js(run_js, view, "document.querySelector('#content img[alt=\"Red square\"]').src").startswith(
        "paperdesk://note/")
    placeholder = js(run_js, view, "(function(){var f=document.querySelector('figure.missing-image');"
                                   "return f ? f.textContent : null;})()")
    assert placeholder is not None and "Gone" in placeholder and "img/missing.png" in placeholder


def test_clicking_an_image_enlarges_it(qtbot: Any, view: ReaderView, collection: Collection,
                                       run_js: Any, wait_js: Any) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    wait_js(view.page(), "document.querySelector('#content img').complete")
    js(run_js, view, "document.querySelector('#content img').click()")
    assert js(run_js, view, "paperdeskHL.imageShown()") is True
    assert js(run_js, view, "document.querySelector('#paperdesk-overlay img').naturalWidth") == 40
    qtbot.waitUntil(lambda: js(run_js, view, "document.querySelector('#paperdesk-overlay img').width") > 400,
                    timeout=3_000)  # enlarged to fill the window, not shown at its 40 px
    js(run_js, view, "document.getElementById('paperdesk-overlay').click()")
    assert js(run_js, view, "paperdeskHL.imageShown()") is False


def test_scripts_and_event_handlers_from_a_note_never_run(
    qtbot: Any, view: ReaderView, tmp_path: Path, run_js: Any, wait_js: Any
) -> None:
    body = (
        "## Evil note (2020)\n\nHello <script>document.title='pwned'; window.pwned = 1;</script> world.\n\n"
        '<img src="nothere.png" onerror="document.title=\'pwned2\'; window.pwned = 2">\n\n'
        '<a href="javascript:window.pwned=3">click</a> <div onmouseover="window.pwned=4">hover</div>\n\n'
        '<iframe src="paperdesk://app/highlight.js"></iframe><object data="x.swf"></object>\n'
    )
    collection = _collection(tmp_path, [("evil", "evil.md", body, "Evil note")])
    show(qtbot, view, collection.entry("evil"), collection)
    # the document's load event comes after every image loaded or failed: an onerror had its turn
    wait_js(view.page(), "document.readyState === 'complete'")
    assert js(run_js, view, "document.title") == "Evil note"
    assert js(run_js, view, "typeof window.pwned") == "undefined"
    assert js(run_js, view, "document.querySelectorAll('#content script, iframe, object').length") == 0
    assert js(run_js, view, "document.querySelectorAll('[onerror], [onmouseover]').length") == 0
    # the link lost its javascript: target, so clicking it has nothing to run
    assert js(run_js, view, "Array.from(document.querySelectorAll('a')).filter("
                            "a => /^\\s*javascript:/i.test(a.getAttribute('href') || '')).length") == 0
    js(run_js, view, "var a = document.querySelector('#content a'); if (a) a.click();")
    assert js(run_js, view, "typeof window.pwned") == "undefined"


def test_the_page_csp_blocks_inline_scripts_even_if_one_got_through(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any, wait_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    # The CSP reports each script it refuses: wait for both refusals, then check neither ran.
    js(run_js, view, "window.refused = [];"
                     "document.addEventListener('securitypolicyviolation', e => window.refused.push(e.sample || e.blockedURI));"
                     "var s = document.createElement('script'); s.textContent = 'window.pwned = 5';"
                     "document.body.appendChild(s);"
                     "var i = document.createElement('img'); i.setAttribute('onerror', 'window.pwned = 6');"
                     "i.src = 'paperdesk://note/none.png'; document.body.appendChild(i); 1")
    wait_js(view.page(), "window.refused.length >= 2")
    assert js(run_js, view, "typeof window.pwned") == "undefined"




def test_remote_images_are_fetched_only_when_allowed(
    qtbot: Any, view: ReaderView, tmp_path: Path, local_server: Any, run_js: Any, wait_js: Any
) -> None:
    port = local_server.port
    body = f"## Remote (2021)\n\n![remote](http://127.0.0.1:{port}/remote.png)\n\nText.\n"
    collection = _collection(tmp_path, [("rem", "rem.md", body, "Remote")])
    show(qtbot, view, collection.entry("rem"), collection)
    # every image of the page loaded or failed (an allowed request would have reached the server) ...
    wait_js(view.page(), "document.readyState === 'complete'")
    # ... and none points at the web: the remote one became a placeholder
    assert run_js(view.page(), "document.querySelectorAll('img[src^=\"http\"]').length") == 0
    assert local_server.hits == []
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        view.set_allow_remote(True)
    qtbot.waitUntil(lambda: "/remote.png" in local_server.hits, timeout=READY_MS)


def test_note_links_open_entries_and_web_links_go_to_the_browser(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    href = js(run_js, view, "document.querySelector('#content a.note-link').href")
    assert href.startswith("paperdesk://open/fup")
    with qtbot.waitSignal(view.entryLinkActivated, timeout=READY_MS) as activated:
        js(run_js, view, "document.querySelector('#content a.note-link').click()")
    assert activated.args == ["fup", "results"]
    with qtbot.waitSignal(view.externalLinkRequested, timeout=READY_MS) as external:
        js(run_js, view, "document.querySelector('#content a[href=\"https://example.org/paper\"]').click()")
    assert external.args[0].toString() == "https://example.org/paper"
    # Neither click navigated away from the entry.
    assert view.url().host() == "entry"


def test_zoom_in_out_and_reset_change_the_layout(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    width = js(run_js, view, "window.innerWidth")
    keys = {seq.toString() for seq in view.zoom_in_action.shortcuts()}
    assert "Ctrl++" in keys
    assert "Ctrl+0" in {seq.toString() for seq in view.zoom_reset_action.shortcuts()}
    with qtbot.waitSignal(view.zoomChanged, timeout=2_000) as changed:
        view.zoom_in_action.trigger()
    assert changed.args[0] > 1.0
    qtbot.waitUntil(lambda: js(run_js, view, "window.innerWidth") < width, timeout=READY_MS)
    view.zoom_out_action.trigger()
    view.zoom_out_action.trigger()
    assert view.zoomFactor() < 1.0
    view.zoom_reset_action.trigger()
    assert view.zoomFactor() == 1.0
    qtbot.waitUntil(lambda: js(run_js, view, "window.innerWidth") == width, timeout=READY_MS)


def test_live_reload_of_the_same_entry_keeps_the_scroll_position(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    entry = collection.entry("att")
    show(qtbot, view, entry, collection)
    js(run_js, view, "window.scrollTo(0, 600)")
    qtbot.waitUntil(lambda: view._scroll_y == 600, timeout=3_000)
    show(qtbot, view, entry, collection)
    assert js(run_js, view, "Math.round(window.scrollY)") == 600
    show(qtbot, view, collection.entry("fup"), collection)
    assert js(run_js, view, "window.scrollY") == 0


def test_renderer_crash_reloads_the_entry(qtbot: Any, view: ReaderView, collection: Collection,
                                          run_js: Any) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    pid = view.page().renderProcessPid()
    assert pid > 0
    crashed: list[bool] = []
    view.rendererCrashed.connect(crashed.append)
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        os.kill(pid, signal.SIGKILL)
    assert crashed == [True]  # the window says so in its status bar
    assert view.page().renderProcessPid() not in (0, pid)
    assert "Attention" in js(run_js, view, "document.title")


def test_theme_switch_re_renders_dark(qtbot: Any, view: ReaderView, collection: Collection,
                                      run_js: Any) -> None:
    view.set_theme("light")
    show(qtbot, view, collection.entry("att"), collection)
    assert js(run_js, view, "document.body.className").split() == ["theme-light"]
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        view.set_theme("dark")
    assert js(run_js, view, "document.body.className").split() == ["theme-dark"]
    with pytest.raises(ValueError):
        view.set_theme("purple")


# ---- highlights through the real page ----

SELECT = """
(function (startText, endText) {
  var root = document.getElementById('content');
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  var start = null, end = null;
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!start && n.data.indexOf(startText) >= 0) { start = [n, n.data.indexOf(startText)]; }
    if (start && n.data.indexOf(endText) >= 0) { end = [n, n.data.indexOf(endText) + endText.length]; break; }
  }
  var range = document.createRange();
  range.setStart(start[0], start[1]);
  range.setEnd(end[0], end[1]);
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return sel.toString();
})(%s, %s)
"""


def _select(run_js: Any, view: ReaderView, start_text: str, end_text: str) -> str:
    return js(run_js, view, SELECT % (json.dumps(start_text), json.dumps(end_text)))


def test_selecting_text_and_picking_a_palette_colour_creates_a_highlight(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    selected = _select(run_js, view, "The ", "replaces")
    assert selected == "The Transformer replaces"  # crosses the <em> boundary
    js(run_js, view, "paperdeskHL.showPalette()")
    assert js(run_js, view, "getComputedStyle(document.getElementById('paperdesk-palette')).display") == "flex"
    with qtbot.waitSignal(view.highlightCreated, timeout=READY_MS) as created:
        js(run_js, view, "document.querySelector('#paperdesk-palette button[data-color=\"2\"]').click()")
    info = created.args[0]
    assert info["entry_id"] == "att" and info["color"] == 2
    assert info["quote"] == "The Transformer replaces"
    text = render_entry(collection.entry("att"), collection).text
    assert text[info["start"]:info["end"]] == "The Transformer replaces"
    assert text.index("The Transformer replaces") == info["start"]


def test_number_key_path_highlights_the_selection_across_math(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    selected = _select(run_js, view, "attention, ", "scaled")
    assert selected.startswith("attention, ") and selected.endswith("scaled")
    with qtbot.waitSignal(view.highlightCreated, timeout=READY_MS) as created:
        view.apply_highlight_color(4)
    info = created.args[0]
    assert info["color"] == 4
    assert info["quote"] == "attention,  scaled"  # the formula contributes no plain text
    assert view.plain_text[info["start"]:info["end"]] == info["quote"]


def test_highlights_from_the_store_are_painted_clicked_and_repainted(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any, tmp_path: Path
) -> None:
    from paperdesk.store import AnnotationStore

    entry = collection.entry("att")
    text = render_entry(entry, collection).text
    start = text.index("The Transformer")
    end = text.index("recurrence") + len("recurrence")
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        first = store.add_highlight(entry.id, entry.paper_key, text, start, end, color=1, note="key idea")
        view.set_annotations(store.anchor_highlights, store.palette)
        show(qtbot, view, entry, collection)
        marks = json.loads(js(run_js, view, "JSON.stringify(Array.from(document.querySelectorAll('mark.hl')).map("
                                 "function(m){return [m.getAttribute('data-id'), m.className, m.textContent];}))"))
        assert len(marks) >= 2  # split around <em>
        assert {m[0] for m in marks} == {first.id}
        assert all("hl-1" in m[1] for m in marks)
        assert "".join(m[2] for m in marks) == "The Transformer replaces recurrence"
        assert view.plain_text == text  # painting did not change the text
        assert js(run_js, view, "paperdeskHL.plainText()") == text
        with qtbot.waitSignal(view.highlightClicked, timeout=READY_MS) as clicked:
            js(run_js, view, "document.querySelector('mark.hl').click()")
        assert clicked.args == [first.id]

        second_start = text.index("Filler paragraph 30")
        second = store.add_highlight(entry.id, entry.paper_key, text, second_start, second_start + 16, color=3)
        store.remove_highlight(first.id)
        view.refresh_highlights()
        qtbot.waitUntil(lambda: js(run_js, view, "document.querySelectorAll('mark.hl').length") == 1,
                        timeout=READY_MS)
        assert js(run_js, view, "document.querySelector('mark.hl').getAttribute('data-id')") == second.id
        assert js(run_js, view, f"paperdeskHL.scrollToHighlight({json.dumps(second.id)})") is True
        assert js(run_js, view, "window.scrollY") > 0
        assert [a.method for a in view.anchors] == ["offsets"]
    finally:
        view.set_annotations(None)
        store.close()


# ---- the anchoring contract on real notes ----



def _check_page_text_equals_plain_text(qtbot: Any, view: ReaderView, paths: list[Path]) -> int:
    from paperdesk.collection import scan

    checked = 0
    mismatches: list[str] = []
    for path in paths:
        collection = scan(path, use_cache=False)
        for entry in collection.entries:
            show(qtbot, view, entry, collection)
            expected = render_entry(entry, collection).text
            if view.plain_text != expected:
                at = next((i for i, (a, b) in enumerate(zip(view.plain_text, expected, strict=False)) if a != b),
                          min(len(view.plain_text), len(expected)))
                mismatches.append(f"{path.name}:{entry.id} at {at}: page {view.plain_text[at - 20:at + 20]!r} "
                                  f"python {expected[at - 20:at + 20]!r}")
            checked += 1
    assert not mismatches, "\n".join(mismatches[:10])
    return checked


def test_page_plain_text_equals_python_plain_text_on_bundled_notes(
    qtbot: Any, view: ReaderView, notes_dir: Path
) -> None:
    assert _check_page_text_equals_plain_text(qtbot, view, [notes_dir]) >= 10


@pytest.mark.slow
def test_page_plain_text_equals_python_plain_text_on_seed_notes(
    qtbot: Any, view: ReaderView, seeds_dir: Path
) -> None:
    assert _check_page_text_equals_plain_text(qtbot, view, sorted(seeds_dir.glob("*.txt"))) >= 100


def test_a_highlight_across_blocks_does_not_move_the_layout(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    start = view.plain_text.index("(2017)")
    end = view.plain_text.index("Transformer") + len("Transformer")
    top = "document.querySelector('#content p').getBoundingClientRect().top"
    before = js(run_js, view, top)
    painted = js(run_js, view, f"paperdeskHL.paint([{{id: 'x', start: {start}, end: {end}, color: 0}}])")
    assert painted == 1
    assert js(run_js, view, "Array.from(document.querySelectorAll('mark.hl')).map("
                            "function(m){return m.textContent;}).join('|')") == "(2017)|The |Transformer"
    assert js(run_js, view, top) == before
    assert js(run_js, view, "paperdeskHL.plainText()") == view.plain_text


def test_selection_offsets_are_reported_in_plain_text(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    got: list[Any] = []
    view.selection_offsets(got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=READY_MS)
    assert got == [None]
    _select(run_js, view, "trains", "fast")
    view.selection_offsets(got.append)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=READY_MS)
    start, end, quote = got[1]
    assert quote == "trains fast" and view.plain_text[start:end] == quote


def test_auto_theme_follows_the_system_colour_scheme(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    # The offscreen platform has no colour scheme of its own: stand in for the system's answer,
    # and send the real change signal.
    system_dark = [False]
    monkeypatch.setattr(ReaderView, "_system_is_dark", staticmethod(lambda: system_dark[0]))
    view.set_theme("auto")
    show(qtbot, view, collection.entry("att"), collection)
    assert js(run_js, view, "document.body.className") == "theme-light"
    system_dark[0] = True
    with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
        QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert view.effective_theme() == "dark"
    assert js(run_js, view, "document.body.className") == "theme-dark"


def test_measure_paint_times_each_entry(qtbot: Any, view: ReaderView, collection: Collection) -> None:
    from paperdesk.gui.reader.view import measure_paint

    times = measure_paint(view, collection.entries, collection)
    assert len(times) == 2 and all(t > 0 for t in times)


def test_show_entry_scrolls_to_an_anchor_or_a_highlight(
    qtbot: Any, view: ReaderView, tmp_path: Path, run_js: Any
) -> None:
    body = ATTENTION + "\n### Late heading\n\nAt the end.\n"
    collection = _collection(tmp_path, [("late", "late.md", body, "Late")])
    entry = collection.entry("late")
    show(qtbot, view, entry, collection)
    anchor = js(run_js, view, "document.querySelector('#content h3').id")
    assert anchor
    show(qtbot, view, collection.entry("late"), collection, anchor=anchor)
    assert js(run_js, view, "window.scrollY") > 500
    show(qtbot, view, collection.entry("late"), collection, anchor="no-such-anchor")
    assert js(run_js, view, "window.scrollY") > 500  # same entry: the scroll position is kept


def test_ctrl_plus_and_ctrl_0_keys_zoom(qtbot: Any, view: ReaderView, collection: Collection) -> None:
    from PySide6.QtCore import Qt

    show(qtbot, view, collection.entry("att"), collection)
    view.activateWindow()
    view.setFocus()
    target = view.focusProxy() or view
    qtbot.keyClick(target, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.zoomFactor() > 1.0, timeout=2_000)
    qtbot.keyClick(target, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.zoomFactor() == 1.0, timeout=2_000)
    qtbot.keyClick(target, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.zoomFactor() < 1.0, timeout=2_000)


def _client_point(run_js: Any, view: ReaderView, script: str) -> Any:
    from PySide6.QtCore import QPoint

    x, y = json.loads(js(run_js, view, script))
    zoom = view.zoomFactor()
    return QPoint(round(x * zoom), round(y * zoom))


def test_mouse_drag_shows_the_palette_and_a_click_creates_the_highlight(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    show(qtbot, view, collection.entry("att"), collection)
    point_of = ("(function(needle, first){var p=document.querySelector('#content p');"
                "var w=document.createTreeWalker(p, NodeFilter.SHOW_TEXT), n;"
                "while ((n = w.nextNode())) { var i = n.data.indexOf(needle); if (i >= 0) {"
                "var r=document.createRange(); r.setStart(n, i); r.setEnd(n, i + needle.length);"
                "var b=r.getBoundingClientRect(); return JSON.stringify("
                "[first ? b.left + 1 : b.right - 1, (b.top + b.bottom) / 2]); } } return null;})")
    start = _client_point(run_js, view, point_of + "('The', true)")
    end = _client_point(run_js, view, point_of + "('replaces', false)")
    target = view.focusProxy()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(target, start + (end - start) * step / 5, 10)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end, 10)
    palette = "(function(){var p=document.getElementById('paperdesk-palette');return !!p && getComputedStyle(p).display;})()"
    qtbot.waitUntil(lambda: js(run_js, view, palette) == "flex", timeout=READY_MS)
    assert js(run_js, view, "window.getSelection().toString()") == "The Transformer replaces"
    swatch = _client_point(run_js, view, "(function(){var b=document.querySelector("
                                         "'#paperdesk-palette button[data-color=\"1\"]').getBoundingClientRect();"
                                         "return JSON.stringify([(b.left+b.right)/2, (b.top+b.bottom)/2]);})()")
    with qtbot.waitSignal(view.highlightCreated, timeout=READY_MS) as created:
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, swatch)
    info = created.args[0]
    assert (info["quote"], info["color"]) == ("The Transformer replaces", 1)
    assert view.plain_text[info["start"]:info["end"]] == info["quote"]
    assert js(run_js, view, palette) == "none"


def test_messages_from_an_old_page_are_ignored(qtbot: Any, view: ReaderView, collection: Collection) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    created: list[Any] = []
    view.highlightCreated.connect(created.append)
    stale = {"kind": "highlight-created", "v": "0", "start": 0, "end": 3, "color": 0}
    assert view._bridge.call(json.dumps(stale)) == json.dumps({"stale": True})
    current = dict(stale, v=str(view._version))
    assert view._bridge.call(json.dumps(current)) == "{}"
    bad = dict(current, start=5, end=10**9)
    assert "error" in json.loads(view._bridge.call(json.dumps(bad)))
    assert [c["start"] for c in created] == [0]


def test_ctrl_click_on_a_link_is_routed_not_opened_in_a_window(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    show(qtbot, view, collection.entry("att"), collection)
    js(run_js, view, "document.querySelector('#content a[href=\"https://example.org/paper\"]').scrollIntoView()")
    link = _client_point(run_js, view, "(function(){var b=document.querySelector("
                                       "'#content a[href=\"https://example.org/paper\"]').getBoundingClientRect();"
                                       "return JSON.stringify([(b.left+b.right)/2, (b.top+b.bottom)/2]);})()")
    with qtbot.waitSignal(view.externalLinkRequested, timeout=READY_MS) as external:
        QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, link)
    assert external.args[0].toString() == "https://example.org/paper"
    assert view.url().host() == "entry"


def test_context_menu_copies_and_highlights_the_selection(
    qtbot: Any, view: ReaderView, collection: Collection, run_js: Any
) -> None:
    show(qtbot, view, collection.entry("att"), collection)
    menu = view.context_menu()
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels[0] == "Copy" and "Highlight 1" in labels and "Zoom In" in labels
    assert not menu.actions()[0].isEnabled()
    _select(run_js, view, "trains", "fast")
    qtbot.waitUntil(view.hasSelection, timeout=3_000)
    menu = view.context_menu()
    highlight3 = next(a for a in menu.actions() if a.text().startswith("Highlight 3"))
    assert highlight3.isEnabled()
    with qtbot.waitSignal(view.highlightCreated, timeout=READY_MS) as created:
        highlight3.trigger()
    assert (created.args[0]["quote"], created.args[0]["color"]) == ("trains fast", 2)


def test_right_click_opens_the_reader_menu(qtbot: Any, view: ReaderView, collection: Collection) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMenu

    show(qtbot, view, collection.entry("att"), collection)
    QTest.mouseClick(view.focusProxy(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, QPoint(200, 200))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=READY_MS)
    menu = QApplication.activePopupWidget()
    assert next(a.text() for a in menu.actions() if a.text()) == "Copy"
    menu.close()


def test_in_page_fragment_links_scroll_and_keep_the_bridge_ready(
    qtbot: Any, view: ReaderView, tmp_path: Path, run_js: Any
) -> None:
    body = ("## Frag (2020)\n\nJump [to the end](#the-end) now, a footnote[^1] too.\n\n"
            + "\n\n".join(f"Filler {i}. " * 30 for i in range(40))
            + "\n\n### The end\n\nDone here.\n\n[^1]: The footnote text.\n")
    collection = _collection(tmp_path, [("frag", "frag.md", body, "Frag")])
    show(qtbot, view, collection.entry("frag"), collection)
    href = js(run_js, view, "document.querySelector('#content p a').getAttribute('href')")
    assert href.startswith("#")
    js(run_js, view, "document.querySelector('#content p a').click()")
    qtbot.waitUntil(lambda: js(run_js, view, "window.scrollY") > 500, timeout=READY_MS)
    assert view.url().host() == "entry"
    _select(run_js, view, "Done", "here")
    with qtbot.waitSignal(view.highlightCreated, timeout=READY_MS) as created:
        view.apply_highlight_color(0)  # the page is still the same: calls are not queued forever
    assert created.args[0]["quote"] == "Done here"


def test_a_page_that_keeps_crashing_is_reloaded_only_a_few_times(
    qtbot: Any, view: ReaderView, collection: Collection
) -> None:
    from paperdesk.gui.reader.page import MAX_CRASH_RELOADS

    show(qtbot, view, collection.entry("att"), collection)
    for _ in range(MAX_CRASH_RELOADS):
        with qtbot.waitSignal(view.pageReady, timeout=READY_MS):
            os.kill(view.page().renderProcessPid(), signal.SIGKILL)
    with qtbot.assertNotEmitted(view.pageReady, wait=1_500):
        os.kill(view.page().renderProcessPid(), signal.SIGKILL)


def test_offsets_agree_with_python_after_emoji_and_math_letters(
    qtbot: Any, view: ReaderView, tmp_path: Path, run_js: Any
) -> None:
    from paperdesk.store import AnnotationStore

    body = "## Astral (2024)\n\nRockets 🚀🚀 and 𝐱 vectors, then the key sentence here. And more 😀 text after.\n"
    collection = _collection(tmp_path, [("astral", "astral.md", body, "Astral")])
    entry = collection.entry("astral")
    text = render_entry(entry, collection).text
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        start = text.index("key sentence")
        stored = store.add_highlight(entry.id, entry.paper_key, text, start, start + len("key sentence"), color=0)
        view.set_annotations(store.anchor_highlights, store.palette)
        show(qtbot, view, entry, collection)
        assert view.plain_text == text
        assert js(run_js, view, "document.querySelector('mark.hl').textContent") == "key sentence"
        assert js(run_js, view, "document.querySelector('mark.hl').getAttribute('data-id')") == stored.id
        _select(run_js, view, "more", "text")
        with qtbot.waitSignal(view.highlightCreated, timeout=READY_MS) as created:
            view.apply_highlight_color(1)
        info = created.args[0]
        assert info["quote"] == "more 😀 text"
        assert text[info["start"]:info["end"]] == "more 😀 text"
    finally:
        view.set_annotations(None)
        store.close()


def test_without_the_page_walker_highlights_are_left_alone(
    qtbot: Any, view: ReaderView, collection: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paperdesk.render.page as page_module
    from paperdesk.store import AnnotationStore

    monkeypatch.setattr(page_module, "SCRIPTS", ())  # a page without reader.js
    entry = collection.entry("att")
    text = render_entry(entry, collection).text
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        stored = store.add_highlight(entry.id, entry.paper_key, text, 4, 15, color=0)
        view.set_annotations(store.anchor_highlights, store.palette)
        show(qtbot, view, entry, collection)
        assert view.page_error == "reader.js is missing"
        view.refresh_highlights()
        assert store.highlight(stored.id).orphan is False  # not re-anchored against an empty text
    finally:
        view.set_annotations(None)
        store.close()


def test_a_note_that_breaks_the_renderer_shows_an_error_page(
    qtbot: Any, view: ReaderView, collection: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    run_js: Any
) -> None:
    import paperdesk.render as render_module
    from paperdesk.store import AnnotationStore

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(render_module, "render_entry", broken)
    entry = collection.entry("att")
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        stored = store.add_highlight(entry.id, entry.paper_key, "The Transformer replaces", 0, 15, color=0)
        view.set_annotations(store.anchor_highlights, store.palette)
        show(qtbot, view, entry, collection)
        assert "could not be rendered" in js(run_js, view, "document.getElementById('content').textContent")
        assert view.page_error and "RecursionError" in view.page_error
        assert store.highlight(stored.id).orphan is False
    finally:
        view.set_annotations(None)
        store.close()


def test_a_render_cut_off_by_its_time_limit_leaves_the_highlights_alone(
    qtbot: Any, view: ReaderView, collection: Collection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry shown as written after its render ran out of time must not orphan its highlights."""
    import dataclasses

    import paperdesk.render as render_package
    from paperdesk.store import AnnotationStore

    entry = collection.entry("att")
    normal = render_entry(entry, collection)
    store = AnnotationStore.open(tmp_path / "store.json")

    def cut_off(*args: Any, **kwargs: Any) -> Any:
        return dataclasses.replace(normal, html="<pre class='source-shown'>raw source</pre>",
                                   text="raw source", cut_off=True)

    try:
        stored = store.add_highlight(entry.id, entry.paper_key, normal.text, 4, 15, color=0)
        monkeypatch.setattr(render_package, "render_entry", cut_off)
        view.set_annotations(store.anchor_highlights, store.palette)
        show(qtbot, view, entry, collection)
        assert view.page_error is not None and "too long to render" in view.page_error
        view.refresh_highlights()
        assert store.highlight(stored.id).orphan is False
    finally:
        view.set_annotations(None)
        store.close()
