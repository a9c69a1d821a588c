"""The search panel: ranked hits with marked snippets, CJK, filter fields, Enter opening the passage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from paperdesk.bench.synthetic_entries import MemoryAnnotations, SyntheticHighlight
from paperdesk.collection.model import Collection, Entry
from paperdesk.gui.fulltext import FullTextKeeper, FullTextSync
from paperdesk.gui.reader.view import ReaderView
from paperdesk.gui.search_dock import SearchDock
from paperdesk.gui.search_panel import (
    SEARCH_SHORTCUT,
    PassageTarget,
    SearchPanel,
    passage_in_page,
    scroll_to_passage,
    snippet_document,
)
from paperdesk.query.fts import FullTextIndex
from paperdesk.query.fts_documents import AnnotationSnapshot, Field, documents_for
from paperdesk.query.index import SearchIndex
from paperdesk.query.ranked import RankedSearch, SearchHit

pytestmark = pytest.mark.gui

FILLER = "\n\n".join(f"Filler paragraph {i} about nothing in particular, to make the page long. " * 5
                     for i in range(40))
NOTES = {
    "sparse.md": "## Sparse attention for long documents (2019)\n\nWe study efficient transformers.\n",
    "policy.md": "## Policy gradients revisited (2021)\n\nMentions sparse attention once.\n\n" + FILLER
                 + "\n\nNear the end the zebrafish attention experiment is described.\n",
    "cjk.md": "## 扩散模型的采样方法 (2023)\n\n本文研究扩散模型的快速采样。\n",
    "hostile.md": "## <img src=x onerror=alert(1)> <b>Bold</b> sparse title (2020)\n\nBody with &amp; and <i>tags</i>.\n",
}


def _entry(source: str, body: str) -> Entry:
    title = body.splitlines()[0][3:].rsplit(" (", 1)[0]
    year = int(body.splitlines()[0].rsplit("(", 1)[1][:4])
    return Entry(id=source[:-3], title=title, category="ML", year=year, year_source="heading",
                 paper_key=f"file:{source}", source=source, lines=(1, body.count("\n") + 1), body=body,
                 links=(), short_name=None, venue=None, note_tags=(), images=())


@pytest.fixture
def collection(tmp_path: Path) -> Collection:
    root = tmp_path / "notes"
    root.mkdir()
    for name, body in NOTES.items():
        (root / name).write_text(body, encoding="utf-8")
    entries = [_entry(name, body) for name, body in NOTES.items()]
    return Collection(root=root, files=list(NOTES), entries=entries, warnings=[])


@pytest.fixture
def searcher(tmp_path: Path, collection: Collection) -> RankedSearch:
    notes = MemoryAnnotations()
    notes.tag_map["file:policy.md"] = ["rl"]
    index = FullTextIndex(tmp_path / "index.sqlite3")
    index.sync(documents_for(collection.entries, notes))
    return RankedSearch(index, SearchIndex(collection.entries, notes))


@pytest.fixture
def panel(qtbot: Any, searcher: RankedSearch) -> SearchPanel:
    widget = SearchPanel(lambda: searcher)
    widget.resize(420, 600)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _titles(panel: SearchPanel) -> list[str]:
    model = panel.model
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_hits_are_ranked_title_first_with_marked_snippets(panel: SearchPanel) -> None:
    panel.set_query("sparse attention")
    titles = _titles(panel)
    assert titles[0] == "Sparse attention for long documents"
    assert "Policy gradients revisited" in titles
    assert panel.status.text() == "2 entries match."
    policy = next(h for h in panel.results.hits if h.entry_id == "policy")
    assert {p.lower() for p, marked in policy.snippet if marked} <= {"sparse", "attention"}
    assert any(marked for _p, marked in policy.snippet)


def test_typing_searches_after_a_pause(qtbot: Any, panel: SearchPanel) -> None:
    with qtbot.waitSignal(panel.searched, timeout=20_000) as searched:
        qtbot.keyClicks(panel.query, "zebraf")   # a word being typed is a prefix
    assert [h.entry_id for h in searched.args[0].hits] == ["policy"]


def test_cjk_query_finds_unspaced_text(panel: SearchPanel) -> None:
    panel.set_query("快速采样")
    assert [h.entry_id for h in panel.results.hits] == ["cjk"]
    assert "".join(p for p, m in panel.results.hits[0].snippet if m) == "快速采样"


def test_filter_fields_narrow_the_search(panel: SearchPanel) -> None:
    panel.set_query("attention")
    assert {h.entry_id for h in panel.results.hits} == {"sparse", "policy"}
    panel.set_query("attention year:2020..")
    assert [h.entry_id for h in panel.results.hits] == ["policy"]
    panel.set_query("attention tag:rl")
    assert [h.entry_id for h in panel.results.hits] == ["policy"]
    panel.set_query("attention -tag:rl")
    assert [h.entry_id for h in panel.results.hits] == ["sparse"]


def test_note_text_is_never_markup(panel: SearchPanel) -> None:
    panel.set_query("sparse title")
    hit = next(h for h in panel.results.hits if h.entry_id == "hostile")
    assert _titles(panel)[0] == hit.title and "<img" in hit.title   # plain text in the model
    doc = snippet_document(hit, "#ff0")
    assert doc.toPlainText().startswith(hit.title) and "<img src=x" in doc.toPlainText()
    assert "<img" not in doc.toHtml().replace("&lt;img", "")          # shown as text, never an image
    panel.set_query("tags")
    doc = snippet_document(panel.results.hits[0], "#ff0")
    assert "<i>" in doc.toPlainText() and "&amp;" in doc.toPlainText()  # literal, as the note wrote it
    assert panel.status.textFormat() == Qt.TextFormat.PlainText


def test_enter_opens_the_selected_hit(qtbot: Any, panel: SearchPanel) -> None:
    panel.set_query("sparse attention")
    with qtbot.waitSignal(panel.entryRequested, timeout=20_000) as opened:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert opened.args[0] == "sparse"
    qtbot.keyClick(panel.query, Qt.Key.Key_Down)
    second = panel.results.hits[1].entry_id
    with qtbot.waitSignal(panel.entryRequested, timeout=20_000) as opened:
        qtbot.keyClick(panel.query, Qt.Key.Key_Enter)
    target = opened.args[1]
    assert opened.args[0] == second and isinstance(target, PassageTarget) and target.terms


def test_no_index_yet_and_empty_query(qtbot: Any) -> None:
    panel = SearchPanel(lambda: None)
    qtbot.addWidget(panel)
    panel.set_query("anything")
    assert "being built" in panel.status.text() and panel.model.rowCount() == 0
    panel.set_query("")
    assert panel.status.text() == "" and not panel.open_current()


def test_passage_is_found_again_in_page_text() -> None:
    hit = SearchHit("x", "t", 1.0, Field.BODY, (), 0, 0)
    from paperdesk.query.fts_text import search_term

    target = PassageTarget(hit.entry_id, hit.field, 0, 0, (search_term("zebrafish"),))  # type: ignore[arg-type]
    text = "Intro text. " * 50 + "The zebrafish result."
    start, end, word_start, word_end = passage_in_page(text, target)  # type: ignore[misc]
    assert text[word_start:word_end] == "zebrafish" and start <= word_start < word_end <= end
    assert passage_in_page("nothing here", target) is None


class FakeSession(QObject):
    """The parts of the window's CollectionSession the search dock uses."""

    loaded = Signal(object)
    reloaded = Signal(object)
    changed = Signal(object)

    def __init__(self, collection: Collection, store: MemoryAnnotations) -> None:
        super().__init__()
        self.collection: Collection | None = None
        self.store = store
        self.index = SearchIndex(collection.entries, store)
        self._next = collection

    def scan_done(self) -> None:
        self.collection = self._next
        self.loaded.emit(self._next)


