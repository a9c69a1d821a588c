"""Images and links: collection files, Windows paths, placeholders, links between notes."""

from __future__ import annotations

import re

from paperdesk.collection.model import ImageRef
from paperdesk.render import render_entry

PNG = b"\x89PNG\r\n\x1a\n"


def test_relative_image_is_served_through_the_scheme(render_md):
    out = render_md("![fig](fig/a b.png)\n", files={"fig/a b.png": PNG})
    assert '<img alt="fig" src="paperdesk://note/fig/a%20b.png">' in out.html
    assert not out.problems


def test_image_resolved_by_the_scan_is_used(render_md):
    ref = ImageRef(ref="x.png", resolved="assets/x.png", line=3)
    out = render_md("![x](x.png)\n", images=(ref,))
    assert 'src="paperdesk://note/assets/x.png"' in out.html


def test_missing_image_shows_a_placeholder(render_md):
    ref = ImageRef(ref="assets/gone.png", resolved=None, line=7)
    out = render_md("before\n\n![the teaser](assets/gone.png)\n", images=(ref,))
    figure = re.search(r'<figure class="missing-image"[^>]*>.*?</figure>', out.html).group(0)
    assert "the teaser" in figure and "assets/gone.png" in figure
    assert "<img" not in out.html
    assert [(p.kind, p.line) for p in out.problems] == [("image", 7)]
    assert "the teaser" in out.text


def test_windows_path_image_is_resolved_inside_the_collection(entry_maker, collection_of):
    body = 'x\n<img src="E:\\github_repos\\paper_reading\\fig\\f1.png" alt="f1" style="zoom: 67%;" />\n'
    entry = entry_maker(body, source="notes/gen.md")
    collection = collection_of([entry], {"notes/fig/f1.png": PNG})
    out = render_entry(entry, collection)
    assert 'src="paperdesk://note/notes/fig/f1.png"' in out.html
    assert "zoom" not in out.html and not out.problems


def test_windows_path_image_missing_keeps_the_original_path(render_md):
    out = render_md('<img src="E:\\repo\\fig\\nothere.png" alt="f2">\n')
    assert "E:\\repo\\fig\\nothere.png" in out.text
    assert out.problems[0].kind == "image"


def test_image_outside_the_collection_is_not_served(render_md, tmp_path):
    (tmp_path.parent / "outside.png").write_bytes(PNG)
    out = render_md("![o](../outside.png) ![p](/etc/passwd)\n")
    assert "paperdesk://note" not in out.html
    assert len(out.problems) == 2


def test_links_to_other_notes_open_inside_the_app(entry_maker, collection_of):
    here = entry_maker("see [other](other.md), [sec](other.md#method-b) and [bad](missing.md#x)\n",
                       source="here.md", entry_id="h1")
    first = entry_maker("# Paper A\n\n## Method A\n", source="other.md", entry_id="o1")
    second = entry_maker("# Paper B\n\n## Method B\n", source="other.md", entry_id="o2", first_line=4)
    out = render_entry(here, collection_of([here, first, second]))
    hrefs = re.findall(r'<a ([^>]*)>', out.html)
    assert 'href="paperdesk://open/o1"' in hrefs[0] and "note-link" in hrefs[0]
    assert 'href="paperdesk://open/o2#method-b"' in hrefs[1]
    # A broken note link is routed by the app (the status bar names it), never loaded.
    assert "broken-link" in hrefs[2] and 'href="paperdesk://broken/missing.md%23x"' in hrefs[2]
    assert [p.kind for p in out.problems] == ["link"]
    assert "missing.md" in out.problems[0].message


def test_links_to_anchors_in_sibling_entries(entry_maker, collection_of):
    a = entry_maker("# A\n\n[jump](#b-title) [here](#a)\n", entry_id="a")
    b = entry_maker("# B title\n", entry_id="b")
    out = render_entry(a, collection_of([a, b]))
    assert 'href="paperdesk://open/b#b-title"' in out.html
    assert 'href="#a"' in out.html


