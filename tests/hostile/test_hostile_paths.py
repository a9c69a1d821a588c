"""No file outside the collection is read: image and link references aimed out of the root in every
spelling (.., absolute, file:, percent-encoded, Windows, symlinks out) are refused by the scan's
resolver, the render, the page and the export; an audit hook sees every file the process opens."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

from hostile_pipeline import (
    FAST,
    export_all,
    files_opened,
    opened_under,
    scan_and_render,
    write_tree,
)
from hypothesis import given
from hypothesis import strategies as st

from paperdesk.render import entry_page
from paperdesk.render.safe_path import resolve_inside
from paperdesk.store import AnnotationStore

SECRET_PIXELS = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00SECRET-PIXELS"
SECRET_NOTE = b"# SECRET NOTE\n\nthe words SECRET-PROSE must never be shown\n"


def ref_forms(outside: Path) -> list[str]:
    """Every spelling of a path from `coll/a/b/note.md` to `outside/secret.png` (and the /etc files)."""
    rel = "../../../outside/secret.png"
    absolute = str(outside / "secret.png")
    return [
        rel, "./" + rel, rel.replace("/", "\\"), "a/../" + rel, "../../../../../../.." + absolute,
        "%2e%2e/%2e%2e/%2e%2e/outside/secret.png", "..%2f..%2f..%2foutside%2fsecret.png",
        "%252e%252e/%252e%252e/%252e%252e/outside/secret.png", ".%2e/.%2e/.%2e/outside/secret.png",
        "%2E%2E%5C%2E%2E%5C%2E%2E%5Coutside%5Csecret.png", "....//....//....//outside/secret.png",
        "\uff0e\uff0e/\uff0e\uff0e/\uff0e\uff0e/outside/secret.png", "\u2025/\u2025/\u2025/outside/secret.png",
        rel + "?x=1", rel + "#frag", absolute, "file://" + absolute, "file:" + absolute, "FILE://localhost" + absolute,
        "//" + absolute.lstrip("/"), "C:" + absolute.replace("/", "\\"), "C:/../../" + rel, "\\\\localhost\\c$\\secret.png",
        "\\\\?\\" + absolute.replace("/", "\\"), "/etc/passwd", "../../../../../../../../etc/passwd", "file:///etc/passwd",
        "..\\..\\..\\..\\..\\..\\etc\\passwd", "%2e%2e/" * 12 + "etc/passwd", "../../link.png", "/link.png",
        "../../linkdir/secret.png", "/linkdir/secret.png", "linkdir/secret.png", "../../../outside/secret.md",
        "../../leak.md", "/proc/self/environ", "/dev/zero",
    ]


def written(ref: str) -> str:
    """The ways a note can name `ref`: images, links, wikilinks, embeds, reference links, site syntax."""
    return (f"![img]({ref})\n\n<img src=\"{ref}\">\n\n[link]({ref})\n\n![[{ref}]]\n\n[[{ref}]]\n\n![[{ref}|300]]\n\n"
            f"![ref][r{abs(hash(ref))}]\n\n[r{abs(hash(ref))}]: {ref}\n\n{{{{< figure src=\"{ref}\" >}}}}\n\n"
            f"{{% include figure.html path=\"{ref}\" %}}\n\n![site]({{{{ \"{ref}\" | relative_url }}}})\n\n"
            f"<a href=\"{ref}\">html link</a>\n\n")


def _collection(tmp: Path, body: str) -> tuple[Path, Path]:
    outside = tmp / "outside"
    write_tree(outside, {"secret.png": SECRET_PIXELS, "secret.md": SECRET_NOTE})
    root = write_tree(tmp / "coll", {"a/b/note.md": ("# Reaching out\n\n" + body).encode(),
                                     "a/b/fine.png": SECRET_PIXELS.replace(b"SECRET", b"inside"),
                                     "other.md": b"# Other\n\n![[outside/secret.md]]\n\n![[../outside/secret.md]]\n"})
    (root / "link.png").symlink_to(outside / "secret.png")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    (root / "a" / "b" / "leak.md").symlink_to(outside / "secret.md")
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    return root, outside


def _through_everything(tmp: Path, root: Path, outside: Path) -> None:
    forbidden = [outside, Path("/etc/passwd"), Path("/proc/self/environ")]
    with files_opened() as opened:
        through = scan_and_render(root, pages=False)
        pages = [entry_page(e, through.collection, r) for e, r in through.renders]
        with AnnotationStore.open(tmp / "store.json") as store:
            for entry, rendered in through.renders:
                if len(rendered.text) > 4:
                    store.add_highlight(entry.id, entry.paper_key, rendered.text, 0, 4)
            export_all(through.collection, tmp / "out", store)
            export_all(through.collection, tmp / "one", store, single_file=True)
    assert not opened_under(opened, forbidden)
    assert "a/b/leak.md" not in through.collection.files
    real_root = root.resolve()
    for entry in through.collection.entries:
        for image in entry.images:
            if image.resolved is not None:
                assert real_root in (root / image.resolved).resolve().parents, image
    for html in [r.html for _e, r in through.renders] + pages:
        assert "SECRET-PROSE" not in html and "SECRET-PIXELS" not in html
        for url in re.findall(r'paperdesk://note/([^"\'\s>]*)', html):
            target = resolve_inside(root, url)
            assert target is not None and real_root in target.parents, url
            assert target.resolve() == target and not target.is_symlink(), url
    for path in [*(tmp / "out").rglob("*"), *(tmp / "one").rglob("*")]:
        if path.is_file():
            data = path.read_bytes()
            assert b"SECRET-PIXELS" not in data and b"SECRET-PROSE" not in data, path


def test_no_reference_reads_a_file_outside_the_collection(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    body = "".join(written(ref) for ref in ref_forms(outside))
    root, outside = _collection(tmp_path, body)
    _through_everything(tmp_path, root, outside)


def test_a_reference_that_stays_inside_still_resolves(tmp_path: Path) -> None:
    # the refusals above must not come from refusing everything
    root, outside = _collection(tmp_path, "![ok](fine.png)\n\n![up](../b/fine.png)\n")
    through = scan_and_render(root, pages=False)
    note = next(r for e, r in through.renders if e.source == "a/b/note.md")
    assert note.html.count('src="paperdesk://note/a/b/fine.png"') == 2
    _through_everything(tmp_path, root, outside)


@FAST
@given(refs=st.lists(st.sampled_from(range(40)), min_size=1, max_size=6),
       noise=st.lists(st.sampled_from(["../", "..\\", "%2e", "%2f", "%5c", "./", "/", "\\", "C:", "file:", "~", "%00",
                                       "\x00", "outside", "secret.png", "etc", "passwd", "linkdir/", "link.png", "?", "#"]),
                      max_size=8).map("".join))
def test_random_spellings_never_leave_the_collection(tmp_path_factory, refs: list[int], noise: str) -> None:
    tmp = tmp_path_factory.mktemp("paths")
    forms = ref_forms(tmp / "outside")
    body = "".join(written(forms[i % len(forms)]) for i in refs) + written(noise) + written(unquote(noise))
    root, outside = _collection(tmp, body)
    _through_everything(tmp, root, outside)


def test_the_open_spy_sees_a_read_through_a_symlink(tmp_path: Path) -> None:
    # the spy must catch a read of the outside file made through a link inside, or the tests above prove nothing
    root, outside = _collection(tmp_path, "")
    with files_opened() as opened:
        (root / "link.png").read_bytes()
        fd = os.open(root / "linkdir" / "secret.md", os.O_RDONLY)
        os.close(fd)
    assert len(opened_under(opened, [outside])) == 2
