"""Math: delimiters, environments, Markdown escapes, macros, errors and the caches."""

from __future__ import annotations

import re

import pytest

from paperdesk.render.math_source import extract_math
from paperdesk.render.math_svg import MathRenderer, prepare_tex


def _math_spans(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="math (inline|display)" data-tex="([^"]*)"><svg', html)


@pytest.mark.parametrize(("body", "kind", "tex"), [
    ("a $x^2$ b", "inline", "x^2"),
    ("a \\(x^2\\) b", "inline", "x^2"),
    ("$$\\frac{a}{b}$$", "display", "\\frac{a}{b}"),
    ("\\[\\frac{a}{b}\\]", "display", "\\frac{a}{b}"),
    ("$$\n\\sum_{i=1}^n i\n$$", "display", "\n\\sum_{i=1}^n i\n"),
])
def test_delimiters(render_md, body, kind, tex):
    out = render_md(body + "\n")
    assert _math_spans(out.html) == [(kind, tex.replace("&", "&amp;"))]
    assert not out.problems
    assert "$" not in out.text and "\\(" not in out.text and "\\[" not in out.text


@pytest.mark.parametrize("env", ["bmatrix", "pmatrix", "align", "align*", "cases", "equation"])
def test_environments_outside_dollars(render_md, env):
    inner = {"cases": "1 & x>0 \\\\ 0 & x \\le 0", "equation": "e^{i\\pi} + 1 = 0"}.get(env, "a & b \\\\ c & d")
    body = f"Matrix:\n\n\\begin{{{env}}}\n{inner}\n\\end{{{env}}}\n\nafter\n"
    out = render_md(body)
    spans = _math_spans(out.html)
    assert len(spans) == 1 and spans[0][0] == "display"
    assert "begin" not in out.text and "after" in out.text
    assert not out.problems


def test_environment_inside_dollars(render_md):
    out = render_md("$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$\n")
    assert len(_math_spans(out.html)) == 1 and not out.problems


def test_markdown_does_not_touch_math(render_md):
    out = render_md("$a*b*c$ and $x_1 + y_1 = z_1$ and $\\{a\\}$\n")
    assert "<em>" not in out.html
    assert len(_math_spans(out.html)) == 3


def test_escaped_underscore_inside_math(render_md):
    escaped = render_md("$\\mathbf{u}\\_{ij}$\n")
    plain = render_md("$\\mathbf{u}_{ij}$\n")
    assert not escaped.problems
    svg = re.search(r"<svg.*</svg>", escaped.html).group(0)
    assert svg == re.search(r"<svg.*</svg>", plain.html).group(0)


def test_app_macros(render_md):
    out = render_md("$\\argmax_x f(x)$ $\\argmin_\\theta L$ $x \\in \\R^n$ $\\E[X]$ $\\Var(X)$ $\\N$\n")
    assert len(_math_spans(out.html)) == 6
    assert not out.problems, out.problems
    assert prepare_tex("\\Re x").startswith("\\Re")   # \R does not fire inside \Re


def test_undefined_macro_is_reported_but_shown(render_md):
    out = render_md("$\\notamacro{x}$\n")
    assert len(_math_spans(out.html)) == 1
    assert [p.kind for p in out.problems] == ["math"]
    assert "\\notamacro" in out.problems[0].message


def test_failing_formula_shows_its_source(render_md):
    out = render_md("ok $x^$ and $\\frac{a$ end\n")
    errors = re.findall(r'<code class="math-error" title="([^"]*)">([^<]*)</code>', out.html)
    assert [e[1] for e in errors] == ["$x^$", "$\\frac{a$"]
    assert all(e[0].startswith("error: ") and len(e[0]) > 8 for e in errors)
    assert "$x^$" in out.text
    assert [p.kind for p in out.problems] == ["math", "math"]
    assert out.problems[0].line == 1


def test_code_is_left_alone(render_md):
    body = "`$x$` and\n\n```\n$y$ \\(z\\)\n```\n\n    $w$ indented\n"
    out = render_md(body)
    assert not _math_spans(out.html)
    assert "$x$" in out.text and "$y$ \\(z\\)" in out.text and "$w$" in out.text