@dataclass(frozen=True)
class Changes:
    paper_keys: frozenset[str] | None


def test_window_search_dock_opens_the_entry_at_its_passage(qtbot: Any, collection: Collection,
                                                           run_js: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's wiring, standalone: a main window with a reader and the search dock;
    Ctrl+Shift+F focuses the query, Enter shows the entry scrolled to its best passage with the
    first searched word selected; the index follows scans and annotation changes."""
    notes = MemoryAnnotations()
    session = FakeSession(collection, notes)
    window = QMainWindow()
    reader = ReaderView(window, open_external=False)
    window.setCentralWidget(reader)
    window.resize(1100, 700)
    shown: list[str] = []

    def show_entry(entry_id: str) -> None:
        shown.append(entry_id)
        reader.show_entry(collection.entry(entry_id), collection)

    dock = SearchDock(session, reader, show_entry, window)
    action = QAction("Search", window)
    action.setShortcut(QKeySequence(SEARCH_SHORTCUT))
    action.triggered.connect(dock.show_and_focus)
    window.addAction(action)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    action.trigger()
    panel = dock.panel
    panel.set_query("zebrafish")
    assert "being built" in panel.status.text()          # no scan yet
    with qtbot.waitSignal(dock.keeper.ready, timeout=10_000):
        session.scan_done()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=20_000)   # the waiting query ran
    scrolled: list[bool] = []
    monkeypatch.setattr("paperdesk.gui.search_dock.scroll_to_passage",
                        lambda view, target: scroll_to_passage(view, target, scrolled.append))
    with qtbot.waitSignal(reader.pageReady, timeout=15_000):
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert shown == ["policy"]
    qtbot.waitUntil(lambda: bool(scrolled), timeout=10_000)
    assert scrolled == [True]
    assert run_js(reader.page(), "window.scrollY") > 500
    assert run_js(reader.page(), "String(window.getSelection())").lower() == "zebrafish"
    notes.highlight_map["sparse"] = [SyntheticHighlight(id="h", entry_id="sparse", quote="x", note="okapi")]
    session.changed.emit(Changes(frozenset({"file:sparse.md"})))
    panel.set_query("okapi")
    assert [h.entry_id for h in panel.results.hits] == ["sparse"]
    window.close()   # waits for the index thread


def test_sync_thread_fills_the_index(qtbot: Any, tmp_path: Path, collection: Collection) -> None:
    worker = FullTextSync(tmp_path / "bg.sqlite3", collection.entries, AnnotationSnapshot.of(None, collection.entries))
    with qtbot.waitSignal(worker.synced, timeout=10_000) as synced:
        worker.start()
    worker.wait(5000)
    assert synced.args[0].added == len(collection.entries)
    index = FullTextIndex(tmp_path / "bg.sqlite3")
    assert [h.entry_id for h in RankedSearch(index).search("zebrafish").hits] == ["policy"]


def test_keeper_syncs_after_a_scan_and_follows_annotation_edits(qtbot: Any, tmp_path: Path,
                                                               collection: Collection) -> None:
    notes = MemoryAnnotations()
    filters = SearchIndex(collection.entries, notes)
    keeper = FullTextKeeper(lambda: filters, index_file=lambda root: tmp_path / f"{root.name}.sqlite3")
    assert keeper.searcher() is None   # not ready before the first sync
    with qtbot.waitSignal(keeper.ready, timeout=10_000) as ready:
        keeper.collection_changed(collection, notes)
    assert ready.args[0].added == len(collection.entries)
    assert [h.entry_id for h in keeper.searcher().search("zebrafish").hits] == ["policy"]
    notes.highlight_map["sparse"] = [SyntheticHighlight(id="h", entry_id="sparse", quote="efficient",
                                                        note="okapi comparison")]
    keeper.annotations_changed({"file:sparse.md"})
    assert [h.entry_id for h in keeper.searcher().search("okapi").hits] == ["sparse"]
    # a rescan that finds one note fewer removes it, in the thread
    smaller = Collection(root=collection.root, files=collection.files[1:], entries=collection.entries[1:], warnings=[])
    with qtbot.waitSignal(keeper.ready, timeout=10_000) as ready:
        keeper.collection_changed(smaller, notes)
    assert ready.args[0].removed == 1
    assert keeper.searcher().search("okapi").hits == ()
    keeper.close()


def test_keeper_runs_one_sync_at_a_time_and_keeps_the_latest_scan(qtbot: Any, tmp_path: Path,
                                                                 collection: Collection) -> None:
    notes = MemoryAnnotations()
    keeper = FullTextKeeper(lambda: None, index_file=lambda root: tmp_path / "one.sqlite3")
    reports: list[object] = []
    keeper.ready.connect(reports.append)
    smaller = Collection(root=collection.root, files=collection.files[1:], entries=collection.entries[1:], warnings=[])
    keeper.collection_changed(collection, notes)
    keeper.collection_changed(smaller, notes)   # arrives while the first sync runs
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    assert [h.entry_id for h in keeper.searcher().search("attention").hits] == ["policy"]   # sparse.md is gone
    keeper.close()


def test_real_window_ctrl_shift_f_enter_opens_the_passage(qtbot: Any, tmp_path: Path, run_js: Any) -> None:
    """The real window: Ctrl+Shift+F shows the search dock, Enter opens the hit at its passage."""
    from PySide6.QtCore import QSettings

    from paperdesk.gui.window.main_window import MainWindow

    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "a.md").write_text("## First note (2020)\n\nShort text about robots.\n", encoding="utf-8")
    (folder / "b.md").write_text("## Second note (2021)\n\n" + FILLER + "\n\nThe okapi passage is here.\n",
                                 encoding="utf-8")
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    window = MainWindow(settings, theme_override="light")
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    with qtbot.waitSignal(window.entryShown, timeout=20_000):
        assert window.open_collection(folder, tmp_path / "store.json")
    window.activateWindow()
    action = window.actions_by_name["search"]
    assert action.shortcut().toString() == "Ctrl+Shift+F"
    action.trigger()
    dock = window.window_actions.search
    assert dock is not None and dock.isVisible()
    qtbot.waitUntil(lambda: dock.keeper.searcher() is not None, timeout=20_000)
    dock.panel.set_query("okapi")
    assert len(dock.panel.results.hits) == 1
    target_id = dock.panel.results.hits[0].entry_id
    with qtbot.waitSignal(window.entryShown, timeout=20_000, check_params_cb=lambda i: i == target_id):
        qtbot.keyClick(dock.panel.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: run_js(window.reader.page(), "String(window.getSelection())") == "okapi",
                    timeout=10_000)
    assert run_js(window.reader.page(), "window.scrollY") > 500
    window.close()
