"""Formulas inside a highlight come back as TeX: offsets from the real renderer's HTML."""

from __future__ import annotations

from paperdesk.render.math_marks import MathMark, math_marks, quote_with_math
from paperdesk.render.plain_text import plain_text


def test_a_quote_across_inline_math_keeps_the_formulas(render_md) -> None:
    out = render_md("We fit a CDF $F_t$ targeting $y_t$. Then $$\\sum_i x_i < 1$$ holds.\n")
    text = out.text
    marks = math_marks(out.html)
    assert [m.tex for m in marks] == ["F_t", "y_t", "\\sum_i x_i < 1"]
    assert [m.display for m in marks] == [False, False, True]
    assert text == plain_text(out.html)
    start = text.index("a CDF")
    end = text.index(".") + 1
    assert text[start:end] == "a CDF  targeting ."
    assert quote_with_math(text, start, end, marks) == "a CDF $F_t$ targeting $y_t$."
    whole = quote_with_math(text, 0, len(text), marks)
    assert "$$\\sum_i x_i < 1$$" in whole


def test_formulas_at_the_edges_of_a_quote_are_left_out() -> None:
    text = "ab cd"
    marks = [MathMark(0, "x", False), MathMark(2, "y", False), MathMark(5, "z", False)]
    assert quote_with_math(text, 0, 5, marks) == "ab$y$ cd"
    assert quote_with_math(text, 3, 5, marks) == "cd"
    assert quote_with_math(text, 1, 4, []) == "b c"
