"""Entry: an immutable record whose body may be read back from its file; the renderer and the
exporter get the very same text as from a body kept in memory."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from paperdesk.collection import Entry, scan
from paperdesk.collection.model import BodySpan, Collection
from paperdesk.export.exporter import export_entries
from paperdesk.render.entry_html import render_entry

NOTES = {
    "vision/resnet.md": (
        "# [Deep Residual Learning](https://arxiv.org/abs/1512.03385) (ResNet)\n\n_Feb 2019_\n\n"
        "## Summary\nResidual blocks $y = F(x) + x$ ease optimisation.\n\n![fig](../assets/f.png)\n\n"
        "```python\nx = 1  # code\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    ),
    "list.md": (
        "# Reading list\n\n## 2017 - [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
        "Multi-head **attention**, café, 注意力.\n\n"
        "## 2020 - [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239)\nDenoising.\n"
    ),
    "assets/f.png": b"\x89PNG\r\n\x1a\n",
}


def _eager(entry: Entry) -> Entry:
    """The same entry with its body kept as a string."""
    return Entry(entry.id, entry.title, entry.category, entry.year, entry.year_source, entry.paper_key,
                 entry.source, entry.lines, entry.body, entry.links, entry.short_name, entry.venue,
                 entry.note_tags, entry.images, entry.noted, entry.kind)


@pytest.fixture
def scanned(make_notes) -> Collection:
    return scan(make_notes(NOTES))


def test_a_scanned_entry_reads_its_body_back_and_equals_an_eager_copy(scanned: Collection) -> None:
    for entry in scanned.entries:
        assert isinstance(entry.body_span(), BodySpan)
        eager = _eager(entry)
        assert eager == entry and hash(eager) == hash(entry)
        assert eager.body == entry.body and entry.body


def test_entry_is_immutable_and_has_no_instance_dict(scanned: Collection) -> None:
    entry = scanned.entries[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.title = "other"   # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del entry.body          # type: ignore[misc]
    assert not hasattr(entry, "__dict__")
    image = next(i for e in scanned.entries for i in e.images)
    assert not hasattr(image, "__dict__")


def test_entries_differ_when_a_field_or_the_body_differs(scanned: Collection) -> None:
    entry = _eager(scanned.entries[0])
    other_body = Entry(entry.id, entry.title, entry.category, entry.year, entry.year_source, entry.paper_key,
                       entry.source, entry.lines, entry.body + "!", entry.links, entry.short_name, entry.venue,
                       entry.note_tags, entry.images, entry.noted, entry.kind)
    assert other_body != entry
    assert entry != "not an entry"


def test_dataclass_tools_see_the_text(scanned: Collection) -> None:
    entry = scanned.entries[0]
    assert dataclasses.astuple(entry) == dataclasses.astuple(_eager(entry))
    renamed = dataclasses.replace(entry, title="Renamed")
    assert renamed.title == "Renamed" and renamed.body == entry.body and renamed.body_span() is None
    assert [f.name for f in dataclasses.fields(entry)][8] == "body"


def test_the_renderer_gets_the_same_page_from_a_read_back_body(scanned: Collection) -> None:
    for entry in scanned.entries:
        lazy, eager = render_entry(entry, scanned), render_entry(_eager(entry), scanned)
        assert lazy == eager
        assert lazy.html


def test_the_exporter_writes_the_same_files_from_read_back_bodies(scanned: Collection, tmp_path: Path) -> None:
    eager = Collection(scanned.root, scanned.files, [_eager(e) for e in scanned.entries], scanned.warnings)
    export_entries(scanned, None, scanned.entries, tmp_path / "lazy")
    export_entries(eager, None, eager.entries, tmp_path / "eager")

    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    written = files(tmp_path / "lazy")
    assert written == files(tmp_path / "eager")
    assert any("Residual blocks" in data.decode("utf-8", "replace") for data in written.values())
