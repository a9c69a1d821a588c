"""The synced file's journal: writes are durable at once, folded into the file later, merged over a pull."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore
from paperdesk.store.journal import journal_path
from paperdesk.store.sync_file import LineStorage, sync_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_idle_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The idle timer never fires within a test (folds happen only at reload, open and close)."""
    monkeypatch.setattr(LineStorage, "fold_delay", 3600.0)


def write_and_die(path: Path, device: str, script: str) -> None:
    """Run `script` (with `store` open on `path`) in a child that exits without closing anything."""
    code = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from paperdesk.store import AnnotationStore
        from paperdesk.store.sync_file import LineStorage
        LineStorage.fold_delay = 3600.0
        store = AnnotationStore.open(Path({str(path)!r}))
    """) + textwrap.dedent(script) + "\nos._exit(0)\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAPERDESK_DEVICE_ID": device}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)


def test_a_write_returns_before_the_file_is_rewritten_and_the_fold_brings_it(tmp_path: Path, no_idle_fold: None) -> None:
    path = sync_path(tmp_path)
    with AnnotationStore.open(path) as store:
        before = path.read_bytes()
        store.add_tag("arxiv:1", "journaled")
        assert path.read_bytes() == before                  # the file waits for the fold...
        assert b"journaled" in journal_path(path).read_bytes()   # ...the journal holds the change
        assert store._core.fold()
        assert b"journaled" in path.read_bytes()
        assert not journal_path(path).exists()
        assert not store._core.fold()                        # nothing left to fold
        store.add_tag("arxiv:1", "at-close")
    assert b"at-close" in path.read_bytes()                  # close folds
    assert not journal_path(path).exists()


def test_the_idle_timer_folds_after_the_last_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(LineStorage, "fold_delay", 0.05)
    path = sync_path(tmp_path)
    with AnnotationStore.open(path) as store:
        store.add_tag("arxiv:1", "idle")
        timer = store._core._fold_timer
        assert timer is not None
        timer.join(timeout=60)
        assert not timer.is_alive()
        assert b"idle" in path.read_bytes()
        assert not journal_path(path).exists()


def test_an_acknowledged_write_survives_a_kill_and_is_folded_on_open(tmp_path: Path) -> None:
    path = sync_path(tmp_path)
    AnnotationStore.open(path).close()
    write_and_die(path, "laptop", """
        store.add_tag("arxiv:1", "survives")
        store.set_status("arxiv:1", "read")
    """)
    assert b"survives" not in path.read_bytes()             # killed before any fold
    with AnnotationStore.open(path) as store:
        assert store.tags("arxiv:1") == ["survives"]
        assert store.status("arxiv:1").value == "read"
        assert b"survives" in path.read_bytes()             # opening folded the journal in
        assert not journal_path(path).exists()


def test_a_file_replaced_under_unfolded_changes_keeps_both_sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    path = sync_path(laptop)
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    with AnnotationStore.open(path) as store:
        shared = store.add_highlight("e1", "arxiv:1", "some plain text here", 5, 10).id
    shutil.copytree(laptop, desktop)
    # the laptop edits, journaled only, then dies
    write_and_die(path, "laptop", f"""
        store.add_tag("arxiv:1", "mine")
        store.update_highlight({shared!r}, note="older note")
        store.add_highlight("e1", "arxiv:1", "some plain text here", 0, 4)
    """)
    # the desktop edits later; its file then replaces the laptop's, as a fast-forward `git pull` does
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "desktop")
    with AnnotationStore.open(sync_path(desktop)) as other:
        other.add_tag("arxiv:1", "theirs")
        other.update_highlight(shared, note="newer note")
    pulled = path.with_name("pulled.tmp")
    shutil.copyfile(sync_path(desktop), pulled)
    os.replace(pulled, path)
    assert journal_path(path).exists()
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    with AnnotationStore.open(path) as store:
        assert sorted(store.tags("arxiv:1")) == ["mine", "theirs"]
        highlight = store.highlight(shared)
        assert highlight is not None and highlight.note == "newer note"   # the pull's newer edit stays
        assert len(store.all_highlights()) == 2                           # the laptop's new one too
    text = path.read_bytes()
    assert b"mine" in text and b"theirs" in text and b"newer note" in text and b"older note" not in text


def test_a_reload_after_a_replace_merges_the_journal_and_folds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               no_idle_fold: None) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    path = sync_path(laptop)
    AnnotationStore.open(path).close()
    shutil.copytree(laptop, desktop)
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    with AnnotationStore.open(path) as store:
        store.add_tag("arxiv:1", "mine")
        monkeypatch.setenv("PAPERDESK_DEVICE_ID", "desktop")
        with AnnotationStore.open(sync_path(desktop)) as other:
            other.add_tag("arxiv:1", "theirs")
        pulled = path.with_name("pulled.tmp")
        shutil.copyfile(sync_path(desktop), pulled)
        os.replace(pulled, path)
        assert not store._core.fold()                       # the idle fold never writes over a pull
        assert store.refresh()
        assert sorted(store.tags("arxiv:1")) == ["mine", "theirs"]
        text = path.read_bytes()
        assert b"mine" in text and b"theirs" in text         # folded right after the reload
        assert not journal_path(path).exists()
