"""`paperdesk mark` and `paperdesk tag`: resolve the paper, change the store, print what changed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.cli import main
from paperdesk.store import AnnotationStore
from paperdesk.store.identity import default_store_path

NOTES = """\
## Attention Is All You Need
https://arxiv.org/abs/1706.03762

Transformers replace recurrence with attention.

## Deep Residual Learning
https://arxiv.org/abs/1512.03385

Residual connections make deep nets trainable.

## Deep Residual Learning
https://arxiv.org/abs/1603.05027

Identity mappings in deep residual networks (another paper, same title).
"""

AGAIN = """\
## Attention again
https://arxiv.org/abs/1706.03762

A second note on the same paper.
"""


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "more").mkdir(parents=True)
    (root / "notes.md").write_text(NOTES, encoding="utf-8")
    (root / "more" / "again.md").write_text(AGAIN, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_mark_by_title_uses_the_default_store(collection: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "mark", str(collection), "attention is all you need", "--status", "read")
    assert code == 0 and out.strip() == "read: Attention Is All You Need (was unread)"
    code, out, _ = run(capsys, "mark", str(collection), "arxiv:1706.03762", "--status", "read")
    assert out.strip() in ("read: Attention Is All You Need (+1 other note) (unchanged)",
                           "read: Attention again (+1 other note) (unchanged)")
    store = AnnotationStore.open(default_store_path(collection))
    assert store.status("arxiv:1706.03762") == "read"
    assert [s for _, s in store.status_history("arxiv:1706.03762")] == ["read"]
    store.close()


def test_two_notes_on_one_paper_are_not_ambiguous(collection: Path, capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    db = tmp_path / "other.json"
    code, out, _ = run(capsys, "mark", str(collection), "arxiv:1706.03762", "--status", "reading", "--db", str(db))
    assert code == 0 and "(was unread)" in out
    with AnnotationStore.open(db) as store:
        assert store.status("arxiv:1706.03762") == "reading"
    assert not default_store_path(collection).exists()       # --db overrides the default store


def test_ambiguous_title_lists_the_papers_and_unknown_entry_is_one_line(collection: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "mark", str(collection), "Deep Residual Learning", "--status", "read")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "paperdesk: 'Deep Residual Learning' matches 2 papers by title; "
        "give more of the title, a paper key or an entry id:",
        "  Deep Residual Learning  [arxiv:1512.03385]",
        "  Deep Residual Learning  [arxiv:1603.05027]",
    ]
    code, _, err = run(capsys, "tag", str(collection), "no such paper", "+x")
    assert code == 2 and "no entry" in err and len(err.strip().splitlines()) == 1


def test_tag_adds_and_removes_with_dash_tags_and_db_anywhere(collection: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.json")
    code, out, _ = run(capsys, "tag", str(collection), "arxiv:1512.03385", "+ResNets", "+vision", "+resnets",
                       "--db", db)
    assert code == 0
    assert out.splitlines() == [
        "+ResNets: Deep Residual Learning",
        "+vision: Deep Residual Learning",
        "resnets: already on Deep Residual Learning",
        "tags of Deep Residual Learning: ResNets, vision",
    ]
    code, out, _ = run(capsys, "tag", "--db", db, str(collection), "arxiv:1512.03385", "-RESNETS", "-absent")
    assert code == 0 and out.splitlines()[:2] == ["-RESNETS: Deep Residual Learning",
                                                  "absent: not on Deep Residual Learning"]
    with AnnotationStore.open(Path(db)) as store:
        assert store.tags("arxiv:1512.03385") == ["vision"]


def test_tag_rejects_bad_changes(collection: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for bad in (["vision"], [], ["+"], ["+  "]):
        code, _, err = run(capsys, "tag", str(collection), "arxiv:1512.03385", *bad)
        assert code == 2 and err.startswith("paperdesk: ")


def test_cli_in_a_subprocess_while_a_store_is_open(collection: Path, tmp_path: Path) -> None:
    """The app keeps the store open; the CLI changes it; the app sees the change, nothing lost."""
    db = tmp_path / "shared.json"
    app = AnnotationStore.open(db)
    app.add_tag("arxiv:1706.03762", "from-app")
    result = subprocess.run(
        [sys.executable, "-m", "paperdesk", "tag", str(collection), "Attention Is All You Need", "+from-cli",
         "--db", str(db)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "tags of Attention Is All You Need: from-app, from-cli" in result.stdout   # by exact title
    app.set_status("arxiv:1706.03762", "read")       # reloads first: the CLI's tag survives
    assert app.tags("arxiv:1706.03762") == ["from-app", "from-cli"]
    app.close()
    data = json.loads(db.read_text())
    assert data["tags"]["arxiv:1706.03762"]["tags"] == ["from-app", "from-cli"]


def test_recovered_store_is_reported_on_stderr(collection: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "broken.json"
    db.write_bytes(b'{"meta": {"sch')
    code, out, err = run(capsys, "mark", str(collection), "arxiv:1512.03385", "--status", "read", "--db", str(db))
    assert code == 0 and "damaged" in err and "read: Deep Residual Learning" in out
