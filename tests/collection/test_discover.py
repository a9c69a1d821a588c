"""Discovery: extensions, hidden folders, symlink loops and escapes, binary and unreadable files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk.collection import discover, scan
from paperdesk.errors import UserError

NOTE = "# A note\n\nbody\n"


def test_only_note_extensions_and_no_hidden_folders(make_notes) -> None:
    root = make_notes({
        "a.md": NOTE, "b.markdown": NOTE, "c.txt": NOTE, "d.MD": NOTE, "e.rst": NOTE, "f.py": "x = 1\n",
        ".hidden/g.md": NOTE, ".git/h.md": NOTE, "sub/.secret.md": NOTE, "sub/deeper/i.md": NOTE,
        "requirements.txt": "ftfy\n", "LICENSE.txt": "MIT\n", "node_modules/x/readme.md": NOTE,
    })
    assert scan(root).files == ["a.md", "b.markdown", "c.txt", "d.MD", "sub/deeper/i.md"]


def test_python_environments_under_any_name_are_not_walked(make_notes) -> None:
    """A venv (pyvenv.cfg) or conda environment (conda-meta/) holds package READMEs, never notes."""
    root = make_notes({
        "a.md": NOTE, "env/pyvenv.cfg": "home = /usr/bin\n", "env/lib/python3.11/pkg/README.md": NOTE,
        "tools/conda/conda-meta/history": "", "tools/conda/pkgs/x/README.md": NOTE, "tools/notes.md": NOTE,
        "env2/README.md": NOTE,
    })
    assert scan(root).files == ["a.md", "env2/README.md", "tools/notes.md"]


def test_a_collection_opened_at_an_environment_is_still_read(make_notes) -> None:
    root = make_notes({"pyvenv.cfg": "home = /usr/bin\n", "notes.md": NOTE})
    assert scan(root).files == ["notes.md"]


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
    real_open = os.open

    def fake_open(path, *args, **kwargs):  # root ignores chmod, so simulate the permission error
        if str(path).endswith("locked.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)   # the scan reads notes with os.open/os.read
    collection = scan(root, use_cache=False)
    assert [e.source for e in collection.entries] == ["good.md"]
    assert [(w.kind, w.source, w.message) for w in collection.warnings] == [
        ("unreadable", "locked.md", "skipped: Permission denied")]


def test_single_file_and_missing_path(make_notes) -> None:
    root = make_notes({"a.md": NOTE, "b.md": NOTE})
    collection = scan(root / "b.md")
    assert collection.root == root and collection.files == ["b.md"]
    with pytest.raises(UserError):
        scan(root / "missing.md")


def test_fifo_named_like_a_note_is_skipped_not_opened(make_notes) -> None:
    # opening a FIFO for reading blocks until a writer comes: scan must never try
    root = make_notes({"good.md": NOTE})
    os.mkfifo(root / "pipe.md")
    collection = scan(root, use_cache=False)
    assert [e.source for e in collection.entries] == ["good.md"]
    assert [(w.kind, w.source) for w in collection.warnings] == [("special", "pipe.md")]
    assert "FIFO" in collection.warnings[0].message


def test_socket_named_like_a_note_is_skipped(make_notes, tmp_path: Path) -> None:
    import socket

    root = make_notes({"good.md": NOTE})
    path = root / "s.md"
    if len(str(path)) > 100:
        pytest.skip("temporary folder path too long for a Unix socket name")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        collection = scan(root, use_cache=False)
    finally:
        sock.close()
    assert [(w.kind, w.source) for w in collection.warnings] == [("special", "s.md")]


def test_file_above_the_size_cap_is_listed_not_read(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"good.md": NOTE})
    with open(root / "huge.md", "wb") as handle:     # sparse: costs no disk
        handle.truncate(discover.MAX_NOTE_BYTES + 1)
    opened: list[str] = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    collection = scan(root, use_cache=False)
    assert [e.source for e in collection.entries] == ["good.md"]
    assert [(w.kind, w.source) for w in collection.warnings] == [("too-large", "huge.md")]
    assert "16 MiB" in collection.warnings[0].message
    assert not any(p.endswith("huge.md") for p in opened)


def test_read_note_bytes_refuses_fifo_large_and_vanished_files(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "swapped.md"
    os.mkfifo(fifo)                          # a FIFO swapped in after discovery: no blocking open
    with pytest.raises(discover.NotReadable) as caught:
        discover.read_note_bytes(fifo)
    assert caught.value.kind == "special"
    with pytest.raises(discover.NotReadable) as caught:
        discover.read_note_bytes(tmp_path / "gone.md")
    assert caught.value.kind == "vanished"
    small = tmp_path / "small.md"
    small.write_bytes(b"x" * 100)
    assert discover.read_note_bytes(small) == b"x" * 100
    monkeypatch.setattr(discover, "MAX_NOTE_BYTES", 99)
    with pytest.raises(discover.NotReadable) as caught:
        discover.read_note_bytes(small)
    assert caught.value.kind == "too-large"


def test_read_note_bytes_reads_a_file_that_grew_after_its_stat_up_to_the_cap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:   # the size seen before the file grew
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10,
                               st.st_atime, st.st_mtime, st.st_ctime))

    grown = tmp_path / "grown.md"
    grown.write_bytes(b"y" * 5000)
    monkeypatch.setattr(discover.os, "fstat", stale_fstat)
    assert discover.read_note_bytes(grown) == b"y" * 5000
    monkeypatch.setattr(discover, "MAX_NOTE_BYTES", 4000)
    with pytest.raises(discover.NotReadable) as caught:
        discover.read_note_bytes(grown)
    assert caught.value.kind == "too-large"


def test_names_with_line_breaks_or_bidi_overrides_are_flagged_and_escaped(make_notes) -> None:
    root = make_notes({"two\nlines.md": NOTE, "evil\u202egpj.md": NOTE, "fine é.md": NOTE})
    collection = scan(root, use_cache=False)
    assert len(collection.entries) == 3          # still read: the name is odd, not the content
    flagged = sorted((w.kind, w.source) for w in collection.warnings)
    assert flagged == [("name", "evil\u202egpj.md"), ("name", "two\nlines.md")]
    for warning in collection.warnings:
        shown = discover.display_name(warning.source)
        assert "\n" not in shown and "\u202e" not in shown
        assert shown in warning.message
    assert discover.display_name("two\nlines.md") == "two\\nlines.md"
    assert discover.display_name("evil\u202egpj.md") == "evil\\u202egpj.md"
    assert discover.display_name("fine é.md") == "fine é.md"


def test_read_note_bytes_refuses_a_folder_as_opening_it_as_a_file_does(tmp_path: Path) -> None:
    folder = tmp_path / "swapped.md"          # a folder put where discovery saw a note
    folder.mkdir()
    with pytest.raises(discover.NotReadable) as caught:
        discover.read_note_bytes(folder)
    assert (caught.value.kind, caught.value.message) == ("unreadable", "skipped: Is a directory")
