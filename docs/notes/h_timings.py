"""Times `paperdesk scan`, `doctor` and `export` (and one render_entry) on each hostile note of
issue 16, one fresh process per stage, each with a 60 s timeout. Usage: python h_timings.py"""

from __future__ import annotations

import codecs
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BOMB = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
) + "title: bomb\n---\n# Bomb\n\nbody\n"

CASES: dict[str, str | bytes] = {
    "50 MB note (700k entries)": "".join(f"## {1000 + i % 900} Paper {i}\n\nSome *text* [l](https://e.org/{i}).\n\n"
                                         for i in range(50_000_000 // 60)),
    "100,000 list levels (one line)": "# T\n\n" + "- " * 100_000 + "x\n",
    "3,000-level list staircase (9 MB)": "# T\n\n" + "".join(" " * (2 * i) + "- x\n" for i in range(3_000)),
    "10,000 nested quotes (one line)": "# T\n\n" + "> " * 10_000 + "q\n",
    "2,000-line quote staircase": "# T\n\n" + "".join(">" * (i + 1) + " q\n" for i in range(2_000)),
    "[[[[x](((( at 20,000 levels": "# T\n\n" + "[" * 20_000 + "x](" + "(" * 20_000 + "\n",
    "[[[[x](((( at 4,000 levels": "# T\n\n" + "[" * 4_000 + "x](" + "(" * 4_000 + "\n",
    "10 MB line": "# T\n\n" + "word *a* [b](c) " * (10_000_000 // 16) + "\n",
    "20,000 links in one paragraph": "# T\n\n" + "".join(f"[l{i}](n{i}.md) *e*\n" for i in range(20_000)),
    "<div> nested 20,000 deep": "# T\n\n" + "<div>" * 20_000 + "x" + "</div>" * 20_000 + "\n",
    "20,000 backtick runs": "# T\n\n" + "`a" * 20_000 + "\n",
    "YAML bomb front matter": BOMB,
    "front matter nested 5,000 deep": "---\ntitle: " + "[" * 5_000 + "]" * 5_000 + "\n---\n# T\n\nbody\n",
    "5,000 image references": "# T\n\n" + "".join(f"![i{i}](img/{i}.png)\n" for i in range(5_000)),
    "3 MB data: URL image": "# T\n\n![x](data:image/png;base64," + "A" * 3_000_000 + ")\n",
    "3,000 formulas (cold math)": "# T\n\n" + "".join(f"$x_{{{i}}}^{{{i % 7}}} + y$ " for i in range(3_000)) + "\n",
    "binary file named .md": bytes(random.Random(1).randrange(128, 256) for _ in range(200_000)),
    "odd-length invalid UTF-16": codecs.BOM_UTF16_LE + ("# U\n\ntext\n" * 1000).encode("utf-16-le") + b"\x00\xdc\x41",
}


def _run(args: list[str]) -> str:
    started = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "paperdesk", *args], capture_output=True, text=True,
                                timeout=60)
    except subprocess.TimeoutExpired:
        return "> 60 s (killed)"
    seconds = time.perf_counter() - started
    return f"{seconds:.1f} s" + ("" if result.returncode == 0 else f" (exit {result.returncode})")


def _render(folder: Path) -> str:
    code = ("import sys,time; from paperdesk.collection import scan; from paperdesk.render import render_entry\n"
            "c = scan(sys.argv[1]); t = time.perf_counter(); ps = [p for e in c.entries[:1] "
            "for p in render_entry(e, c).problems]\n"
            "print(f'{time.perf_counter() - t:.2f} s', (ps[0].kind + ': ' + ps[0].message[:60]) if ps else 'ok')")
    try:
        result = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "> 60 s (killed)"
    return (result.stdout.strip() or result.stderr.strip().splitlines()[-1])[:100]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in CASES.items():
            folder = Path(tmp) / f"case{abs(hash(name))}"
            folder.mkdir()
            path = folder / "note.md"
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            size = path.stat().st_size
            out = Path(tmp) / f"out{abs(hash(name))}"
            print(f"| {name} | {size / 1e6:.2f} MB | {_run(['scan', str(folder)])} | {_render(folder)} | "
                  f"{_run(['doctor', str(folder)])} | {_run(['export', str(folder), '--out', str(out)])} |",
                  flush=True)
        folder = Path(tmp) / "specials"
        folder.mkdir()
        (folder / "fine.md").write_text("# Fine\n\ntext\n")
        os.mkfifo(folder / "pipe.md")
        (folder / "two\nlines.md").write_text("# N\n\nx\n")
        (folder / "evil\u202egpj.md").write_text("# R\n\nx\n")
        out = Path(tmp) / "out-specials"
        print(f"| FIFO + newline + RTL-override names | - | {_run(['scan', str(folder)])} | - | "
              f"{_run(['doctor', str(folder)])} | {_run(['export', str(folder), '--out', str(out)])} |")


if __name__ == "__main__":
    main()
