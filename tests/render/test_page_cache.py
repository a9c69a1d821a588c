"""The on-disk page cache: keys that change with what the page is made of, one page per collection, damage is a miss."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from paperdesk.collection.model import Entry
from paperdesk.render.model import EntryHeader
from paperdesk.render.page_cache import MAGIC, PageCache, page_key, renderer_version


def _entry(body: str = "## A paper (2020)\n\nSome text.\n") -> Entry:
    return Entry(id="a", title="A paper", category="ML", year=2020, year_source="heading", paper_key="k",
                 source="a.md", lines=(1, 3), body=body, links=(), short_name=None, venue=None, note_tags=(),
                 images=())


HEADER = EntryHeader(title="A paper", status="reading", tags=("x",), tag_colors={"x": "#ff0000"})


def test_the_key_is_stable_and_changes_with_each_thing_the_page_is_made_of() -> None:
    entry = _entry()
    key = page_key(entry, HEADER, "light", False)
    assert key == page_key(_entry(), EntryHeader(title="A paper", status="reading", tags=("x",),
                                                 tag_colors={"x": "#ff0000"}), "light", False)
    others = {
        page_key(_entry("## A paper (2020)\n\nOther text.\n"), HEADER, "light", False),
        page_key(dataclasses.replace(entry, source="b.md"), HEADER, "light", False),
        page_key(dataclasses.replace(entry, title="Renamed"), HEADER, "light", False),
        page_key(entry, dataclasses.replace(HEADER, status="read"), "light", False),
        page_key(entry, dataclasses.replace(HEADER, tag_colors={"x": "#00ff00"}), "light", False),
        page_key(entry, None, "light", False),
        page_key(entry, HEADER, "dark", False),
        page_key(entry, HEADER, "light", True),
    }
    assert key not in others and len(others) == 8


def test_renderer_version_is_a_digest_of_the_render_code() -> None:
    assert renderer_version() == renderer_version()
    assert len(renderer_version()) == 64


def test_a_saved_page_comes_back_under_its_key_only(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages")
    root = tmp_path / "notes"
    root.mkdir()
    page = "<!DOCTYPE html><p>ünïcode ✓</p>\n".encode()
    cache.save(root, "k1", page)
    assert cache.load(root, "k1") == page
    assert cache.load(root, "k2") is None
    cache.save(root, "k2", b"<p>second</p>")   # one page per collection: the last one shown
    assert cache.load(root, "k1") is None
    assert cache.load(root, "k2") == b"<p>second</p>"


def test_each_collection_keeps_its_own_page(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages")
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    cache.save(one, "k", b"one")
    cache.save(two, "k", b"two")
    assert (cache.load(one, "k"), cache.load(two, "k")) == (b"one", b"two")


@pytest.mark.parametrize("content", [b"", b"garbage\n<p>x</p>", MAGIC + b"k", MAGIC + b"other\n<p>x</p>", b"\xff" * 300])
def test_a_damaged_or_foreign_file_is_a_miss(tmp_path: Path, content: bytes) -> None:
    cache = PageCache(tmp_path / "pages")
    root = tmp_path / "notes"
    root.mkdir()
    cache.save(root, "k", b"<p>x</p>")
    file = next((tmp_path / "pages").iterdir())
    file.write_bytes(content)
    assert cache.load(root, "k") is None


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "pages"
    blocker.write_text("a file where the folder should be")
    cache = PageCache(blocker)
    cache.save(tmp_path, "k", b"<p>x</p>")   # logged, not raised
    assert cache.load(tmp_path, "k") is None
