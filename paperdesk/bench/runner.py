"""`paperdesk bench`: gathers speed figures from each layer's benchmark on synthetic collections."""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable

# Each group names a module with `figures(quick: bool) -> dict[str, float]`.
GROUPS: dict[str, str] = {
    "scan": "paperdesk.bench.scan",
    "render": "paperdesk.bench.render",
    "store": "paperdesk.bench.store",
    "filter": "paperdesk.bench.filter",
    "gui": "paperdesk.bench.gui",
    "search": "paperdesk.bench.search",
    "startup": "paperdesk.bench.startup",
}


def _load(module_name: str) -> Callable[[bool], dict[str, float]]:
    return importlib.import_module(module_name).figures


def run_bench(groups: list[str] | None = None, quick: bool = False, progress: bool = True) -> dict[str, float]:
    """Run the chosen benchmark groups (all by default) and return figure name -> number."""
    chosen = groups or list(GROUPS)
    unknown = [g for g in chosen if g not in GROUPS]
    if unknown:
        from paperdesk.errors import UserError

        raise UserError(f"unknown bench group {unknown[0]!r}; choose from {', '.join(GROUPS)}")
    figures: dict[str, float] = {}
    for group in chosen:
        started = time.perf_counter()
        if progress:
            print(f"bench: {group} ...", file=sys.stderr, flush=True)
        figures.update(_load(GROUPS[group])(quick))
        if progress:
            print(f"bench: {group} done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return figures
