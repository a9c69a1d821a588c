"""A refused re-link (read-only store) is said once per set of notes, not after every re-scan."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.query.rekey import rekey
from paperdesk.store import AnnotationStore, StoreReadOnly

RESNET = "# ResNet\n\nDeeper neural networks are more difficult to train; residual learning helps.\n"
ATTENTION = "# Attention Is All You Need\n\nWe propose a new simple network architecture, the Transformer.\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "resnet.md").write_text(RESNET, encoding="utf-8")
    (folder / "attention.md").write_text(ATTENTION, encoding="utf-8")
    return folder


def tag_all(root: Path, store: AnnotationStore) -> None:
    for entry in scan(root, use_cache=False).entries:
        store.add_tag(entry.paper_key, "seen")


def test_the_same_refusal_is_said_once_a_new_set_again(root: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with AnnotationStore.open(tmp_path / "s.json") as store:
        tag_all(root, store)

        def refuse(*_args: object, **_kwargs: object) -> bool:
            raise StoreReadOnly("the disk is full")

        monkeypatch.setattr(store, "move_paper", refuse)
        said: set[frozenset[str]] = set()
        (root / "resnet.md").rename(root / "2016-resnet.md")
        first = rekey(scan(root, use_cache=False), store)
        assert first.message(said) == "could not re-link annotations of 1 renamed note: the disk is full"
        for _ in range(3):                                       # re-scans: refused again, not said again
            again = rekey(scan(root, use_cache=False), store)
            assert len(again.failed) == 1 and again.message(said) is None
        assert again.message() is not None                      # without a memory: says it (the CLI, once a run)

        (root / "attention.md").rename(root / "notes-attention.md")    # another note: a new set
        both = rekey(scan(root, use_cache=False), store)
        assert both.message(said) == "could not re-link annotations of 2 renamed notes: the disk is full"
        assert rekey(scan(root, use_cache=False), store).message(said) is None

        monkeypatch.undo()                                      # writable again: the moves are made and said
        done = rekey(scan(root, use_cache=False), store)
        assert done.message(said) == "re-linked annotations of 2 renamed notes"
        assert rekey(scan(root, use_cache=False), store).message(said) is None


SCRIPT = """
import sys
from paperdesk.store import journal
from paperdesk.cli import main

def denied(_path, _line):
    raise PermissionError(13, "Permission denied")

journal.append = denied
sys.exit(main(sys.argv[1:]))
"""


def test_the_command_line_says_a_refused_re_link_once(root: Path, tmp_path: Path) -> None:
    """A read-only store: one `paperdesk:` line about the re-link on stderr (the log line is gone)."""
    db = tmp_path / "s.json"
    with AnnotationStore.open(db) as store:
        tag_all(root, store)
    (root / "resnet.md").rename(root / "2016-resnet.md")
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(SCRIPT), "annotations", str(root),
                             "--db", str(db)], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "link" in line or "move" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("paperdesk: could not re-link annotations of 1 renamed note: ")
    assert "permission denied" in lines[0].lower()
    assert "file:resnet.md#resnet: unread [seen]" in result.stdout     # nothing lost, still on its old key
