"""mark, tag and highlight find their paper by key, exact title, title beginning or title words."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.cli import main
from paperdesk.collection import scan
from paperdesk.commands.entry_lookup import MAX_LISTED, Match, lookup
from paperdesk.errors import UserError
from paperdesk.store import AnnotationStore

PAPERS = """\
## Deep Residual Learning for Image Recognition
https://arxiv.org/abs/1512.03385

Residual connections make deep nets trainable.

## Identity Mappings in Deep Residual Networks
https://arxiv.org/abs/1603.05027

Identity shortcuts, pre-activation.

## Attention Is All You Need
https://arxiv.org/abs/1706.03762

Transformers replace recurrence with attention.

## Deep Learning
https://arxiv.org/abs/1501.00001

A survey.

## Deep Learning for Go
https://arxiv.org/abs/1501.00002

Go.
"""
AGAIN = "## Attention, again\nhttps://arxiv.org/abs/1706.03762\n\nA second note on the same paper.\n"
MANY = "".join(f"## Deep Model {n}\nhttps://arxiv.org/abs/2001.{n:05d}\n\nModel {n}.\n\n" for n in range(12))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "papers.md").write_text(PAPERS, encoding="utf-8")
    (folder / "again.md").write_text(AGAIN, encoding="utf-8")
    (folder / "many.md").write_text(MANY, encoding="utf-8")
    return folder


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("text", "how", "key"), [
    ("arxiv:1512.03385", Match.PAPER_KEY, "arxiv:1512.03385"),
    ("ARXIV:1512.03385", Match.PAPER_KEY, "arxiv:1512.03385"),
    ("deep residual learning for image recognition", Match.TITLE, "arxiv:1512.03385"),
    ("  Deep  Learning ", Match.TITLE, "arxiv:1501.00001"),      # exact beats the prefix of "… for Go"
    ("Deep Residual Learning", Match.TITLE_PREFIX, "arxiv:1512.03385"),
    ("deep residual learning...", Match.TITLE_PREFIX, "arxiv:1512.03385"),
    ("Deep Residual…", Match.TITLE_PREFIX, "arxiv:1512.03385"),   # the other ResNet title has the words, not the beginning
    ("identity", Match.TITLE_PREFIX, "arxiv:1603.05027"),
    ("residual IDENTITY networks", Match.ALL_WORDS, "arxiv:1603.05027"),
    ("recognition image", Match.ALL_WORDS, "arxiv:1512.03385"),
    ("attention", Match.TITLE_PREFIX, "arxiv:1706.03762"),       # two notes, one paper: not ambiguous
])
def test_lookup_tiers(root: Path, text: str, how: Match, key: str) -> None:
    found_how, found_key, entries = lookup(scan(root), text)
    assert (found_how, found_key) == (how, key)
    assert entries and all(e.paper_key == key for e in entries)


def test_entry_id_and_its_prefix(root: Path) -> None:
    collection = scan(root)
    entry = next(e for e in collection.entries if e.title.startswith("Identity"))
    assert lookup(collection, entry.id)[0:2] == (Match.ENTRY_ID, entry.paper_key)
    assert lookup(collection, entry.id[:6])[0:2] == (Match.ID_PREFIX, entry.paper_key)


def test_ambiguous_lists_at_most_ten_candidates_with_keys(root: Path) -> None:
    with pytest.raises(UserError) as caught:
        lookup(scan(root), "deep")
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("'deep' matches 15 papers by beginning of a title;")
    listed = lines[1:-1]
    assert len(listed) == MAX_LISTED and lines[-1].strip() == "… and 5 more"
    assert listed[:3] == ["  Deep Learning  [arxiv:1501.00001]", "  Deep Learning for Go  [arxiv:1501.00002]",
                          "  Deep Model 0  [arxiv:2001.00000]"]        # by title
    assert all(line.startswith("  Deep Model ") for line in listed[2:])


def test_words_that_name_two_papers_are_ambiguous(root: Path) -> None:
    with pytest.raises(UserError) as caught:
        lookup(scan(root), "residual deep")       # both ResNet papers have both words
    message = str(caught.value)
    assert "matches 2 papers by words of a title" in message
    assert "[arxiv:1512.03385]" in message and "[arxiv:1603.05027]" in message


def test_mark_tag_highlight_take_a_title_beginning(root: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.json")
    code, out, err = cli(capsys, "mark", str(root), "Deep Residual Learning...", "--status", "read", "--db", db)
    assert (code, err) == (0, "") and out.strip() == "read: Deep Residual Learning for Image Recognition (was unread)"
    code, out, _ = cli(capsys, "tag", str(root), "identity mappings", "+resnet", "--db", db)
    assert code == 0 and out.splitlines()[0] == "+resnet: Identity Mappings in Deep Residual Networks"
    code, out, _ = cli(capsys, "highlight", str(root), "deep networks residual", "--quote", "pre-activation",
                       "--db", db)
    assert code == 0 and "in Identity Mappings in Deep Residual Networks" in out
    with AnnotationStore.open(Path(db)) as store:
        assert store.status("arxiv:1512.03385") == "read"
        assert store.tags("arxiv:1603.05027") == ["resnet"]
        assert [h.quote for h in store.all_highlights() if h.paper_key == "arxiv:1603.05027"] == ["pre-activation"]


def test_ambiguous_on_the_command_line_exits_non_zero_without_a_traceback(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "s.json"
    for args in (["mark", str(root), "residual deep", "--status", "read"], ["tag", str(root), "Residual Deep", "+x"],
                 ["highlight", str(root), "residual  deep", "--quote", "Go"]):
        code, out, err = cli(capsys, *args, "--db", str(db))
        assert code == 2 and out == "" and "Traceback" not in err
        assert err.splitlines()[1:] == ["  Deep Residual Learning for Image Recognition  [arxiv:1512.03385]",
                                        "  Identity Mappings in Deep Residual Networks  [arxiv:1603.05027]"]
        assert err.startswith(f"paperdesk: {args[2]!r} matches 2 papers by words of a title;")
    assert not db.exists()          # nothing was opened, nothing written
