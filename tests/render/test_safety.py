"""Safety rules: nothing from a note can run, load remotely, or escape the collection."""

from __future__ import annotations

import re

import pytest

from paperdesk.render import entry_page, render_entry
from paperdesk.render.page import content_security_policy
from paperdesk.render.page_assets import csp_hash


def _tags(html: str) -> set[str]:
    return {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)", html)}


def test_script_tags_do_not_survive(render_md):
    out = render_md("hello\n\n<script>alert('x')</script>\n\n<SCRIPT src=//evil.js></SCRIPT>\n")
    assert "script" not in _tags(out.html)
    assert "alert" not in out.html and "evil" not in out.html
    assert "hello" in out.text


def test_event_handler_attributes_are_removed(render_md):
    out = render_md('<p onclick="steal()">hi</p>\n\n<img src="x.png" onerror="steal()">\n\n'
                    '<a href="https://a.org" onmouseover="steal()">a</a>\n')
    assert "steal" not in out.html
    assert not re.search(r"\son[a-z]+=", out.html)


@pytest.mark.parametrize("snippet", [
    '<iframe src="https://evil.org"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<form action="https://evil.org"><input type="text" name="q"><button>go</button></form>',
    '<style>body{display:none}</style>',
    '<link rel="stylesheet" href="https://evil.org/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.org">',
    '<base href="https://evil.org/">',
    '<svg><script>alert(1)</script></svg>',
    '<math><maction actiontype="statusline">x</maction></math>',
])
def test_dangerous_elements_are_removed(render_md, snippet):
    out = render_md(f"before\n\n{snippet}\n\nafter\n")
    tags = _tags(out.html)
    assert not tags & {"iframe", "object", "embed", "form", "button", "style", "link", "meta", "base", "script",
                       "maction"}
    assert "evil" not in out.html
    assert "display:none" not in out.html
    # an <input> may remain only as an inert checkbox (task lists)
    for tag in re.findall(r"<input[^>]*>", out.html):
        assert 'type="checkbox"' in tag and "name=" not in tag


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "jav&#x09;ascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>x</script>"])
def test_javascript_urls_in_links_are_dropped(render_md, url):
    out = render_md(f'[click]({url}) and <a href="{url}">raw</a>\n')
    assert "javascript" not in out.html.lower() and "vbscript" not in out.html.lower()
    assert "data:" not in out.html
    assert "click" in out.text and "raw" in out.text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>",
                                 "data:image/png;base64,iVBORw0KGgo="])
def test_javascript_and_data_urls_in_images_are_dropped(render_md, url):
    out = render_md(f'![pic]({url})\n\n<img src="{url}" alt="raw">\n')
    urls = re.findall(r'(?:src|href)="([^"]*)"', out.html)
    assert not [u for u in urls if u.lower().startswith(("javascript", "data"))]
    assert "<img" not in out.html   # shown as a placeholder with the text of the address
    assert out.html.count("<figure class=\"missing-image") == 2
    assert all(p.kind == "image" for p in out.problems) and len(out.problems) == 2


def test_href_in_math_is_neutralised(render_md):
    out = render_md(r"see $\href{javascript:alert(1)}{x} + \style{background:url(https://evil.org/p)}{y}$" + "\n")
    assert 'class="math inline"' in out.html
    svg = out.html[out.html.index("<svg"):out.html.index("</svg>")]
    assert "<a" not in svg and "javascript" not in svg and "evil" not in svg
    # the TeX itself is kept as data, escaped, for copying
    assert 'data-tex="\\href{javascript:alert(1)}' in out.html
    assert "<a " not in out.html.split("data-tex=")[1].split(">", 1)[1]


def test_math_svg_keeps_only_local_references(render_md):
    out = render_md(r"$$\sum_i x_i^2 \quad \text{ok} \quad \unicode{x1F600}$$" + "\n")
    hrefs = re.findall(r'(?:xlink:)?href="([^"]*)"', out.html)
    assert hrefs and all(h.startswith("#") for h in hrefs)


