"""Crash test: a writer process is SIGKILLed at random moments; every acknowledged write survives."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore

ROUNDS = 200
TEXT = "Every acknowledged write must survive a crash, whatever moment the process is killed at."


def _writer(path: Path, round_no: int, out_fd: int, interval: float) -> None:
    """Child process: write as fast as possible, acknowledging each write after it returned."""
    store = AnnotationStore.open(path, backup_interval=interval)
    i = 0
    while True:
        kind = i % 3
        if kind == 0:
            store.set_status(f"r{round_no}-{i}", "read")
        elif kind == 1:
            store.add_tag(f"r{round_no}", f"t{i}")
        else:
            h = store.add_highlight(f"r{round_no}", "k", TEXT, i % 40, i % 40 + 20)
            os.write(out_fd, f"h {h.id}\n".encode())
            i += 1
            continue
        os.write(out_fd, f"{kind} r{round_no} {i}\n".encode())
        i += 1


def _run_round(path: Path, round_no: int, rng: random.Random, interval: float, window: float) -> list[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(read_fd)
            _writer(path, round_no, write_fd, interval)
        finally:
            os._exit(0)
    os.close(write_fd)
    time.sleep(rng.uniform(0.002, window))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while True:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    # a line cut by the kill (none expected: pipe writes this small are atomic) is dropped
    return b"".join(chunks).decode().split("\n")[:-1]


@pytest.mark.parametrize(("interval", "rounds", "window"), [(600.0, ROUNDS, 0.06), (0.0, ROUNDS // 4, 0.4)],
                         ids=["journal", "snapshot-backup-and-journal-restart-at-every-write"])
def test_sigkill_never_loses_an_acknowledged_write(tmp_path: Path, interval: float, rounds: int,
                                                   window: float) -> None:
    path = tmp_path / "crash.json"
    AnnotationStore.open(path).close()
    rng = random.Random(1234)
    acknowledged = 0
    for round_no in range(rounds):
        acks = _run_round(path, round_no, rng, interval, window)
        store = AnnotationStore.open(path)
        try:
            assert store.recovered is None, f"round {round_no}: the file did not load: {store.recovered}"
            tags = set(store.tags(f"r{round_no}"))
            ids = {h.id for h in store.highlights(f"r{round_no}")}
            for line in acks:
                parts = line.split()
                if parts[0] == "h":
                    assert parts[1] in ids, f"round {round_no}: lost highlight {line}"
                elif parts[0] == "0":
                    assert store.status(f"r{round_no}-{parts[2]}") == "read", f"lost {line}"
                else:
                    assert f"t{parts[2]}" in tags, f"round {round_no}: lost tag {line}"
            acknowledged += len(acks)
        finally:
            store.close()
    print(f"\ncrash test: {rounds} SIGKILL rounds, {acknowledged} acknowledged writes, none lost")
    assert acknowledged >= rounds // 2   # the writer really got work done between kills
