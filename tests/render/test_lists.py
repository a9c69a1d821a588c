"""GitHub-style lists: 2-space nesting and lists right after a paragraph."""

from __future__ import annotations

from paperdesk.render.lists import normalize_lists


def test_two_space_nesting(render_md):
    out = render_md("* **Paper**\n  * title and link: x\n  * info\n    * deeper\n* Next\n")
    html = out.html.replace("\n", "")
    assert html.count("<ul>") == 3
    assert "<li><strong>Paper</strong><ul><li>title and link: x</li>" in html
    assert "<li>info<ul><li>deeper</li></ul></li>" in html


def test_four_space_nesting_still_works(render_md):
    out = render_md("- a\n    - b\n        - c\n")
    assert out.html.count("<ul>") == 3


def test_list_right_after_a_paragraph(render_md):
    out = render_md("Steps:\n- one\n- two\n")
    assert "<p>Steps:</p>" in out.html and out.html.count("<li>") == 2


def test_numbers_in_prose_do_not_start_lists():
    text = "In the year\n2019. was good\n"
    assert normalize_lists(text) == text


def test_rules_and_emphasis_are_not_items():
    text = "para\n* * *\n*emphasis* here\n"
    assert normalize_lists(text) == text


def test_fenced_code_moves_with_its_item(render_md):
    out = render_md("1. step\n   ```python\n   x = 1\n   ```\n2. next\n")
    assert out.html.count("<li>") == 2
    assert '<div class="highlight">' in out.html.split("</li>")[0]
    assert "x = 1" in out.text


def test_code_outside_lists_is_untouched():
    text = "```\n- not a list\n  - nor this\n```\n"
    assert normalize_lists(text) == text


def test_paragraph_after_list_ends_it(render_md):
    out = render_md("- a\n  - b\n\nAfter the list.\n\n    indented code\n")
    assert "<p>After the list.</p>" in out.html
    assert "<code>indented code" in out.html and "<li>" not in out.html.split("After")[1]


def test_display_math_in_list_item_after_blank_line(render_md):
    out = render_md("Features:\n- one\n- sum:\n\n    $$h = \\sum_j x_j$$\n\nAfter\n")
    assert 'class="math display"' in out.html and "<pre" not in out.html
