"""A tag held as lone surrogates (a store written under a non-UTF-8 locale, a sync file's "\\udce6"): the page still shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from window_fixtures import TIMEOUT, Harness, two_paper_folder

from paperdesk.collection import scan
from paperdesk.store import AnnotationStore

pytestmark = pytest.mark.gui

BROKEN_TAG = "\udce6\udc97\udca5"   # the bytes of 日 read by Python under LC_ALL=C without UTF-8 mode


def test_the_reader_shows_an_entry_whose_tag_is_not_encodable(qtbot, tmp_path: Path) -> None:
    folder = two_paper_folder(tmp_path)
    db = tmp_path / "store.json"
    first = scan(folder).entries[0]
    store = AnnotationStore.open(db)
    try:
        store.add_tag(first.paper_key, BROKEN_TAG)
        store.add_tag(first.paper_key, "kept")
    finally:
        store.close()
    harness = Harness(qtbot, folder, db, tmp_path / "window.ini")
    try:
        window = harness.open()                  # before: UnicodeEncodeError in render_page, no page
        if window.current_id != first.id:
            with qtbot.waitSignal(window.entryShown, timeout=TIMEOUT):
                window.show_entry(first.id)
        qtbot.waitUntil(lambda: "kept" in window.reader.plain_text or first.title in window.reader.plain_text,
                        timeout=TIMEOUT)
        assert first.title in window.reader.plain_text
    finally:
        harness.close_all()
