"""`paperdesk doctor PATH [--json]`: a collection health report (images, math, links, encodings, files)."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from paperdesk.collection import Collection, scan
from paperdesk.collection.discover import display_name
from paperdesk.commands.console import print_json
from paperdesk.render import render_entry

# Rendering time allowed for the slow entries of one file: each entry is charged what it took
# beyond ENTRY_ALLOWANCE_S (an ordinary entry, even with cold math, costs nothing, so the report
# does not depend on the machine's load), and each is bounded by render_entry's own limit; a file
# of many slow entries stops being checked, with a finding that says so.
FILE_BUDGET_S = 5.0
ENTRY_ALLOWANCE_S = 0.25

# Report sections, in the order they are printed.
SECTIONS = {
    "images": "unresolved images",
    "remote_images": "remote or embedded images (not loaded unless allowed)",
    "math": "formulas that fail to render",
    "links": "broken links between notes",
    "encodings": "repaired encodings",
    "unrecognised": "unrecognised files",
    "render": "entries or parts shown as written (not rendered)",
    "files": "files not read or with misleading names",
    "other": "other scan warnings",
}
_WARNING_SECTIONS = {"encoding": "encodings", "mojibake": "encodings", "unrecognised": "unrecognised",
                     "image": "images", "special": "files", "too-large": "files", "vanished": "files",
                     "unreadable": "files", "binary": "files", "name": "files", "symlink": "files"}


@dataclass(frozen=True)
class Finding:
    """One problem with where it is."""

    section: str
    source: str
    line: int | None
    message: str


def diagnose(collection: Collection, file_budget: float = FILE_BUDGET_S) -> list[Finding]:
    """Return every finding: scan warnings plus the problems met rendering each entry.

    The slow entries of one file get `file_budget` seconds together (see ENTRY_ALLOWANCE_S);
    the ones left when it is spent are not rendered, and one "render" finding per file counts them.
    """
    findings: list[Finding] = []
    seen_images: set[tuple[str, int | None]] = set()
    spent: dict[str, float] = {}
    unchecked: dict[str, list[int]] = {}
    for entry in collection.entries:
        if entry.source in spent and spent[entry.source] >= file_budget:   # its first entry always runs
            unchecked.setdefault(entry.source, []).append(entry.lines[0])
            continue
        started = time.monotonic()
        rendered = render_entry(entry, collection)
        charge = max(0.0, time.monotonic() - started - ENTRY_ALLOWANCE_S)
        spent[entry.source] = spent.get(entry.source, 0.0) + charge
        for problem in rendered.problems:
            source = getattr(problem, "source", "") or entry.source
            if problem.kind == "image":
                remote = problem.message.startswith(("remote image", "embedded data"))
                section = "remote_images" if remote else "images"
                seen_images.add((source, problem.line))
            elif problem.kind in ("math", "link", "render"):
                section = {"math": "math", "link": "links", "render": "render"}[problem.kind]
            else:
                section = "other"
            findings.append(Finding(section, source, problem.line, problem.message))
    for source, lines in unchecked.items():
        findings.append(Finding("render", source, lines[0],
                                f"{len(lines)} entries not checked: slow entries before them used "
                                f"this file's {file_budget:g} s budget"))
    for warning in collection.warnings:
        section = _WARNING_SECTIONS.get(warning.kind, "other")
        if section == "images" and (warning.source, warning.line) in seen_images:
            continue   # already reported by the renderer, with the same location
        findings.append(Finding(section, warning.source, warning.line, f"[{warning.kind}] {warning.message}"))
    order = list(SECTIONS)
    findings.sort(key=lambda f: (order.index(f.section), f.source, f.line or 0))
    return findings


def report_json(collection: Collection, findings: list[Finding]) -> dict:
    """Return the `--json` document: counts per section and every finding with its location."""
    return {
        "root": str(collection.root),
        "files": len(collection.files),
        "entries": len(collection.entries),
        "counts": {name: sum(f.section == name for f in findings) for name in SECTIONS},
        "findings": {
            name: [{"source": f.source, "line": f.line, "message": f.message}
                   for f in findings if f.section == name]
            for name in SECTIONS
        },
    }


def report_text(collection: Collection, findings: list[Finding]) -> str:
    """Return the readable report: a summary of counts, then each section's locations."""
    files = len(collection.files)
    out = [f"{len(collection.entries)} entries in {files} file{'s' if files != 1 else ''} under {collection.root}", ""]
    width = max(len(label) for label in SECTIONS.values())
    for name, label in SECTIONS.items():
        out.append(f"  {label:<{width}}  {sum(f.section == name for f in findings)}")
    for name, label in SECTIONS.items():
        section = [f for f in findings if f.section == name]
        if not section:
            continue
        out += ["", f"{label[0].upper()}{label[1:]} ({len(section)}):"]
        for f in section:
            source = display_name(f.source)     # a name with a line break must not forge a line
            where = f"{source}:{f.line}" if f.line else source
            out.append(f"  {where}: {display_name(f.message)}")
    if not findings:
        out += ["", "No problems found."]
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    """Scan PATH, render every entry, and print the health report (JSON with --json)."""
    if getattr(args, "sync", False):
        from paperdesk.commands.doctor_sync import run as run_sync

        return run_sync(args)
    collection = scan(Path(args.path))
    findings = diagnose(collection)
    if getattr(args, "json", False):
        print_json(report_json(collection, findings), indent=1)
    else:
        print(report_text(collection, findings))
    return 0
