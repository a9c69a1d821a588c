"""Opening a collection in the real window: the last entry painted before the scan ends, the filter
typed before the index is ready applied when it is, and a note changed while the app was closed
never shown from its old record."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_fixtures import TIMEOUT, Harness, two_paper_folder

import paperdesk.collection
import paperdesk.query
from paperdesk.gui.window.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def harness(qtbot, tmp_path: Path):
    folder = two_paper_folder(tmp_path)
    h = Harness(qtbot, folder.resolve(), tmp_path / "store.json", tmp_path / "window.ini")
    yield h
    h.close_all()


class Gate:
    """Holds a worker-thread step until the test lets it go (always let go at the end of the test)."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.open = threading.Event()

    def wait(self) -> None:
        self.reached.set()
        assert self.open.wait(TIMEOUT / 1000)


@pytest.fixture
def gate():
    g = Gate()
    yield g
    g.open.set()


def held_scan(monkeypatch, gate: Gate) -> None:
    """Make the window's scan worker wait at the gate before it scans."""
    scan = paperdesk.collection.scan

    def waiting(path, **kwargs):
        gate.wait()
        return scan(path, **kwargs)

    monkeypatch.setattr(paperdesk.collection, "scan", waiting)


def held_index(monkeypatch, gate: Gate) -> None:
    """Make the window's scan worker wait at the gate before it builds the filter index."""
    index_class = paperdesk.query.SearchIndex

    class HeldIndex(index_class):
        def __init__(self, entries, store) -> None:
            gate.wait()
            super().__init__(entries, store)

    monkeypatch.setattr(paperdesk.query, "SearchIndex", HeldIndex)


