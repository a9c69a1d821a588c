"""Worker processes for cold scans of many files: each parses a share, the scan gets the same results.

The workers are fresh interpreters (`sys.executable -I -c ...`, never `fork`, so a Qt app's threads
and handles are not copied) with this process's import path, that import only this package, read a
marshalled job list on stdin and write marshalled results on stdout. The calling process parses a
share itself while they start. Small jobs, one CPU, a frozen app or any worker failure: the work is
done in this process (a failed worker's share is parsed again here), so the result never depends on
whether workers ran.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

# Below these a worker's start (an interpreter and this package's imports, about 0.1 s of CPU) costs
# more than it saves: a note of a few KB parses in about 0.2-0.4 ms.
MIN_FILES = 1000
MIN_BYTES = 4 * 1024 * 1024
MAX_WORKERS = 8
# this process's share of the parsing, relative to one worker's. It starts at once, and the
# collection is built only after the last worker, so its share is larger: a worker's start (about
# 0.07 s of CPU for the interpreter and this package's imports), its transfer and its cold caches cost
# it more than the same share costs here (measured on 2 CPUs, 10,000 notes of 2-8 KB: with 1.1 this
# process parsed its 52% in 0.85 s of CPU and the worker took 0.95 s, about 0.1 s over its share; 1.2
# evens them)
PARENT_WEIGHT = 1.2

Job = tuple[str, int, int, str]      # (relpath, size, cached size or -1, cached digest or "")
Parse = Callable[[str, str, int, str], tuple]
_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)
_CHILD = ("import sys; sys.path[:0] = {paths!r}; "
          "from paperdesk.collection.workers import child_main; child_main()")


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(jobs: list[Job]) -> int:
    """How many worker processes a cold parse of `jobs` should start (0: do it all here)."""
    if getattr(sys, "frozen", False) or not sys.executable:
        return 0
    if len(jobs) < MIN_FILES or sum(j[1] for j in jobs) < MIN_BYTES:
        return 0
    return max(0, min(available_cpus(), MAX_WORKERS) - 1)


def _shares(jobs: list[Job], weights: list[float]) -> list[list[Job]]:
    """Split jobs into shares of bytes in proportion to `weights`, keeping each share in file order."""
    shares: list[list[Job]] = [[] for _ in weights]
    loads = [0.0] * len(weights)
    for job in sorted(jobs, key=lambda j: -j[1]):
        k = min(range(len(weights)), key=lambda i: (loads[i] + job[1] + 2048) / weights[i])
        shares[k].append(job)
        loads[k] += job[1] + 2048  # a file costs something however small
    order = {job[0]: i for i, job in enumerate(jobs)}
    return [sorted(share, key=lambda j: order[j[0]]) for share in shares]


def _run_worker(root: str, share: list[Job], out: list[dict[str, tuple] | None], k: int) -> None:
    """Run one worker process on a share; leaves None in out[k] when it fails in any way."""
    try:
        paths = [_PACKAGE_PARENT, *(p for p in sys.path if isinstance(p, str) and p and p.isprintable())]
        proc = subprocess.Popen([sys.executable, "-I", "-c", _CHILD.format(paths=paths)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))  # no console on Windows
        data, _ = proc.communicate(marshal.dumps((root, share)))
        if proc.returncode == 0:
            out[k] = dict(marshal.loads(data))
    except Exception:  # no interpreter, no pipes, garbled output: this share is parsed in the caller
        out[k] = None


def read_and_parse_all(root: Path, jobs: list[Job], parse: Parse) -> dict[str, tuple]:
    """Results of `parse(root, rel, cached size, cached digest)` for every job, by relpath."""
    workers = worker_count(jobs)
    base = str(root)
    if workers == 0:
        return {rel: parse(base, rel, size, digest) for rel, _, size, digest in jobs}
    # the first share is parsed here while the workers start
    shares = _shares(jobs, [PARENT_WEIGHT] + [1.0] * workers)
    outs: list[dict[str, tuple] | None] = [None] * workers
    threads: list[threading.Thread | None] = []
    for k in range(workers):
        thread = threading.Thread(target=_run_worker, args=(base, shares[k + 1], outs, k), daemon=True)
        try:
            thread.start()
        except RuntimeError:  # no thread to spare: this share is parsed here
            thread = None
        threads.append(thread)
    results = {rel: parse(base, rel, size, digest) for rel, _, size, digest in shares[0]}
    for k, thread in enumerate(threads):
        if thread is not None:
            thread.join()
        share = shares[k + 1]
        got = _checked(outs[k], share)
        if got is None:
            got = {rel: parse(base, rel, size, digest) for rel, _, size, digest in share}
        results.update(got)
    return results


_RESULT_SIZES = {"refused": 3, "same": 2, "parsed": 4}


def _checked(got: dict[str, tuple] | None, share: list[Job]) -> dict[str, tuple] | None:
    """A worker's results for exactly its share, or None when any is missing or malformed."""
    if got is None:
        return None
    out: dict[str, tuple] = {}
    for rel, *_ in share:
        result = got.get(rel)
        if not isinstance(result, tuple) or not result or _RESULT_SIZES.get(result[0]) != len(result):
            return None
        out[rel] = result
    return out


def child_main() -> None:
    """A worker's main: read (root, jobs) on stdin, write [(rel, result)] on stdout."""
    from paperdesk.collection.scanner import read_and_parse

    root, jobs = marshal.loads(sys.stdin.buffer.read())
    results = [(rel, read_and_parse(root, rel, size, digest)) for rel, _, size, digest in jobs]
    sys.stdout.buffer.write(marshal.dumps(results))
    sys.stdout.buffer.flush()
