"""Hostile input never makes the scan raise: random text, NULs, huge lines, broken fences, bad UTF-8."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdesk.collection import scan
from paperdesk.collection.decode import BinaryFile, decode_bytes
from paperdesk.collection.layout import detect_layout

FRAGMENTS = [
    "# ", "## ", "### 2024 - ", "#### ", "* **", "**", " (**X**)", "\n  * ", "\n", "\n\n", "---\n",
    "```", "~~~", "<script>", "</script>", "<style>", "<!--", "-->", "[t](", "https://arxiv.org/abs/",
    "2005.10821", ")", "](", "![i](", "<img src=\"", "E:\\x\\y.png", "?", "**Year**: ", "**Tags**: ",
    "**Title**: ", "_November 2019_", "title: ", "\t", "\x00", "\ufeff", "Ã—", "ä", "中文", "\r\n",
    "$$", "> ", "- ", "1. ", "|a|b|", "     ", "#", "**Link**: http://x.org/", "(", "[", "{{",
]

texty = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=60).map("".join)


def _scan_bytes(files: dict[str, bytes]):
    root = Path(tempfile.mkdtemp(prefix="paperdesk-prop-"))
    try:
        for name, data in files.items():
            (root / name).write_bytes(data)
        collection = scan(root, use_cache=False)
        split: dict[str, list[str]] = {}
        for e in collection.entries:
            assert e.category and e.title
            assert e.lines[0] <= e.lines[1]
            if e.source not in split:
                split[e.source] = collection.file_text(e.source).split("\n")
            lines = split[e.source]
            assert e.body == "\n".join(lines[e.lines[0] - 1:e.lines[1]])
        return collection
    finally:
        shutil.rmtree(root)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texty)
def test_markdownish_text_never_raises(text: str) -> None:
    _scan_bytes({"a.md": text.encode("utf-8", "surrogatepass")})


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data: bytes) -> None:
    _scan_bytes({"b.txt": data, "c.md": b"\xef\xbb\xbf" + data})


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300))
def test_decode_only_raises_binary_file(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data)
    except BinaryFile:
        return
    assert "\r" not in text and "\x00" not in text


def test_huge_line_deep_nesting_and_unbalanced_blocks() -> None:
    huge = ("x" * 2_000_000 + "?\n").encode()
    nested = "".join("  " * i + "* **deep** (**D**)\n" for i in range(500)).encode()
    quotes = ("> " * 2000 + "## title\n").encode()
    broken = b"---\ntitle: x\n# not closed\n```\n## inside fence\n<script>\n## 2020 - [t](https://arxiv.org/abs/2005.10821)\n"
    collection = _scan_bytes({"huge.txt": huge, "nested.md": nested, "quotes.md": quotes, "broken.md": broken})
    assert {"huge.txt", "nested.md", "quotes.md", "broken.md"} <= set(collection.files)


def test_ten_megabyte_file_is_scanned() -> None:
    block = "## 2021 - [Paper](https://arxiv.org/abs/2101.00001)\n" + "text line with words\n" * 40
    data = (block * (10_000_000 // len(block) + 1)).encode()
    collection = _scan_bytes({"big.md": data})
    assert len(collection.entries) > 10_000


def test_layout_of_empty_and_blank_files() -> None:
    assert detect_layout([""]).spans == []
    assert detect_layout(["", "   ", "\t"]).spans == []


def test_pathological_lines_stay_linear() -> None:
    # each of these made a backtracking regex quadratic (hours) before lengths were bounded;
    # the suite's per-test timeout catches a regression, no timing assertion needed
    files = {
        "brackets.md": ("## T\n" + "[" * 200_000 + "\n").encode(),
        "images.md": ("## T\n" + "![" * 50_000 + "\n").encode(),
        "tags.md": ("## T\n" + "<img " * 50_000 + "\n").encode(),
        "label.md": ("# t\n**Title**: " + "_a " * 100_000 + "\n").encode(),
        "heading.md": ("# x" + " " * 200_000 + "x\n").encode(),
        "emphasis.md": ("# " + "_a" * 100_000 + "\n").encode(),
    }
    collection = _scan_bytes(files)
    assert len(collection.entries) == len(files)
