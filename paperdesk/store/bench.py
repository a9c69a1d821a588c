"""Store speed figures for `paperdesk bench`: open, one durable write, one entry's highlights, sync merge."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes
from paperdesk.store import stamps as st
from paperdesk.store import sync_file
from paperdesk.store.anchoring import selectors_for, text_hash
from paperdesk.store.annotations import AnnotationStore
from paperdesk.store.hlc import Clock
from paperdesk.store.model import now_iso
from paperdesk.store.schema import Data, empty_data
from paperdesk.store.storage import serialise

_WORDS = ["attention", "transformer", "gradient", "policy", "reward", "latent", "diffusion", "token", "encoder", "decoder", "benchmark", "dataset", "ablation", "baseline", "convolution", "residual", "embedding", "contrastive", "loss", "objective", "sampling", "variance", "estimator", "kernel", "graph", "node", "edge", "inference", "training"]


def synthetic_store(path: Path, highlights: int = 10_000, papers: int = 5_000, seed: int = 7) -> list[str]:
    """Write a store with `highlights` highlights over `papers` papers; returns the entry ids."""
    data, entry_ids = synthetic_data(highlights, papers, seed)
    atomic_write_bytes(path, sync_file.encode(data) if sync_file.is_sync_path(path) else serialise(data))
    return entry_ids


def synthetic_data(highlights: int, papers: int, seed: int = 7) -> tuple[Data, list[str]]:
    """Build stamped store data with `highlights` highlights over `papers` papers, and the entry ids."""
    rng = random.Random(seed)
    clock = Clock("bench")
    data = empty_data()
    when = now_iso()
    entry_ids = [f"e{i:06d}" for i in range(papers)]
    texts: dict[str, str] = {}
    for i in range(highlights):
        entry = entry_ids[i % papers]
        text = texts.get(entry)
        if text is None:
            text = " ".join(rng.choice(_WORDS) for _ in range(300))
            texts[entry] = text
        start = rng.randrange(0, len(text) - 200)
        sel = selectors_for(text, start, start + rng.randrange(20, 180), digest=text_hash(text))
        hid = f"{i:032x}"
        data["highlights"][hid] = st.stamp_all("highlights", {
            "id": hid, "entry_id": entry, "paper_key": f"arxiv:2101.{i % papers:05d}",
            "color": i % 5, "note": "a note" if i % 3 == 0 else "", "quote": sel.quote,
            "prefix": sel.prefix, "suffix": sel.suffix, "start": sel.start, "end": sel.end,
            "text_hash": sel.text_hash, "created": when, "updated": when, "orphan": False, "deleted": False,
        }, clock.now())
    for i in range(papers):
        key = f"arxiv:2101.{i:05d}"
        data["status"][key] = st.stamped("status", None, {"status": "read", "history": [[when, "reading"],
                                                                                     [when, "read"]]}, clock.now())
        doc: dict = {}
        for tag in {rng.choice(_WORDS), rng.choice(_WORDS).upper()}:
            doc = st.with_tag(doc, tag.casefold(), tag, True, clock.now())
        data["tags"][key] = doc
    return data, entry_ids


def figures(quick: bool) -> dict[str, float]:
    """Measure store_open_ms, store_write_p50_ms, store_entry_highlights_ms (10k highlights),
    store_reanchor_50_ms; the same open/write with sync on (store_sync_*); merge_10k_ms and
    merge_10k_cpu_ms (two 10,000-highlight files diverged by 1,000 changes each, goal < 500 ms)
    with its floor merge_floor_ms (splitting both files into lines)."""
    highlights, papers = (2_000, 1_000) if quick else (10_000, 5_000)
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-") as tmp:
        for prefix, path in (("store", Path(tmp) / "store.json"),
                             ("store_sync", sync_file.sync_path(Path(tmp) / "collection"))):
            path.parent.mkdir(parents=True, exist_ok=True)
            out.update(_store_figures(prefix, path, highlights, papers, quick))
        out["store_reanchor_50_ms"] = round(_reanchor_ms(Path(tmp) / "anchor.json", quick), 2)
    out.update(_merge_figures(2_000 if quick else 10_000, 200 if quick else 1_000))
    return out


def _store_figures(prefix: str, path: Path, highlights: int, papers: int, quick: bool) -> dict[str, float]:
    """Open, 60 mixed durable writes and 200 entry reads of one synthetic store at `path`."""
    entry_ids = synthetic_store(path, highlights, papers)
    opens = []
    for _ in range(3 if quick else 5):
        started = time.perf_counter()
        store = AnnotationStore.open(path)
        opens.append((time.perf_counter() - started) * 1000)
        store.close()
    store = AnnotationStore.open(path)
    try:
        ids = [h.id for h in store.all_highlights()]
        writes = []
        for i in range(20 if quick else 60):
            started = time.perf_counter()
            if i % 3 == 0:
                store.update_highlight(ids[i], note=f"edited {i}")
            elif i % 3 == 1:
                store.set_status(f"arxiv:2101.{i:05d}", "reading")
            else:
                store.add_tag(f"arxiv:2101.{i:05d}", f"bench{i}")
            writes.append((time.perf_counter() - started) * 1000)
        reads = []
        for entry in entry_ids[:200]:
            started = time.perf_counter()
            store.highlights(entry)
            reads.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    figures = {f"{prefix}_open_ms": round(statistics.median(opens), 2),
               f"{prefix}_write_p50_ms": round(statistics.median(writes), 2)}
    if prefix == "store":
        figures["store_entry_highlights_ms"] = round(max(reads), 4)
    return figures


def _diverged(base: Data, changes: int, device: str, seed: int) -> Data:
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


def _merge_figures(highlights: int, changes: int) -> dict[str, float]:
    """Time the merge driver's work on two diverged files: merge their bytes into the result's bytes."""
    from paperdesk.store.line_merge import merge_bytes

    base, _ = synthetic_data(highlights, highlights // 2)
    ours = sync_file.encode(_diverged(base, changes, "ours", 1))
    theirs = sync_file.encode(_diverged(base, changes, "theirs", 2))
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


def _reanchor_ms(path: Path, quick: bool) -> float:
    """Re-anchor 50 highlights of one 60,000-character entry after a paragraph was added on top."""
    rng = random.Random(3)
    words = [rng.choice(_WORDS) + rng.choice(("", "s", "ed", "ing", ",", ".")) for _ in range(8_000)]
    text = " ".join(words)[: 20_000 if quick else 60_000]
    store = AnnotationStore.open(path)
    try:
        for _ in range(50):
            start = rng.randrange(0, len(text) - 200)
            store.add_highlight("entry", "key", text, start, start + rng.randrange(15, 150))
        edited = "A new first paragraph written after the highlights were made.\n\n" + text
        started = time.perf_counter()
        store.anchor_highlights("entry", edited)
        return (time.perf_counter() - started) * 1000
    finally:
        store.close()