def open_window(harness: Harness, *, staged: bool = False) -> MainWindow:
    """Open a window on the harness's collection without waiting for anything (`staged`: as the app does)."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(harness.ini), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    window = MainWindow(settings, theme_override="light", staged=staged)
    harness.windows.append(window)
    window.resize(1200, 800)
    window.show()
    return window


def read_second_and_close(harness: Harness, qtbot) -> str:
    """A first session that ends on the second paper (remembered for the next launch); its id."""
    window = harness.open()
    second = window.model.visible_entry_ids()[1]
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        window.show_entry(second)
    harness.close(window)
    return second


def painted_while_the_scan_waits(harness: Harness, qtbot, monkeypatch, gate: Gate, *,
                                 staged: bool = False) -> tuple[MainWindow, list[str], str]:
    """Open a window with its scan held at the gate, until its first page is painted: the window,
    the entry ids of every page it reports painted from then on, and the first one."""
    held_scan(monkeypatch, gate)
    window = open_window(harness, staged=staged)
    pages: list[str] = []
    window.reader.pageReady.connect(pages.append)
    with qtbot.waitSignal(window.firstPaint, timeout=TIMEOUT) as painted:
        assert window.open_collection(harness.collection, harness.db)
    return window, pages, painted.args[0]


def test_the_last_entry_is_painted_before_the_scan_ends(harness: Harness, qtbot, monkeypatch, gate: Gate) -> None:
    second = read_second_and_close(harness, qtbot)
    window, pages, painted = painted_while_the_scan_waits(harness, qtbot, monkeypatch, gate)
    assert painted == second
    assert window.collection is None and window.progress.isVisible()   # the scan has not ended (it waits)
    assert "scaling laws" in window.reader.plain_text                  # the second paper's own text
    assert window.current_entry() is None                              # nothing to edit before the scan
    with qtbot.waitSignals([window.collectionLoaded, window.entryShown, window.settled], timeout=TIMEOUT,
                           order="strict"):
        gate.open.set()
    assert window.current_id == second and window.current_entry() is not None
    assert window.navigator.selected_entry_ids() == [second]
    assert pages == [second]            # the preview was the loaded entry's page: not painted twice
    assert not window.progress.isVisible()


def test_a_filter_typed_before_the_index_is_ready_runs_when_it_is(harness: Harness, qtbot, monkeypatch,
                                                                  gate: Gate) -> None:
    held_index(monkeypatch, gate)
    window = open_window(harness)
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        assert window.open_collection(harness.collection, harness.db)
    assert window.index is None and len(window.model.visible_entry_ids()) == 2
    first, second = window.model.visible_entry_ids()
    assert window.current_id == first
    window.filter_box.edit.setFocus()
    qtbot.keyClicks(window.filter_box.edit, "scaling")     # only the second paper's text has the word
    qtbot.keyClick(window.filter_box.edit, Qt.Key.Key_Return)
    assert window.filter_box.text() == "scaling"      # every keystroke kept, none applied yet
    assert window.model.visible_entry_ids() == [first, second] and window.current_id == first
    with qtbot.waitSignal(window.settled, timeout=TIMEOUT):
        gate.open.set()
    assert window.model.visible_entry_ids() == [second]   # the filter ran on the index...
    qtbot.waitUntil(lambda: window.current_id == second, timeout=TIMEOUT)   # ...and so did the Enter


def test_a_note_changed_while_the_app_was_closed_is_shown_fresh(harness: Harness, qtbot) -> None:
    second = read_second_and_close(harness, qtbot)
    notes = harness.collection / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace(
        "Beta is about scaling laws", "Beta is about fresh scaling laws"), encoding="utf-8")
    window = open_window(harness)
    seen: list[tuple[str, bool, str]] = []
    window.firstPaint.connect(lambda eid: seen.append((eid, window.collection is not None, window.reader.plain_text)))
    with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
        assert window.open_collection(harness.collection, harness.db)
    assert len(seen) == 1
    entry_id, loaded, text = seen[0]
    assert loaded and "fresh scaling laws" in text    # no preview from the old text: the scan's page first
    assert window.current_entry() is not None and "fresh" in window.current_entry().body
    assert entry_id == window.current_id == second   # the entry read last, from its new text


def test_a_preview_whose_links_changed_is_painted_again(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "linked"
    folder.mkdir()
    (folder / "alpha.md").write_text("# Alpha Paper\n\nAlpha builds on [the beta note](beta.md).\n", encoding="utf-8")
    (folder / "beta.md").write_text("# Beta Paper\n\nBeta is about scaling laws.\n", encoding="utf-8")
    harness = Harness(qtbot, folder.resolve(), tmp_path / "store.json", tmp_path / "window.ini")
    try:
        window = harness.open()
        alpha = next(e.id for e in window.collection.entries if e.title == "Alpha Paper")
        if window.current_id != alpha:
            with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
                window.show_entry(alpha)
        harness.close(window)
        (folder / "beta.md").unlink()    # alpha's own text is unchanged, its link now goes nowhere
        window = open_window(harness)
        pages: list[str] = []
        window.reader.pageReady.connect(pages.append)
        with qtbot.waitSignal(window.firstPaint, timeout=TIMEOUT):
            assert window.open_collection(harness.collection, harness.db)
        assert window.collection is None    # painted from the record, with the link to beta
        with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
            pass
        assert pages == [alpha, alpha]       # the scan's page differs: painted again
        hrefs: list[object] = []
        window.reader.run_in_page(
            "Array.from(document.querySelectorAll('#content a')).map(a => a.getAttribute('href') || '').join(' ')",
            hrefs.append)
        qtbot.waitUntil(lambda: bool(hrefs), timeout=TIMEOUT)
        assert "paperdesk://open/" not in str(hrefs[0])   # no link to a note that is gone
    finally:
        harness.close_all()


def counted_renders(monkeypatch) -> list[str]:
    """Count the reader's renders (entry ids), which still render."""
    import paperdesk.gui.reader.view as view

    rendered: list[str] = []
    render = view.render_page

    def counting(entry, *args):
        rendered.append(entry.id)
        return render(entry, *args)

    monkeypatch.setattr(view, "render_page", counting)
    return rendered


def test_the_kept_page_is_painted_without_rendering(harness: Harness, qtbot, monkeypatch, gate: Gate) -> None:
    second = read_second_and_close(harness, qtbot)
    rendered = counted_renders(monkeypatch)
    window, pages, _painted = painted_while_the_scan_waits(harness, qtbot, monkeypatch, gate)
    assert rendered == [] and "scaling laws" in window.reader.plain_text   # the page of the last launch
    with qtbot.waitSignal(window.settled, timeout=TIMEOUT):
        gate.open.set()
    assert rendered == [second]    # the scanned entry, rendered once to compare: the same bytes
    assert pages == [second] and window.current_entry() is not None
    assert window.reader.shown_page().render.page == window.reader.render_for(
        window.current_entry(), window.collection, window.presenter.header(window.current_entry())).page


def test_a_kept_page_unlike_a_fresh_render_is_replaced(harness: Harness, qtbot, monkeypatch, gate: Gate) -> None:
    import marshal

    from paperdesk.gui.window.first_page import page_path
    from paperdesk.gui.window.last_entry import record_path

    second = read_second_and_close(harness, qtbot)
    kept = page_path(record_path(harness.collection))
    key, page, *rest = marshal.loads(kept.read_bytes())
    assert b"scaling laws" in page
    # the same inputs, other bytes: what a renderer changed without a new stamp would have kept
    kept.write_bytes(marshal.dumps((key, page.replace(b"scaling laws", b"stale words"), *rest)))
    window, pages, _painted = painted_while_the_scan_waits(harness, qtbot, monkeypatch, gate)
    assert "stale words" in window.reader.plain_text     # the kept page was used...
    with qtbot.waitSignal(window.settled, timeout=TIMEOUT):
        gate.open.set()
    qtbot.waitUntil(lambda: pages == [second, second], timeout=TIMEOUT)   # ...and painted over
    assert "scaling laws" in window.reader.plain_text and "stale words" not in window.reader.plain_text


