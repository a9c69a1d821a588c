"""Worker processes of a cold scan: same collection as a scan in one process; failures fall back."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from paperdesk.collection import scan, workers
from paperdesk.collection.model import Collection

NOTES = {
    "a/one.md": "# [Sparse Fields](https://arxiv.org/abs/2005.10821) (SF)\n\n_Feb 2019_\n\n## Summary\ntext\n",
    "a/two.md": "---\ntitle: Front Matter Paper\nyear: 2021\ntags: [vision, flow]\n---\n\nbody ![fig](img.png)\n",
    "b/three.md": "# Paper\n\n* **Title**: Dense Priors\n* **Year**: 2018\n\n## Method\nsteps\n",
    "b/packed.md": "## [A](https://arxiv.org/abs/2101.00001)\nx\n\n## [B](https://arxiv.org/abs/2102.00002)\ny\n",
    "b/README.md": "# Reading list\n\n- [Sparse Fields](../a/one.md)\n- [Dense Priors](three.md)\n",
    "c/latin.md": "# Caf\u00e9 R\u00e9sum\u00e9\n\nna\u00efve\n",
    "_template.md": "# {{title}}\n",
}


def _write(root: Path) -> Path:
    for rel, text in NOTES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("latin-1") if rel == "c/latin.md" else text.encode())
    (root / "a" / "img.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def _facts(c: Collection) -> tuple:
    return (c.files, [dataclasses.astuple(e) for e in c.entries], [dataclasses.astuple(w) for w in c.warnings],
            {rel: c.file_text(rel) for rel in c.files})


def _force(monkeypatch: pytest.MonkeyPatch, cpus: int = 2) -> None:
    """Workers for any job: cpus - 1 of them."""
    monkeypatch.setattr(workers, "MIN_FILES", 0)
    monkeypatch.setattr(workers, "MIN_BYTES", 0)
    monkeypatch.setattr(workers, "available_cpus", lambda: cpus)


def test_workers_give_the_serial_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _write(tmp_path / "notes")
    serial = _facts(scan(root, use_cache=False))
    _force(monkeypatch, cpus=3)
    ran: list[int] = []
    real = workers._run_worker

    def spy(root: str, share: list, out: list, k: int) -> None:
        real(root, share, out, k)
        ran.append(len(out[k]) if out[k] is not None else -1)

    monkeypatch.setattr(workers, "_run_worker", spy)
    assert _facts(scan(root, use_cache=False)) == serial
    assert len(ran) == 2 and all(n > 0 for n in ran)  # both workers parsed files of their own
    assert _facts(scan(root)) == serial  # cold with the cache, then through it
    assert _facts(scan(root)) == serial


def test_a_failing_worker_is_parsed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _write(tmp_path / "notes")
    serial = _facts(scan(root, use_cache=False))
    _force(monkeypatch)
    monkeypatch.setattr(workers, "_CHILD", "import sys; sys.exit(3)  # {paths}")
    assert _facts(scan(root, use_cache=False)) == serial
    monkeypatch.setattr(workers, "_CHILD", "import sys; sys.stdout.write('garbage')  # {paths}")
    assert _facts(scan(root, use_cache=False)) == serial
    # well-formed marshal with results of the wrong shape, and with none
    for reply in ("[(rel, ('parsed', 1)) for rel, *_ in jobs]", "[]"):
        monkeypatch.setattr(workers, "_CHILD", "import marshal, sys; jobs = marshal.loads(sys.stdin.buffer.read())[1]; "
                            f"sys.stdout.buffer.write(marshal.dumps({reply}))  # {{paths}}")
        assert _facts(scan(root, use_cache=False)) == serial


def test_no_thread_to_spare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _write(tmp_path / "notes")
    serial = _facts(scan(root, use_cache=False))
    _force(monkeypatch)

    def refuse(self: object) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(workers.threading.Thread, "start", refuse)
    assert _facts(scan(root, use_cache=False)) == serial


def test_no_workers_for_small_jobs_or_frozen_apps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "available_cpus", lambda: 4)
    small = [(f"n{i}.md", 5000, -1, "") for i in range(10)]
    many = [(f"n{i}.md", 5000, -1, "") for i in range(workers.MIN_FILES)]
    assert workers.worker_count(small) == 0
    assert workers.worker_count(many) == 3
    monkeypatch.setattr(workers, "available_cpus", lambda: 1)
    assert workers.worker_count(many) == 0
    monkeypatch.setattr(workers, "available_cpus", lambda: 4)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert workers.worker_count(many) == 0


def test_shares_balance_bytes_and_keep_file_order() -> None:
    jobs = [(f"n{i:03}.md", 1000 * (i % 7 + 1), -1, "") for i in range(100)]
    shares = workers._shares(jobs, [1.0, 1.0, 1.0])
    assert sorted(j for s in shares for j in s) == sorted(jobs)
    loads = [sum(j[1] + 2048 for j in s) for s in shares]
    assert max(loads) - min(loads) <= 9048
    halves = [sum(j[1] + 2048 for j in s) for s in workers._shares(jobs, [0.5, 1.0])]
    assert abs(2 * halves[0] - halves[1]) <= 3 * 9048
    assert all(s == sorted(s) for s in shares)


def test_workers_on_the_messy_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from messy_collection import build

    root = tmp_path / "messy"
    build(root, papers=120, seed=3)
    serial = _facts(scan(root, use_cache=False))
    _force(monkeypatch)
    assert _facts(scan(root, use_cache=False)) == serial
