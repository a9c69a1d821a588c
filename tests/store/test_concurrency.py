"""Two stores on one file (two windows, or the window and the CLI): no update is ever lost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore

WRITER = textwrap.dedent("""
    import sys
    from paperdesk.store import AnnotationStore
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    interval = float(sys.argv[4]) if len(sys.argv) > 4 else 600.0
    store = AnnotationStore.open(path, backup_interval=interval)
    print("ready", flush=True)
    sys.stdin.readline()                      # start together
    for i in range(count):
        store.add_tag("shared-paper", f"{name}{i}")
        store.set_status(f"{name}-paper", "read" if i % 2 else "reading")
    store.close()
""")


@pytest.mark.parametrize("writers", [
    {"a": 600.0, "b": 600.0},
    {"a": 600.0, "b": 600.0, "c": 600.0, "d": 0.0},   # d rewrites, backs up and restarts the journal each time
], ids=["two", "four-one-folding-at-every-write"])
def test_processes_writing_the_same_document_lose_nothing(store_path: Path, writers: dict[str, float]) -> None:
    AnnotationStore.open(store_path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(store_path), name, "60", str(interval)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for name, interval in writers.items()
    ]
    for p in procs:
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        assert p.wait(timeout=60) == 0
    s = AnnotationStore.open(store_path)
    tags = s.tags("shared-paper")
    assert sorted(tags) == sorted(f"{name}{i}" for name in writers for i in range(60))
    assert all(len(s.status_history(f"{name}-paper")) == 60 for name in writers)
    s.close()


def test_a_stale_store_reloads_before_it_writes(store_path: Path) -> None:
    window = AnnotationStore.open(store_path)
    heard: list[tuple[str, str]] = []
    window.subscribe(lambda kind, key: heard.append((kind, key)))
    cli = AnnotationStore.open(store_path)
    cli.add_tag("p", "from-cli")
    cli.set_status("p", "read")
    cli.close()
    window.add_tag("p", "from-window")          # must not overwrite the CLI's changes
    assert window.tags("p") == ["from-cli", "from-window"]
    assert window.status("p") == "read"
    assert ("reload", "") in heard
    other = AnnotationStore.open(store_path)
    other.set_status("q", "reading")
    assert window.refresh() is True and window.status("q") == "reading"
    assert window.refresh() is False
    other.close()
    window.close()


def test_a_lock_held_too_long_gives_a_clear_error(store_path: Path) -> None:
    import pytest

    from paperdesk.errors import UserError
    from paperdesk.store.lock import StoreLock

    store = AnnotationStore.open(store_path, lock_timeout=0.2)
    holder = StoreLock(store_path)
    holder.acquire()               # another process in the middle of a very long write
    try:
        with pytest.raises(UserError, match="busy"):
            store.set_status("p", "read")
    finally:
        holder.release()
        holder.close()
    store.set_status("p", "read")  # works again once the lock is free
    assert store.status("p") == "read"
    store.close()


def test_appended_changes_and_paperdesk_rewrites_are_read_without_a_full_reload(
        store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.store import recovery

    AnnotationStore.open(store_path).close()
    AnnotationStore.open(store_path).close()    # takes the first backup (no journal restart later)
    window = AnnotationStore.open(store_path)
    window.add_tag("p", "first")
    reloads: list[Path] = []
    real = recovery.load_or_recover

    def spy(path: Path) -> recovery.Loaded:
        reloads.append(path)
        return real(path)

    monkeypatch.setattr(recovery, "load_or_recover", spy)
    cli = AnnotationStore.open(store_path)     # (its own open is one load)
    cli.add_tag("p", "cli-1")
    cli.set_status("p", "read")
    cli.close()                                # folds the journal into the snapshot
    assert window.refresh() is True
    assert window.tags("p") == ["first", "cli-1"] and window.status("p") == "read"
    assert reloads == [store_path]             # only the CLI's open read the whole file
    assert window._storage.pending_bytes() == 0   # nothing left for the window to fold in
    store_path.write_bytes(store_path.read_bytes())   # replaced by something else: read it again
    assert window.refresh() is True and len(reloads) == 2
    assert window.tags("p") == ["first", "cli-1"]
    window.close()
