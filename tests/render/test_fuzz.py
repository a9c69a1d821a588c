"""Random notes assembled from hostile pieces: rendering never raises and nothing active survives."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdesk.render import plain_text

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

_BANNED_TAGS = {"script", "iframe", "object", "embed", "form", "style", "base", "meta", "link", "foreignobject",
                "frame", "frameset", "applet", "textarea", "select", "button"}


class _Audit(HTMLParser):
    """Collects what a browser would treat as active: banned tags, handlers, non-local URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BANNED_TAGS:
            self.bad.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("formaction", "srcdoc", "action"):
                self.bad.append(f"{tag} {name}")
            if name in ("href", "src", "xlink:href") and not value.startswith(
                    ("#", "https://", "http://", "mailto:", "paperdesk://note/", "paperdesk://open/",
                     "paperdesk://broken/")):
                self.bad.append(f"{tag} {name}={value}")
            if name == "style" and ("url(" in value or "expression" in value):
                self.bad.append(f"{tag} style")

    handle_startendtag = handle_starttag


def _active(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.bad


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_hostile_notes(render_md, body):
    out = render_md(body)
    assert not _active(out.html), out.html
    assert out.text == plain_text(out.html)
    assert "PDMATHQ" not in out.html.replace("PDMATHQ3Z", "")


def test_audit_catches_active_content():
    bad = _active('<img src="x" onerror="y"><a href="javascript:x">a</a><script></script><g style="fill:url(#x)">')
    assert len(bad) == 5
