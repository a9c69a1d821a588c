"""Hugo notes: shortcodes render as the site shows them (figures, code, math, notices), unknown ones as a chip."""

from __future__ import annotations

import re
from pathlib import Path

from paperdesk.collection import scan
from paperdesk.render import render_entry

SITES = Path(__file__).parents[1] / "fixtures" / "sites"
PNG = b"\x89PNG\r\n\x1a\n"


def test_figure_is_an_image_with_its_caption(render_md):
    result = render_md('Text.\n\n{{< figure src="img/a.png" caption="The *first* figure" alt="A plot" >}}\n\nMore.',
                       files={"img/a.png": PNG})
    assert re.search(r'<figure class="template-figure"><img src="paperdesk://note/img/a.png" alt="A plot"[^>]*>'
                     r"<figcaption>The \*first\* figure</figcaption></figure>", result.html)
    assert not result.problems


def test_a_site_root_figure_is_found_in_static(render_md):
    result = render_md('{{< figure src="/img/a.png" >}}', files={"static/img/a.png": PNG})
    assert 'src="paperdesk://note/static/img/a.png"' in result.html


def test_a_figure_inside_a_paragraph_is_an_inline_image(render_md):
    html = render_md('See {{< img src="a.png" alt="x" >}} here.', files={"a.png": PNG}).html
    assert re.search(r'<p>See <img src="paperdesk://note/a.png" alt="x"[^>]*> here.</p>', html)


def test_highlight_is_a_code_block(render_md):
    html = render_md('{{< highlight go "linenos=table,hl_lines=2" >}}\nfunc main() {\n}\n{{< /highlight >}}').html
    assert '<span class="kd">func</span>' in html and 'class="linenos"' in html
    assert "highlight" not in re.sub(r'class="[^"]*"', "", html)


def test_math_wrappers_give_their_formula(render_md):
    html = render_md("Cost {{< katex >}}O(n^2){{< /katex >}} here.\n\n{{< math >}}\n$$ a = b $$\n{{< /math >}}\n\n"
                     "{{< katex display >}}c = d{{< /katex >}}").html
    assert re.findall(r'<span class="math (inline|display)" data-tex="([^"]*)"', html) == [
        ("inline", "O(n^2)"), ("display", " a = b "), ("display", "c = d")]
    assert "katex" not in html and "{{" not in html


def test_notice_is_a_callout_with_its_markdown(render_md):
    html = render_md('{{% notice warning "Careful" %}}\nThe **bold** part.\n\n- a list\n{{% /notice %}}').html
    assert html.startswith('<blockquote class="callout callout-warning"><p class="callout-title">Careful</p>')
    assert "<strong>bold</strong>" in html and "<li>a list</li>" in html
    assert "notice" not in html


def test_details_is_a_folded_callout(render_md):
    html = render_md('{{< details title="Proof" >}}\nIt follows.\n{{< /details >}}').html
    assert html.startswith('<details class="callout callout-note"><summary class="callout-title">Proof</summary>')


def test_other_paired_shortcodes_keep_their_inner_markdown(render_md):
    html = render_md('{{< columns >}}\n**Left** side.\n{{< /columns >}}\n\n{{% center %}}*mid*{{% /center %}}').html
    assert "<strong>Left</strong> side." in html and "<em>mid</em>" in html
    assert "columns" not in html and "center" not in html


def test_unknown_shortcodes_are_one_dimmed_chip(render_md):
    html = render_md("{{< youtube dQw4w9WgXcQ >}}\n\nA tweet: {{< tweet user=\"x\" id=\"1\" >}}").html
    assert re.findall(r'<span class="template-omitted"[^>]*>([^<]*)</span>', html) == [
        "youtube dQw4w9WgXcQ", 'tweet user="x" id="1"']


def test_escaped_shortcodes_are_shown_as_hugo_shows_them(render_md):
    html = render_md('Write {{</* figure src="a.png" */>}} or {{%/* notice */%}}.\n\n```\n{{</* youtube x */>}}\n```').html
    assert 'Write {{&lt; figure src="a.png" &gt;}} or {{% notice %}}.' in html
    assert "{{&lt; youtube x &gt;}}" in html and "/*" not in html


def test_shortcodes_in_code_stay_literal(render_md):
    html = render_md("`{{< youtube x >}}`\n\n```\n{{% notice %}}\n```").html
    assert "<code>{{&lt; youtube x &gt;}}</code>" in html and "{{% notice %}}" in html
    assert "template-omitted" not in html


def test_ref_links_open_the_note(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text('# A\n\nSee [b]({{< ref "b" >}}) and [c]({{< relref "/posts/c.md#part" >}}).\n')
    (tmp_path / "posts" / "b.md").write_text("# B\n\nText.\n")
    (tmp_path / "posts" / "c.md").write_text("# C\n\n## Part\n\nText.\n")
    collection = scan(tmp_path, use_cache=False)
    by_title = {e.title: e for e in collection.entries}
    html = render_entry(by_title["A"], collection).html
    assert f'href="paperdesk://open/{by_title["B"].id}"' in html
    assert f'href="paperdesk://open/{by_title["C"].id}#part"' in html


def test_the_hugo_fixture_post_renders_clean():
    collection = scan(SITES / "hugo", use_cache=False)
    entry = next(e for e in collection.entries if e.source.endswith("vit.md"))
    result = render_entry(entry, collection)
    assert not result.problems
    assert 'src="paperdesk://note/static/img/vit-patches.png"' in result.html
    assert 'src="paperdesk://note/content/posts/bundle-figure.png"' in result.html
    assert result.html.count('class="math ') == 2
    outside_code = re.sub(r"<pre>.*?</pre>", "", result.html, flags=re.S)
    assert "{{" not in outside_code


def test_a_figure_in_a_list_item_stays_in_the_list(render_md):
    html = render_md('- one\n  {{< figure src="a.png" caption="Cap" >}}\n- two', files={"a.png": PNG}).html
    assert re.fullmatch(r'<ul>\n<li>one\s+<img src="paperdesk://note/a.png" alt="Cap"[^>]*> <em>Cap</em></li>\n'
                        r"<li>two</li>\n</ul>", html), html


def test_a_notice_in_a_list_item_stays_in_the_list(render_md):
    html = render_md("- one\n\n  {{% notice tip %}}\n  Inside.\n  {{% /notice %}}\n- two").html
    assert re.search(r"<li>\s*<p>one</p>\s*<blockquote class=\"callout callout-tip\">.*Inside.*</blockquote>\s*</li>",
                     html, flags=re.S), html
