"""Faults of the store file: damage, loss, a full disk, a kill mid-recovery; nothing saved is lost."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore, recovery
from paperdesk.store import backups as bk
from paperdesk.store.schema import SCHEMA_VERSION
from paperdesk.store.storage import StoreReadOnly

TEXT = "Faults of the disk must never cost a change that paperdesk said it had saved, not one."


def kept(path: Path) -> list[Path]:
    return bk.kept_damaged(path)


def build_history(path: Path) -> tuple[list[str], list[str]]:
    """A store with a real backup (taken by the store itself) and changes journaled after it.

    Returns (highlight ids, tags) of every acknowledged write.
    """
    ids: list[str] = []
    tags: list[str] = []
    s = AnnotationStore.open(path, backup_interval=1e9)
    ids.append(s.add_highlight("e", "k", TEXT, 0, 10).id)
    s.close()
    s = AnnotationStore.open(path, backup_interval=0)    # a backup is due at once: taken at open
    assert bk.backups(path)
    s.close()
    s = AnnotationStore.open(path, backup_interval=1e9)
    for i in range(5):
        ids.append(s.add_highlight("e", "k", TEXT, i, i + 12).id)
        assert s.add_tag("k", f"t{i}")
        tags.append(f"t{i}")
    s.close()
    return ids, tags


def assert_everything(s: AnnotationStore, ids: list[str], tags: list[str]) -> None:
    assert sorted(h.id for h in s.all_highlights()) == sorted(ids)
    assert s.tags("k") == tags


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 3],
    "empty": lambda good: b"",
    "invalid-json": lambda good: b"{\"status\": {\"k\": nope}}",
    "wrong-shape": lambda good: b"[1, 2, 3]",
    "binary": lambda good: bytes(range(256)) * 4,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damage_restores_every_acknowledged_write(store_path: Path, damage: str) -> None:
    ids, tags = build_history(store_path)
    damaged = DAMAGE[damage](store_path.read_bytes())
    store_path.write_bytes(damaged)
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "restored" in s.recovered and "10 changes journaled" in s.recovered
    assert s.read_only is None
    assert_everything(s, ids, tags)
    assert [p.read_bytes() for p in kept(store_path)] == [damaged]   # kept byte for byte
    assert kept(store_path)[0].name in s.recovered
    ids.append(s.add_highlight("e", "k", TEXT, 1, 9).id)             # and it keeps working
    s.close()
    again = AnnotationStore.open(store_path)
    assert again.recovered is None
    assert_everything(again, ids, tags)
    again.close()


def test_a_missing_store_beside_its_backups_is_restored_not_started_empty(store_path: Path) -> None:
    ids, tags = build_history(store_path)
    store_path.unlink()
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "missing" in s.recovered
    assert_everything(s, ids, tags)
    s.close()


def test_a_missing_store_with_only_a_kept_damaged_copy_says_so(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"{damaged")
    AnnotationStore.open(store_path).close()
    for p in store_path.parent.iterdir():
        if ".damaged-" not in p.name:
            p.unlink()
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "no backup" in s.recovered      # never silently empty
    s.close()


def test_a_damaged_store_without_backups_comes_back_from_its_journal(store_path: Path) -> None:
    s = AnnotationStore.open(store_path, backup_interval=1e9)
    ids = [s.add_highlight("e", "k", TEXT, i, i + 5).id for i in range(3)]
    s.close()
    assert not bk.backups(store_path)
    store_path.write_bytes(b"")
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "journal" in s.recovered
    assert sorted(h.id for h in s.all_highlights()) == sorted(ids)
    s.close()


def test_a_gap_in_the_journal_is_reported(store_path: Path) -> None:
    s = AnnotationStore.open(store_path, backup_interval=0)      # every write: backup + new journal
    for i in range(3):
        s.add_tag("k", f"t{i}")
    s.close()
    newest = bk.backups(store_path)[0]
    newest.write_bytes(b"{unreadable")            # the backup the journal continues from is gone
    store_path.write_bytes(b"{unreadable")
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "missing" in s.recovered
    assert s.tags("k")                             # the older backup, not an empty store
    s.close()


def test_sigkill_during_recovery_restores_at_the_next_start(store_path: Path) -> None:
    ids, tags = build_history(store_path)
    store_path.write_bytes(b"{half")
    pid = os.fork()
    if pid == 0:   # child: dies right after the damaged file was kept aside, before the restore
        try:
            real = recovery.atomic_write_bytes

            def die(path: Path, data: bytes, **kw: bool) -> None:
                if Path(path) == store_path:
                    os.kill(os.getpid(), signal.SIGKILL)
                real(path, data, **kw)

            recovery.atomic_write_bytes = die
            AnnotationStore.open(store_path)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert len(kept(store_path)) == 1 and store_path.read_bytes() == b"{half"
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "restored" in s.recovered
    assert_everything(s, ids, tags)
    assert len(kept(store_path)) == 1               # the same damaged file is not kept twice
    s.close()


def test_restore_that_cannot_be_written_opens_read_only_then_restores_later(
        store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids, tags = build_history(store_path)
    damaged = b'{"highlights": 7}'
    store_path.write_bytes(damaged)
    real = recovery.atomic_write_bytes

    def full(path: Path, data: bytes, **kw: bool) -> None:
        if Path(path) == store_path:
            raise OSError(28, "No space left on device")
        real(path, data, **kw)

    monkeypatch.setattr(recovery, "atomic_write_bytes", full)
    s = AnnotationStore.open(store_path)
    assert s.read_only is not None and "disk is full" in s.read_only
    assert s.recovered is not None and "next start" in s.recovered
    assert_everything(s, ids, tags)                 # the restored state, shown read-only
    with pytest.raises(StoreReadOnly):
        s.add_tag("k", "lost")
    s.close()
    assert store_path.read_bytes() == damaged       # nothing was written over
    monkeypatch.undo()
    s = AnnotationStore.open(store_path)            # space again: not empty, restored
    assert s.read_only is None and s.recovered is not None
    assert_everything(s, ids, tags)
    assert [p.read_bytes() for p in kept(store_path)] == [damaged]
    s.close()


def test_a_write_refused_by_the_disk_raises_store_read_only_and_loses_nothing(
        store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.store import journal

    s = AnnotationStore.open(store_path)
    s.add_tag("k", "kept")
    heard: list[str] = []
    s.subscribe(lambda kind, key: heard.append(kind))

    def denied(_path: Path, _line: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(journal, "append", denied)
    with pytest.raises(StoreReadOnly, match="permission denied"):
        s.add_tag("k", "lost")
    assert s.read_only is not None and heard == ["access"]
    assert s.tags("k") == ["kept"]
    monkeypatch.undo()
    assert s.add_tag("k", "later")                  # writable again: the next change says so
    assert s.read_only is None and heard == ["access", "access", "tags"]
    s.close()
    again = AnnotationStore.open(store_path)
    assert again.tags("k") == ["kept", "later"]
    again.close()


def test_another_process_damaging_the_file_mid_session_is_recovered(store_path: Path) -> None:
    s = AnnotationStore.open(store_path)
    s.add_tag("k", "a")
    s.add_tag("k", "b")
    store_path.write_bytes(b"garbage written by something else")
    assert s.refresh()
    assert s.recovered is not None and s.tags("k") == ["a", "b"]
    assert [p.read_bytes() for p in kept(store_path)] == [b"garbage written by something else"]
    s.add_tag("k", "c")
    s.close()
    again = AnnotationStore.open(store_path)
    assert again.tags("k") == ["a", "b", "c"]
    again.close()


# --- real read-only files and folders, and a real full disk (root: chattr, tmpfs) -------------

def _chattr(path: Path, flag: str) -> bool:
    return os.system(f"chattr {flag} '{path}' 2>/dev/null") == 0


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable by a test; the flag is always removed again."""
    made: list[Path] = []
    yield made
    for path in made:
        _chattr(path, "-i")


