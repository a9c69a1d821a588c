"""Jekyll notes: Liquid tags and outputs render as the site shows them, never as raw `{% %}` / `{{ }}`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.render import render_entry

SITES = Path(__file__).parents[1] / "fixtures" / "sites"


def body_html(render_md, body: str, **kwargs) -> str:
    return render_md(body, **kwargs).html


def test_raw_content_is_shown_literally_and_its_tags_go(render_md):
    html = body_html(render_md, "Write {% raw %}{{ page.title }} and {% if x %}{% endraw %} in a layout.")
    assert "{{ page.title }} and {% if x %}" in html
    assert "raw" not in html


def test_raw_block_over_lines_keeps_markdown_but_not_liquid(render_md):
    html = body_html(render_md, "{% raw %}\n**bold** {{ x }}\n{% endraw %}")
    assert "<strong>bold</strong> {{ x }}" in html


@pytest.mark.parametrize("opener", ["{% highlight python %}", "{% highlight python linenos %}", "{%- highlight python -%}"])
def test_highlight_is_a_coloured_code_block(render_md, opener):
    html = body_html(render_md, f"Before.\n{opener}\ndef f(x):\n    return x\n{{% endhighlight %}}\nAfter.")
    assert '<span class="k">def</span>' in html
    assert "highlight python" not in html and "endhighlight" not in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert ("linenos" in opener) == ('class="linenos"' in html)


def test_liquid_inside_a_highlight_block_stays_literal(render_md):
    html = body_html(render_md, "{% highlight html %}\n<p>{{ site.title }}</p>\n{% endhighlight %}")
    text = re.sub(r"<[^>]+>", "", html)
    assert "{{ site.title }}" in text.replace("&lt;", "<").replace("&gt;", ">")
    assert "template-omitted" not in html


def test_comment_is_hidden(render_md):
    result = render_md("Seen.\n\n{% comment %}\nhidden draft\n{% endcomment %}\n\nAlso seen.")
    assert "hidden draft" not in result.html and "comment" not in result.html
    assert result.text.split() == ["Seen.", "Also", "seen."]


def test_control_tags_vanish_and_their_content_stays(render_md):
    html = body_html(render_md, "{% if page.x %}\nShown text.\n{% else %}\nOther text.\n{% endif %}\n"
                                "{% assign n = 3 %}{% for i in (1..n) %}item{% endfor %}")
    assert "{%" not in html and "endif" not in html and "assign" not in html
    assert "Shown text." in html and "Other text." in html and "item" in html


def test_include_and_unknown_tags_are_one_dimmed_chip(render_md):
    html = body_html(render_md, "{% include disqus.html %}\n\nCite {% cite vaswani2017 %} here.")
    chips = re.findall(r'<span class="template-omitted"[^>]*>([^<]*)</span>', html)
    assert chips == ["include disqus.html", "cite vaswani2017"]
    assert "{%" not in html


def test_a_paired_plugin_tag_keeps_its_content(render_md):
    html = body_html(render_md, "{% details Proof %}\nThe proof text.\n{% enddetails %}")
    assert "The proof text." in html
    assert "details" not in html


def test_page_variables_are_chips_outside_links(render_md):
    html = body_html(render_md, "By {{ page.author }}, on {{ page.date | date: '%Y' }}.")
    assert re.findall(r'template-omitted"[^>]*>([^<]*)<', html) == ["page.author", "page.date | date: '%Y'"]


def test_liquid_in_code_stays_literal(render_md):
    html = body_html(render_md, "Use `{{ site.title }}` and `{% if %}`.\n\n```\n{% include x.html %}\n{{ y }}\n```\n\n"
                                "    {% indented %} {{ code }}\n")
    assert "<code>{{ site.title }}</code>" in html and "<code>{% if %}</code>" in html
    assert "{% include x.html %}\n{{ y }}" in html
    assert "{% indented %} {{ code }}" in html
    assert "template-omitted" not in html


def test_raw_tags_inside_code_are_dropped_as_jekyll_does(render_md):
    html = body_html(render_md, "```liquid\n{% raw %}\n{{ post.title }}\n{% endraw %}\n```\n\n`{% raw %}{{ x }}{% endraw %}`")
    assert "raw" not in html
    assert "<code>{{ x }}</code>" in html
    assert "{{" in re.sub(r"<[^>]+>", "", html.split("<p>")[0])


@pytest.mark.parametrize("target", [
    '{{ "/assets/x.png" | relative_url }}', "{{ site.baseurl }}/assets/x.png", "{{ site.url }}{{ site.baseurl }}/assets/x.png",
    "{{ '/assets/x.png' | absolute_url }}", "{{ '/assets/x.png' | prepend: site.baseurl }}",
])
def test_site_urls_in_images_point_into_the_collection(render_md, target):
    result = render_md(f"![fig]({target})", files={"assets/x.png": b"\x89PNG\r\n\x1a\n"})
    assert 'src="paperdesk://note/assets/x.png"' in result.html
    assert not result.problems


def test_site_urls_in_links_and_html(render_md):
    result = render_md('[slides]({{ "/assets/talk.pdf" | relative_url }}) <img src="{{ site.baseurl }}/assets/x.png">',
                       files={"assets/x.png": b"\x89PNG\r\n\x1a\n", "assets/talk.pdf": b"%PDF-1.4"})
    assert 'href="paperdesk://note/assets/talk.pdf"' in result.html
    assert 'src="paperdesk://note/assets/x.png"' in result.html


def test_an_unknown_address_stays_as_written_and_is_reported(render_md):
    result = render_md("![cover]({{ page.cover }})")
    assert "{{ page.cover }}" in result.html and "missing-image" in result.html
    assert [p.kind for p in result.problems] == ["image"]


def test_the_jekyll_fixture_post_renders_clean():
    collection = scan(SITES / "jekyll", use_cache=False)
    entry = next(e for e in collection.entries if "sparse" in e.source)
    result = render_entry(entry, collection)
    assert not result.problems
    assert result.html.count('src="paperdesk://note/assets/img/attention-heads.png"') == 3
    assert "<figcaption>Local and strided heads, as drawn in the paper.</figcaption>" in result.html
    follow_up = next(e for e in collection.entries if "routing" in e.source)
    assert f'href="paperdesk://open/{follow_up.id}"' in result.html            # {% post_url %}
    outside_code = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", result.html, flags=re.S)
    assert "{%" not in outside_code and "{{" not in outside_code.replace("{{ page.title }}", "")
    assert "Draft: remember" not in result.html