def test_web_links_keep_their_url_and_get_external_class(render_md):
    out = render_md("[paper](https://arxiv.org/abs/2005.10821) and https://example.org/x\n")
    anchors = re.findall(r"<a [^>]*>", out.html)
    assert len(anchors) == 2
    assert all('class="external"' in a for a in anchors)
    assert 'href="https://arxiv.org/abs/2005.10821"' in anchors[0]
    assert all('rel="noopener noreferrer"' in a for a in anchors)


def test_link_to_a_collection_file_that_is_not_a_note(render_md):
    out = render_md("[pdf](papers/a.pdf)\n", files={"papers/a.pdf": b"%PDF"})
    assert 'href="paperdesk://note/papers/a.pdf"' in out.html


def test_seed_003_windows_images_are_placeholders(seeds_dir, entry_maker, collection_of):
    text = next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    entry = entry_maker(text, source="003.md")
    out = render_entry(entry, collection_of([entry]))
    figures = re.findall(r'<figure class="missing-image" data-ref="([^"]*)"', out.html)
    assert figures and all(f.startswith("E:\\") for f in figures)
    assert sum(p.kind == "image" for p in out.problems) == len(figures)


def _png(width: int, height: int) -> bytes:
    import struct

    return PNG + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height) + b"\x08\x02\x00\x00\x00"


def test_local_images_get_their_size_so_the_page_does_not_jump(render_md):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 290"><rect/></svg>'
    out = render_md("![a](a.png) ![b](b.svg) <img src=\"a.png\" width=\"100\">\n",
                    files={"a.png": _png(800, 600), "b.svg": svg})
    imgs = re.findall(r"<img [^>]*>", out.html)
    assert 'width="800" height="600"' in imgs[0]
    assert 'width="640" height="290"' in imgs[1]
    assert 'width="100"' in imgs[2] and "height" not in imgs[2]   # the note's own size wins


def test_image_size_reader_formats():
    import struct

    from paperdesk.render.image_size import size_of

    assert size_of(_png(3, 4)) == (3, 4)
    assert size_of(b"GIF89a" + struct.pack("<HH", 5, 6) + b"\0" * 8) == (5, 6)
    jpeg = b"\xff\xd8\xff\xe0" + struct.pack(">H", 4) + b"\0\0" + b"\xff\xc0" + struct.pack(">HBHH", 11, 8, 7, 9) + b"\0" * 8
    assert size_of(jpeg) == (9, 7)
    assert size_of(b'<svg width="12px" height="34" xmlns="x"/>') == (12, 34)
    assert size_of(b"not an image") is None
    assert size_of(b"\x89PNG\r\n\x1a\n") is None


def test_placeholder_alone_in_a_paragraph_is_not_wrapped(render_md):
    out = render_md("![a](gone.png)\n\ntext ![b](gone2.png) more\n")
    assert out.html.startswith('<figure class="missing-image"')
    assert "<p>text <figure" in out.html


def test_a_note_named_with_a_hash_is_linked_whole(entry_maker, collection_of):
    """`<beta #2.md>` names a file "beta #2.md" when it exists; a real fragment still is one."""
    here = entry_maker("see [b](<beta #2.md>), [b2](beta%20%232.md) and [sec](other.md#method)\n",
                       source="here.md", entry_id="h1")
    beta = entry_maker("# Beta 2\n", source="beta #2.md", entry_id="b2")
    other = entry_maker("# Other\n\n## Method\n", source="other.md", entry_id="o1")
    out = render_entry(here, collection_of([here, beta, other]))
    hrefs = re.findall(r'<a ([^>]*)>', out.html)
    assert 'href="paperdesk://open/b2"' in hrefs[0] and 'href="paperdesk://open/b2"' in hrefs[1]
    assert 'href="paperdesk://open/o1#method"' in hrefs[2]
    assert not out.problems
