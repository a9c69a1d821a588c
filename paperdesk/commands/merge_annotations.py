"""`paperdesk merge-annotations BASE OURS THEIRS`: the Git merge driver of the annotations file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperdesk.atomic import atomic_write_bytes
from paperdesk.store.conflicts import merge_sides
from paperdesk.store.merge import merge_data
from paperdesk.store.schema import CorruptStore, Data, NewerStore, check_shape, migrate
from paperdesk.store.sync_file import encode, has_conflict_markers, parse


def read_side(path: Path) -> Data:
    """Read one version of the annotations file (clean, or with markers from an earlier merge)."""
    raw = Path(path).read_bytes()
    if not raw.strip():
        return migrate(check_shape({}))[0]
    if has_conflict_markers(raw):
        raw = merge_sides(raw)
    try:
        obj = parse(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise CorruptStore(f"{path.name} is not valid JSON ({str(exc)[:80]})") from None
    return migrate(check_shape(obj))[0]


def run(args: argparse.Namespace) -> int:
    """Merge THEIRS into OURS field by field and write the result to OURS (exit 0); BASE is not needed."""
    try:
        ours, theirs = read_side(args.ours), read_side(args.theirs)
    except (OSError, CorruptStore, NewerStore) as exc:
        print(f"paperdesk merge-annotations: cannot merge ({exc}); Git will report a conflict", file=sys.stderr)
        return 1
    atomic_write_bytes(Path(args.ours), encode(merge_data(ours, theirs)))
    return 0
