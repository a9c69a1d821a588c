"""`paperdesk doctor PATH [--json]`: a collection health report (images, math, links, encodings, files)."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from paperdesk.collection import Collection, scan
from paperdesk.render import render_entry

# Report sections, in the order they are printed.
SECTIONS = {
    "images": "unresolved images",
    "remote_images": "remote or embedded images (not loaded unless allowed)",
    "math": "formulas that fail to render",
    "links": "broken links between notes",
    "encodings": "repaired encodings",
    "unrecognised": "unrecognised files",
    "render": "entries that could not be rendered",
    "other": "other scan warnings",
}
_WARNING_SECTIONS = {"encoding": "encodings", "mojibake": "encodings", "unrecognised": "unrecognised",
                     "image": "images"}


@dataclass(frozen=True)
class Finding:
    """One problem with where it is."""

    section: str
    source: str
    line: int | None
    message: str


def diagnose(collection: Collection) -> list[Finding]:
    """Return every finding: scan warnings plus the problems met rendering each entry."""
    findings: list[Finding] = []
    seen_images: set[tuple[str, int | None]] = set()
    for entry in collection.entries:
        rendered = render_entry(entry, collection)
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
            where = f"{f.source}:{f.line}" if f.line else f.source
            out.append(f"  {where}: {f.message}")
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
        print(json.dumps(report_json(collection, findings), ensure_ascii=False, indent=1))
    else:
        print(report_text(collection, findings))
    return 0
