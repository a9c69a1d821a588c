"""Jekyll site URLs in image addresses: `{{ site.baseurl }}/a.png` read whole, found as the reader finds it."""

from __future__ import annotations

from paperdesk.collection import scan
from paperdesk.collection.images import ImageResolver, missing_message, site_root
from paperdesk.collection.metadata import _IMG_MD, _image_address
from paperdesk.render import render_entry
from paperdesk.render.refs import RefRewriter

PNG = b"\x89PNG\r\n\x1a\n"


def _refs(text: str) -> list[str]:
    return [_image_address(text, m) for m in _IMG_MD.finditer(text)]


def test_a_liquid_output_with_spaces_stays_in_the_address() -> None:
    assert _refs("![a]({{ site.baseurl }}/assets/a.png) and ![b]({{ \"/x/b.png\" | relative_url }} \"t\")") == [
        "{{ site.baseurl }}/assets/a.png", '{{ "/x/b.png" | relative_url }}']
    assert _refs("![c]({{ site.url }}{{ site.baseurl }}/c.png)") == ["{{ site.url }}{{ site.baseurl }}/c.png"]
    assert _refs("![d](fig/d.png \"title\") ![e](<my fig.png>)") == ["fig/d.png", "my fig.png"]


def test_braces_that_are_no_liquid_output_read_as_before() -> None:
    assert _refs("![a]({{abc)") == ["{{abc"]           # never closed: the run ends at the parenthesis
    assert _refs("![a]({x}.png)") == ["{x}.png"]
    assert _refs("![a]({{ never closed) x") == ["{{"]     # the old reading: up to the first space
    assert _refs("![a]({{ x | append: \")\" }}.png)") == ['{{ x | append: ")" }}.png']  # Liquid runs first
    assert _refs("![a]({{ " + "x" * 300 + " }}/a.png)") == ["{{"]   # longer than a Liquid output may be


def test_a_long_run_of_braces_is_read_in_one_pass() -> None:
    refs = _refs("![a](" + "{{ x }}" * 50_000 + " tail")
    assert refs == ["{{ x }}" * 2000]   # at most 2,000 pieces, as the old reading took at most 2,000 characters
    assert _refs("![a](" + "{" * 100_001 + ")") == ["{" * 4000]
    text = ("![a](" + "{{" + "y" * 199) * 2_000   # each "{{" looks 200 characters ahead, no further
    many = _refs(text)
    assert many[0].startswith("{{" + "y" * 199 + "![a]({{y") and sum(map(len, many)) < len(text)


def test_site_urls_resolve_against_the_root_and_the_notes_folder_only() -> None:
    r = ImageResolver({"assets/img/a.png", "_posts/b.png", "elsewhere/c.png", "deep/assets/img/d.png"})
    assert r.resolve("{{ site.baseurl }}/assets/img/a.png", "_posts/p.md") == "assets/img/a.png"
    assert r.resolve('{{ "/assets/img/a.png" | relative_url }}', "_posts/p.md") == "assets/img/a.png"
    assert r.resolve("{{ site.url }}{{ site.baseurl }}/b.png", "_posts/p.md") == "_posts/b.png"
    assert r.resolve("{{ site.baseurl }}/img/a.png", "_posts/p.md") is None   # the reader would not find it either
    assert r.resolve("{{ site.baseurl }}/c.png", "_posts/p.md") is None      # not by file name elsewhere
    assert r.resolve("{{ site.baseurl }}/../../assets/img/a.png", "_posts/p.md") == "assets/img/a.png"  # clamped
    assert r.resolve("/elsewhere/c.png", "_posts/p.md") == "elsewhere/c.png"   # a plain root path: as before


def test_missing_site_images_are_warned_about_with_the_path_looked_for(make_notes) -> None:
    root = make_notes({
        "_posts/2021-01-02-p.md": ("# Patches\n\n![ok]({{ site.baseurl }}/assets/ok.png)\n\n"
                                   "![gone]({{ site.baseurl }}/assets/gone.png)\n\n![cover]({{ page.cover }})\n\n"
                                   "![remote]({{ \"https://example.org/x.png\" }})\n"),
        "assets/ok.png": PNG,
    })
    collection = scan(root, use_cache=False)
    images = collection.entries[0].images
    assert [(i.ref, i.resolved, i.line) for i in images] == [
        ("{{ site.baseurl }}/assets/ok.png", "assets/ok.png", 3),
        ("{{ site.baseurl }}/assets/gone.png", None, 5),
        ("{{ page.cover }}", None, 7),
    ]
    assert [(w.line, w.message) for w in collection.warnings if w.kind == "image"] == [
        (5, "image not found in the collection: {{ site.baseurl }}/assets/gone.png (the site path "
            "/assets/gone.png, looked up from the note's folder, its site's root and the collection's root)"),
        (7, "image not found: {{ page.cover }} uses a site template value the scan cannot know"),
    ]