def test_dollar_amounts_are_not_math():
    text, spans = extract_math("It costs $5 and $10, or \\$3.\n")
    assert spans == []
    assert text == "It costs $5 and $10, or \\$3.\n"


def test_citation_brackets_are_not_math():
    _, spans = extract_math("as in \\[1\\] and \\[Smith et al.\\]\n")
    assert spans == []


def test_unclosed_delimiters_stay_text(render_md):
    out = render_md("a $x and\n\nb $$y\n\nc \\(z\n")
    assert not _math_spans(out.html)
    assert "$x" in out.text and "$$y" in out.text


def test_math_in_heading_and_link_text(render_md):
    out = render_md("## Loss $L_2$\n\n[see $x$](#loss)\n\n![alt $y$](nope.png)\n")
    assert len(_math_spans(out.html)) == 2
    assert 'id="loss"' in out.html
    assert 'data-ref="nope.png"' in out.html
    assert "PDMATH" not in out.html


def test_placeholder_text_in_note_is_harmless(render_md):
    out = render_md("PDMATHQ0Z PDMATHQ7Z $x$\n")
    assert "PDMATHQ7Z" not in out.html
    assert len(_math_spans(out.html)) >= 1


def test_disk_cache_is_used(tmp_path):
    cache = tmp_path / "math.sqlite"
    first = MathRenderer(cache)
    a = first.render("x^2 + y^2", display=False)
    first.flush()
    assert first.renders == 1
    second = MathRenderer(cache)
    b = second.render("x^2 + y^2", display=False)
    assert second.renders == 0 and a == b
    again = second.render("x^2 + y^2", display=True)
    assert second.renders == 1 and again.svg != a.svg


def test_memory_cache_is_used(tmp_path):
    renderer = MathRenderer(tmp_path / "m.sqlite")
    renderer.render("a+b", display=False)
    renderer.render("a+b", display=False)
    assert renderer.renders == 1


