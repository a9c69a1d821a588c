"""`--db FILE` naming a file that is not an annotation store at all: refused, the file left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.cli import main
from paperdesk.store import AnnotationStore

NOTES = "# Notes\n\n## Attention Is All You Need\n\n**Link**: https://arxiv.org/abs/1706.03762\n\nSelf-attention.\n"


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "notes.md").write_text(NOTES, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


FOREIGN = {
    "note.md": b"# My own note\n\nText I wrote and want to keep.\n",
    "data.bin": bytes(range(256)) * 4,
    "package.json": b'{"name": "site", "version": "1.0.0", "private": true}\n',
    "list.json": b"[1, 2, 3]\n",
    "page.html": b"<!doctype html><title>x</title>\n",
}


@pytest.mark.parametrize("name", sorted(FOREIGN))
@pytest.mark.parametrize("command", [
    ["annotations", "{c}", "--db", "{db}"],
    ["annotations", "{c}", "--json", "--db={db}"],
    ["mark", "{c}", "Attention Is All You Need", "--status", "read", "--db", "{db}"],
    ["tag", "{c}", "Attention Is All You Need", "+x", "--db", "{db}"],
    ["tag", "--db", "{db}", "{c}", "Attention Is All You Need", "+x"],
    ["highlight", "{c}", "Attention Is All You Need", "--quote", "Self-attention", "--db", "{db}"],
    ["export", "{c}", "--out", "{out}", "--db", "{db}"],
    ["{c}", "--db", "{db}"],                       # the window's launch: refused before any window
], ids=["annotations", "annotations-eq", "mark", "tag", "tag-db-first", "highlight", "export", "window"])
def test_a_file_that_is_not_a_store_is_refused_and_left_alone(collection: Path, tmp_path: Path, capsys, name: str,
                                                              command: list[str]) -> None:
    db = tmp_path / "own" / name
    db.parent.mkdir()
    db.write_bytes(FOREIGN[name])
    args = [a.format(c=collection, db=db, out=tmp_path / "out") for a in command]
    code, out, err = run(capsys, *args)
    assert out == ""
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"paperdesk: {db} is not an annotation store")
    assert "nothing was changed" in err
    assert db.read_bytes() == FOREIGN[name]
    assert sorted(p.name for p in db.parent.iterdir()) == [name]     # no lock, journal, kept copy
    assert not (tmp_path / "out").exists()


def test_a_damaged_store_given_with_db_is_still_recovered(collection: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "broken.json"
    db.write_bytes(b'{"meta": {"sch')                 # a cut-off store, nothing beside it
    code, out, err = run(capsys, "mark", str(collection), "Attention Is All You Need", "--status", "read", "--db", str(db))
    assert code == 0 and "damaged" in err and out.startswith("read: ")
    assert [p.name for p in tmp_path.glob("broken.json.damaged-*")]


def test_a_store_of_ours_whose_bytes_are_garbage_is_recovered_from_its_backup(collection: Path, tmp_path: Path,
                                                                          capsys) -> None:
    db = tmp_path / "store.json"
    with AnnotationStore.open(db) as store:
        store.set_status("arxiv:1706.03762", "read")
    db.write_bytes(b"\0" * 512)                      # what a crash can leave; its journal and lock are beside it
    code, out, err = run(capsys, "annotations", str(collection), "--db", str(db))
    assert code == 0, err
    assert "damaged" in err and "read" in out


@pytest.mark.parametrize("content", [b"", b"   \n", b'{"meta":{"schema":{"version":3}},"status":{}}', b"{}"])
def test_an_empty_file_or_a_store_is_opened(collection: Path, tmp_path: Path, capsys, content: bytes) -> None:
    db = tmp_path / "s.json"
    db.write_bytes(content)
    code, _out, err = run(capsys, "annotations", str(collection), "--db", str(db))
    assert code == 0, err
    assert "not an annotation store" not in err


def test_a_new_file_name_makes_a_new_store(collection: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "new" / "s.json"
    code, _out, err = run(capsys, "mark", str(collection), "Attention Is All You Need", "--status", "read", "--db", str(db))
    assert code == 0, err
    with AnnotationStore.open(db) as store:
        assert store.status("arxiv:1706.03762") == "read"
