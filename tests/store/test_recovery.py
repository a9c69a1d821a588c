"""Damaged store files: kept aside, newest good state (backup + journal) restored, the user told."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore
from paperdesk.store import backups as bk
from paperdesk.store.storage import StoreReadOnly

TEXT = "A sentence long enough to highlight something inside it for the recovery tests here."


def make_store_with_backups(path: Path, rounds: int) -> list[str]:
    """Each round adds one highlight; a backup is taken after every round but the last.

    Returns the highlight ids in order; the newest backup therefore lacks the last one, which
    only the journal holds.
    """
    ids = []
    for i in range(rounds):
        s = AnnotationStore.open(path, backup_interval=1e9)
        ids.append(s.add_highlight("e", "k", TEXT, 2, 10).id)
        s.close()
        if i < rounds - 1:
            bk.make_backup(path, path.read_bytes())
    return ids


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "wrong-shape", "bad-highlight"])
def test_damaged_file_is_kept_aside_and_newest_backup_restored(store_path: Path, damage: str) -> None:
    ids = make_store_with_backups(store_path, 4)
    good = store_path.read_bytes()
    damaged = {
        "truncate": good[: len(good) // 2],
        "garbage": b"\x00\xff\xfe garbage",
        "empty": b"",
        "wrong-shape": b'{"highlights": [1, 2, 3]}',
        "bad-highlight": b'{"meta":{"schema":{"version":2}},"highlights":{"x":{"id":"x"}}}',
    }[damage]
    store_path.write_bytes(damaged)
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "restored" in s.recovered
    aside = [p for p in store_path.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged        # kept, byte for byte
    assert aside[0].name in s.recovered
    # the newest backup was made before the 4th highlight was added: the journal brings it back
    assert sorted(h.id for h in s.all_highlights()) == sorted(ids)
    s.add_highlight("e", "k", TEXT, 3, 12)       # the restored store is writable
    s.close()
    again = AnnotationStore.open(store_path)
    assert again.recovered is None and len(again.all_highlights()) == 5
    again.close()


def test_damaged_store_without_its_journal_restores_the_newest_backup(store_path: Path) -> None:
    ids = make_store_with_backups(store_path, 4)
    store_path.write_bytes(b"{broken")
    store_path.with_name(store_path.name + ".journal").unlink()
    s = AnnotationStore.open(store_path)
    assert s.recovered and "restored" in s.recovered
    assert sorted(h.id for h in s.all_highlights()) == sorted(ids[:3])
    s.close()


def test_unreadable_newest_backup_falls_back_to_an_older_one(store_path: Path) -> None:
    ids = make_store_with_backups(store_path, 3)
    newest = bk.backups(store_path)[0]
    newest.write_bytes(b"{broken")
    store_path.write_bytes(b"{also broken")
    s = AnnotationStore.open(store_path)
    # the journal (never reset by these hand-made backups) carries the older backup forward
    assert s.recovered and sorted(h.id for h in s.all_highlights()) == sorted(ids)
    assert newest.read_bytes() == b"{broken"     # a bad backup is skipped, not deleted
    s.close()


def test_no_readable_backup_starts_empty_and_says_so(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"not json at all")
    s = AnnotationStore.open(store_path)
    assert s.recovered and "no backup" in s.recovered and s.all_highlights() == []
    s.close()
    # a second damage gets its own name: the first damaged copy is never overwritten
    store_path.write_bytes(b"second damage")
    AnnotationStore.open(store_path).close()
    kept = sorted(p.read_bytes() for p in store_path.parent.iterdir() if ".damaged-" in p.name)
    assert kept == [b"not json at all", b"second damage"]


def test_backups_rotate_and_respect_the_interval(store_path: Path) -> None:
    for _ in range(5):
        s = AnnotationStore.open(store_path, backup_interval=0)   # a backup at every open and write
        s.add_tag("k", "t")
        s.close()
    assert len(bk.backups(store_path)) == bk.KEEP_BACKUPS
    count = len(list(store_path.parent.iterdir()))
    s = AnnotationStore.open(store_path)   # default interval: a backup was just made, none now
    s.set_status("k", "read")
    s.close()
    assert len(list(store_path.parent.iterdir())) == count


def test_backup_made_during_a_session_after_the_interval(store_path: Path) -> None:
    s = AnnotationStore.open(store_path, backup_interval=0)
    before = len(bk.backups(store_path))
    s.set_status("k", "read")
    newest = bk.backups(store_path)[0]
    assert len(bk.backups(store_path)) >= min(before + 1, bk.KEEP_BACKUPS)
    assert newest.read_bytes() == store_path.read_bytes()
    s.close()


def test_stale_temporary_files_are_removed_at_open(store_path: Path) -> None:
    AnnotationStore.open(store_path).close()
    tmp = store_path.with_name(f".{store_path.name}.abc123.tmp")
    tmp.write_bytes(b"half a write")
    AnnotationStore.open(store_path).close()
    assert not tmp.exists()


def test_newer_schema_opens_read_only_and_is_left_untouched(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    content = b'{"meta":{"schema":{"version":99}},"tags":{"k":{"tags":["future"]}},"highlights":{}}'
    store_path.write_bytes(content)
    s = AnnotationStore.open(store_path)
    assert s.read_only is not None and "made by a newer paperdesk" in s.read_only
    assert s.recovered is None                         # one message: the read-only reason
    assert s.tags("k") == ["future"]                   # what this version can read is shown
    with pytest.raises(StoreReadOnly, match="newer paperdesk"):
        s.add_tag("k", "mine")
    s.close()
    assert store_path.read_bytes() == content
    assert not [p for p in store_path.parent.iterdir() if ".damaged-" in p.name or ".journal" in p.name]


def test_store_path_that_is_a_folder_opens_read_only(tmp_path: Path) -> None:
    s = AnnotationStore.open(tmp_path)
    assert s.read_only is not None and "folder" in s.read_only
    with pytest.raises(StoreReadOnly):
        s.set_status("k", "read")
    s.close()
    assert os.path.isdir(tmp_path)


def test_unreadable_file_opens_read_only_not_as_damage(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    AnnotationStore.open(store_path).close()
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == store_path:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    s = AnnotationStore.open(store_path)
    assert s.read_only is not None and "cannot read" in s.read_only
    with pytest.raises(StoreReadOnly):
        s.add_tag("k", "t")
    s.close()
    assert not [p for p in store_path.parent.iterdir() if ".damaged-" in p.name]
    assert store_path.exists()


def test_journal_written_under_an_older_schema_is_migrated_with_the_file(
        store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.store import recovery, schema

    now = schema.SCHEMA_VERSION                  # today's schema plays "the older one" here
    s = AnnotationStore.open(store_path)
    s.add_tag("k", "in-snapshot")
    s.close()                                    # folded into the snapshot
    s = AnnotationStore.open(store_path)
    s.add_tag("k", "only-journaled")             # a journal line newer than the snapshot
    s._lock.close()                              # gone without folding (a crash)

    def bump(old: schema.Data) -> schema.Data:
        new = {name: dict(table) for name, table in old.items()}
        new["meta"] = {**old.get("meta", {}), "schema": {"version": now + 1}}
        new["tags"] = {k: {"tags": [t.upper() for t in d["tags"]]} for k, d in old["tags"].items()}
        return new

    monkeypatch.setattr(schema, "SCHEMA_VERSION", now + 1)
    monkeypatch.setattr(recovery, "SCHEMA_VERSION", now + 1)
    monkeypatch.setitem(schema.MIGRATIONS, now, bump)
    loaded = recovery.load_or_recover(store_path)
    assert loaded.data["tags"]["k"]["tags"] == ["IN-SNAPSHOT", "ONLY-JOURNALED"]
    assert loaded.data["meta"]["schema"]["version"] == now + 1
    assert [p for p in store_path.parent.iterdir() if f".schema{now}-" in p.name]   # the older file kept
