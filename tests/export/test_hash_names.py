"""A note named with "#" (`beta #2.md`), linked as `<beta #2.md>`: the export points the link at its copy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from paperdesk.collection import scan
from paperdesk.export import export_entries
from paperdesk.store import AnnotationStore


def test_a_link_to_a_note_named_with_a_hash_points_at_the_exported_note(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "beta #2.md").write_text("# Beta Two: Sparse Routing\n\nText.\n", encoding="utf-8")
    (root / "alpha.md").write_text("# Alpha: Dense Routing\n\nSee [beta](<beta #2.md>).\n", encoding="utf-8")
    collection = scan(root, use_cache=False)
    store = AnnotationStore.open(tmp_path / "store.json")
    try:
        out = tmp_path / "out"
        export_entries(collection, store, collection.entries, out)
    finally:
        store.close()
    alpha = next(p for p in out.rglob("*.md") if "See [beta](" in p.read_text(encoding="utf-8"))
    written = alpha.read_text(encoding="utf-8").split("See [beta](", 1)[1].split(")", 1)[0].strip("<>")
    target = (alpha.parent / unquote(written)).resolve()
    assert target.is_file() and "Beta Two" in target.read_text(encoding="utf-8")