def test_unwritable_cache_still_renders(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    renderer = MathRenderer(blocker / "sub" / "m.sqlite")
    assert renderer.render("a+b", display=False).svg


def test_svg_ids_do_not_collide_between_formulas(render_md):
    out = render_md("$x$ and $x+1$ and $y$\n")
    ids = re.findall(r' id="([^"]*)"', out.html)
    assert len(ids) == len(set(ids))


def test_tex_escaped_underscore_in_text_mode_still_renders(render_md):
    out = render_md("$\\text{file\\_name} + x\\_1$\n")
    assert len(_math_spans(out.html)) == 1 and not out.problems


def _svgs(out) -> list[str]:
    """The formulas' SVGs with their per-formula id prefixes removed, so equal drawings compare equal."""
    return [re.sub(r"m[0-9a-f]{10}-|MJX-\d+-", "", svg) for svg in re.findall(r"<svg.*?</svg>", out.html, re.DOTALL)]


@pytest.fixture
def render_note(collection_of, entry_maker):
    """Render one note body as its own entry with a given MathRenderer."""
    from paperdesk.render import render_entry

    def go(body: str, renderer: MathRenderer, entry_id: str = "e1"):
        entry = entry_maker(body, entry_id=entry_id)
        return render_entry(entry, collection_of([entry]), renderer=renderer)

    return go


_DEFINES = "$\\def\\foo{A}\\foo$ and $\\newcommand{\\baz}{B}\\baz$\n"
_USES = "$\\foo + \\baz$\n"


@pytest.mark.parametrize("order", ["define first", "use first"])
def test_definitions_do_not_leak_into_other_notes(tmp_path, render_note, order):
    cache = tmp_path / "m.sqlite"
    for round_ in range(2):   # the second round reads everything from the warm disk cache
        renderer = MathRenderer(cache)
        bodies = [_DEFINES, _USES] if order == "define first" else [_USES, _DEFINES]
        outs = {body: render_note(body, renderer) for body in bodies}
        renderer.flush()
        assert not outs[_DEFINES].problems
        assert [p.message.split(":")[0] for p in outs[_USES].problems] == ["undefined \\baz, \\foo"]
        assert renderer.renders == (3 if round_ == 0 else 0)


def test_shared_engine_never_sees_a_note_definition(tmp_path, render_note):
    from paperdesk.render.math_svg import _quickjax

    render_note("$\\def\\leaky{Z}\\leaky$ $\\newcommand\\leakier{Z}$\n", MathRenderer(tmp_path / "m.sqlite"))
    raw = _quickjax().render("\\leaky+\\leakier", display=False)
    assert 'data-latex="\\leaky"' in raw and 'fill="red"' in raw
    assert MathRenderer(tmp_path / "m2.sqlite").render("\\leaky", display=False).warning == "undefined \\leaky"


def test_later_formulas_see_earlier_definitions(tmp_path, render_note):
    renderer = MathRenderer(tmp_path / "m.sqlite")
    out = render_note("$\\newcommand{\\vv}[1]{\\mathbf{#1}}$ then $\\vv{x}$, "
                      "$\\DeclareMathOperator{\\Op}{op}\\Op x$ and $\\let\\al=\\alpha \\Op\\al$\n", renderer)
    assert not out.problems, out.problems
    plain = render_note("$\\mathbf{x}$ $\\operatorname{op} x$ $\\operatorname{op}\\alpha$\n", renderer, "e2")
    assert _svgs(out)[1:] == _svgs(plain)
    # a formula before the definition does not see it (as MathJax on a web page)
    early = render_note("$\\vvv{x}$ then $\\newcommand{\\vvv}[1]{#1}\\vvv{y}$\n", renderer, "e3")
    assert [p.message.split(":")[0] for p in early.problems] == ["undefined \\vvv"]


def test_redefinition_in_another_note_does_not_change_a_note(tmp_path, render_note):
    note_a = "$\\newcommand{\\foo}{a}$ $\\foo$ $\\R$\n"
    note_b = "$\\renewcommand{\\foo}{b}\\renewcommand{\\R}{\\mathcal{R}}$ $\\foo$ $\\R$\n"
    first = render_note(note_a, MathRenderer(tmp_path / "1.sqlite"))
    warm = MathRenderer(tmp_path / "2.sqlite")
    b = render_note(note_b, warm)
    a_after_b = render_note(note_a, warm)
    warm.clear_memory()
    assert _svgs(render_note(note_a, warm)) == _svgs(a_after_b) == _svgs(first)
    assert _svgs(b)[1] != _svgs(first)[1] and _svgs(b)[2] != _svgs(first)[2]   # b's own meanings
    plain = render_note("$\\R$\n", warm, "e2")
    assert _svgs(plain)[0] == _svgs(first)[2] and not plain.problems   # app \R is still \mathbb{R}


def test_definitions_are_parsed():
    from paperdesk.render.math_source import definitions

    tex = ("\\def\\a#1{x_{#1}} \\newcommand*{\\b}[2][y]{#1#2} \\renewcommand\\c{\\{} \\let\\d=\\alpha "
           "\\DeclareMathOperator*{\\e}{e} \\newenvironment{f}{[}{]} \\left( x \\right)")
    assert definitions(tex) == (["\\def\\a#1{x_{#1}}", "\\newcommand*{\\b}[2][y]{#1#2}",
                                 "\\renewcommand\\c{\\{}", "\\let\\d=\\alpha", "\\DeclareMathOperator*{\\e}{e}",
                                 "\\newenvironment{f}{[}{]}"], True)
    assert definitions("\\def\\broken x") == ([], False)
    assert definitions("\\leftarrow \\lettera") == ([], True)


def test_app_macro_prefix_is_not_a_note_definition():
    from paperdesk.render.math_svg import defines

    assert not defines(prepare_tex("\\R^n \\abs{x} \\argmax"))
    assert defines(prepare_tex("\\R \\def\\x{1}"))
    assert defines(prepare_tex("\\R", preamble="\\let\\y\\R"))
