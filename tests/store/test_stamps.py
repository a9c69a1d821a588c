"""Change stamps in the store: every change is stamped per field, deletions leave tombstones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore
from paperdesk.store.hlc import is_stamp
from paperdesk.store.schema import SCHEMA_VERSION

TEXT = "Attention lets every token look at every other token in one step."


def raw(path: Path) -> dict:
    """The store file as JSON (current once the store is closed: writes go to its journal first)."""
    return json.loads(path.read_bytes())


def docs(store: AnnotationStore) -> dict:
    """The documents as the store holds them (what its next snapshot writes)."""
    return store._storage.read()


def test_a_note_edit_stamps_only_the_note(store: AnnotationStore, store_path: Path) -> None:
    h = store.add_highlight("e", "k", TEXT, 0, 9)
    before = docs(store)["highlights"][h.id]["_s"]
    assert set(before) == {"origin", "anchor", "color", "note", "deleted"} and all(map(is_stamp, before.values()))
    store.update_highlight(h.id, note="why")
    after = docs(store)["highlights"][h.id]["_s"]
    assert after["note"] > before["note"]
    assert {k: v for k, v in after.items() if k != "note"} == {k: v for k, v in before.items() if k != "note"}


def test_deleted_highlight_is_a_tombstone_without_text(store: AnnotationStore, store_path: Path) -> None:
    h = store.add_highlight("e", "k", TEXT, 0, 9, note="secret note")
    store.remove_highlight(h.id)
    doc = docs(store)["highlights"][h.id]
    assert doc["deleted"] is True and doc["quote"] == "" and doc["note"] == "" and doc["prefix"] == ""
    assert store.highlight(h.id) is None and store.highlights("e") == [] and store.all_highlights() == []
    with pytest.raises(KeyError):
        store.update_highlight(h.id, note="x")               # a deleted highlight cannot be edited
    store.restore_highlight(h)                                   # undo
    assert store.highlight(h.id) == h and docs(store)["highlights"][h.id]["deleted"] is False


def test_removed_tags_colours_and_searches_leave_tombstones(store: AnnotationStore, store_path: Path) -> None:
    store.add_tag("k", "ml")
    store.add_tag("k", "rl")
    store.remove_tag("k", "ML")
    store.set_tag_color("rl", "#112233")
    store.set_tag_color("rl", None)
    store.save_search("mine", "tag:rl")
    store.delete_search("mine")
    data = docs(store)
    assert data["tags"]["k"]["tags"] == ["rl"]
    assert data["tags"]["k"]["_tags"]["ml"] == {"tag": "ml", "on": False}
    assert data["tag_colors"]["rl"]["color"] is None and store.tag_color("rl") is None
    assert data["searches"]["mine"]["query"] is None and store.saved_searches() == {}
    store.remove_tag("k", "rl")
    assert store.tags("k") == [] and store.all_tags() == {} and "k" in docs(store)["tags"]


def test_rename_tag_moves_the_colour_and_keeps_the_rest(store: AnnotationStore) -> None:
    store.add_tag("a", "old")
    store.add_tag("a", "keep")
    store.add_tag("b", "old")
    store.set_tag_color("old", "#aabbcc")
    assert store.rename_tag("old", "New") == 2
    assert store.tags("a") == ["keep", "New"] and store.tags("b") == ["New"]
    assert store.tag_color("new") == "#aabbcc" and store.tag_color("old") is None
    assert store.rename_tag("new", "NEW") == 2 and store.tags("b") == ["NEW"]


def test_stamps_grow_past_what_was_loaded(store_path: Path) -> None:
    with AnnotationStore.open(store_path) as store:
        store.set_status("k", "read")
    data = raw(store_path)
    future = "9999999999999-0000-elsewhere"
    data["status"]["k"]["_s"]["status"] = future         # another machine's clock far ahead
    store_path.write_text(json.dumps(data))
    with AnnotationStore.open(store_path) as store:
        store.set_status("k", "reading")
    assert raw(store_path)["status"]["k"]["_s"]["status"] > future


V2 = {
    "meta": {"schema": {"version": 2, "created": "2025-05-05T00:00:00+00:00"}},
    "status": {"k": {"status": "read", "history": [["2025-05-06T00:00:00+00:00", "read"]]}},
    "tags": {"k": {"tags": ["b-tag", "A-tag"]}},
    "tag_colors": {"a-tag": {"tag": "A-tag", "color": "#010203"}},
    "highlights": {"h1": {"id": "h1", "entry_id": "e", "paper_key": "k", "color": 1, "note": "n", "quote": "Attention",
                          "prefix": "", "suffix": " lets", "start": 0, "end": 9, "text_hash": "", "created": "",
                          "updated": "2025-05-07T00:00:00+00:00", "orphan": False}},
    "palette": {"0": {"meaning": "method"}}, "searches": {"s": {"query": "q"}}, "settings": {"x": {"value": 1}},
}


def test_v2_store_is_migrated_with_stamps_and_kept_aside(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_text(json.dumps(V2))
    with AnnotationStore.open(store_path) as store:
        assert store.tags("k") == ["b-tag", "A-tag"]              # order kept
        assert store.status("k") == "read" and store.highlight("h1").note == "n"
        assert store.tag_color("a-tag") == "#010203" and store.saved_searches() == {"s": "q"}
        store.add_tag("k", "c")
        assert store.tags("k") == ["b-tag", "A-tag", "c"]
    data = raw(store_path)
    assert data["meta"]["schema"]["version"] == SCHEMA_VERSION == 3
    assert data["meta"]["schema"]["migrated_from"] == 2
    assert data["highlights"]["h1"]["deleted"] is False
    assert data["highlights"]["h1"]["_s"]["note"].startswith("1746576000000-")   # its own `updated` time
    assert data["status"]["k"]["_s"]["status"].startswith("1746489600000-")
    kept = [p for p in store_path.parent.iterdir() if ".schema2-" in p.name]
    assert len(kept) == 1 and json.loads(kept[0].read_bytes()) == V2
