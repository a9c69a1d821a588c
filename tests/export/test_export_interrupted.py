"""An export cut off by a write error: the files written so far stay the export's own, so the next run never renames them."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.export import export_entries, exporter

NOTES = {f"n{i}.md": f"# Paper Number {i}\n\nhttps://arxiv.org/abs/2301.0000{i}\n\nBody {i}.\n" for i in range(1, 6)}


def test_a_run_cut_off_mid_way_then_run_again_writes_no_renamed_copies(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    for name, text in NOTES.items():
        (root / name).write_text(text, encoding="utf-8")
    collection = scan(root)
    out = tmp_path / "out"
    real_write = exporter.write_file
    written: list[str] = []

    def fails_on_the_fourth(out_dir, rel, data, manifest, report):
        if len(written) == 3:
            raise OSError(errno.EIO, "Input/output error")   # a stick pulled out, a name the disk refuses
        written.append(rel)
        real_write(out_dir, rel, data, manifest, report)

    monkeypatch.setattr(exporter, "write_file", fails_on_the_fourth)
    with pytest.raises(OSError):
        export_entries(collection, None, collection.entries, out)
    monkeypatch.undo()
    report = export_entries(collection, None, collection.entries, out)
    clean = tmp_path / "clean"
    export_entries(collection, None, collection.entries, clean)
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert names == sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*.md"))   # no renamed copies
    assert not any("renamed" in w or "not written by paperdesk" in w for w in report.warnings), report.warnings
    assert sorted(report.unchanged) == sorted(written)   # the three from before are the same bytes, not copies
