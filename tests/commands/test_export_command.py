"""`paperdesk export`: scan, optional --query, export, summary; errors as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from paperdesk.cli import main
from paperdesk.collection import scan
from paperdesk.store import AnnotationStore

NOTES = """# Robotics

## Do As I Can, Not As I Say: Grounding Language in Robotic Affordances

**Link**: https://arxiv.org/abs/2204.01691

Language models plan, affordances ground the plan.

## Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding

**Link**: https://arxiv.org/abs/2205.11487

Frozen text encoders condition a cascade of diffusion models.
"""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "papers.md").write_text(NOTES, encoding="utf-8")
    collection = scan(root, use_cache=False)
    db = tmp_path / "store.json"
    with AnnotationStore.open(db) as store:
        saycan = next(e for e in collection.entries if e.title.startswith("Do As"))
        store.add_tag(saycan.paper_key, "rl")
        store.set_status(saycan.paper_key, "read")
    return root, db


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")[4:].partition("\n---\n")[0])


def test_export_all(setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, db = setup
    out = tmp_path / "out"
    assert main(["export", str(root), "--out", str(out), "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "exported 2 entries" in printed and "3 files (3 written, 0 unchanged)" in printed
    notes = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert notes == [
        "Robotics/2022-do-as-i-can-not-as-i-say-grounding-language-in-robotic.md",
        "Robotics/2022-photorealistic-text-to-image-diffusion-models-with-deep.md",
        "index.md",
    ]
    meta = front(out / notes[0])
    assert (meta["tags"], meta["status"]) == (["rl"], "read")
    # twice: nothing written
    assert main(["export", str(root), "--out", str(out), "--db", str(db)]) == 0
    assert "(0 written, 3 unchanged)" in capsys.readouterr().out


def test_query_selects_entries(setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, db = setup
    out = tmp_path / "out"
    assert main(["export", str(root), "--out", str(out), "--db", str(db), "--query", "-status:read diffusion"]) == 0
    assert "exported 1 entries" in capsys.readouterr().out
    notes = sorted(p.name for p in out.rglob("*.md"))
    assert notes == ["2022-photorealistic-text-to-image-diffusion-models-with-deep.md", "index.md"]


def test_query_problems_are_shown_and_no_match_is_an_error(
    setup: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, db = setup
    code = main(["export", str(root), "--out", str(tmp_path / "o"), "--db", str(db),
                 "--query", "year:abc tag:nothing-has-this"])
    err = capsys.readouterr().err
    assert code == 2
    assert "query: year:abc is not a year" in err
    assert "nothing to export" in err
    assert not (tmp_path / "o").exists()


def test_single_file_and_html_marks(setup: tuple[Path, Path], tmp_path: Path) -> None:
    root, db = setup
    out = tmp_path / "out"
    assert main(["export", str(root), "--out", str(out), "--db", str(db), "--single-file", "--html-marks"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [".paperdesk-export.json", "paperdesk-notes.md"]
    meta = front(out / "paperdesk-notes.md")
    assert [e["status"] for e in meta["entries"]] == ["read", "unread"]


def test_without_db_uses_the_collection_store_if_any(setup: tuple[Path, Path], tmp_path: Path) -> None:
    root, _db = setup
    out = tmp_path / "out"
    assert main(["export", str(root), "--out", str(out)]) == 0   # no store yet: everything unread
    metas = [front(p) for p in out.rglob("*.md") if p.name != "index.md"]
    assert {m["status"] for m in metas} == {"unread"}


def test_missing_collection_and_missing_db(tmp_path: Path, setup: tuple[Path, Path],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root, _db = setup
    assert main(["export", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["export", str(root), "--out", str(tmp_path / "o"), "--db", str(tmp_path / "none.json")]) == 2
    assert "no annotation store" in capsys.readouterr().err


def test_output_path_that_is_a_file_is_an_error(setup: tuple[Path, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root, db = setup
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["export", str(root), "--out", str(target), "--db", str(db)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_export_of_a_hostile_collection_finishes_and_keeps_every_readable_note(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from paperdesk.collection import discover

    notes = tmp_path / "hostile"
    notes.mkdir()
    (notes / "fine.md").write_text("# Fine\n\ntext\n", encoding="utf-8")
    (notes / "deep.md").write_text("---\ntitle: " + "[" * 5_000 + "]" * 5_000 + "\n---\n# Deep\n\nbody\n",
                                   encoding="utf-8")
    (notes / "hijack.md").write_text("# Hijack\n\ntext\n\n---\ntitle: HIJACKED\nheader-includes: <script>x</script>\n"
                                     "---\n", encoding="utf-8")
    (notes / "brackets.md").write_text("# Brackets\n\n" + "[" * 20_000 + "x](" + "(" * 20_000 + "\n",
                                       encoding="utf-8")
    (notes / "CON.md").write_text("# CON\n\nreserved\n", encoding="utf-8")
    os.mkfifo(notes / "pipe.md")
    with open(notes / "huge.md", "wb") as handle:
        handle.truncate(discover.MAX_NOTE_BYTES + 1)
    out = tmp_path / "out"
    assert main(["export", str(notes), "--out", str(out)]) == 0
    summary = capsys.readouterr().out
    assert summary.startswith("exported 5 entries")
    exported = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert len(exported) == 6 and "index.md" in exported          # five notes and the index
    texts = "".join((out / rel).read_text(encoding="utf-8") for rel in exported)
    assert "title: HIJACKED" in texts and "[" * 20_000 in texts
    assert all(rel.split("/")[0].split(".")[0].casefold() != "con" for rel in exported)
