"""Markdown features: code highlighting, tables, footnotes, mark, strike, task lists, anchors."""

from __future__ import annotations

import re


def test_fenced_code_is_highlighted_with_pygments_classes(render_md):
    out = render_md("```python\ndef f(x):\n    return x + 1\n```\n")
    assert '<div class="highlight"><pre>' in out.html
    assert '<span class="k">def</span>' in out.html
    assert '<span class="nf">f</span>' in out.html
    assert "def f(x):\n    return x + 1" in out.text


def test_code_in_lists_and_unknown_languages(render_md):
    out = render_md("- item\n\n    ```nosuchlang\n    a < b\n    ```\n")
    assert "a &lt; b" in out.html and "a < b" in out.text


def test_tables_keep_alignment(render_md):
    out = render_md("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert "<table>" in out.html and "<thead>" in out.html
    assert '<td style="text-align: right;">2</td>' in out.html


def test_footnotes(render_md):
    out = render_md("Claim[^1].\n\n[^1]: Source.\n")
    assert 'class="footnote-ref"' in out.html and 'href="#fn:1"' in out.html
    assert '<div class="footnote">' in out.html and 'id="fn:1"' in out.html
    assert "Source." in out.text


def test_mark_strike_and_task_lists(render_md):
    out = render_md("==key== ~~old~~\n\n- [x] done\n- [ ] todo\n")
    assert "<mark>key</mark>" in out.html and "<del>old</del>" in out.html
    boxes = re.findall(r"<input[^>]*>", out.html)
    assert len(boxes) == 2 and all('type="checkbox"' in b and "disabled" in b for b in boxes)
    assert "checked" in boxes[0] and "checked" not in boxes[1]
    assert 'class="task-list-item"' in out.html


def test_heading_anchors_are_unicode_slugs(render_md):
    out = render_md("## Method Overview\n\n### 方法 概述\n")
    assert 'id="method-overview"' in out.html
    assert 'id="方法-概述"' in out.html


def test_sane_lists_do_not_merge_kinds(render_md):
    out = render_md("1. one\n2. two\n\n- a\n- b\n")
    assert out.html.count("<ol>") == 1 and out.html.count("<ul>") == 1


def test_raw_html_formatting_survives(render_md):
    out = render_md("<details><summary>More</summary>\n\nhidden *text*\n\n</details>\n\nH<sub>2</sub>O x<sup>2</sup>\n")
    assert "<details>" in out.html and "<summary>More</summary>" in out.html
    assert "<sub>2</sub>" in out.html and "<sup>2</sup>" in out.html


def test_note_classes_are_filtered(render_md):
    out = render_md('<span class="math evil">hidden</span> <div class="highlight x">y</div>\n')
    assert 'class="math' not in out.html
    assert "hidden" in out.text
    assert '<div class="highlight">' in out.html


def test_weird_input_never_raises(render_md):
    for body in ["", "\0\0", "<" * 500, "[" * 2000 + "]" * 2000, "> " * 300 + "x", "$" * 999,
                 "\\begin{bmatrix}" * 50, "```\n" * 7, "<img src=>", "<a href>x</a>", "\ud800".encode(
                     "utf-8", "surrogatepass").decode("utf-8", "replace")]:
        out = render_md(body)
        assert isinstance(out.html, str)


def test_asterisks_follow_commonmark_flanking(render_md):
    cases = {
        "ToolChain*: Efficient Navigation with A* Search": "ToolChain*: Efficient Navigation with A* Search",
        "LLM 的 A*。A* 每次": "LLM 的 A*。A* 每次",
        "**keywords:** autoencoder": "<strong>keywords:</strong> autoencoder",
        "中文**粗体**中文": "中文<strong>粗体</strong>中文",
        "**bold**text and *(paren)*": "<strong>bold</strong>text and <em>(paren)</em>",
        "a * b * c": "a * b * c",
        "**outer *inner* outer**": "<strong>outer <em>inner</em> outer</strong>",
    }
    for source, expected in cases.items():
        assert render_md(source + "\n").html == f"<p>{expected}</p>", source


def test_typora_toc_marker_is_dropped(render_md):
    out = render_md("[toc]\n\n# Title\n\ntext [TOC] stays\n")
    assert "[toc]" not in out.text and "[TOC] stays" in out.text


def test_heading_anchors_match_github(render_md):
    out = render_md("## Method: A & B\n\n## 1. Intro ([link](https://x.org))\n")
    assert 'id="method-a--b"' in out.html
    assert 'id="1-intro-link"' in out.html


def test_backslash_escapes_any_ascii_punctuation(render_md):
    out = render_md("costs \\$5, \\<b>not bold\\</b>, \\*not em\\*, a \\& b\n")
    assert out.text == "costs $5, <b>not bold</b>, *not em*, a & b"
    assert "<b>" not in out.html
