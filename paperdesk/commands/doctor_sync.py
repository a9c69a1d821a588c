"""`paperdesk doctor --sync PATH`: is sync on, is the merge driver registered, are the files sound."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from paperdesk.collection import scan
from paperdesk.store import stamps as st
from paperdesk.store.hlc import parse_stamp
from paperdesk.store.identity import locate_store, read_identity
from paperdesk.store.schema import CorruptStore, NewerStore
from paperdesk.store.sync_file import SYNC_DIR, SYNC_FILE, has_conflict_markers, sync_path
from paperdesk.store.sync_setup import DRIVER, git_toplevel, registered_driver


def tombstones(data: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Count what is kept only to stop a deletion from being undone by a merge."""
    return {
        "highlights": sum(st.is_deleted(d) for d in data.get("highlights", {}).values()),
        "tags": sum(not s.get("on") for d in data.get("tags", {}).values() for s in st.tag_states(d).values()),
        "tag_colors": sum(d.get("color") is None for d in data.get("tag_colors", {}).values()),
        "searches": sum(d.get("query") is None for d in data.get("searches", {}).values()),
    }


def newest_per_device(data: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Return device id -> its newest change stamp."""
    newest: dict[str, str] = {}
    for table in data.values():
        for doc in table.values():
            for stamp in st.stamps_of(doc).values():
                try:
                    device = parse_stamp(stamp)[2]
                except (ValueError, AttributeError):
                    continue
                if stamp > newest.get(device, ""):
                    newest[device] = stamp
    return dict(sorted(newest.items()))


def _local_not_synced(root: Path, synced: dict[str, dict[str, Any]]) -> int:
    """How many documents of this machine's local store the synced file lacks or has older."""
    from paperdesk.store.merge import merge_data
    from paperdesk.store.sync_setup import local_state

    local = locate_store(root, sync=False).path
    if not local.exists():
        return 0
    merged = merge_data(synced, local_state(local))
    return sum(merged[name].get(k) != synced.get(name, {}).get(k)
               for name in merged if name != "meta" for k in merged[name])


def sync_report(root: Path) -> dict[str, Any]:
    """Return the sync health of the collection at `root` as a JSON-ready dict."""
    from paperdesk.store.recovery import load_file

    root = Path(root).expanduser().resolve()
    synced = sync_path(root)
    report: dict[str, Any] = {"root": str(root), "collection_id": read_identity(root), "sync": synced.exists()}
    repo = git_toplevel(root)
    report["repository"] = str(repo) if repo else None
    report["driver"] = registered_driver(root) if repo else None
    attributes = root / SYNC_DIR / ".gitattributes"
    report["attributes"] = attributes.exists() and f"merge={DRIVER}" in attributes.read_text(errors="replace")
    path = synced if synced.exists() else locate_store(root).path
    report["store"] = str(path)
    report["conflicted"] = path.exists() and has_conflict_markers(path.read_bytes())
    report["damaged"] = None
    report["kept_aside"] = sorted(p.name for p in path.parent.glob(path.name + ".*")
                                  if ".conflicted-" in p.name or ".damaged-" in p.name)
    data: dict[str, dict[str, Any]] = {}
    if path.exists() and not report["conflicted"]:
        try:
            data = load_file(path)[0]
        except (CorruptStore, NewerStore) as exc:
            report["damaged"] = str(exc)
    report["local_not_synced"] = _local_not_synced(root, data) if report["sync"] and data else 0
    report["tombstones"] = tombstones(data)
    report["newest_change_per_device"] = newest_per_device(data)
    return report


def report_text(report: dict[str, Any]) -> str:
    """Return the readable sync report."""
    on = report["sync"]
    out = [f"sync for {report['root']}: {'on' if on else 'off'} (annotations in {report['store']})"]
    if report["repository"] is None:
        out.append("  not in a Git repository")
    else:
        driver = report["driver"]
        out.append(f"  merge driver in this clone: {driver if driver else 'NOT registered (run paperdesk sync init)'}")
        if on and not report["attributes"]:
            out.append(f"  {SYNC_DIR}/.gitattributes does not route {SYNC_FILE} through the driver")
    if report["conflicted"]:
        out.append("  the annotations file holds Git conflict markers: opening it repairs it")
    if report["damaged"]:
        out.append(f"  the annotations file is damaged: {report['damaged']}")
    if report["local_not_synced"]:
        out.append(f"  {report['local_not_synced']} annotation(s) of this machine's local store are not in the "
                   "synced file: run `paperdesk sync init` to merge them in")
    for name in report["kept_aside"]:
        out.append(f"  kept aside: {name}")
    counts = ", ".join(f"{n} {kind}" for kind, n in report["tombstones"].items())
    out.append(f"  tombstones: {counts}")
    for device, stamp in report["newest_change_per_device"].items():
        when = datetime.fromtimestamp(parse_stamp(stamp)[0] / 1000, UTC).isoformat(timespec="seconds")
        out.append(f"  newest change of device {device}: {when} (stamp {stamp})")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    """Print the sync report of PATH (JSON with --json)."""
    collection = scan(Path(args.path))
    report = sync_report(collection.root)
    print(json.dumps(report, indent=1) if getattr(args, "json", False) else report_text(report))
    return 0
