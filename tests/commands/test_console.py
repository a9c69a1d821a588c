"""Subcommands under narrow consoles and odd names: `LC_ALL=C` without UTF-8 mode, folders that are not UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.cli import main
from paperdesk.paths import collection_slug

REPO = Path(__file__).resolve().parents[2]
NOTE = "# 注意力 Attention Is All You Need\n\n- link: https://arxiv.org/abs/1706.03762\n- year: 2017\n\nAttention replaces recurrence.\n"
KEY = "arxiv:1706.03762"


def _odd_folder(tmp_path: Path) -> Path:
    """A collection whose folder name is the Latin-1 byte é (not UTF-8); skips where the file system refuses it."""
    raw = os.fsencode(tmp_path) + b"/notes-\xe9"
    try:
        os.mkdir(raw)
    except (OSError, UnicodeError):
        pytest.skip("this file system only takes UTF-8 names")
    root = Path(os.fsdecode(raw))
    (root / "attention.md").write_text(NOTE, encoding="utf-8")
    return root


def _ascii_run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m paperdesk ARGS` in the C locale with Python's UTF-8 mode and locale coercion off."""
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONPATH": str(REPO)}
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run([sys.executable, "-m", "paperdesk", *args], capture_output=True, env=env, timeout=120)


def test_a_folder_whose_name_is_not_utf8_gets_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _odd_folder(tmp_path)
    assert len(collection_slug(root).rsplit("-", 1)[1]) == 12  # hashes instead of raising
    assert main(["mark", str(root), KEY, "--status", "read"]) == 0
    assert main(["annotations", str(root), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{"):])["papers"][KEY]["status"] == "read"


def test_the_slug_is_the_same_in_every_locale(tmp_path: Path) -> None:
    """A UTF-8 name keeps the digest earlier versions gave it (the store is found again)."""
    import hashlib

    root = tmp_path / "注意力"
    root.mkdir()
    expected = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:12]
    assert collection_slug(root).endswith(f"-{expected}")


def test_json_under_an_ascii_console_keeps_every_character(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "attention.md").write_text(NOTE, encoding="utf-8")
    result = _ascii_run("scan", str(root), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entries"][0]["title"] == "注意力 Attention Is All You Need"


def test_text_output_under_an_ascii_console_is_replaced_not_a_traceback(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "attention.md").write_text(NOTE, encoding="utf-8")
    assert _ascii_run("tag", str(root), KEY, "+ascii").returncode == 0
    for args in (("annotations", str(root)), ("scan", str(root)), ("mark", str(root), KEY, "--status", "read")):
        result = _ascii_run(*args)
        assert result.returncode == 0 and b"Traceback" not in result.stderr, (args, result.stderr)
        assert b"Attention Is All You Need" in result.stdout or b"ascii" in result.stdout


def test_a_tag_typed_under_an_ascii_locale_is_the_same_tag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "attention.md").write_text(NOTE, encoding="utf-8")
    assert _ascii_run("tag", str(root), KEY, "+日本").returncode == 0
    assert _ascii_run("mark", str(root), "注意力 attention is all you need", "--status", "reading").returncode == 0
    assert main(["annotations", str(root), "--json"]) == 0
    out = capsys.readouterr().out
    paper = json.loads(out[out.index("{"):])["papers"][KEY]
    assert paper["tags"] == ["日本"] and paper["status"] == "reading"


FULL_DISK_RUN = """
import errno, sys
from paperdesk.store import backups
def full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")
backups.make_backup = full          # the disk fills up under the store's backup
backups.backup_due = lambda *_args, **_kwargs: True
from paperdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_full_disk_under_the_backup_is_one_line_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "attention.md").write_text(NOTE, encoding="utf-8")
    assert main(["tag", str(root), KEY, "+kept"]) == 0       # a store that exists (a fresh one has no backup)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PAPERDESK_DEBUG", None)
    result = subprocess.run([sys.executable, "-c", FULL_DISK_RUN, "mark", str(root), KEY, "--status", "read"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr             # the change itself went to the journal
    assert "Traceback" not in result.stderr
    assert "paperdesk: could not write a backup of the annotation store (No space left on device)" in result.stderr
    capsys.readouterr()
    assert main(["annotations", str(root), "--json"]) == 0   # and it is there for the next run
    paper = json.loads(capsys.readouterr().out)["papers"][KEY]
    assert paper["status"] == "read" and paper["tags"] == ["kept"]


def test_an_export_that_cannot_be_written_is_a_plain_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "attention.md").write_text(NOTE, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    code = main(["export", str(root), "--out", str(blocker / "out")])   # before: "internal error", exit 1
    err = capsys.readouterr().err
    assert code == 2 and "internal error" not in err
    assert f"the export could not be written in {blocker / 'out'} (Not a directory" in err
