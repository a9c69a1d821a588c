"""AnnotationStore API: status, tags, highlights, palette, searches, settings, notifications."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.store import PALETTE_COLORS, AnnotationStore, Highlight

TEXT = (
    "Contrastive learning pulls positive pairs together and pushes negatives apart. "
    "The temperature parameter controls how sharply the loss focuses on hard negatives. "
    "Large batches help because they provide more negatives per step."
)


def reopen(store: AnnotationStore) -> AnnotationStore:
    store.close()
    return AnnotationStore.open(store.path)


def test_status_defaults_changes_and_history(store: AnnotationStore) -> None:
    assert store.status("arxiv:1") == "unread"
    store.set_status("arxiv:1", "reading")
    store.set_status("arxiv:1", "reading")        # unchanged: no new history row
    store.set_status("arxiv:1", "read")
    again = reopen(store)
    assert again.status("arxiv:1") == "read"
    assert [s for _, s in again.status_history("arxiv:1")] == ["reading", "read"]
    times = [t for t, _ in again.status_history("arxiv:1")]
    assert times == sorted(times) and all(t.endswith("+00:00") for t in times)
    with pytest.raises(ValueError):
        again.set_status("arxiv:1", "skimmed")
    again.close()


def test_tags_unique_case_insensitively_with_display_case_kept(store: AnnotationStore) -> None:
    assert store.add_tag("p1", "  Contrastive   Learning ")
    assert not store.add_tag("p1", "contrastive learning")
    assert store.tags("p1") == ["Contrastive Learning"]
    assert store.add_tag("p2", "CONTRASTIVE LEARNING")       # the existing spelling wins
    assert store.tags("p2") == ["Contrastive Learning"]
    assert store.add_tag("p2", "RL")
    assert store.all_tags() == {"Contrastive Learning": 2, "RL": 1}
    assert store.remove_tag("p2", "rl") and not store.remove_tag("p2", "rl")
    assert store.papers_with_tag("contrastive learning") == ["p1", "p2"]
    with pytest.raises(ValueError):
        store.add_tag("p1", "   ")
    again = reopen(store)
    assert again.all_tags() == {"Contrastive Learning": 2}
    again.close()


def test_tag_colour_rename_and_merge(store: AnnotationStore) -> None:
    store.add_tag("p1", "rl")
    store.add_tag("p2", "rl")
    store.add_tag("p2", "Reinforcement Learning")
    store.add_tag("p3", "vision")
    store.set_tag_color("RL", "#ff0000")
    assert store.tag_color("rl") == "#ff0000"
    with pytest.raises(ValueError):
        store.set_tag_color("rl", "red")
    # merge: p2 has both, ends with one; the existing spelling of the target wins
    assert store.rename_tag("RL", "reinforcement learning") == 2
    assert store.tags("p1") == ["Reinforcement Learning"]
    assert store.tags("p2") == ["Reinforcement Learning"]
    assert store.all_tags() == {"Reinforcement Learning": 2, "vision": 1}
    assert store.tag_color("Reinforcement Learning") == "#ff0000"   # colour follows the rename
    assert store.tag_color("rl") is None
    # a case-only rename changes the display
    assert store.rename_tag("vision", "Vision") == 1
    assert store.all_tags() == {"Reinforcement Learning": 2, "Vision": 1}
    assert store.rename_tag("absent", "x") == 0
    store.set_tag_color("vision", None)
    again = reopen(store)
    assert again.tags("p2") == ["Reinforcement Learning"]
    assert again.tag_color("reinforcement learning") == "#ff0000"
    again.close()


def test_highlight_lifecycle_and_undo(store: AnnotationStore) -> None:
    start = TEXT.index("temperature")
    h = store.add_highlight("e1", "arxiv:1", TEXT, start, start + len("temperature parameter"), color=2)
    assert h.quote == "temperature parameter" and h.color == 2 and not h.orphan
    assert h.prefix == TEXT[start - 32:start] and h.suffix == TEXT[h.end:h.end + 32]
    assert store.highlights("e1") == [h] and store.highlights("e2") == []
    noted = store.update_highlight(h.id, note="key knob")
    assert noted.note == "key knob" and noted.color == 2 and noted.updated >= h.updated
    removed = store.remove_highlight(h.id)
    assert removed == noted and store.highlights("e1") == []
    store.restore_highlight(removed)                       # undo of remove: same id back
    assert store.highlights("e1") == [noted]
    store.restore_highlight(h)                             # undo of the note edit
    again = reopen(store)
    assert again.highlights("e1") == [h]
    assert again.all_highlights() == [h]
    with pytest.raises(KeyError):
        again.remove_highlight("nope")
    with pytest.raises(ValueError):
        again.add_highlight("e1", "k", TEXT, 5, 5)
    with pytest.raises(ValueError):
        again.add_highlight("e1", "k", TEXT, 0, 4, color=5)
    again.close()


def test_highlights_are_sorted_and_indexed_by_entry(store: AnnotationStore) -> None:
    b = store.add_highlight("e1", "k", TEXT, 100, 120)
    a = store.add_highlight("e1", "k", TEXT, 10, 30)
    c = store.add_highlight("e2", "k", TEXT, 10, 30)
    assert store.highlights("e1") == [a, b]
    assert store.highlights("e2") == [c]
    moved = Highlight(**{**c.to_doc(), "entry_id": "e1"})
    store.restore_highlight(moved)
    assert store.highlights("e2") == [] and len(store.highlights("e1")) == 3


def test_anchor_highlights_persists_moves_and_orphans(store: AnnotationStore) -> None:
    q1 = TEXT.index("temperature parameter")
    q2 = TEXT.index("Large batches help")
    h1 = store.add_highlight("e1", "k", TEXT, q1, q1 + len("temperature parameter controls"))
    h2 = store.add_highlight("e1", "k", TEXT, q2, q2 + len("Large batches help"))
    edited = "A new opening sentence was added. " + TEXT.replace(
        "Large batches help because they provide more negatives per step.", "Batch size is discussed later.")
    anchors = {a.highlight.id: a for a in store.anchor_highlights("e1", edited)}
    moved = anchors[h1.id]
    assert moved.method == "mapped" and edited[moved.start:moved.end] == "temperature parameter controls"
    assert moved.highlight.start == moved.start and not moved.highlight.orphan
    assert anchors[h2.id].method == "orphan" and anchors[h2.id].start is None
    again = reopen(store)
    stored = {h.id: h for h in again.highlights("e1")}
    assert stored[h1.id].start == moved.start             # rewritten selectors were persisted
    assert stored[h2.id].orphan and stored[h2.id].quote == "Large batches help"   # kept, not deleted
    assert [h.id for h in again.orphans()] == [h2.id]
    # unchanged text: offsets method, nothing rewritten
    assert {a.method for a in again.anchor_highlights("e1", edited)} == {"offsets", "orphan"}
    pos = edited.index("Batch size")
    relinked = again.relink_highlight(h2.id, edited, pos, pos + len("Batch size"))
    assert not relinked.orphan and relinked.quote == "Batch size" and relinked.id == h2.id
    assert again.orphans() == []
    again.close()


def test_palette_searches_settings(store: AnnotationStore) -> None:
    assert [c for c, _ in store.palette()] == list(PALETTE_COLORS)
    store.set_palette_meaning(1, "  key result ")
    assert store.palette()[1] == (PALETTE_COLORS[1], "key result")
    with pytest.raises(ValueError):
        store.set_palette_meaning(7, "x")
    store.save_search("to read", "status:unread tag:rl")
    store.save_search("to read", "status:unread")
    store.save_search("done", "status:read")
    store.delete_search("done")
    store.delete_search("never existed")
    store.set_setting("allow_remote_images", True)
    store.set_setting("auto_reading_seconds", 20)
    with pytest.raises(TypeError):
        store.set_setting("bad", object())
    again = reopen(store)
    assert again.palette()[1][1] == "key result"
    assert again.saved_searches() == {"to read": "status:unread"}
    assert again.setting("allow_remote_images") is True
    assert again.setting("auto_reading_seconds") == 20
    assert again.setting("missing", "dflt") == "dflt"
    again.close()


def test_subscribers_hear_each_committed_change(store: AnnotationStore) -> None:
    heard: list[tuple[str, str]] = []
    unsubscribe = store.subscribe(lambda kind, key: heard.append((kind, key)))
    store.subscribe(lambda kind, key: 1 / 0)   # a broken listener does not break the store
    store.set_status("p", "read")
    store.add_tag("p", "x")
    h = store.add_highlight("e", "p", TEXT, 0, 20)
    store.update_highlight(h.id, color=3)
    store.set_palette_meaning(0, "def")
    store.save_search("s", "q")
    store.set_setting("k", 1)
    store.add_tag("p", "X")   # no change: no notification
    assert heard == [("status", "p"), ("tags", "p"), ("highlight", "e"), ("highlight", "e"),
                     ("palette", "0"), ("search", "s"), ("setting", "k")]
    unsubscribe()
    store.set_status("p", "unread")
    assert len(heard) == 7


def test_store_file_is_created_at_open_and_closed_store_refuses_changes(store_path: Path) -> None:
    s = AnnotationStore.open(store_path)
    assert store_path.exists() and s.recovered is None
    s.close()
    with pytest.raises(RuntimeError):
        s.set_status("p", "read")


def test_a_failed_write_leaves_the_store_as_on_disk(store: AnnotationStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.store import journal
    from paperdesk.store.storage import StoreReadOnly

    store.add_tag("p", "kept")
    h = store.add_highlight("e", "p", TEXT, 0, 20)

    def full_disk(_path: Path, _line: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal, "append", full_disk)
    with pytest.raises(StoreReadOnly, match="disk is full"):
        store.add_tag("p", "lost")
    with pytest.raises(StoreReadOnly):
        store.remove_highlight(h.id)
    assert store.tags("p") == ["kept"] and store.highlights("e") == [h]
    monkeypatch.undo()
    store.add_tag("p", "later")
    again = reopen(store)
    assert again.tags("p") == ["kept", "later"] and again.highlights("e") == [h]
    again.close()
