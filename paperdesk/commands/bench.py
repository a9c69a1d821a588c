"""`paperdesk bench`: print speed figures as a table or one JSON object."""

from __future__ import annotations

import argparse
import json

from paperdesk.bench.runner import run_bench


def run(args: argparse.Namespace) -> int:
    """Run the benchmark and print its figures."""
    groups = [g.strip() for g in args.only.split(",") if g.strip()] or None
    figures = run_bench(groups, quick=args.quick, progress=not args.json)
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    else:
        width = max((len(k) for k in figures), default=10)
        for name in sorted(figures):
            print(f"{name:<{width}}  {figures[name]:.3f}")
    return 0
