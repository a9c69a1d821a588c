"""AnnotationStore.move_paper: one durable write, tombstones on the old key, and what a sync makes of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore
from paperdesk.store.line_merge import merge_bytes
from paperdesk.store.sync_file import sync_path

OLD, NEW = "file:resnet.md#resnet", "file:2016-resnet.md#resnet"
OLD_ID, NEW_ID = "oldid", "newid"
TEXT = "We present a residual learning framework to ease the training of deep networks."


def annotate(store: AnnotationStore) -> str:
    store.set_status(OLD, "read")
    store.add_tag(OLD, "cv")
    store.add_tag(OLD, "Classic")
    at = TEXT.index("residual learning")
    return store.add_highlight(OLD_ID, OLD, TEXT, at, at + len("residual learning"), note="idea").id


def view(store: AnnotationStore) -> dict[str, object]:
    """Everything a user sees of the two keys."""
    return {
        "old": (store.status(OLD), store.tags(OLD), [h.id for h in store.highlights(OLD_ID)]),
        "new": (store.status(NEW), store.tags(NEW), [(h.id, h.paper_key, h.note) for h in store.highlights(NEW_ID)]),
        "all": sorted((h.id, h.entry_id) for h in store.all_highlights()),
        "annotated": store.annotated_keys(),
    }


def test_move_is_one_write_with_notifications(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s.json") as store:
        hid = annotate(store)
        heard: list[tuple[str, str]] = []
        store.subscribe(lambda kind, key: heard.append((kind, key)))
        gen = store._storage.gen
        assert store.move_paper(OLD, NEW, {OLD_ID: NEW_ID}) is True
        assert store._storage.gen == gen + 1                   # one journal line
        assert view(store) == {"old": ("unread", [], []), "new": ("read", ["cv", "Classic"], [(hid, NEW, "idea")]),
                               "all": [(hid, NEW_ID)], "annotated": {NEW}}
        assert {("status", NEW), ("tags", NEW), ("highlight", NEW_ID), ("highlight", OLD_ID)} <= set(heard)
        assert store.status_history(NEW)[-1][1] == "read"
        assert store.move_paper(OLD, NEW, {OLD_ID: NEW_ID}) is False     # nothing left to move


def test_move_refuses_a_target_with_annotations(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s.json") as store:
        annotate(store)
        store.add_tag(NEW, "other")
        gen = store._storage.gen
        with pytest.raises(ValueError):
            store.move_paper(OLD, NEW, {OLD_ID: NEW_ID})
        assert store._storage.gen == gen and store.tags(OLD) == ["cv", "Classic"]


def synced(tmp_path: Path, name: str) -> Path:
    path = sync_path(tmp_path / name)
    path.parent.mkdir(parents=True)
    return path


def test_a_sync_with_a_device_that_has_the_old_key_keeps_the_move(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    path = synced(tmp_path, "a")
    with AnnotationStore.open(path) as store:
        hid = annotate(store)
    before = path.read_bytes()                  # what the other device still has
    with AnnotationStore.open(path) as store:
        store.move_paper(OLD, NEW, {OLD_ID: NEW_ID})
    after = path.read_bytes()
    for merged in (merge_bytes(after, before), merge_bytes(before, after)):
        path.write_bytes(merged)
        with AnnotationStore.open(path) as store:
            assert view(store) == {"old": ("unread", [], []),
                                   "new": ("read", ["cv", "Classic"], [(hid, NEW, "idea")]),
                                   "all": [(hid, NEW_ID)], "annotated": {NEW}}


def test_two_devices_making_the_same_move_converge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    path_a, path_b = synced(tmp_path, "a"), synced(tmp_path, "b")
    with AnnotationStore.open(path_a) as store:
        hid = annotate(store)
    path_b.write_bytes(path_a.read_bytes())
    with AnnotationStore.open(path_a) as store:
        store.move_paper(OLD, NEW, {OLD_ID: NEW_ID})
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "desktop")
    with AnnotationStore.open(path_b) as store:
        store.move_paper(OLD, NEW, {OLD_ID: NEW_ID})
        store.update_highlight(hid, note="idea, edited on the desktop")
    merged = merge_bytes(path_a.read_bytes(), path_b.read_bytes())
    assert merged == merge_bytes(path_b.read_bytes(), path_a.read_bytes())
    path_a.write_bytes(merged)
    with AnnotationStore.open(path_a) as store:
        assert view(store) == {"old": ("unread", [], []),
                               "new": ("read", ["cv", "Classic"], [(hid, NEW, "idea, edited on the desktop")]),
                               "all": [(hid, NEW_ID)], "annotated": {NEW}}


def test_an_edit_of_the_old_key_on_another_device_follows_the_move(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A tag added to the old key elsewhere, before that device saw the rename, is merged onto the
    old key; the old key says where it went (`moved_to`), so a following move joins it to the new."""
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    path_a, path_b = synced(tmp_path, "a"), synced(tmp_path, "b")
    with AnnotationStore.open(path_a) as store:
        hid = annotate(store)
    path_b.write_bytes(path_a.read_bytes())
    with AnnotationStore.open(path_a) as store:
        store.move_paper(OLD, NEW, {OLD_ID: NEW_ID})
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "desktop")
    with AnnotationStore.open(path_b) as store:
        store.add_tag(OLD, "later")
        store.add_tag(OLD, "cv")            # already there on this device: no change, the move's removal stands
        store.set_status(OLD, "reading")    # newer than the moved "read": it wins
    path_a.write_bytes(merge_bytes(path_a.read_bytes(), path_b.read_bytes()))
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    with AnnotationStore.open(path_a) as store:
        assert store.tags(OLD) == ["later"] and store.status(OLD) == "reading"
        assert store.moved_to(OLD) == NEW and OLD in store.annotated_keys()
        with pytest.raises(ValueError):
            store.move_paper(OLD, NEW, {OLD_ID: NEW_ID})                 # not without `follow`
        assert store.move_paper(OLD, NEW, {OLD_ID: NEW_ID}, follow=True) is True
        assert store.tags(NEW) == ["cv", "Classic", "later"] and store.status(NEW) == "reading"
        assert store.tags(OLD) == [] and store.annotated_keys() == {NEW}
        assert [h.id for h in store.highlights(NEW_ID)] == [hid]


def test_follow_needs_an_earlier_move(tmp_path: Path) -> None:
    with AnnotationStore.open(tmp_path / "s.json") as store:
        annotate(store)
        store.add_tag(NEW, "other")
        with pytest.raises(ValueError):
            store.move_paper(OLD, NEW, {OLD_ID: NEW_ID}, follow=True)
        assert store.tags(NEW) == ["other"] and store.tags(OLD) == ["cv", "Classic"]
