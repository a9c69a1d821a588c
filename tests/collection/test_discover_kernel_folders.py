"""A collection opened at "/": the kernel's folders (/proc, /sys, /dev) are never walked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk.collection import discover as discover_module
from paperdesk.collection.discover import discover


def test_the_kernel_folders_are_the_real_ones() -> None:
    if os.name != "posix":
        pytest.skip("no /proc here")
    assert {"/proc", "/sys", "/dev"} <= discover_module.KERNEL_FOLDERS


def test_a_kernel_folder_and_a_link_into_it_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for "/" holding "proc" whose "<pid>/cwd" links back to a notes folder, as /proc does."""
    root = tmp_path / "root"
    (root / "work" / "notes").mkdir(parents=True)
    (root / "work" / "notes" / "paper.md").write_text("# A Paper\n\nbody\n", encoding="utf-8")
    (root / "proc" / "4242").mkdir(parents=True)
    (root / "proc" / "4242" / "cwd").symlink_to(root / "work" / "notes")
    (root / "self").symlink_to(root / "proc")
    monkeypatch.setattr(discover_module, "KERNEL_FOLDERS", frozenset({str(root / "proc")}), raising=False)
    found = discover(str(root))
    assert [rel for rel, _st in found.notes] == ["work/notes/paper.md"]   # before: proc/4242/cwd/paper.md, found first ("proc" < "work")
