"""CollectionSession: opening a collection with its store, scanning in a worker, live reload, and store changes summed up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from paperdesk.collection import scan
from paperdesk.gui.window.session import ChangeSet, CollectionSession, SessionError, change_set
from paperdesk.vocab import ChangeKind, Status

NOTES = """## Vision

### 2021 - [Gamma Paper](https://arxiv.org/abs/2101.00003)

Gamma sees images.

### 2023 - [Delta Paper](https://arxiv.org/abs/2301.00004)

Delta segments anything.
"""
TIMEOUT = 20_000


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    notes = tmp_path / "coll"
    notes.mkdir()
    (notes / "notes.md").write_text(NOTES, encoding="utf-8")
    return notes


@pytest.fixture
def owner(qtbot) -> QWidget:
    """A parent for sessions: Qt then deletes them on the GUI thread (never Python's collector in a worker)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def session(qtbot, owner: QWidget, folder: Path, tmp_path: Path):
    s = CollectionSession(owner)
    heard: list[tuple[str, object]] = []
    s.loaded.connect(lambda collection: heard.append(("loaded", collection)))
    s.indexReady.connect(lambda index: heard.append(("index", index)))
    with qtbot.waitSignal(s.indexReady, timeout=TIMEOUT):
        s.open(folder, tmp_path / "store.json")
    assert heard == [("loaded", s.collection), ("index", s.index)]   # the collection first, then its index
    yield s
    s.close()


def test_change_sets_name_the_papers_touched_or_everything(folder: Path) -> None:
    collection = scan(folder, use_cache=False)
    gamma, delta = collection.entries
    changes = change_set([(ChangeKind.STATUS, gamma.paper_key), (ChangeKind.HIGHLIGHT, delta.id)], collection)
    assert changes.kinds == {ChangeKind.STATUS, ChangeKind.HIGHLIGHT}
    assert changes.paper_keys == {gamma.paper_key, delta.paper_key}
    assert changes.touches(gamma.paper_key) and not changes.touches("arxiv:elsewhere")
    assert changes.any(ChangeKind.PALETTE, ChangeKind.STATUS) and not changes.any(ChangeKind.SEARCH)
    # a tag's colour (keyed by tag), another collection's highlight or a reload may touch any paper
    for other in [(ChangeKind.TAGS, "rl"), (ChangeKind.HIGHLIGHT, "not-an-entry"), (ChangeKind.RELOAD, "")]:
        wide = change_set([(ChangeKind.STATUS, gamma.paper_key), other], collection)
        assert wide.paper_keys is None and wide.touches("anything")
    assert change_set([(ChangeKind.SEARCH, "x")], collection) == ChangeSet(frozenset({ChangeKind.SEARCH}),
                                                                           frozenset())


def test_a_missing_path_is_refused_before_any_store_opens(owner: QWidget, tmp_path: Path) -> None:
    s = CollectionSession(owner)
    with pytest.raises(SessionError) as refused:
        s.open(tmp_path / "nowhere", tmp_path / "store.json")
    assert refused.value.title == "Cannot open collection"
    assert s.store is None and not (tmp_path / "store.json").exists()
    s.close()


def test_opening_scans_and_builds_the_index(session: CollectionSession) -> None:
    assert session.store is not None and session.collection is not None and session.index is not None
    assert [e.title for e in session.collection.entries] == ["Gamma Paper", "Delta Paper"]
    assert session.index.filter("segments") == [session.collection.entries[1].id]


def test_store_changes_arrive_as_one_change_set_after_the_index_follows(qtbot, session: CollectionSession) -> None:
    store = session.store
    gamma = session.collection.entries[0]
    with qtbot.waitSignal(session.changed, timeout=TIMEOUT) as changed:
        store.set_status(gamma.paper_key, Status.READ)
        store.add_tag(gamma.paper_key, "vision")
    summary = changed.args[0]
    assert summary.kinds == {ChangeKind.STATUS, ChangeKind.TAGS}
    assert summary.paper_keys == {gamma.paper_key}
    assert session.index.filter("status:read tag:vision") == [gamma.id]   # refreshed before the signal


def test_a_changed_note_is_scanned_again(qtbot, session: CollectionSession, folder: Path) -> None:
    with qtbot.waitSignal(session.reloaded, timeout=TIMEOUT) as reloaded:
        (folder / "notes.md").write_text(NOTES.replace("Delta segments anything.", "Delta segments everything."),
                                         encoding="utf-8")
    assert reloaded.args[0] is session.collection
    assert session.index.filter("everything") == [session.collection.entries[1].id]


def test_the_reading_position_is_saved_in_the_store(session: CollectionSession) -> None:
    gamma = session.collection.entries[0]
    when = session.mark_opened(gamma.id)
    session.save_opened()
    assert session.store.setting("opened", {}) == {gamma.id: when}
    assert session.store.setting("last_entry", None) == gamma.id


def test_a_store_kept_under_the_folders_old_path_name_is_adopted_and_said_once(qtbot, owner: QWidget,
                                                                               folder: Path) -> None:
    from paperdesk.paths import legacy_store_path
    from paperdesk.store import AnnotationStore

    legacy = legacy_store_path(folder)
    legacy.parent.mkdir(parents=True, exist_ok=True)
    with AnnotationStore.open(legacy) as old:
        old.add_tag("arxiv:2101.00003", "kept")
    s = CollectionSession(owner)
    with qtbot.waitSignal(s.loaded, timeout=TIMEOUT):
        s.open(folder)   # no --db: the collection's own store, found by its id
    assert s.notice and "follow the folder" in s.notice
    assert s.store.tags("arxiv:2101.00003") == ["kept"]
    s.close()
    again = CollectionSession(owner)
    with qtbot.waitSignal(again.loaded, timeout=TIMEOUT):
        again.open(folder)
    assert again.notice is None
    again.close()


def test_a_scan_of_the_collection_opened_before_is_never_adopted(qtbot, owner: QWidget, folder: Path,
                                                                 tmp_path: Path, monkeypatch) -> None:
    import threading

    import paperdesk.collection

    first, gate = folder.resolve(), threading.Event()
    scan_files = paperdesk.collection.scan

    def held(path, **kwargs):   # the first collection's scan waits until the second one is shown
        if Path(path).resolve() == first:
            assert gate.wait(TIMEOUT / 1000)
        return scan_files(path, **kwargs)

    monkeypatch.setattr(paperdesk.collection, "scan", held)
    second = tmp_path / "second"
    second.mkdir()
    (second / "notes.md").write_text(NOTES.replace("Gamma", "Epsilon"), encoding="utf-8")
    s = CollectionSession(owner)
    heard: list[Path] = []
    s.loaded.connect(lambda collection: heard.append(collection.root))
    try:
        s.open(folder, tmp_path / "first.json")
        qtbot.waitUntil(lambda: s._worker is not None and s._worker.isRunning(), timeout=TIMEOUT)
        stale = s._worker
        gate.set()
        assert stale.wait(TIMEOUT)   # done, its results posted to this thread and not yet delivered
        with qtbot.waitSignal(s.indexReady, timeout=TIMEOUT):
            s.open(second, tmp_path / "second.json")
        QCoreApplication.processEvents()
        assert heard == [second.resolve()]    # the first collection's scan was never taken for the second's
        assert [e.title for e in s.collection.entries] == ["Epsilon Paper", "Delta Paper"]
        assert s.index is not None and s.index.filter("epsilon") == [s.collection.entries[0].id]
    finally:
        gate.set()
        s.close()
