"""The structural pre-check: hostile nesting and huge lines are set aside and shown as written,
quickly, while ordinary notes pass through untouched."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdesk.render import plain_text
from paperdesk.render.structure import (
    MAX_DATA_URL_CHARS,
    MAX_LINE_CHARS,
    MAX_NESTING,
    set_aside,
    shorten_data_urls,
)

ORDINARY = (
    "# Title\n\nA paragraph with [a link](x.md), `code`, *emphasis* and $x^2$.\n\n"
    "- one\n  - two\n    - three\n\n> quoted\n> > twice\n\n```python\nprint([[[[1]]]])\n```\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n<div><span>html</span></div>\n"
)

# name -> (note, words of the reason)
HOSTILE = {
    "brackets": ("[" * 20_000 + "x](" + "(" * 20_000, "brackets nested"),
    "list markers": ("- " * 40_000 + "x", "lists or quotes nested"),
    "list staircase": ("".join(" " * (2 * i) + "- x\n" for i in range(200)), "lists or quotes nested"),
    "quotes": ("> " * 10_000 + "q", "lists or quotes nested"),
    "quote staircase": ("".join(">" * (i + 1) + " q\n" for i in range(100)), "lists or quotes nested"),
    "mixed": ("> - " * 5_000 + "x", "lists or quotes nested"),
    "html": ("<div>" * 5_000 + "x" + "</div>" * 5_000, "HTML tags nested"),
    "long line": ("word " * (MAX_LINE_CHARS // 5 + 10), "a line of"),
}


def test_ordinary_notes_are_untouched() -> None:
    assert set_aside(ORDINARY) == (ORDINARY, [])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_block_is_set_aside_and_the_rest_kept(name: str) -> None:
    hostile, reason = HOSTILE[name]
    text = f"# Title\n\nbefore\n\n{hostile}\n\nafter\n"
    out, blocks = set_aside(text)
    assert len(blocks) == 1
    assert reason in blocks[0].reason
    assert blocks[0].source == hostile.rstrip("\n")
    assert blocks[0].line == 5
    assert out.count("\n") == text.count("\n")          # later line numbers still hold
    assert "before" in out and "after" in out and blocks[0].token in out
    assert hostile[:50] not in out


def test_nesting_just_within_the_limit_is_kept() -> None:
    fine = "[" * MAX_NESTING + "x" + "]" * MAX_NESTING
    assert set_aside(fine)[1] == []
    assert len(set_aside("[" + fine + "]")[1]) == 1


def test_fenced_code_is_one_block_and_only_its_line_length_counts() -> None:
    lisp = "```lisp\n" + "(" * 500 + ")" * 500 + "\n```"
    assert set_aside(lisp)[1] == []
    huge = "```\n" + "x" * (MAX_LINE_CHARS + 1) + "\n```\nafter"
    out, blocks = set_aside(huge)
    assert len(blocks) == 1 and blocks[0].source.startswith("```") and out.endswith("after")


def test_tokens_cannot_be_forged_by_the_note() -> None:
    _, blocks1 = set_aside("[" * 100)
    _, blocks2 = set_aside("[" * 100)
    assert blocks1[0].token != blocks2[0].token


def test_data_url_payloads_are_cut() -> None:
    payload = "A" * 3_000_000
    text = f"![x](data:image/png;base64,{payload}) and [y](data:text/plain,{payload[:300]}) and data:,short"
    out = shorten_data_urls(text)
    assert len(out) < 1000
    assert f"(data:image/png;base64,{'A' * MAX_DATA_URL_CHARS})" in out
    assert "data:,short" in out


def test_render_shows_a_set_aside_block_as_its_source(render_md) -> None:
    out = render_md("# Title\n\nbefore <b>x</b>\n\n" + "[" * 5_000 + "<script>alert(1)</script>\n\nafter *em*\n")
    assert '<pre class="source-shown"' in out.html
    assert "<script>" not in out.html and "&lt;script&gt;" in out.html
    assert "<em>em</em>" in out.html and "<b>x</b>" in out.html
    assert [p.kind for p in out.problems] == ["render"]
    assert out.problems[0].line == 5 and "brackets nested 5001 levels" in out.problems[0].message
    assert "[" * 5_000 in out.text and out.text == plain_text(out.html)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_render_of_each_hostile_structure_returns_with_a_warning(render_md, name: str) -> None:
    out = render_md("# T\n\n" + HOSTILE[name][0] + "\n")
    assert any(p.kind == "render" for p in out.problems)
    assert out.text == plain_text(out.html)


PIECES = ["[", "]", "(", ")", "> ", "- ", "1. ", "  ", "<div>", "</div>", "`", "*", "_", "x", " ", "\n",
          "\n\n", "```\n", "$", "![a](b.png)", "[l](n.md)", "data:image/png;base64,AAAA", "<", "&"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, 300)), max_size=10))
def test_random_hostile_structures_render_bounded_and_consistent(render_md, parts) -> None:
    body = "".join(piece * count for piece, count in parts)
    out = render_md(body)
    assert out.text == plain_text(out.html)
    assert "<script" not in out.html and "PDASIDE" not in out.html.replace(body, "")
    _, blocks = set_aside(shorten_data_urls(body))   # what render_entry checks
    assert len([p for p in out.problems if p.kind == "render"]) >= min(1, len(blocks))
