"""Discovery: extensions, hidden folders, symlink loops and escapes, binary and unreadable files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.errors import UserError

NOTE = "# A note\n\nbody\n"


def test_only_note_extensions_and_no_hidden_folders(make_notes) -> None:
    root = make_notes({
        "a.md": NOTE, "b.markdown": NOTE, "c.txt": NOTE, "d.MD": NOTE, "e.rst": NOTE, "f.py": "x = 1\n",
        ".hidden/g.md": NOTE, ".git/h.md": NOTE, "sub/.secret.md": NOTE, "sub/deeper/i.md": NOTE,
        "requirements.txt": "ftfy\n", "LICENSE.txt": "MIT\n", "node_modules/x/readme.md": NOTE,
    })
    assert scan(root).files == ["a.md", "b.markdown", "c.txt", "d.MD", "sub/deeper/i.md"]


def test_symlink_loop_and_outside_links_are_skipped_with_warnings(make_notes, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(NOTE)
    root = make_notes({"sub/a.md": NOTE})
    os.symlink(root, root / "sub" / "loop")
    os.symlink(outside, root / "escape")
    os.symlink(outside / "secret.md", root / "secret.md")
    collection = scan(root)
    assert collection.files == ["sub/a.md"]
    warned = {(w.kind, w.source) for w in collection.warnings}
    assert warned == {("symlink", "sub/loop"), ("symlink", "escape"), ("symlink", "secret.md")}


def test_binary_file_with_note_extension_is_skipped(make_notes) -> None:
    root = make_notes({"good.md": NOTE, "picture.md": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4})
    collection = scan(root)
    assert [e.source for e in collection.entries] == ["good.md"]
    assert [(w.kind, w.source) for w in collection.warnings] == [("binary", "picture.md")]


def test_unreadable_file_is_skipped_with_a_warning(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"good.md": NOTE, "locked.md": NOTE})
    real_open = open

    def fake_open(path, *args, **kwargs):  # root ignores chmod, so simulate the permission error
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    collection = scan(root, use_cache=False)
    assert [e.source for e in collection.entries] == ["good.md"]
    assert [(w.kind, w.source) for w in collection.warnings] == [("unreadable", "locked.md")]


def test_single_file_and_missing_path(make_notes) -> None:
    root = make_notes({"a.md": NOTE, "b.md": NOTE})
    collection = scan(root / "b.md")
    assert collection.root == root and collection.files == ["b.md"]
    with pytest.raises(UserError):
        scan(root / "missing.md")
