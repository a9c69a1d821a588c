"""Sync figures for `paperdesk bench`: the store kept in a collection, and the merge driver on 10,000 highlights."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from paperdesk.atomic import atomic_write_bytes
from paperdesk.bench.store import timed_writes
from paperdesk.store import stamps as st
from paperdesk.store import sync_file
from paperdesk.store.anchoring import selectors_for, text_hash
from paperdesk.store.annotations import AnnotationStore
from paperdesk.store.hlc import Clock
from paperdesk.store.line_merge import merge_bytes
from paperdesk.store.model import now_iso
from paperdesk.store.schema import Data, empty_data

_WORDS = ["attention", "transformer", "gradient", "policy", "reward", "latent", "diffusion", "token",
          "encoder", "decoder", "benchmark", "dataset", "ablation", "baseline", "residual", "embedding"]


def stamped_data(highlights: int, papers: int, seed: int = 7) -> Data:
    """Stamped store data: `highlights` highlights over `papers` papers, each paper tagged and read."""
    rng = random.Random(seed)
    clock = Clock("bench")
    data = empty_data()
    when = now_iso()
    texts: dict[int, str] = {}
    for i in range(highlights):
        text = texts.setdefault(i % papers, " ".join(rng.choice(_WORDS) for _ in range(300)))
        start = rng.randrange(0, len(text) - 200)
        sel = selectors_for(text, start, start + rng.randrange(20, 180), digest=text_hash(text))
        hid = f"{i:032x}"
        data["highlights"][hid] = st.stamp_all("highlights", {
            "id": hid, "entry_id": f"e{i % papers:06d}", "paper_key": f"arxiv:2101.{i % papers:05d}",
            "color": i % 5, "note": "a note" if i % 3 == 0 else "", "quote": sel.quote, "prefix": sel.prefix,
            "suffix": sel.suffix, "start": sel.start, "end": sel.end, "text_hash": sel.text_hash,
            "created": when, "updated": when, "orphan": False, "deleted": False,
        }, clock.now())
    for i in range(papers):
        key = f"arxiv:2101.{i:05d}"
        data["status"][key] = st.stamped("status", None, {"status": "read", "history": [[when, "read"]]},
                                         clock.now())
        doc: dict[str, Any] = {}
        for tag in (rng.choice(_WORDS), rng.choice(_WORDS).upper()):
            doc = st.with_tag(doc, tag.casefold(), tag, True, clock.now())
        data["tags"][key] = doc
    return data


def diverged(base: Data, changes: int, device: str, seed: int) -> Data:
    """A copy of `base` after `changes` edits on one device: note edits, new highlights, deletions."""
    rng = random.Random(seed)
    clock = Clock(device)
    clock.observe(st.newest_stamp(base))
    data = {name: dict(table) for name, table in base.items()}
    ids = sorted(data["highlights"])
    for i in range(changes):
        kind = i % 10
        if kind < 5:
            hid = rng.choice(ids)
            data["highlights"][hid] = st.stamped("highlights", data["highlights"][hid],
                                                 {"note": f"{device} {i}"}, clock.now())
        elif kind < 8:
            hid = f"{device}{i:028x}"[-32:]
            template = data["highlights"][rng.choice(ids)]
            data["highlights"][hid] = st.stamp_all("highlights", {**template, "id": hid}, clock.now())
        else:
            hid = rng.choice(ids)
            data["highlights"][hid] = st.highlight_tombstone(data["highlights"][hid], clock.now())
    return data


def figures(quick: bool) -> dict[str, float]:
    """Measure the synced store's open and write, and the merge of two diverged files."""
    highlights, papers = (2_000, 1_000) if quick else (10_000, 5_000)
    base = stamped_data(highlights, papers)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-sync-") as tmp:
        path = sync_file.sync_path(Path(tmp))
        path.parent.mkdir()
        atomic_write_bytes(path, sync_file.encode(base))
        opens = []
        for _ in range(3 if quick else 5):
            started = time.perf_counter()
            AnnotationStore.open(path).close()
            opens.append((time.perf_counter() - started) * 1000)
        with AnnotationStore.open(path) as store:
            writes = timed_writes(store, sorted(base["highlights"]), 20 if quick else 60)
        out["store_sync_open_ms"] = round(statistics.median(opens), 2)
        out["store_sync_write_p50_ms"] = round(statistics.median(writes), 2)
    out.update(_merge(base, 200 if quick else 1_000))
    return out


def _merge(base: Data, changes: int) -> dict[str, float]:
    """The merge driver's work (bytes in, bytes out) on two files diverged by `changes` each."""
    ours = sync_file.encode(diverged(base, changes, "ours", 1))
    theirs = sync_file.encode(diverged(base, changes, "theirs", 2))
    walls, cpus, floors = [], [], []
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        result = merge_bytes(ours, theirs)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        started = time.perf_counter()   # the floor: splitting both files into lines, joining one again
        lines = [raw.split(b"\n") for raw in (ours, theirs)]
        b"\n".join(lines[0])
        floors.append((time.perf_counter() - started) * 1000)
    if not result.startswith(b"{"):
        raise RuntimeError("the merge produced no file")
    return {"merge_10k_ms": round(statistics.median(walls), 1),
            "merge_10k_cpu_ms": round(statistics.median(cpus), 1),
            "merge_floor_ms": round(statistics.median(floors), 1)}
