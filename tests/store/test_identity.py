"""Collection identity: a moved folder keeps its store; old path-named stores are adopted."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from paperdesk.paths import legacy_store_path
from paperdesk.store import AnnotationStore
from paperdesk.store import identity as ident
from paperdesk.store.identity import (
    IdSource,
    default_store_path,
    locate_store,
    read_identity,
    take_message,
)


def _folder(tmp_path: Path, name: str = "notes") -> Path:
    root = tmp_path / name
    root.mkdir()
    (root / "a.md").write_text("# A paper\n\ntext\n", encoding="utf-8")
    return root


def test_id_is_kept_in_the_collection_and_survives_a_move(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    first = locate_store(root)
    assert first.source is IdSource.FILE and read_identity(root) == first.collection_id
    assert (root / ".paperdesk" / ".gitignore").read_text().strip().endswith("*")
    with AnnotationStore.open(first.path) as store:
        store.add_tag("k", "kept")
    moved = tmp_path / "elsewhere" / "renamed"
    moved.parent.mkdir()
    shutil.move(root, moved)
    again = locate_store(moved)
    assert again.path == first.path and again.message is None
    with AnnotationStore.open(default_store_path(moved)) as store:
        assert store.tags("k") == ["kept"]


def test_two_folders_get_two_stores(tmp_path: Path) -> None:
    assert locate_store(_folder(tmp_path, "a")).path != locate_store(_folder(tmp_path, "b")).path


def test_a_store_named_after_the_path_is_adopted_with_a_message(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    legacy = legacy_store_path(root)
    with AnnotationStore.open(legacy) as store:
        store.add_tag("k", "old")
    store = AnnotationStore.open(legacy)
    store.add_tag("k", "journaled")          # only in the journal: the process died before closing
    store._lock.close()
    where = locate_store(root)
    assert where.message and "now follow the folder" in where.message
    assert take_message(root) == where.message and take_message(root) is None
    assert not legacy.exists() and not list(legacy.parent.glob(legacy.name + ".journal"))
    with AnnotationStore.open(where.path) as store:
        assert store.tags("k") == ["old", "journaled"]


def _read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders paperdesk may not write into (tests run as root, where chmod does not stop writes)."""
    monkeypatch.setattr(ident, "_write_identity", lambda root: None)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})


def _committed_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A Git repository `repo` with one commit holding the notes folder `repo/notes`."""
    repo = tmp_path / "repo"
    repo.mkdir()
    notes = _folder(repo, "notes")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "x")
    return repo, notes


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_read_only_folder_in_git_is_known_by_root_commit_and_path(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _read_only(monkeypatch)
    repo, notes = _committed_repo(tmp_path)
    where = locate_store(notes)
    assert where.source is IdSource.GIT and where.collection_id.startswith("git-")
    assert locate_store(repo).collection_id != where.collection_id        # the path inside counts
    moved = tmp_path / "moved-repo"
    shutil.move(repo, moved)
    assert locate_store(moved / "notes").path == where.path


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_identity_is_cached_until_the_repository_commits_or_moves(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _read_only(monkeypatch)
    repo, notes = _committed_repo(tmp_path)
    calls: list[tuple[str, ...]] = []
    real_git = ident._git
    monkeypatch.setattr(ident, "_git", lambda root, *args: (calls.append(args), real_git(root, *args))[1])
    first = locate_store(notes)
    asked = len(calls)
    assert asked == 2
    again = locate_store(notes)
    assert len(calls) == asked and again.path == first.path and again.source is IdSource.GIT
    (notes / "b.md").write_text("# B\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "y")
    assert locate_store(notes).path == first.path and len(calls) == asked + 2     # asked again, same id
    _git(repo, "checkout", "-q", "--orphan", "other")
    _git(repo, "commit", "-q", "-m", "a new history")
    assert locate_store(notes).path != first.path                               # a new root commit counts
    moved = tmp_path / "moved-repo"
    shutil.move(repo, moved)
    _git(moved, "checkout", "-q", "master" if (moved / ".git/refs/heads/master").exists() else "main")
    assert locate_store(moved / "notes").path == first.path


def test_moved_read_only_folder_finds_its_store_by_its_papers(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _read_only(monkeypatch)
    monkeypatch.setattr(ident, "git_identity", lambda root: None)
    root = _folder(tmp_path)
    old = locate_store(root, ["arxiv:1", "arxiv:2"])
    assert old.source is IdSource.PATH
    with AnnotationStore.open(old.path) as store:
        store.add_tag("arxiv:1", "x")
        store.set_status("arxiv:2", "read")
    other = _folder(tmp_path, "still-here")
    with AnnotationStore.open(locate_store(other, ["arxiv:1"]).path) as store:
        store.add_tag("arxiv:1", "theirs")          # a folder that still exists: never taken
    moved = tmp_path / "moved"
    shutil.move(root, moved)
    assert locate_store(moved).message is None      # without paper keys nothing is guessed
    where = locate_store(moved, ["arxiv:1", "arxiv:2", "arxiv:3"])
    assert where.message and "2 papers in common" in where.message
    with AnnotationStore.open(where.path) as store:
        assert store.tags("arxiv:1") == ["x"] and store.status("arxiv:2") == "read"


def test_unrelated_papers_adopt_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _folder(tmp_path)
    with AnnotationStore.open(legacy_store_path(tmp_path / "gone")) as store:
        store.add_tag("arxiv:9", "x")
    where = locate_store(root, ["arxiv:1"])
    assert where.message is None and not where.path.exists()


def test_sync_file_is_the_store_when_present(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    (root / ".paperdesk").mkdir()
    (root / ".paperdesk" / "annotations.json").write_text(json.dumps({}))
    where = locate_store(root)
    assert where.sync and where.path == root / ".paperdesk" / "annotations.json"
