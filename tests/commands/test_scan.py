"""`paperdesk scan`: the table, the exact --json shape, and a one-line error for a missing path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.cli import main

NOTES = {
    "topics/vision.md": (
        "## Vision\n### 2015 - [Deep Residual Learning](https://arxiv.org/abs/1512.03385)\n* idea\n"
        "![block](../assets/res.png)\n![gone](missing.png)\n"
    ),
    "papers/adam.md": "# Adam\n\n**Year**: 2014\n**Link**: https://arxiv.org/abs/1412.6980\n",
    "misc/scratch.txt": "no structure here\n",
    "assets/res.png": "png",
}


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    for rel, text in NOTES.items():
        path = tmp_path / "c" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / "c"


def test_json_has_exactly_the_documented_shape(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(notes), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"entries", "warnings"}
    assert len(doc["entries"]) == 3
    for entry in doc["entries"]:
        assert set(entry) == {"id", "title", "category", "year", "year_source", "paper_key", "source", "lines",
                              "links", "images", "noted", "kind", "aliases"}
        assert isinstance(entry["lines"], list) and len(entry["lines"]) == 2
    resnet = next(e for e in doc["entries"] if e["source"] == "topics/vision.md")
    assert resnet["year"] == 2015 and resnet["year_source"] == "prefix"
    assert resnet["category"] == "Vision" and resnet["paper_key"] == "arxiv:1512.03385"
    assert resnet["lines"] == [1, 5]  # a one-paper file is one entry holding the whole file
    assert resnet["noted"] is None and resnet["kind"] == "paper"
    assert resnet["links"] == ["https://arxiv.org/abs/1512.03385"]
    assert resnet["images"] == [{"ref": "../assets/res.png", "resolved": "assets/res.png"},
                                {"ref": "missing.png", "resolved": None}]
    kinds = sorted((w["kind"], w["source"]) for w in doc["warnings"])
    assert kinds == [("image", "topics/vision.md"), ("unrecognised", "misc/scratch.txt")]
    assert all(set(w) == {"kind", "source", "line", "message"} for w in doc["warnings"])


def test_table_groups_by_category_and_year_and_lists_warnings(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(notes)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 entries in 3 files")
    assert "Vision (1)\n  2015 (1)\n" in out
    assert "papers (1)\n  2014 (1)\n" in out
    assert "misc (1)\n  Undated (1)\n" in out
    assert "[unrecognised] misc/scratch.txt" in out and "[image] topics/vision.md:5" in out


def test_single_file(notes: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(notes / "papers" / "adam.md"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [e["title"] for e in doc["entries"]] == ["Adam"]


def test_missing_path_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or folder" in err


def test_table_aligns_wide_titles_by_display_width(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import unicodedata
    titles = ["注意力机制论文笔记", "잔차 학습 논문", "Plain ASCII title", "Café résumé", "e\u0301t\u0301e\u0301",
              "超长的标题" * 20]
    for n, title in enumerate(titles):
        (tmp_path / f"n{n}.md").write_text(f"# {title}\n\ntext\n", encoding="utf-8")
    assert main(["scan", str(tmp_path)]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("    ")]
    assert len(rows) == len(titles)

    def columns(text: str) -> int:
        return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                   for ch in text)

    # every row's path column ("nK.md:1") starts at the same terminal column
    starts = {columns(row[: row.rindex("  n")]) for row in rows}
    assert len(starts) == 1
    assert any("…" in row for row in rows)
