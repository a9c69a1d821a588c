"""`paperdesk merge-annotations BASE OURS THEIRS`: the Git merge driver of the annotations file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes
from paperdesk.store.conflicts import merge_sides
from paperdesk.store.line_merge import merge_bytes
from paperdesk.store.schema import CorruptStore, NewerStore, empty_data
from paperdesk.store.sync_file import encode, has_conflict_markers


def read_side(path: Path) -> bytes:
    """Read one version of the annotations file (markers from an earlier merge are resolved)."""
    raw = Path(path).read_bytes()
    if not raw.strip():
        return encode(empty_data())
    return merge_sides(raw) if has_conflict_markers(raw) else raw


def run(args: argparse.Namespace) -> int:
    """Merge THEIRS into OURS field by field and write the result to OURS (exit 0); BASE is not needed."""
    try:
        merged = merge_bytes(read_side(args.ours), read_side(args.theirs))
    except (OSError, CorruptStore, NewerStore) as exc:
        print(f"paperdesk merge-annotations: cannot merge ({exc}); Git will report a conflict", file=sys.stderr)
        return 1
    atomic_write_bytes(Path(args.ours), merged)
    return 0
