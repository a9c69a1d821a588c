"""Two real Git clones with sync on: random annotation work, merged both ways by `git pull`."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore
from paperdesk.store.sync_file import LineStorage, has_conflict_markers, sync_path
from paperdesk.store.sync_setup import enable_sync

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PAPERS = [
    ("Sparse Mixture Routing", "2101.00001", "Experts are picked per token by a learned router. Load balancing keeps them busy."),
    ("Contrastive Image Pairs", "2101.00002", "Two views of one image attract while other images repel in the batch."),
    ("Reward Models Revisited", "2101.00003", "Preference data trains a scorer; the policy then climbs that score with care."),
    ("Graph Message Passing", "2101.00004", "Nodes exchange vectors with neighbours for several rounds before pooling."),
    ("Diffusion From Scratch", "2101.00005", "Noise is added step by step and a network learns to undo each step."),
]
TAGS = ["ml", "RL", "vision", "graphs", "to-read", "Favourite"]


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git with a local identity and paperdesk importable for the merge driver."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


@dataclass
class Replica:
    """One clone, its device id and what was done there."""

    root: Path
    device: str


@dataclass
class History:
    """Every operation, in the order it ran, with the round and the clone that ran it."""

    deleted: set[str] = field(default_factory=set)
    made: dict[str, str] = field(default_factory=dict)
    tag_ops: dict[tuple[str, str], list[tuple[int, str, bool]]] = field(default_factory=dict)
    status_ops: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    note_ops: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)


def make_remote(tmp: Path) -> tuple[Path, Path]:
    """A bare remote and a first clone holding the notes."""
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(remote))
    first = tmp / "laptop"
    git(tmp, "clone", "-q", str(remote), str(first))
    text = "\n\n".join(f"# {title}\n\n**Link**: https://arxiv.org/abs/{num}\n\n{body}" for title, num, body in PAPERS)
    (first / "papers.md").write_text(text + "\n", encoding="utf-8")
    git(first, "add", "-A")
    git(first, "commit", "-q", "-m", "notes")
    git(first, "push", "-q", "origin", "HEAD:main")
    return remote, first


def setup_clones(tmp: Path, monkeypatch: pytest.MonkeyPatch, driver: bool) -> tuple[Replica, Replica]:
    """Two clones with sync on; the second registers the driver only when `driver`."""
    remote, first = make_remote(tmp)
    command = f"{sys.executable} -m paperdesk"
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "laptop")
    enable_sync(first, driver_command=command)
    git(first, "config", "pull.rebase", "false")
    git(first, "add", "-A")
    git(first, "commit", "-q", "-m", "sync on")
    git(first, "push", "-q", "origin", "HEAD:main")
    second = tmp / "desktop"
    git(tmp, "clone", "-q", str(remote), str(second))
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "desktop")
    enable_sync(second, driver_command=command)
    git(second, "config", "pull.rebase", "false")
    if not driver:
        for clone in (first, second):
            git(clone, "config", "--remove-section", "merge.paperdesk")
    assert git(second, "status", "--porcelain").stdout == ""     # nothing to commit: the same file
    return Replica(first, "laptop"), Replica(second, "desktop")


def random_work(replica: Replica, history: History, rng: random.Random, round_no: int, n: int,
                monkeypatch: pytest.MonkeyPatch) -> None:
    """Run `n` random tag/untag/status/highlight/edit/delete operations through the store API."""
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", replica.device)
    collection = scan(replica.root, use_cache=False)
    texts = {e.id: render_entry(e, collection).text for e in collection.entries}
    with AnnotationStore.open(sync_path(replica.root)) as store:
        for _ in range(n):
            entry = rng.choice(collection.entries)
            op = rng.random()
            live = store.all_highlights()
            if op < 0.3:
                tag, on = rng.choice(TAGS), rng.random() < 0.65
                (store.add_tag if on else store.remove_tag)(entry.paper_key, tag)
                history.tag_ops.setdefault((entry.paper_key, tag.casefold()), []).append((round_no, replica.device, on))
            elif op < 0.45:
                status = rng.choice(["unread", "reading", "read"])
                store.set_status(entry.paper_key, status)
                history.status_ops.setdefault(entry.paper_key, []).append((round_no, replica.device, status))
            elif op < 0.75 or not live:
                text = texts[entry.id]
                start = rng.randrange(0, len(text) - 12)
                h = store.add_highlight(entry.id, entry.paper_key, text, start, start + rng.randrange(4, 12),
                                        color=rng.randrange(5), note=rng.choice(["", "check", "why?"]))
                history.made[h.id] = h.quote
                history.note_ops[h.id] = [(round_no, replica.device, h.note)]
            elif op < 0.88:
                h = rng.choice(live)
                note = f"{replica.device} {round_no} {rng.randrange(100)}"
                store.update_highlight(h.id, note=note, color=rng.randrange(5))
                history.note_ops[h.id].append((round_no, replica.device, note))
            else:
                h = rng.choice(live)
                store.remove_highlight(h.id)
                history.deleted.add(h.id)


def exchange(a: Replica, b: Replica, round_no: int, driver: bool, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """a pushes, b pulls (merging) and pushes, a pulls; returns repair messages met on the way."""
    messages: list[str] = []
    for replica in (a, b):
        git(replica.root, "add", "-A")
        git(replica.root, "commit", "-q", "-m", f"round {round_no} on {replica.device}")
    git(a.root, "push", "-q", "origin", "HEAD:main")
    pulled = git(b.root, "pull", "-q", "--no-edit", "origin", "main", check=False)
    if driver:
        assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    elif pulled.returncode != 0:             # conflict markers left by Git's own text merge
        assert has_conflict_markers(sync_path(b.root).read_bytes()), pulled.stdout + pulled.stderr
        monkeypatch.setenv("PAPERDESK_DEVICE_ID", b.device)
        with AnnotationStore.open(sync_path(b.root)) as store:
            assert store.recovered and "conflict" in store.recovered
            messages.append(store.recovered)
        git(b.root, "add", "-A")
        git(b.root, "commit", "-q", "--no-edit")
    git(b.root, "push", "-q", "origin", "HEAD:main")
    pulled = git(a.root, "pull", "-q", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    return messages


def settled(ops: list[tuple[int, str, object]]) -> tuple[bool, object]:
    """(known, value) of a last-writer-wins field from its operations in the order they ran.

    Rounds are ordered (merged in between); within the last round, each clone's last write is a
    candidate: when the clones disagree the outcome depends on the clocks, and is left open.
    """
    last_round = ops[-1][0]
    by_device = {device: value for r, device, value in ops if r == last_round}
    values = set(by_device.values())
    return (len(values) == 1, values.pop() if len(values) == 1 else None)


def expected_tags(history: History) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(tags that must be present, tags that must be absent)."""
    present, absent = set(), set()
    for key, ops in history.tag_ops.items():
        if all(on for _r, _d, on in ops):
            present.add(key)                          # added and never removed
            continue
        known, on = settled(ops)
        if known:
            (present if on else absent).add(key)
    return present, absent


