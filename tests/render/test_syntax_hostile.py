"""Hostile and broken site syntax: no live script, nothing read outside the collection, sane output, bounded time."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.collection.images import expand_site_urls, liquid_url
from paperdesk.render import render_entry


class _Live(HTMLParser):
    """Collects what could run: script/style elements, event-handler attributes, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "iframe", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (name == "style" and tag != "svg"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "xlink:href") and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"{tag} {name}={value}")


def live_parts(html: str) -> list[str]:
    parser = _Live()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("body", [
    '{{< figure src="x.png" caption="<script>alert(1)</script>" alt="a\\" onerror=\\"alert(1)" >}}',
    '{{< figure src="javascript:alert(1)" title="x\' onmouseover=\'alert(1)" >}}',
    '{{< img src="x.png\\" onerror=\\"alert(1)" >}}',
    '{% include figure.html path="x.png\\" onerror=alert(1) x=\\"" caption="<img src=x onerror=alert(1)>" %}',
    '{{< youtube "<script>alert(1)</script>" >}}',
    "{% cite <script>alert(1)</script> %}",
    "{{ '<img src=x onerror=alert(1)>' }}",
    '{{% notice "x onload=alert(1)" "<script>alert(1)</script>" %}}\n<script>alert(2)</script>\n{{% /notice %}}',
    "> [!note] <img src=x onerror=alert(1)>\n> <script>alert(1)</script>",
    '{{< highlight "html onload=alert(1)" >}}\n<script>alert(1)</script>\n{{< /highlight >}}',
    '![x]({{ "javascript:alert(1)" | relative_url }}) [y]({{ "javascript:alert(1)" }})',
    '{{< katex >}}\\href{javascript:alert(1)}{x}{{< /katex >}}',
])
def test_no_live_script_from_shortcode_attributes(render_md, body):
    html = re.sub(r"<svg.*?</svg>", "", render_md(body).html, flags=re.S)   # MathJax's own, cleaned by svg_clean
    assert live_parts(html) == [], html


def test_a_site_url_cannot_read_outside_the_collection(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    root = tmp_path / "site"
    (root / "_posts").mkdir(parents=True)
    (root / "_posts" / "p.md").write_text(
        '# P\n\n![a]({{ "../../secret.png" | relative_url }}) ![b]({{ site.baseurl }}/../secret.png)\n'
        '{{< figure src="/../../secret.png" >}}\n\n[c]({{ "../../../etc/passwd" | relative_url }})\n')
    collection = scan(root, use_cache=False)
    result = render_entry(collection.entries[0], collection)
    assert "secret.png" not in "".join(re.findall(r'(?:src|href)="paperdesk://note/[^"]*"', result.html))
    assert "passwd" not in "".join(re.findall(r'href="paperdesk://note/[^"]*"', result.html))
    assert {p.kind for p in result.problems} <= {"image", "link"}


def test_liquid_urls_clamp_at_the_root():
    assert liquid_url('"../../etc/passwd" | relative_url') == "/etc/passwd"
    assert liquid_url("site.baseurl") == ""
    assert liquid_url("page.image") is None
    assert liquid_url('"a b(1).png" | relative_url') == "/a%20b%281%29.png"   # cannot close the Markdown link
    assert expand_site_urls("{{ site.baseurl }}/../../x.png") == "/../../x.png"   # the renderer's checks refuse it


def test_the_scan_resolves_site_urls_of_images(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # (the scan reads a Markdown image's address up to its first space: `{{ ... }}` with spaces is metadata.py's to read)
    (tmp_path / "_posts" / "p.md").write_text('# P\n\n<img src="{{ site.baseurl }}/assets/x.png">\n'
                                             "![a]({{site.baseurl}}/assets/x.png)\n")
    collection = scan(tmp_path, use_cache=False)
    assert [i.resolved for i in collection.entries[0].images] == ["assets/x.png"] * 2
    assert not [w for w in collection.warnings if w.kind == "image"]


@pytest.mark.parametrize("body", [
    "{% raw %} never closed {{ x }}", "{% comment %} never closed\n\nStill shown.", "{% highlight python %}\nx = 1",
    "{{< highlight go >}}\nfunc", "{{% notice info %}}\nopen notice", "{{< /figure >}} {% endif %} {% endraw %}",
    "{{< figure >}}", "{{< >}} {% %} {{ }} {{ {% }} %}", "{{< figure src= >}}", "{{<", "{%", "{{% notice %}}\n> [!x",
    "{{< a >}}{{< b >}}{{< /a >}}{{< /b >}}", "> [!note]", "> [!]- x", "%%", "%% open\n\nrest", "![[", "![[#x]]",
    "{{< katex >}}{{< /katex >}}", "{% include %}", '{{< figure src="a.png" caption="unterminated >}}',
])
def test_broken_syntax_gives_sane_output(render_md, body):
    result = render_md(body)
    assert not [p for p in result.problems if p.kind == "render"], result.problems
    assert not result.cut_off


def test_an_unclosed_comment_hides_nothing(render_md):
    assert "Still shown." in render_md("{% comment %} never closed\n\nStill shown.").text


def test_an_unclosed_notice_keeps_its_text(render_md):
    assert "open notice" in render_md("{{% notice info %}}\nopen notice").text


def test_a_megabyte_of_nested_shortcodes_is_bounded(render_md):
    body = ("{{% notice info %}}\n{{< tabs >}}\n{{< tab \"x\" >}}\n{% if a %}{{ page.x }}\n" * 12_000)[:1_000_000]
    result = render_md(body, time_limit=1.0)
    assert result.cut_off or "template-omitted" in result.html
    assert "{{% notice" not in result.text or result.cut_off


def test_a_megabyte_of_unclosed_openers_is_bounded(render_md):
    result = render_md(("{% raw %}{{< x {{% y {% z\n" * 40_000)[:999_000], time_limit=1.0)
    assert result.cut_off or "{% raw %}" not in result.text


def test_many_embeds_stop_at_the_budget(tmp_path):
    notes = {f"N{i}.md": f"# N{i}\n\n" + "".join(f"![[N{j}]]\n\n" for j in range(30)) for i in range(30)}
    for rel, text in notes.items():
        (tmp_path / rel).write_text(text)
    collection = scan(tmp_path, use_cache=False)
    result = render_entry(next(e for e in collection.entries if e.title == "N0"), collection)
    assert 0 < result.html.count('class="transclusion"') <= 20
    assert not result.cut_off


def test_a_note_outside_the_collection_is_never_embedded(tmp_path):
    (tmp_path / "outside.md").write_text("# Outside\n\nSECRET TEXT\n")
    root = tmp_path / "vault"
    root.mkdir()
    (root / "in.md").write_text("# In\n\n![[../outside]]\n\n![[outside]]\n")
    collection = scan(root, use_cache=False)
    assert "SECRET" not in render_entry(collection.entries[0], collection).html


def test_notes_without_site_syntax_render_as_before(render_md):
    plain = "# Title\n\nPlain *text* with `code` and a [link](https://example.org).\n\n> a quote\n"
    html = render_md(plain).html
    assert "template-omitted" not in html and "callout" not in html and "transclusion" not in html
    assert Path(__file__).exists()
