"""Untrusted notes: hostile titles, categories, bodies and image paths never escape the export
folder, never crash the export, and always give valid YAML front matter."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdesk.bench.synthetic_entries import SyntheticEntry
from paperdesk.collection import ImageRef
from paperdesk.export import export_entries


def collection_of(root: Path, entries: list[SyntheticEntry]) -> SimpleNamespace:
    return SimpleNamespace(root=root, entries=entries, files=sorted({e.source for e in entries}))


def inside(out: Path, path: Path) -> bool:
    return out.resolve() in path.resolve().parents


def test_hostile_names_stay_inside_the_export_folder(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(b"secret")
    entries = [
        SyntheticEntry("a1", "../../etc/passwd", "../..", 2020, "k1", "body one"),
        SyntheticEntry("a2", "CON", "aux", None, "k2", "body two"),
        SyntheticEntry("a3", "x" * 500, "/abs/olute", 2021, "k3", "body three"),
        SyntheticEntry("a4", "\x00nul\x01", "assets", 2021, "k4", "![s](../secret.png)",
                       images=(ImageRef("../secret.png", "../secret.png", 1),)),
        SyntheticEntry("a5", ".hidden", "index.md", 2021, "k5", "![s](/etc/hosts)",
                       images=(ImageRef("/etc/hosts", "/etc/hosts", 1),)),
    ]
    out = tmp_path / "out"
    report = export_entries(collection_of(root, entries), None, entries, out)
    for rel in report.files:
        assert inside(out, out / rel), rel
        assert not any(part in ("..", "") or part.startswith(".") for part in Path(rel).parts), rel
    assert not any(p.name == "secret.png" for p in out.rglob("*"))
    assert len(report.unresolved_images) == 2
    assert not (out / "assets").exists()
    # the category named "assets" does not land in the images folder, "index.md" is not a folder clash
    assert (out / "index.md").is_file()


BODY = st.lists(st.sampled_from([*"ab \n\t*_`$[]()!<>#=~-|\\{}:'\"", "---", "\x00", "é", "中",
                                 "```", "$$", "<script>", "](", "[^1]", "\n---\nk: [\n"]), max_size=80).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=40), category=st.text(max_size=20), body=BODY)
def test_any_note_exports_to_valid_front_matter(tmp_path: Path, title: str, category: str, body: str) -> None:
    root = tmp_path / "notes"
    root.mkdir(exist_ok=True)
    entry = SyntheticEntry("id1", title or "t", category or "c", None, "file:x.md#t", body,
                           note_tags=(title[:5],) if title[:5].strip() else ())
    out = tmp_path / "out"
    report = export_entries(collection_of(root, [entry]), None, [entry], out)
    for rel in report.files:
        assert inside(out, out / rel)
        text = (out / rel).read_text(encoding="utf-8")
        assert text.startswith("---\n")
        meta = yaml.safe_load(text[4:].partition("\n---\n")[0])
        assert isinstance(meta, dict) and meta["title"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODY)
def test_pandoc_reads_any_exported_note(tmp_path: Path, body: str) -> None:
    import shutil
    import subprocess

    import pytest

    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (a system package: apt-get install pandoc)")
    root = tmp_path / "notes"
    root.mkdir(exist_ok=True)
    entry = SyntheticEntry("id1", "A title", "Cat", 2020, "file:x.md#t", body)
    out = tmp_path / "out"
    report = export_entries(collection_of(root, [entry]), None, [entry], out)
    for rel in report.files:
        result = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", str(out / rel)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr


def test_foreign_file_or_symlink_where_a_folder_goes(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    entries = [SyntheticEntry("a1", "One", "Alpha", 2020, "k1", "one"),
               SyntheticEntry("a2", "Two", "Beta", 2020, "k2", "two")]
    out = tmp_path / "out"
    out.mkdir()
    (out / "Alpha").write_text("a file, not a folder", encoding="utf-8")
    (out / "Beta").symlink_to(elsewhere, target_is_directory=True)
    report = export_entries(collection_of(root, entries), None, entries, out)
    assert dict(report.renamed) == {"Alpha/2020-one.md": "Alpha-2/2020-one.md",
                                    "Beta/2020-two.md": "Beta-2/2020-two.md"}
    assert (out / "Alpha").read_text(encoding="utf-8") == "a file, not a folder"
    assert list(elsewhere.iterdir()) == []
    assert (out / "Alpha-2/2020-one.md").is_file() and (out / "Beta-2/2020-two.md").is_file()