def check(a: Replica, b: Replica, history: History) -> None:
    """Both clones hold the same bytes, no markers, and every annotation is where it must be."""
    raw_a, raw_b = sync_path(a.root).read_bytes(), sync_path(b.root).read_bytes()
    assert raw_a == raw_b
    assert not has_conflict_markers(raw_a)
    with AnnotationStore.open(sync_path(a.root)) as store:
        ids = {h.id: h for h in store.all_highlights()}
        for hid, quote in history.made.items():
            if hid in history.deleted:
                assert hid not in ids and store.highlight(hid) is None
            else:
                assert hid in ids and ids[hid].quote == quote
        present, absent = expected_tags(history)
        tags = {(k, t.casefold()) for k in {p for p, _ in history.tag_ops} for t in store.tags(k)}
        assert present <= tags
        assert not (absent & tags)
        for key, ops in history.status_ops.items():
            known, status = settled(ops)
            if known:
                assert store.status(key) == status
        for hid, ops in history.note_ops.items():
            known, note = settled(ops)
            if known and hid in ids:
                assert ids[hid].note == note


@pytest.mark.parametrize("driver", [True, False], ids=["with-driver", "driver-absent"])
def test_two_clones_converge_with_nothing_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               driver: bool) -> None:
    a, b = setup_clones(tmp_path, monkeypatch, driver)
    history = History()
    rng = random.Random(12 if driver else 13)
    repairs: list[str] = []
    for round_no in range(4):
        random_work(a, history, rng, round_no, 60, monkeypatch)
        random_work(b, history, rng, round_no, 60, monkeypatch)
        repairs += exchange(a, b, round_no, driver, monkeypatch)
        check(a, b, history)
    assert len(history.made) > 100 and history.deleted
    if not driver:
        assert repairs, "the text merge was expected to conflict at least once"


def test_a_pull_under_an_open_store_is_picked_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = setup_clones(tmp_path, monkeypatch, driver=True)
    monkeypatch.setattr(LineStorage, "fold_delay", 3600.0)      # "mine" stays in the journal until the pull
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", a.device)
    seen: list[str] = []
    with AnnotationStore.open(sync_path(a.root)) as open_store:      # the window on laptop
        open_store.subscribe(lambda kind, key: seen.append(kind))
        open_store.add_tag("arxiv:2101.00001", "mine")
        monkeypatch.setenv("PAPERDESK_DEVICE_ID", b.device)
        with AnnotationStore.open(sync_path(b.root)) as other:
            other.add_tag("arxiv:2101.00001", "theirs")
        for replica in (a, b):
            git(replica.root, "add", "-A")
            git(replica.root, "commit", "-q", "--allow-empty", "-m", "work")
        git(b.root, "push", "-q", "origin", "HEAD:main")
        assert b"mine" not in sync_path(a.root).read_bytes()       # a pull replaces the file under the journal
        assert git(a.root, "pull", "-q", "--no-edit", "origin", "main", check=False).returncode == 0
        assert open_store.refresh() and "reload" in seen
        assert sorted(open_store.tags("arxiv:2101.00001")) == ["mine", "theirs"]
        open_store.add_tag("arxiv:2101.00002", "after-pull")         # writes on top of the merge
    text = sync_path(a.root).read_bytes()
    assert b"theirs" in text and b"after-pull" in text
