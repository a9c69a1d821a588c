"""The kept first page (Qt-free): given back only for exactly the inputs it was saved with."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from paperdesk.gui.reader.page_render import PageRender, ShownPage
from paperdesk.gui.window import first_page
from paperdesk.gui.window.first_page import load_page, page_path, save_page
from paperdesk.render.math_marks import MathMark
from paperdesk.render.model import EntryHeader
from paperdesk.vocab import Status

HEADER = EntryHeader(title="Alpha Paper", year=2023, status=Status.READING, tags=("survey",),
                     tag_colors={"survey": "#aa3300"})
RENDER = PageRender(b"<html>alpha</html>", [MathMark(4, "x^2", False)], 1, None)


@pytest.fixture
def record(tmp_path: Path) -> Path:
    path = tmp_path / "coll.marshal"
    path.write_bytes(b"the record's bytes")
    return path


def test_a_kept_page_comes_back_for_the_same_inputs_only(record: Path) -> None:
    save_page(record, ShownPage("e1", HEADER, "light", False, RENDER))
    assert load_page(record, "e1", HEADER, "light", False) == RENDER
    assert load_page(record, "e2", HEADER, "light", False) is None      # another entry
    assert load_page(record, "e1", HEADER, "dark", False) is None       # another theme
    assert load_page(record, "e1", HEADER, "light", True) is None       # remote images now allowed
    for changed in ({"status": Status.READ}, {"tags": ("survey", "rl")}, {"tag_colors": {"survey": "#000000"}},
                    {"title": "Alpha Paper v2"}):
        assert load_page(record, "e1", dataclasses.replace(HEADER, **changed), "light", False) is None
    record.write_bytes(b"another record")                              # the note or its links changed
    assert load_page(record, "e1", HEADER, "light", False) is None


def test_other_rendering_code_gives_no_page(record: Path, monkeypatch) -> None:
    save_page(record, ShownPage("e1", HEADER, "light", False, RENDER))
    monkeypatch.setattr(first_page, "render_stamp", lambda: "another paperdesk")
    assert load_page(record, "e1", HEADER, "light", False) is None


def test_the_stamp_follows_the_rendering_sources(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "render.py"
    source.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(first_page, "_PAGE_SOURCES", (source,))
    before = first_page.render_stamp()
    assert first_page.render_stamp() == before
    source.write_text("A = 22\n", encoding="utf-8")
    assert first_page.render_stamp() != before


def test_the_stamp_follows_the_page_style_sheets(tmp_path: Path, monkeypatch) -> None:
    web = tmp_path / "web"
    web.mkdir()
    (web / "reader.css").write_text("body { color: #111; }\n", encoding="utf-8")
    monkeypatch.setattr(first_page, "_PAGE_SOURCES", (web,))
    before = first_page.render_stamp()
    (web / "reader.css").write_text("body { color: #222222; }\n", encoding="utf-8")
    assert first_page.render_stamp() != before


def test_a_damaged_page_file_gives_no_page(record: Path) -> None:
    save_page(record, ShownPage("e1", HEADER, "light", False, RENDER))
    good = page_path(record).read_bytes()
    for damaged in (b"", b"\x00junk", good[: len(good) // 2]):
        page_path(record).write_bytes(damaged)
        assert load_page(record, "e1", HEADER, "light", False) is None
    page_path(record).unlink()
    assert load_page(record, "e1", HEADER, "light", False) is None
