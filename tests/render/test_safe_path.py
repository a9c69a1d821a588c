"""resolve_inside: every way out of the collection root is refused."""

from __future__ import annotations

import os

import pytest

from paperdesk.render import resolve_inside


@pytest.fixture
def root(tmp_path):
    (tmp_path / "coll" / "fig").mkdir(parents=True)
    (tmp_path / "coll" / "fig" / "a b.png").write_bytes(b"png")
    (tmp_path / "coll" / "note.md").write_text("# n\n")
    (tmp_path / "secret.txt").write_text("secret")
    return tmp_path / "coll"


def test_plain_and_percent_encoded_paths_resolve(root):
    assert resolve_inside(root, "note.md") == (root / "note.md").resolve()
    assert resolve_inside(root, "fig/a%20b.png") == (root / "fig" / "a b.png").resolve()
    assert resolve_inside(root, "./fig/a b.png") == (root / "fig" / "a b.png").resolve()


@pytest.mark.parametrize("relpath", [
    "../secret.txt",
    "fig/../../secret.txt",
    "%2e%2e/secret.txt",
    "%2E%2E/secret.txt",
    "fig/%2e%2e/%2e%2e/secret.txt",
    "..%2fsecret.txt",
    "..%2Fsecret.txt",
    "fig%2f..%2f..%2fsecret.txt",
    "%252e%252e/secret.txt",
    "/etc/passwd",
    "%2fetc/passwd",
    "C:/Windows/win.ini",
    "c:%5cWindows",
    "..\\secret.txt",
    "fig\\..\\..\\secret.txt",
    "%5c..%5csecret.txt",
    "note.md%00.png",
    "note.md\0",
    "",
    "%ff%fe",
])
def test_traversal_is_refused(root, relpath):
    assert resolve_inside(root, relpath) is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_symlink_pointing_out_is_refused(root):
    (root / "link.txt").symlink_to(root.parent / "secret.txt")
    (root / "outdir").symlink_to(root.parent)
    assert resolve_inside(root, "link.txt") is None
    assert resolve_inside(root, "outdir/secret.txt") is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")
def test_symlink_inside_root_is_allowed(root):
    (root / "alias.png").symlink_to(root / "fig" / "a b.png")
    assert resolve_inside(root, "alias.png") == (root / "fig" / "a b.png").resolve()


def test_root_itself_through_a_symlink(tmp_path, root):
    link = tmp_path / "rootlink"
    link.symlink_to(root)
    assert resolve_inside(link, "note.md") == (root / "note.md").resolve()
    assert resolve_inside(link, "../secret.txt") is None