def make_immutable(path: Path, made: list[Path]) -> None:
    if not _chattr(path, "+i"):
        pytest.skip("chattr +i is not available here (needs root and a file system with the flag)")
    made.append(path)


def test_an_immutable_store_file_opens_read_only(store_path: Path, immutable: list[Path]) -> None:
    s = AnnotationStore.open(store_path)
    s.add_tag("k", "kept")
    s.close()
    make_immutable(store_path, immutable)
    before = store_path.read_bytes()
    s = AnnotationStore.open(store_path)
    assert s.read_only is not None and "read-only" in s.read_only
    assert s.tags("k") == ["kept"]
    with pytest.raises(StoreReadOnly, match="read-only"):
        s.add_tag("k", "lost")
    assert s.tags("k") == ["kept"]
    _chattr(store_path, "-i")
    assert s.check_writable() is None
    assert s.add_tag("k", "later")
    s.close()
    assert store_path.read_bytes() != before
    again = AnnotationStore.open(store_path)
    assert again.tags("k") == ["kept", "later"]
    again.close()


def test_an_immutable_journal_mid_session_makes_the_store_read_only(store_path: Path, immutable: list[Path]) -> None:
    s = AnnotationStore.open(store_path)
    s.add_tag("k", "kept")
    make_immutable(store_path.with_name(store_path.name + ".journal"), immutable)
    with pytest.raises(StoreReadOnly):
        s.add_tag("k", "lost")
    assert s.read_only is not None and s.tags("k") == ["kept"]
    s.close()


