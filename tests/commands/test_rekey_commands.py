"""The commands that read annotations re-link those of a renamed note first, and say so on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.cli import main

RESNET = """# ResNet

Deeper neural networks are more difficult to train. We present a residual learning
framework to ease the training of networks that are substantially deeper.
"""
OTHER = "# Batch Normalization\n\nTraining deep networks is complicated.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "resnet.md").write_text(RESNET, encoding="utf-8")
    (folder / "bn.md").write_text(OTHER, encoding="utf-8")
    assert run(capsys, "tag", str(folder), "ResNet", "+cv")[0] == 0
    assert run(capsys, "mark", str(folder), "ResNet", "--status", "read")[0] == 0
    assert run(capsys, "highlight", str(folder), "ResNet", "--quote", "residual learning")[0] == 0
    return folder


def test_export_after_a_rename_finds_the_tag(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "resnet.md").rename(root / "2016-resnet.md")
    code, out, err = run(capsys, "export", str(root), "--out", str(tmp_path / "out"), "--query", "tag:cv")
    assert code == 0, err
    assert "paperdesk: re-linked annotations of 1 renamed note" in err.splitlines()
    assert "exported 1 entries" in out
    exported = (tmp_path / "out").rglob("*.md")
    assert any("residual learning" in p.read_text(encoding="utf-8") and "cv" in p.read_text(encoding="utf-8")
               for p in exported)


def test_annotations_after_a_retitle_list_the_new_key_once(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "resnet.md").write_text(RESNET.replace("# ResNet", "# ResNet: Deep Residual Learning"), encoding="utf-8")
    code, out, err = run(capsys, "annotations", str(root), "--json")
    assert code == 0 and "re-linked annotations of 1 renamed note" in err
    papers = json.loads(out)["papers"]
    assert list(papers) == ["file:resnet.md#resnet-deep-residual-learning"]
    assert papers["file:resnet.md#resnet-deep-residual-learning"]["tags"] == ["cv"]
    assert [h["quote"] for h in papers["file:resnet.md#resnet-deep-residual-learning"]["highlights"]] == [
        "residual learning"]
    code, again, err = run(capsys, "annotations", str(root), "--json")
    assert code == 0 and err == "" and again == out            # nothing more to move


def test_a_deleted_note_is_not_re_linked(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (root / "resnet.md").unlink()
    code, out, err = run(capsys, "annotations", str(root))
    assert code == 0 and "re-linked" not in err
    assert out.startswith("file:resnet.md#resnet: read [cv]")