def test_the_plain_message_is_unchanged() -> None:
    assert missing_message("fig/x.png") == "image not found in the collection: fig/x.png"


def test_a_site_inside_the_collection_reads_its_paths_from_its_own_root(make_notes) -> None:
    # a Jekyll blog kept in a folder of a larger notes repository: "/assets/..." is under blog/
    root = make_notes({
        "blog/_config.yml": "title: reading notes\n",
        "blog/_posts/2021-01-02-p.md": "# Patches\n\n![fig]({{ site.baseurl }}/assets/fig.png)\n\nText.\n",
        "blog/assets/fig.png": PNG,
        "papers/q.md": "# Queries\n\n![fig]({{ site.baseurl }}/assets/fig.png)\n\nText.\n",
    })
    collection = scan(root, use_cache=False)
    found = {e.source: [i.resolved for i in e.images] for e in collection.entries}
    assert found == {"blog/_posts/2021-01-02-p.md": ["blog/assets/fig.png"], "papers/q.md": [None]}
    by_source = {e.source: e for e in collection.entries}
    html = render_entry(by_source["blog/_posts/2021-01-02-p.md"], collection).html
    assert 'src="paperdesk://note/blog/assets/fig.png"' in html   # the reader finds the same file


def test_site_root_is_the_nearest_folder_with_a_site_configuration() -> None:
    files = {"a/_config.yml", "a/b/hugo.toml"}
    assert site_root("a/b/c/post.md", files.__contains__) == "a/b/"
    assert site_root("a/post.md", files.__contains__) == "a/"
    assert site_root("x/post.md", files.__contains__) == ""
    assert site_root("post.md", files.__contains__) == ""


# addresses of every kind the rule knows, each read by the scan's resolver and by the reader's own lookup
ADDRESSES = [
    "img/a.png", "./img/a.png?raw=true", "img/my%20figure.png", "img/my figure.png", "../top.png", "../../../etc/passwd",
    "/home/me/other/fig/f1.png", "/fig/f1.png", "C:\\Users\\me\\fig\\f1.png", "/assets/s.png", "/img/gone.png",
    "{{ site.baseurl }}/assets/s.png", '{{ "/assets/s.png" | relative_url }}', "{{ site.baseurl }}/c.png",
    "{{ page.cover }}", "b.png", "gone.png", "/Users/x/Pictures/Screen Shot 2020-12-26.png", "",
]


def test_the_scan_and_the_reader_answer_every_address_alike(make_notes) -> None:
    root = make_notes({
        "blog/_config.yml": "title: t\n",
        "blog/_posts/2021-01-02-p.md": "# Patches\n\nText about patches.\n",
        "notes/n.md": "# Queries\n\nText about queries.\n",
        "notes/img/a.png": PNG, "notes/img/my figure.png": PNG, "top.png": PNG, "other/fig/f1.png": PNG,
        "notes/fig/f1.png": PNG, "assets/s.png": PNG, "blog/assets/s.png": PNG, "elsewhere/c.png": PNG,
        "blog/assets/b.png": PNG, "Pictures/Screen Shot 2020-12-26.png": PNG,
    })
    collection = scan(root, use_cache=False)
    resolver = ImageResolver(collection.all_files or set())
    for entry in collection.entries:
        reader = RefRewriter(entry, collection)
        scanned = [resolver.resolve(ref, entry.source) for ref in ADDRESSES]
        assert [reader.find_image_file(ref) for ref in ADDRESSES] == scanned, entry.source
        assert any(scanned) and None in scanned   # the addresses both find and miss files from each note
    notes = next(e for e in collection.entries if e.source == "notes/n.md")
    blog = next(e for e in collection.entries if e.source.startswith("blog/"))
    assert resolver.resolve("/fig/f1.png", notes.source) == "notes/fig/f1.png"    # the note's folder first
    assert resolver.resolve("/assets/s.png", blog.source) == "blog/assets/s.png"  # the site's root before the top
    assert resolver.resolve("/assets/s.png", notes.source) == "assets/s.png"