def test_a_staged_window_builds_its_panes_once_the_first_page_is_painted(harness: Harness, qtbot, monkeypatch,
                                                                        gate: Gate) -> None:
    second = read_second_and_close(harness, qtbot)
    held_scan(monkeypatch, gate)
    window = open_window(harness, staged=True)
    assert not window.built and not hasattr(window, "side_panel")
    at_paint: list[tuple[bool, int]] = []
    window.firstPaint.connect(lambda _eid: at_paint.append((window.built, window.reader.width())))
    with qtbot.waitSignal(window.firstPaint, timeout=TIMEOUT):
        assert window.open_collection(harness.collection, harness.db)
    assert at_paint == [(False, at_paint[0][1])]     # painted with the panes not yet built...
    assert window.built                                # ...and built right after
    assert window.reader.width() == at_paint[0][1]     # in the placeholders' places: the page keeps its width
    assert window.side_panel.title_label.text() == "Beta Paper"   # the preview's entry, before the scan ends
    assert window.side_panel.isVisible() and window.navigator.isVisible()
    with qtbot.waitSignal(window.settled, timeout=TIMEOUT):
        gate.open.set()
    assert window.current_id == second and window.navigator.selected_entry_ids() == [second]
    assert len(window.model.visible_entry_ids()) == 2


def test_a_staged_window_with_nothing_to_paint_first_is_built_at_once(harness: Harness, qtbot) -> None:
    window = open_window(harness, staged=True)    # a first launch: no page kept from the last one
    assert not window.built
    assert window.open_collection(harness.collection, harness.db)
    assert window.built
    with qtbot.waitSignal(window.settled, timeout=TIMEOUT):
        pass
    assert window.current_id == window.model.visible_entry_ids()[0]


def test_a_staged_window_fills_its_menus_and_toolbar_after_the_first_paint_without_moving_the_page(
        harness: Harness, qtbot, monkeypatch, gate: Gate) -> None:
    from PySide6.QtCore import QPoint, QRect

    read_second_and_close(harness, qtbot)
    held_scan(monkeypatch, gate)
    window = open_window(harness, staged=True)
    assert not window.controls_built and not hasattr(window, "window_actions")   # the frame only
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "E&ntry", "&Go", "&View", "&Help"]         # reserved, empty
    at_paint: list[tuple[bool, QRect]] = []

    def reader_place() -> QRect:
        return QRect(window.reader.mapTo(window, QPoint(0, 0)), window.reader.size())

    window.firstPaint.connect(lambda _eid: at_paint.append((window.controls_built, reader_place())))
    with qtbot.waitSignal(window.firstPaint, timeout=TIMEOUT):
        assert window.open_collection(harness.collection, harness.db)
    assert at_paint[0][0] is False                      # painted before the actions exist...
    assert window.controls_built and window.built       # ...which are built right after
    window.layout().activate()   # lay the window out now, as it will be
    assert reader_place() == at_paint[0][1]             # the page did not move or shrink when they came
    assert [action.text() for action in window.menuBar().actions()] == menus
    assert all(action.menu().actions() for action in window.menuBar().actions())   # the menus are filled
    assert window.toolbar.isVisible() and window.actions_by_name["open"] in window.toolbar.actions()
    assert not [a for a in window.toolbar.actions() if a.objectName() == "paperdeskBlank"]
    gate.open.set()


def test_a_key_pressed_before_a_staged_window_is_built_builds_it_and_acts(harness: Harness, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    read_second_and_close(harness, qtbot)   # a page kept from the last launch: the panes wait for its paint
    window = open_window(harness, staged=True)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TIMEOUT)
    pressed: list[bool] = []

    def press() -> None:   # the first moment a key can act: the toolbar and its shortcuts exist
        pressed.append(window.built)
        qtbot.keyClick(window.toolbar, Qt.Key.Key_Slash)   # "/": Focus Filter, a window shortcut

    window.controlsBuilt.connect(press)
    assert window.open_collection(harness.collection, harness.db)
    qtbot.waitUntil(lambda: bool(pressed), timeout=TIMEOUT)
    assert pressed == [False] and window.built       # pressed before the panes were built, which it built
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.filter_box.edit, timeout=TIMEOUT)
