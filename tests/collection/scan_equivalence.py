"""Equivalence harness for scan speed work: dump every scan result of fixed collections, compare exactly.

Not a test module (no `test_` prefix): a tool run by hand before and after a change to the scanner.

    PYTHONPATH=$PWD python tests/collection/scan_equivalence.py save /tmp/golden   # on main
    PYTHONPATH=$PWD python tests/collection/scan_equivalence.py check /tmp/golden  # on a branch

Each case is scanned without a cache, cold with a cache, re-scanned twice (the second re-scan uses
the entries snapshot), after one file's mtime changed and after one file's text changed; every
result (files, entries with bodies, warnings, file texts) must equal the saved one of the same step.
The scanner's clock is moved a minute on, so the just-written files' stamps are not "racy" (see
collection/cache.py) and the re-scans take the cached and snapshot paths as they would later.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SEEDS = REPO.parent.parent / "shared" / "seeds" if (REPO.parent.parent / "shared").is_dir() else Path("/work/shared/seeds")
WORK = Path(tempfile.gettempdir()) / "paperdesk-scan-equivalence"


def _edge_files(root: Path) -> None:
    """Odd inputs: encodings, BOMs, CRLF, binary, empty, front matter only, long lines, fences."""
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {
        "crlf.md": b"# A Paper (AP)\r\n\r\n_Feb 2019_\r\n\r\n## Summary\r\ntext\r\n",
        "bom.md": b"\xef\xbb\xbf# Bom Note\n\nhttps://arxiv.org/abs/1706.03762\n",
        "latin1.md": "# Caf\u00e9 R\u00e9sum\u00e9 Paper\n\nna\u00efve text\n".encode("latin-1"),
        "mojibake.md": "# Caf\u00e9 Paper\n\nsome na\u00efve text\n".encode().decode("latin-1").encode(),
        "utf16.md": "# Wide Note\n\nhello\n".encode("utf-16"),
        "binary.md": bytes(range(256)) * 40,
        "png.md": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        "empty.md": b"",
        "blank.md": b"\n\n   \n",
        "fm-only.md": b"---\ntitle: Only Front Matter\nyear: 2020\n---\n",
        "controls.md": b"# Ctl\x01\x02\x03\x04\x05\x06 note\n\ntext\x07\x08\n",
        "longline.md": b"# Long\n\n" + b"word " * 50000 + b"\n",
        "fence.md": b"# Fenced\n\n```\n# not a heading\n```\n\n## [Other](https://arxiv.org/abs/2001.00001)\n",
        "script.md": b"<script>\n# x\n</script>\n\n# Real Title\n\ntext\n",
        "setext.md": b"Title Here\n==========\n\nSection\n-------\n\nbody\n",
        "questions.txt": b"Q: what is it?\nA: a thing\n\nQ: why?\nA: because\n",
        "nul.md": b"# Nul\x00 file\n",
        "c3.md": "# \u00c3\u00a9t\u00c3\u00a9 notes\n\nbody\n".encode(),
        "cr-only.md": b"# Old Mac\rline two\r",
        "_template.md": b"# {{title}}\n\n**Year**:\n",
        "bad-utf8.md": b"# Bad \xff\xfe bytes here\n\nand text that is long enough " * 3,
    }
    for name, data in files.items():
        (root / name).write_bytes(data)


def _cases() -> dict[str, Callable[[Path], Path]]:
    """Case name -> builder writing the collection under a folder and returning the path to scan."""
    from paperdesk.bench.synthetic_collection import build_collection, build_note_files

    sys.path.insert(0, str(HERE))
    import messy_collection

    def copy_notes(root: Path) -> Path:
        shutil.copytree(REPO / "notes", root)
        return root

    def seed(name: str) -> Callable[[Path], Path]:
        def build(root: Path) -> Path:
            root.mkdir(parents=True)
            shutil.copy(SEEDS / name, root / name)
            return root / name
        return build

    def messy(seed_no: int) -> Callable[[Path], Path]:
        def build(root: Path) -> Path:
            messy_collection.build(root, 400, seed_no)
            return root
        return build

    def notes(root: Path) -> Path:
        build_note_files(root, 3000)
        return root

    def packed(root: Path) -> Path:
        build_collection(root, 3000)
        return root

    def fixture(folder: Path) -> Callable[[Path], Path]:
        def build(root: Path) -> Path:
            shutil.copytree(folder, root)
            return root
        return build

    def edge(root: Path) -> Path:
        _edge_files(root)
        return root

    cases: dict[str, Callable[[Path], Path]] = {"notes": copy_notes, "messy1": messy(1), "messy2": messy(2),
                                                 "synthetic3000": notes, "packed3000": packed, "edge": edge,
                                                 "real_shapes_q10": fixture(HERE / "real_shapes_q10"),
                                                 "real_shapes_q12": fixture(HERE / "real_shapes_q12"),
                                                 "sites": fixture(REPO / "tests" / "fixtures" / "sites")}
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            cases[f"seed-{path.name[:3]}"] = seed(path.name)
        # all seeds in one folder, as a collection
        def all_seeds(root: Path) -> Path:
            root.mkdir(parents=True)
            for path in sorted(SEEDS.glob("*.txt")):
                shutil.copy(path, root / path.name)
            return root
        cases["seeds-folder"] = all_seeds
    return cases


def _dump(collection: object) -> tuple:
    """Everything a scan gives, as plain comparable data."""
    files = list(collection.files)
    entries = [tuple((f.name, getattr(e, f.name)) for f in dataclasses.fields(e)) for e in collection.entries]
    warnings = [dataclasses.astuple(w) for w in collection.warnings]
    texts = {rel: collection.file_text(rel) for rel in files}
    return (files, entries, warnings, texts)


def _steps(path: Path) -> dict[str, tuple]:
    from paperdesk.collection import scanner
    from paperdesk.collection.scanner import scan

    if hasattr(scanner, "_now_ns"):   # scans "a minute later", so the fresh files' stamps are trusted
        scanner._now_ns = lambda: time.time_ns() + 60_000_000_000   # and the snapshot steps run as they would

    out = {"nocache": _dump(scan(path, use_cache=False))}
    out["cold"] = _dump(scan(path))
    out["rescan1"] = _dump(scan(path))
    out["rescan2"] = _dump(scan(path))
    out["rescan3"] = _dump(scan(path))
    notes = sorted(p for p in path.rglob("*") if p.suffix in (".md", ".txt", ".markdown") and p.is_file())
    target = path if path.is_file() else notes[len(notes) // 2]
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000_000))
    out["touched"] = _dump(scan(path))
    out["touched-again"] = _dump(scan(path))
    target.write_bytes(target.read_bytes() + b"\n## [Added Paper](https://arxiv.org/abs/2101.00042)\n\nmore\n")
    out["edited"] = _dump(scan(path))
    out["edited-again"] = _dump(scan(path))
    return out


def run() -> dict[str, dict[str, tuple]]:
    """Build every case afresh in a fixed folder and scan it through every step."""
    os.environ["XDG_CACHE_HOME"] = str(WORK / "cache")
    results: dict[str, dict[str, tuple]] = {}
    for name, build in _cases().items():
        shutil.rmtree(WORK, ignore_errors=True)
        (WORK / "cache").mkdir(parents=True)
        path = build(WORK / name)
        results[name] = _steps(path)
    shutil.rmtree(WORK, ignore_errors=True)
    return results


def _first_difference(a: object, b: object, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: type {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return f"{where}: keys differ {sorted(set(a) ^ set(b))[:5]}"
        for k in a:
            if a[k] != b[k]:
                return _first_difference(a[k], b[k], f"{where}/{k}")
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{where}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
    return f"{where}: {a!r:.300} != {b!r:.300}"


def _force_workers(on: bool) -> None:
    """Make every scan use worker processes (on) or none (off), where the scanner has them."""
    try:
        from paperdesk.collection import workers
    except ImportError:
        return
    workers.MIN_FILES = workers.MIN_BYTES = 0 if on else 1 << 60


def main(argv: list[str]) -> int:
    """`save DIR` writes the results; `check DIR` compares with them (exit 1 on any difference).

    `check` runs every case twice: all in this process, and with worker processes forced on."""
    mode, folder = argv[1], Path(argv[2])
    if mode == "check":
        bad = 0
        for on in (False, True):
            _force_workers(on)
            print(f"workers {'forced' if on else 'off'}:")
            bad += _check(run(), folder)
        return 1 if bad else 0
    results = run()
    if mode == "save":
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "golden.pickle").write_bytes(pickle.dumps(results))
        print(f"saved {len(results)} cases: " + ", ".join(f"{k} ({len(v['nocache'][1])} entries)" for k, v in results.items()))
        return 0
    return 0


def _check(results: dict[str, dict[str, tuple]], folder: Path) -> int:
    golden = pickle.loads((folder / "golden.pickle").read_bytes())
    bad = 0
    for name, steps in golden.items():
        for step, expected in steps.items():
            got = results.get(name, {}).get(step)
            if got != expected:
                bad += 1
                print(f"DIFF {name} {step}: {_first_difference(expected, got)}")
    print(f"{'OK' if not bad else 'FAIL'}: {len(golden)} cases, {bad} differing steps")
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
