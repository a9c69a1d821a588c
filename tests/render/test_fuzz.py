"""Random notes assembled from hostile pieces: rendering never raises and nothing active survives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdesk.render import plain_text
from tests.hostile.hostile_pipeline import active_content

PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">j</a>',
    "<iframe src=//e.org>", "<svg onload=alert(1)>", "<math><mi>x</mi></math>", "$x$", "$$\\frac{a}{b}$$",
    "\\(y\\)", "\\[z^2\\]", "$\\href{javascript:alert(1)}{x}$", "`$code$`", "```\n$a$\n```\n", "\n\n",
    "- item\n", "  - nested\n", "1. one\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "**b**", "*i*", "==m==",
    "~~s~~", "[^1]", "[^1]: foot\n", "![alt](missing.png)", "![r](https://e.org/a.png)", "[n](other.md#x)",
    "<", ">", "&", "&amp;", '"', "'", "\\", "PDMATHQ3Z", "<div>", "</div>", "<p", "=\"", "<!--", "-->",
    "<style>*{}</style>", "<form><input name=a></form>", "<object data=x>", "<embed src=x>", "\t", "é", "中文",
    "<a href='https://ok.org' onclick=x>ok</a>", "<base href=//e.org>", "<meta http-equiv=refresh>",
    "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}", "$", "$$", "<details><summary>s</summary>",
]

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_hostile_notes(render_md, body):
    out = render_md(body)
    assert not active_content(out.html), out.html
    assert out.text == plain_text(out.html)
    assert "PDMATHQ" not in out.html.replace("PDMATHQ3Z", "")


def test_audit_catches_active_content():
    bad = active_content('<img src="x" onerror="y"><a href="javascript:x">a</a><script></script><g style="fill:url(#x)">')
    assert len(bad) == 5