def test_a_read_only_folder_opens_read_only(store_path: Path, immutable: list[Path]) -> None:
    s = AnnotationStore.open(store_path)
    s.add_tag("k", "kept")
    s.close()
    (store_path.with_name(store_path.name + ".lock")).unlink()    # and no lock file can be made
    make_immutable(store_path.parent, immutable)
    s = AnnotationStore.open(store_path)
    assert s.read_only is not None and "read-only" in s.read_only
    assert s.tags("k") == ["kept"]
    with pytest.raises(StoreReadOnly):
        s.set_status("k", "read")
    s.close()


def test_a_new_store_in_a_read_only_folder_opens_empty_and_read_only(tmp_path: Path, immutable: list[Path]) -> None:
    make_immutable(tmp_path, immutable)
    s = AnnotationStore.open(tmp_path / "notes.json")
    assert s.read_only is not None and s.all_highlights() == []
    with pytest.raises(StoreReadOnly):
        s.add_tag("k", "t")
    s.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.system(f"mount -t tmpfs -o size=256k tmpfs '{mount}' 2>/dev/null") != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        os.system(f"umount -l '{mount}'")   # lazy: an fd left open by a failed test must not pin it


def fill(folder: Path) -> Path:
    """Fill the disk holding `folder`; returns the filler file (delete it to free the space)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_refuses_the_write_and_keeps_everything(small_disk: Path) -> None:
    path = small_disk / "notes.json"
    s = AnnotationStore.open(path)
    done = [s.add_highlight("e", "k", TEXT, i % 40, i % 40 + 20).id for i in range(20)]
    filler = fill(small_disk)
    with pytest.raises(StoreReadOnly, match="disk is full"):
        for _ in range(10_000):
            done.append(s.add_highlight("e", "k", TEXT * 20, 0, 30, note="n" * 2000).id)
    assert s.read_only is not None and "disk is full" in s.read_only
    assert sorted(h.id for h in s.all_highlights()) == sorted(done)
    filler.unlink()
    done.append(s.add_highlight("e", "k", TEXT, 0, 9).id)     # space again: the store writes again
    assert s.read_only is None
    s.close()
    again = AnnotationStore.open(path)
    assert sorted(h.id for h in again.all_highlights()) == sorted(done)
    again.close()


def test_a_damaged_store_found_on_a_full_disk_is_restored_once_there_is_space(small_disk: Path) -> None:
    path = small_disk / "notes.json"
    ids, tags = build_history(path)
    path.write_bytes(b"{truncated")
    filler = fill(small_disk)
    s = AnnotationStore.open(path)
    assert s.read_only is not None
    assert_everything(s, ids, tags)                   # the newest good state, read-only
    s.close()
    filler.unlink()
    s = AnnotationStore.open(path)                    # the next start with space: not empty
    assert s.read_only is None and s.recovered is not None and "restored" in s.recovered
    assert_everything(s, ids, tags)
    assert [p.read_bytes() for p in kept(path)] == [b"{truncated"]
    s.close()


def test_a_folder_at_the_store_path_shows_its_backups_read_only(store_path: Path) -> None:
    ids, tags = build_history(store_path)
    store_path.unlink()
    store_path.mkdir()
    s = AnnotationStore.open(store_path)
    assert s.read_only is not None and "folder" in s.read_only and "backups" in s.read_only
    assert s.recovered is None
    assert_everything(s, ids, tags)
    with pytest.raises(StoreReadOnly, match="folder"):
        s.add_tag("k", "lost")
    s.close()
    assert store_path.is_dir() and not list(store_path.iterdir())


def test_a_journal_line_that_breaks_the_store_is_not_applied(store_path: Path) -> None:
    from paperdesk.store import journal

    s = AnnotationStore.open(store_path)
    s.add_tag("k", "kept")
    s.close()
    gen = s._storage.gen
    journal.append(journal.journal_path(store_path),
                   journal.encode(gen + 1, SCHEMA_VERSION, {"highlights": ({"x": {"id": "x"}}, [])}))
    s = AnnotationStore.open(store_path)
    assert s.recovered is not None and "journal could not be applied" in s.recovered
    assert s.tags("k") == ["kept"] and s.all_highlights() == []
    assert s.add_tag("k", "after")               # later changes are not lost behind the bad line
    s._lock.close()                              # (a crash: nothing folded at close)
    again = AnnotationStore.open(store_path)
    assert again.recovered is None and again.tags("k") == ["kept", "after"]
    again.close()
    kept_journal = list(store_path.parent.glob(store_path.name + ".journal.damaged-*"))
    assert len(kept_journal) == 1 and b'{"id":"x"}' in kept_journal[0].read_bytes()
    assert b"after" not in kept_journal[0].read_bytes()       # kept as found, not appended to
