"""plain_text(): the anchoring contract shared with reader.js."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.render import plain_text


def test_text_nodes_in_order_with_entities_decoded():
    assert plain_text("<p>a &amp; b &lt;c&gt; &nbsp;&eacute;&#x41;</p>") == "a & b <c> \xa0éA"


def test_math_contributes_nothing():
    page = ('<p>before <span class="math inline" data-tex="x"><svg><title>x</title><text>x</text></svg></span>'
            ' after</p><span class="math display"><svg><g><path d="M0"/></g></svg></span><p>end</p>')
    assert plain_text(page) == "before  afterend"


def test_nested_spans_inside_math_are_skipped_entirely():
    assert plain_text('<span class="x math">a<span>b</span>c</span>d<span>e</span>') == "de"


def test_script_and_style_contribute_nothing():
    assert plain_text("a<script>var x = '<p>';</script>b<style>p{}</style>c") == "abc"


def test_whitespace_is_kept_exactly():
    assert plain_text("<ul>\n<li>a  b</li>\n</ul>\n") == "\na  b\n\n"


def test_leading_newline_of_pre_is_dropped_like_the_browser():
    assert plain_text("<pre>\ncode\n</pre>") == "code\n"
    assert plain_text("<pre><span></span><code>x\n</code></pre>") == "x\n"


def test_line_breaks_are_normalised():
    assert plain_text("<p>a\r\nb\rc</p>") == "a\nb\nc"


def test_void_elements_and_comments():
    assert plain_text("a<br>b<img alt='no'>c<!-- hidden -->d<hr/>e") == "abcde"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\0")))
def test_escaped_text_round_trips(text):
    assert plain_text("<p>" + html.escape(text) + "</p>") == text


def test_rendered_entry_text_matches(render_md):
    out = render_md("Hello **bold** & $x$ `code`\n")
    assert out.text == plain_text(out.html)
    assert out.text == "Hello bold &  code"
