"""Image references: relative to the note, absolute/Windows paths by file name, unresolved reported."""

from __future__ import annotations

from paperdesk.collection import scan
from paperdesk.collection.images import ImageResolver

FILES = {"notes/assets/2022/a.png", "notes/fig/f1.png", "other/fig/f1.png", "top.png", "x/Image One.png"}


def test_relative_to_the_note_folder() -> None:
    r = ImageResolver(FILES)
    assert r.resolve("assets/2022/a.png", "notes/n.md") == "notes/assets/2022/a.png"
    assert r.resolve("./assets/2022/a.png?raw=true", "notes/n.md") == "notes/assets/2022/a.png"
    assert r.resolve("../top.png", "notes/n.md") == "top.png"
    assert r.resolve("Image%20One.png", "x/n.md") == "x/Image One.png"


def test_foreign_paths_resolve_by_file_name_preferring_the_longest_shared_suffix() -> None:
    r = ImageResolver(FILES)
    assert r.resolve("E:\\github_repos\\paper_reading\\fig\\f1.png", "n.md") == "notes/fig/f1.png"
    assert r.resolve("/home/me/other/fig/f1.png", "n.md") == "other/fig/f1.png"
    assert r.resolve("{{ site.baseurl }}/top.png", "n.md") == "top.png"
    assert r.resolve("/home/me/missing.png", "n.md") is None


def test_traversal_outside_the_root_is_not_resolved_relatively() -> None:
    r = ImageResolver({"a/b.png"})
    assert r.resolve("../../../etc/passwd", "a/n.md") is None


def test_scan_records_images_and_reports_unresolved(make_notes) -> None:
    root = make_notes({
        "papers/p.md": (
            "# P\n\n![ok](img/p.png)\n<img src=\"C:\\Users\\me\\fig\\w.png\" width=3>\n"
            "![gone](img/gone.png)\n![remote](https://example.org/x.png)\n"
        ),
        "papers/img/p.png": b"\x89PNG",
        "fig/w.png": b"\x89PNG",
    })
    collection = scan(root)
    images = collection.entries[0].images
    assert [(i.ref, i.resolved, i.line) for i in images] == [
        ("img/p.png", "papers/img/p.png", 3),
        ("C:\\Users\\me\\fig\\w.png", "fig/w.png", 4),
        ("img/gone.png", None, 5),
    ]
    assert [(w.kind, w.line) for w in collection.warnings] == [("image", 5)]