def test_remote_images_are_blocked_unless_allowed(render_md):
    body = "![remote](https://example.org/fig.png)\n"
    blocked = render_md(body)
    assert "https://example.org/fig.png" not in re.findall(r'src="([^"]*)"', blocked.html)
    assert 'class="missing-image remote-blocked"' in blocked.html
    assert "Remote image blocked" in blocked.text and "https://example.org/fig.png" in blocked.text
    assert [p.kind for p in blocked.problems] == ["image"]
    allowed = render_md(body, allow_remote=True)
    assert 'src="https://example.org/fig.png"' in allowed.html
    assert not allowed.problems


def test_page_has_strict_csp(render_md, entry_maker, collection_of):
    entry = entry_maker("# A paper\n\ntext\n")
    collection = collection_of([entry])
    page = entry_page(entry, collection, render_entry(entry, collection))
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert meta
    csp = meta.group(1).replace("&#x27;", "'")
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert "img-src paperdesk:;" in csp
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.replace("style-src-attr 'unsafe-inline'", "")
    # only the app's own inlined script and stylesheets may run or apply: each by the hash of its exact text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    styles = re.findall(r"<style([^>]*)>(.*?)</style>", page, re.DOTALL)
    assert [attrs for attrs, _ in scripts] == [' data-asset="reader.js"']
    assert directives["script-src"].split() == [csp_hash(text) for _, text in scripts]
    assert directives["style-src"].split() == [csp_hash(text) for _, text in styles]
    assert all(attrs.startswith(" data-asset=") for attrs, _ in styles)
    assert "img-src paperdesk: https:" in content_security_policy(allow_remote=True)


def test_inline_hashes_are_those_of_the_csp_standard():
    # CSP level 2: base64 of the SHA-256 of the element's UTF-8 text
    assert csp_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_header_fields_are_escaped(entry_maker, collection_of):
    from paperdesk.render import EntryHeader

    entry = entry_maker("text\n")
    collection = collection_of([entry])
    header = EntryHeader(title="<img src=x onerror=alert(1)>", paper_url="javascript:alert(1)",
                         category="<b>c</b>", tags=("<script>",), tag_colors={"<script>": "red;x:url(y)"})
    page = entry_page(entry, collection, render_entry(entry, collection), header=header)
    body = page.split("</head>", 1)[1]
    assert "<img src=x" not in page and "<script" not in body
    assert "javascript:" not in page
    assert "url(y)" not in page


def test_reserved_ids_cannot_be_claimed(render_md):
    out = render_md('<div id="content">fake</div>\n\n<span id="entry-header">x</span>\n')
    assert 'id="content"' not in out.html and 'id="entry-header"' not in out.html


def test_seed_001_script_does_not_survive(seeds_dir, entry_maker, collection_of):
    text = next(seeds_dir.glob("001_*.txt")).read_text(encoding="utf-8")
    assert "<script>" in text
    entry = entry_maker(text, source="001.md")
    out = render_entry(entry, collection_of([entry]))
    assert "script" not in _tags(out.html)
    assert "window.onload" not in out.html and "getElementById" not in out.text
    assert "style" not in _tags(out.html)


def test_alt_text_of_missing_images_cannot_inject_markup(render_md):
    out = render_md('<img src="gone.png" alt="<script>alert(1)</script><b onclick=x>">\n\n'
                    "![<img src=x onerror=alert(2)>](gone2.png)\n")
    assert "script" not in _tags(out.html) and "b" not in _tags(out.html)
    assert not re.search(r"<[^>]*\son(click|error)", out.html)
    assert "<script>alert(1)</script>" in out.text


def test_attribute_values_cannot_break_out(render_md):
    out = render_md('<a href="https://a.org/?q=&quot;><script>x</script>" title="a>b">t</a>\n')
    assert "script" not in _tags(out.html)


def test_inputs_are_inert_checkboxes(render_md):
    out = render_md('<input type="text" name="q" value="x" formaction="https://e.org"> <input type="checkbox">\n')
    boxes = re.findall(r"<input[^>]*>", out.html)
    assert len(boxes) == 2
    assert all('type="checkbox"' in b and "disabled" in b for b in boxes)
    assert not any(word in out.html for word in ("name=", "value=", "formaction"))
