"""render_entry's bounds: entries too large, too slow or broken are shown as their escaped source
with one warning, and an entry that ran out of time is not tried again."""

from __future__ import annotations

import pytest

from paperdesk.render import deadline, entry_html, plain_text, source_view
from paperdesk.render.source_view import MAX_RENDER_CHARS, MAX_SHOWN_CHARS

# Many inline elements in one paragraph: Python-Markdown's cost grows with their square
# (20,000 such lines take over 3 s here), yet nothing in it nests: only the time limit catches it.
SLOW = "# T\n\n" + "".join(f"[l{i}](n{i}.md) *e* `c`\n" for i in range(10_000))


@pytest.fixture(autouse=True)
def _forget_slow_entries():
    source_view._slow.clear()
    yield
    source_view._slow.clear()


@pytest.mark.skipif(not deadline.ENFORCED, reason="needs CPython's PyThreadState_SetAsyncExc")
def test_render_running_past_its_limit_is_cut_off_and_shows_the_source(
        render_md, entry_maker, collection_of, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = entry_maker(SLOW + "<script>alert(1)</script>\n")
    collection = collection_of([entry])
    out = entry_html.render_entry(entry, collection, time_limit=0.1)
    assert [p.kind for p in out.problems] == ["render"]
    assert "took longer than 0.1 s" in out.problems[0].message
    assert out.html.startswith('<pre class="render-failed">') and "&lt;script&gt;" in out.html
    assert out.text == plain_text(out.html) == entry.body
    assert out.cut_off          # callers must not re-anchor highlights against this text
    # shown again (the GUI re-renders on every visit): not parsed again
    calls = []
    monkeypatch.setattr(entry_html, "to_html", lambda text: calls.append(text) or "")
    again = entry_html.render_entry(entry, collection)
    assert again.problems == out.problems and again.cut_off and calls == []
    # the converter that was cut off was dropped: the next entry renders normally
    monkeypatch.undo()
    fine = render_md("# Fine\n\n*em*\n")
    assert "<em>em</em>" in fine.html and not fine.problems


def test_formulas_after_the_time_limit_are_shown_as_written(entry_maker, collection_of,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = entry_html.typeset
    monkeypatch.setattr(entry_html, "typeset",      # as if the Markdown work had used all the time
                        lambda jobs, renderer, problems, source, _deadline:
                        real(jobs, renderer, problems, source, float("-inf")))
    entry = entry_maker("# T\n\n" + " ".join(f"$x_{{{i}}}$" for i in range(50)) + "\n")
    out = entry_html.render_entry(entry, collection_of([entry]))
    math = [p for p in out.problems if p.kind == "math"]
    assert len(math) == 1 and "50 formulas not typeset" in math[0].message
    assert out.html.count('class="math-source"') == 50 and "$x_{49}$" in out.text


def test_a_huge_formula_is_not_typeset(render_md) -> None:
    out = render_md("# T\n\n$$" + "x+" * 6_000 + "x$$\n")
    assert 'class="math-source"' in out.html
    assert any("longer than 10,000 characters" in p.message for p in out.problems)


def test_entry_above_the_render_cap_is_shown_as_source_without_parsing(
        render_md, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(entry_html, "to_html", lambda text: calls.append(text) or "")
    body = "# Big\n\n" + ("plain words <b>here</b>\n" * (MAX_RENDER_CHARS // 24 + 10))
    out = render_md(body)
    assert calls == []
    assert [p.kind for p in out.problems] == ["render"] and "more than the 1,000,000" in out.problems[0].message
    assert "&lt;b&gt;" in out.html and "<b>" not in out.html
    assert not out.cut_off      # too large is decided by size: the same text every time
    assert len(out.text) <= MAX_SHOWN_CHARS + 100 and "more characters not shown" in out.text


def test_megabyte_data_images_render_without_parsing_the_payload(render_md) -> None:
    out = render_md("# T\n\n![big](data:image/png;base64," + "QUJD" * 750_000 + ")\n\nafter\n")
    assert "Embedded image not shown" in out.html and "<p>after</p>" in out.html
    assert [p.message for p in out.problems] == ["embedded data: image not shown"]
    assert len(out.html) < 10_000


def test_thousands_of_image_references_render(render_md) -> None:
    # What is checked is the result, not the time (1.5 s here; a loaded CI machine may pass the
    # default 3 s cut-off, which has its own test above): a generous limit keeps it about output.
    out = render_md("# T\n\n" + "".join(f"![i{i}](img/{i}.png)\n" for i in range(2_000)), time_limit=120)
    assert out.html.count('class="missing-image"') == 2_000
    assert len([p for p in out.problems if p.kind == "image"]) == 2_000


def test_recursion_in_the_parser_gives_the_source(render_md, monkeypatch: pytest.MonkeyPatch) -> None:
    def recurse(text: str) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(entry_html, "to_html", recurse)
    out = render_md("# T\n\nbody\n")
    assert [p.kind for p in out.problems] == ["render"] and "RecursionError" in out.problems[0].message
    assert "body" in out.text
