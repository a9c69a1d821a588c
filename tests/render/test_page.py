"""entry_page(): the document around an entry, its header and themes; the Pygments stylesheets."""

from __future__ import annotations

import re

from paperdesk.paths import RESOURCES_DIR
from paperdesk.render import EntryHeader, entry_page, plain_text, render_entry
from paperdesk.render.pygments_css import pygments_css


def _document(entry_maker, collection_of, body="text\n", **kwargs):
    entry = entry_maker(body, title="A paper")
    collection = collection_of([entry])
    return entry_page(entry, collection, render_entry(entry, collection), **kwargs)


def _page(entry_maker, collection_of, body="text\n", **kwargs):
    """The document's body (after its head, which holds the app's own CSS and script)."""
    return _document(entry_maker, collection_of, body, **kwargs).split("</head>", 1)[1]


def _assets(page: str) -> list[tuple[str, str]]:
    """The (element, asset name) of each inlined stylesheet and script, in order."""
    return re.findall(r'<(style|script) data-asset="([^"]+)">', page)


def test_document_shape(entry_maker, collection_of):
    page = _document(entry_maker, collection_of, theme="dark")
    assert page.startswith("<!DOCTYPE html>")
    assert '<body class="theme-dark">' in page
    head = page.split("</head>", 1)[0]
    # the app's CSS and script are in the head (no request for them before the first paint)
    assert _assets(head) == [("style", "reader.css"), ("style", "highlight.css"), ("style", "pygments-dark.css"),
                             ("style", "syntax.css"), ("script", "reader.js")]
    assert "<link" not in head and "paperdesk://app/" not in head
    reader_css = (RESOURCES_DIR / "web" / "reader.css").read_text(encoding="utf-8")
    assert f'<style data-asset="reader.css">{reader_css}</style>' in head
    assert '<article id="content" class="entry-body"><p>text</p></article>' in page


def test_each_theme_carries_its_code_colours(entry_maker, collection_of):
    def styles(theme: str) -> list[str]:
        return [name for kind, name in _assets(_document(entry_maker, collection_of, theme=theme)) if kind == "style"]

    assert styles("light") == ["reader.css", "highlight.css", "pygments-light.css", "syntax.css"]
    assert styles("auto") == ["reader.css", "highlight.css", "pygments-light.css", "pygments-dark.css", "syntax.css"]
    assert styles("neon") == styles("light")


def test_unknown_theme_falls_back_to_light(entry_maker, collection_of):
    assert '<body class="theme-light">' in _page(entry_maker, collection_of, theme="neon")
    assert '<body class="theme-auto">' in _page(entry_maker, collection_of, theme="auto")


def test_header_shows_metadata_tags_and_status(entry_maker, collection_of):
    header = EntryHeader(title="SimCLR", paper_url="https://arxiv.org/abs/2002.05709", category="Vision",
                         year=2020, venue="ICML 2020", short_name="SimCLR", status="reading",
                         tags=("contrastive", "ssl"), tag_colors={"ssl": "#ff8800"})
    page = _page(entry_maker, collection_of, header=header)
    head = re.search(r'<header id="entry-header".*?</header>', page).group(0)
    assert '<h1 class="entry-title">SimCLR</h1>' in head
    assert 'href="https://arxiv.org/abs/2002.05709"' in head
    assert "Vision" in head and "ICML 2020" in head and "status-reading" in head
    assert 'data-tag="contrastive"' in head and "background:#ff8800" in head
    assert '<span class="meta year">' not in head   # the venue already says 2020


def test_header_title_not_repeated_when_body_starts_with_it(entry_maker, collection_of):
    page = _page(entry_maker, collection_of, body="## A paper\n\ntext\n")
    assert 'class="entry-title"' not in page
    page = _page(entry_maker, collection_of, body="### 2024 - [A  paper](https://x.org/p)\n")
    assert 'class="entry-title"' not in page
    page = _page(entry_maker, collection_of, body="## Something else\n")
    assert '<h1 class="entry-title">A paper</h1>' in page


def test_body_whose_first_paragraph_is_the_title_shows_it_once_as_the_title(entry_maker, collection_of):
    page = _page(entry_maker, collection_of, body="A  paper\n\nThe answer.\n")
    assert 'class="entry-title"' not in page
    assert '<p class="entry-title-line">A  paper</p>' in page or '<p class="entry-title-line">A paper</p>' in page
    page = _page(entry_maker, collection_of, body="A paper, and more\n\nThe answer.\n")
    assert '<h1 class="entry-title">A paper</h1>' in page and "entry-title-line" not in page


def test_marking_the_title_line_keeps_the_plain_text(entry_maker, collection_of):
    from paperdesk.render.page import _title_once

    body = '<p>A <em>paper</em> &amp; more</p>\n<p>text</p>'
    marked, show = _title_once(body, "A paper & more")
    assert not show and marked.startswith('<p class="entry-title-line">A <em>paper</em>')
    assert plain_text(marked) == plain_text(body)


def test_header_from_entry_alone(entry_maker, collection_of):
    page = _page(entry_maker, collection_of)
    assert "Uncategorised" in page and '<span class="meta year">2022</span>' in page


def test_committed_pygments_css_is_current():
    for theme in ("light", "dark"):
        committed = (RESOURCES_DIR / "web" / f"pygments-{theme}.css").read_text(encoding="utf-8")
        assert committed == pygments_css(theme), "run python -m paperdesk.render.pygments_css"
        assert f"body.theme-{theme} .highlight .k " in committed
        assert "body.theme-auto .highlight" in committed


def test_reader_css_has_the_palette_and_both_themes():
    css = (RESOURCES_DIR / "web" / "reader.css").read_text(encoding="utf-8")
    for needle in ("body.theme-dark", "prefers-color-scheme: dark", "max-width: 72ch", "figure.missing-image",
                   "code.math-error", "a.external::after", *(f".hl-{i}" for i in range(5))):
        assert needle in css
    assert "url(" not in css and "@import" not in css   # nothing loaded from anywhere


def test_reader_js_exposes_the_mapping_functions():
    js = (RESOURCES_DIR / "web" / "reader.js").read_text(encoding="utf-8")
    for name in ("textOf", "rangeFromOffsets", "offsetsFromRange", "paperdeskPlainText"):
        assert name in js
