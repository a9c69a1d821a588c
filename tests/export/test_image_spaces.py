"""Image addresses with spaces (`my figure.png`, as Typora writes them): one destination, copied on export."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from export_fixtures import PNG_BYTES

from paperdesk.collection import scan
from paperdesk.export import export_entries
from paperdesk.export.markdown_map import build_map
from paperdesk.store import AnnotationStore


def test_an_address_with_spaces_is_one_destination_and_a_title_is_not_part_of_it() -> None:
    body = '![a](images/my figure.png) ![b](shots/Screen Shot (2).png "caption") ![c](x.png) (y z)'
    mm = build_map(body)
    assert [body[s:e] for s, e in mm.image_urls] == ["images/my figure.png", "shots/Screen Shot (2).png", "x.png"]
    assert "myfigure" not in mm.key and "caption" not in mm.key
    assert mm.key.endswith("(yz)")


def test_the_export_copies_an_image_whose_address_has_spaces(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    (root / "images").mkdir(parents=True)
    (root / "images" / "my figure.png").write_bytes(PNG_BYTES)
    (root / "dense.md").write_text("# Dense Retrieval at Scale\n\nThe figure:\n\n![fig](images/my figure.png)\n",
                                   encoding="utf-8")
    collection = scan(root, use_cache=False)
    assert [i.resolved for i in collection.entries[0].images] == ["images/my figure.png"]
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        out = tmp_path / "out"
        report = export_entries(collection, store, collection.entries, out)
    finally:
        store.close()
    assert report.unresolved_images == []
    exported = next(p for p in out.rglob("*.md") if p.name != "index.md")
    copy = next(out.rglob("my figure.png"))
    assert copy.read_bytes() == PNG_BYTES
    written = exported.read_text(encoding="utf-8").split("![fig](", 1)[1].split(")", 1)[0]
    assert " " not in written   # a reader of the export takes the address whole
    assert (exported.parent / unquote(written)).resolve() == copy.resolve()
