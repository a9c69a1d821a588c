"""The last-entry record (Qt-free): rebuilt from the note as it is now, refused when stale or tampered."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from paperdesk.collection import Collection, Entry, scan
from paperdesk.gui.reader.page_render import render_page
from paperdesk.gui.window.last_entry import Preview, load_preview, record_path, save_record

NOTES = """## Methods

### 2023 - [Alpha Paper](https://arxiv.org/abs/2301.00001)

Alpha studies attention heads, see [the survey](survey.md#scope).

### 2022 - [Beta Paper](https://arxiv.org/abs/2201.00002)

Beta is about scaling laws for language models.
"""
SURVEY = "# A Survey of Heads\n\n## Scope\n\nWhat the survey covers.\n"


def same_page(preview: Preview, entry: Entry, collection: Collection) -> bool:
    """Whether `entry` of `collection` renders to the page of the preview's entry in its collection."""
    return render_page(preview.entry, preview.collection, None, "light", False) == \
        render_page(entry, collection, None, "light", False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "coll"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "notes.md").write_text(NOTES, encoding="utf-8")
    (root / "sub" / "survey.md").write_text(SURVEY, encoding="utf-8")
    (root / "other.md").write_text("# Other Paper\n\nUnrelated.\n", encoding="utf-8")
    return root


def test_the_record_gives_back_the_entry_with_the_files_its_text_names(folder: Path) -> None:
    collection = scan(folder, use_cache=False)
    alpha = next(e for e in collection.entries if e.title == "Alpha Paper")
    save_record(folder, collection, alpha)
    preview = load_preview(folder)
    assert preview is not None and preview.entry == alpha   # every field, the body read afresh
    assert sorted(preview.collection.files) == ["sub/notes.md", "sub/survey.md"]   # not other.md
    survey = next(e for e in collection.entries if e.source == "sub/survey.md")
    assert {e.id for e in preview.collection.entries} == {alpha.id, survey.id} | {
        e.id for e in collection.entries if e.source == "sub/notes.md"}
    assert same_page(preview, alpha, collection)   # its link resolves as in the full collection


def test_a_note_changed_since_gives_no_preview(folder: Path) -> None:
    collection = scan(folder, use_cache=False)
    beta = next(e for e in collection.entries if e.title == "Beta Paper")
    save_record(folder, collection, beta)
    notes = folder / "sub" / "notes.md"
    notes.write_text(NOTES.replace("scaling laws", "scaling rules"), encoding="utf-8")
    assert load_preview(folder) is None
    notes.write_text(NOTES, encoding="utf-8")      # the same text again (a new mtime): usable again
    assert load_preview(folder) is not None
    notes.unlink()
    assert load_preview(folder) is None


def test_a_changed_link_target_or_entry_makes_the_page_differ(folder: Path) -> None:
    collection = scan(folder, use_cache=False)
    alpha = next(e for e in collection.entries if e.title == "Alpha Paper")
    save_record(folder, collection, alpha)
    preview = load_preview(folder)
    assert preview is not None
    (folder / "sub" / "survey.md").unlink()     # the link now goes nowhere
    rescanned = scan(folder, use_cache=False)
    assert not same_page(preview, rescanned.entry(alpha.id), rescanned)
    other = next(e for e in collection.entries if e.title == "Beta Paper")
    assert not same_page(preview, other, collection)


def test_a_damaged_or_tampered_record_is_ignored(folder: Path, tmp_path: Path) -> None:
    collection = scan(folder, use_cache=False)
    alpha = next(e for e in collection.entries if e.title == "Alpha Paper")
    save_record(folder, collection, alpha)
    path = record_path(folder)
    good = path.read_bytes()
    for damaged in (b"", b"\x00garbage", good[: len(good) // 2]):
        path.write_bytes(damaged)
        assert load_preview(folder) is None
    secret = tmp_path / "secret.md"     # outside the collection, with the text the record's digests match
    secret.write_text(NOTES, encoding="utf-8")
    record = list(marshal.loads(good))
    fields = list(record[4])
    for outside in ("../secret.md", "/" + str(secret).lstrip("/"), "sub/../../secret.md"):
        fields[6] = outside
        record[4], record[5] = tuple(fields), (*record[5], outside)
        path.write_bytes(marshal.dumps(tuple(record)))
        assert load_preview(folder) is None     # never a file outside the collection
    (folder / "sub" / "link.md").symlink_to(secret)
    fields[6] = "sub/link.md"
    record[4], record[5] = tuple(fields), (*record[5], "sub/link.md")
    path.write_bytes(marshal.dumps(tuple(record)))
    assert load_preview(folder) is None         # nor through a link that leads out of it
    path.write_bytes(good)
    assert load_preview(folder.parent / "elsewhere") is None   # another collection's name
