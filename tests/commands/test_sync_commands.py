"""The sync commands: annotations --json, highlight, sync init, merge-annotations, doctor --sync; mv."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.cli import main
from paperdesk.store import AnnotationStore
from paperdesk.store.sync_file import encode, sync_path

NOTES = """# Attention Is All You Need

**Link**: https://arxiv.org/abs/1706.03762

The transformer replaces recurrence with self-attention over all positions.

# Deep Residual Learning

**Link**: https://arxiv.org/abs/1512.03385

Residual connections make very deep networks trainable.
"""
ATT, RES = "arxiv:1706.03762", "arxiv:1512.03385"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "papers.md").write_text(NOTES, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def view(capsys: pytest.CaptureFixture[str], root: Path) -> dict:
    code, out, _ = run(capsys, "annotations", str(root), "--json")
    assert code == 0
    return json.loads(out)


def test_annotations_json_has_the_documented_shape(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert view(capsys, notes) == {"papers": {}}
    run(capsys, "tag", str(notes), ATT, "+nlp", "+Attention")
    run(capsys, "mark", str(notes), RES, "--status", "read")
    code, out, _ = run(capsys, "highlight", str(notes), ATT, "--quote", "self-attention", "--color", "3",
                       "--note", "key idea")
    assert code == 0
    hid = out.split()[-1]
    data = view(capsys, notes)
    entry = data["papers"][ATT]["highlights"][0]["entry_id"]
    assert data == {"papers": {
        ATT: {"status": "unread", "tags": ["Attention", "nlp"],
              "highlights": [{"id": hid, "entry_id": entry, "quote": "self-attention", "color": 2,
                              "note": "key idea"}]},
        RES: {"status": "read", "tags": [], "highlights": []},
    }}
    assert run(capsys, "annotations", str(notes), "--json")[1] == run(capsys, "annotations", str(notes), "--json")[1]


def test_highlight_errors_and_delete(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "highlight", str(notes), ATT, "--quote", "not in this entry")
    assert code == 2 and "is not in the text" in err
    code, _, err = run(capsys, "highlight", str(notes), ATT, "--delete", "nosuchid")
    assert code == 2 and "no highlight 'nosuchid'" in err
    hid = run(capsys, "highlight", str(notes), ATT, "--quote", "transformer")[1].split()[-1]
    code, _, err = run(capsys, "highlight", str(notes), RES, "--delete", hid)    # another paper's
    assert code == 2
    assert run(capsys, "highlight", str(notes), ATT, "--delete", hid)[0] == 0
    assert view(capsys, notes) == {"papers": {}}
    assert run(capsys, "highlight", str(notes), ATT, "--quote", "transformer", "--color", "9")[0] == 2


def test_moved_folder_keeps_its_annotations(notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "tag", str(notes), ATT, "+kept")
    run(capsys, "highlight", str(notes), RES, "--quote", "Residual")
    before = view(capsys, notes)
    moved = tmp_path / "archive" / "renamed-notes"
    moved.parent.mkdir()
    subprocess.run(["mv", str(notes), str(moved)], check=True)
    assert view(capsys, moved) == before and before["papers"]


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@x", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_sync_init_writes_the_git_files_and_registers_the_driver(notes: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "tag", str(notes), ATT, "+before-sync")
    _git(notes, "init", "-q")
    code, out, _ = run(capsys, "sync", "init", str(notes))
    assert code == 0 and "registered the merge driver" in out
    assert (notes / ".paperdesk" / ".gitattributes").read_text() == "annotations.json merge=paperdesk\n"
    driver = _git(notes, "config", "--get", "merge.paperdesk.driver").strip()
    assert driver == f"{sys.executable} -m paperdesk merge-annotations %O %A %B"
    _git(notes, "add", "-A")
    tracked = _git(notes, "ls-files").split()
    assert sorted(t for t in tracked if t.startswith(".paperdesk")) == [
        ".paperdesk/.gitattributes", ".paperdesk/.gitignore", ".paperdesk/annotations.json"]
    assert view(capsys, notes)["papers"][ATT]["tags"] == ["before-sync"]     # the local store came along
    run(capsys, "tag", str(notes), ATT, "+after-sync")
    assert b"after-sync" in sync_path(notes).read_bytes()
    before = sync_path(notes).read_bytes()
    assert run(capsys, "sync", "init", str(notes))[0] == 0                   # again: nothing changes
    assert sync_path(notes).read_bytes() == before
    code, out, _ = run(capsys, "doctor", "--sync", str(notes), "--json")
    report = json.loads(out)
    assert report["sync"] is True and report["driver"] == driver and report["attributes"] is True
    assert report["conflicted"] is False and report["damaged"] is None


def test_merge_annotations_writes_ours_and_is_symmetric(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = {}
    for name in ("base", "ours", "theirs"):
        paths[name] = tmp_path / name / ".paperdesk" / "annotations.json"
    with AnnotationStore.open(paths["base"]) as store:
        store.add_tag("k", "common")
    for name in ("ours", "theirs"):
        paths[name].parent.mkdir(parents=True)
        shutil.copy(paths["base"], paths[name])
        monkeypatch.setenv("PAPERDESK_DEVICE_ID", name)
        with AnnotationStore.open(paths[name]) as store:
            store.add_tag("k", name)
            store.set_status("k", "read" if name == "ours" else "reading")
    mirror = tmp_path / "mirror.json"
    shutil.copy(paths["theirs"], mirror)
    assert run(capsys, "merge-annotations", str(paths["base"]), str(paths["ours"]), str(paths["theirs"]))[0] == 0
    assert run(capsys, "merge-annotations", str(paths["base"]), str(mirror), str(tmp_path / "ours" /
               ".paperdesk" / "annotations.json"))[0] == 0
    merged = paths["ours"].read_bytes()
    assert merged == mirror.read_bytes()                 # both directions, byte for byte
    assert merged == encode(json.loads(merged))
    data = json.loads(merged)
    assert sorted(data["tags"]["k"]["tags"]) == ["common", "ours", "theirs"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = run(capsys, "merge-annotations", str(paths["base"]), str(bad), str(mirror))
    assert code == 1 and "cannot merge" in err


def test_doctor_sync_counts_tombstones_and_devices(notes: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "desk")
    run(capsys, "sync", "init", str(notes))
    hid = run(capsys, "highlight", str(notes), ATT, "--quote", "transformer")[1].split()[-1]
    run(capsys, "highlight", str(notes), ATT, "--delete", hid)
    run(capsys, "tag", str(notes), ATT, "+a", "-a")
    code, out, _ = run(capsys, "doctor", "--sync", str(notes), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["tombstones"] == {"highlights": 1, "tags": 1, "tag_colors": 0, "searches": 0}
    assert list(report["newest_change_per_device"]) == ["desk"]
    text = run(capsys, "doctor", "--sync", str(notes))[1]
    assert "sync for" in text and ": on" in text and "newest change of device desk" in text
