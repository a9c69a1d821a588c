"""Jekyll site URLs in image and link addresses: one address to the Markdown map, copied and rewritten on export."""

from __future__ import annotations

from pathlib import Path

from export_fixtures import PNG_BYTES

from paperdesk.collection import scan
from paperdesk.export import export_entries
from paperdesk.export.markdown_map import build_map
from paperdesk.store import AnnotationStore


def test_a_liquid_address_is_one_image_destination_and_no_text() -> None:
    body = ('see ![grid]({{ site.baseurl }}/assets/g.png "t") and ![c]({{ "/assets/c.png" | relative_url }})'
            " [post]({{ site.baseurl }}/2021/notes.html) end")
    mm = build_map(body)
    assert [body[s:e] for s, e in mm.image_urls] == ["{{ site.baseurl }}/assets/g.png",
                                                      '{{ "/assets/c.png" | relative_url }}']
    assert [body[s:e] for s, e in mm.link_urls] == ["{{ site.baseurl }}/2021/notes.html"]
    assert "siteurl" not in mm.key and "relativeurl" not in mm.key   # addresses are never matched as text
    assert mm.key.startswith("see") and mm.key.endswith("postend")


def test_braces_without_a_liquid_output_keep_their_old_reading() -> None:
    body = "![a]({x}.png) ![b]({{ not closed.png) ![c]({{" + " " * 300 + "}}/x.png)"
    mm = build_map(body)
    assert [body[s:e] for s, e in mm.image_urls] == ["{x}.png"]


def test_a_long_brace_run_is_read_once(tmp_path: Path) -> None:
    body = "![a](" + "{{ x }}" * 20_000 + "{" * 50_000
    mm = build_map(body)
    assert mm.image_urls == [] and len(mm.key) > 50_000   # never closed: text, as before


def test_the_export_copies_a_site_image_and_points_the_note_at_the_copy(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "assets" / "img").mkdir(parents=True)
    (root / "assets" / "img" / "grid.png").write_bytes(PNG_BYTES)
    (root / "_posts" / "2021-06-02-mixup.md").write_text(
        "# mixup: Beyond Empirical Risk Minimization\n\n[arXiv](https://arxiv.org/abs/1710.09412)\n\n"
        "Blend pairs of examples.\n\n![grid]({{ site.baseurl }}/assets/img/grid.png)\n", encoding="utf-8")
    collection = scan(root, use_cache=False)
    assert [i.resolved for i in collection.entries[0].images] == ["assets/img/grid.png"]
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        out = tmp_path / "out"
        report = export_entries(collection, store, collection.entries, out)
    finally:
        store.close()
    assert report.unresolved_images == []
    exported = next(p for p in out.rglob("*.md") if p.name != "index.md")
    text = exported.read_text(encoding="utf-8")
    copy = next(p for p in out.rglob("grid.png"))
    assert copy.read_bytes() == PNG_BYTES
    written = text.split("![grid](", 1)[1].split(")", 1)[0]
    assert (exported.parent / written).resolve() == copy.resolve()
