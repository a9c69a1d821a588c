"""Placing highlight marks in Markdown: tolerant matching, balanced markup, never in code or math."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.export.markdown_map import build_map
from paperdesk.export.marks import MarkRequest, apply_edits, locate, plan_marks


def mark(body: str, *quotes: str, footnote: bool = False, **kw: object) -> str:
    mm = build_map(body)
    requests = [MarkRequest(q, footnote=f"[^{i}]" if footnote else None, **kw) for i, q in enumerate(quotes, 1)]
    inserts, _placed = plan_marks(mm, requests)
    return apply_edits(body, inserts, [])


def test_exact_quote() -> None:
    assert mark("alpha beta gamma", "beta") == "alpha ==beta== gamma"


def test_quote_across_emphasis_grows_to_keep_pairs_whole() -> None:
    assert mark("a **bold word** and more", "word and") == "a ==**bold word** and== more"
    assert mark("a *it* b", "it") == "a *==it==* b"
    assert mark("x __under__ y", "under y") == "x ==__under__ y=="


def test_snake_case_underscores_are_not_emphasis() -> None:
    assert mark("call my_func_name now", "func_name now") == "call my_==func_name now=="


def test_quote_across_code_span_and_link() -> None:
    assert mark("use `pip install x` today", "install x today") == "use ==`pip install x` today=="
    assert mark("see [the paper](http://a.b/c) now", "paper now") == "see ==[the paper](http://a.b/c) now=="


def test_footnote_goes_after_a_link_not_inside() -> None:
    assert mark("see [the paper](u) now", "the pa", footnote=True) == "see [==the pa==per](u)[^1] now"


def test_whitespace_and_line_breaks_are_tolerated_and_split_per_line() -> None:
    body = "* first item ends\n* second item starts here"
    assert mark(body, "ends second item") == "* first item ==ends==\n* ==second item== starts here"


def test_never_inside_math() -> None:
    body = "energy $E = mc^2$ is famous"
    # the formula adds nothing to the rendered text: "energy  is famous"
    assert mark(body, "energy is") == "==energy $E = mc^2$ is== famous"
    out = mark("a $x_1$ b", "a b")
    assert "$x_1$" in out and out.count("==") == 2
    assert mark("$$\nx = y\n$$\ntail", "tail") == "$$\nx = y\n$$\n==tail=="


def test_never_inside_fenced_or_indented_code() -> None:
    body = "text\n\n```\ncode line here\n```\n"
    mm = build_map(body)
    _inserts, placed = plan_marks(mm, [MarkRequest("code line")])
    assert placed == [False]
    body = "para\n\n    indented code\n\nafter"
    _inserts, placed = plan_marks(build_map(body), [MarkRequest("indented code")])
    assert placed == [False]


def test_list_item_indentation_is_not_code() -> None:
    body = "* top\n    * nested item text"
    assert mark(body, "nested item") == "* top\n    * ==nested item== text"


def test_context_picks_the_right_occurrence() -> None:
    body = "the cat sat. the cat ran."
    mm = build_map(body)
    first = locate(mm, "cat", prefix="the ", suffix=" sat")
    second = locate(mm, "cat", prefix="the ", suffix=" ran")
    assert first != second
    assert mark(body, "cat", prefix="sat. the ", suffix=" ran") == "the cat sat. the ==cat== ran."


def test_overlapping_highlights_second_is_not_inline() -> None:
    mm = build_map("one two three four")
    _inserts, placed = plan_marks(mm, [MarkRequest("two three"), MarkRequest("three four")])
    assert placed == [True, False]


def test_existing_equals_marks_fall_back_to_html_mark() -> None:
    assert mark("a ==b== c", "b") == "a ==<mark>b</mark>== c"


def test_unfound_quote_is_not_placed() -> None:
    _inserts, placed = plan_marks(build_map("nothing here"), [MarkRequest("absent words")])
    assert placed == [False]


def test_image_alt_and_html_tags_are_not_text() -> None:
    body = 'before ![alt words](a.png) <img src="x.png"> after'
    assert mark(body, "before after") == '==before ![alt words](a.png) <img src="x.png"> after=='


def test_map_records_image_and_link_destinations() -> None:
    body = '![a](img/one.png "t") [n](other.md#x) <img alt="q" src="E:\\f\\two.png">'
    mm = build_map(body)
    assert [body[s:e] for s, e in mm.image_urls] == ["img/one.png", "E:\\f\\two.png"]
    assert [body[s:e] for s, e in mm.link_urls] == ["other.md#x"]


MARKDOWNISH = st.lists(
    st.sampled_from([*"ab c\n*_`$[]()!<>#=~-|\\{}", "**", "$$", "```", "\n\n", "word ", "    ", "* "]),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(MARKDOWNISH, st.integers(0, 200), st.integers(1, 40))
def test_marks_only_insert_and_never_land_inside_code_or_math(body: str, at: int, length: int) -> None:
    mm = build_map(body)
    quote = body[at % (len(body) + 1):][:length]
    inserts, placed = plan_marks(mm, [MarkRequest(quote, open_mark="\x01", close_mark="\x02",
                                                  fallback_open="\x01", fallback_close="\x02",
                                                  footnote="\x03")])
    out = apply_edits(body, inserts, [])
    # removing what was inserted gives the body back: nothing else changed
    assert out.replace("\x01", "").replace("\x02", "").replace("\x03", "") == body
    for ins in inserts:
        assert mm.atom_around(ins.pos) is None
        assert not any(s < ins.pos < e for s, e in mm.code_blocks)
    assert len(placed) == 1
    marks = [c for c in out if c in "\x01\x02"]
    assert marks == ["\x01", "\x02"] * (len(marks) // 2)   # never nested, never left open


def test_table_cells_are_marked_one_by_one() -> None:
    body = "| a | b |\n|---|---|\n| one two | three four |"
    assert mark(body, "two three") == "| a | b |\n|---|---|\n| one ==two== | ==three== four |"


def test_runs_split_by_a_pipe_merge_back_when_markup_joins_them() -> None:
    assert mark("x *a | b* y", "a | b") == "x *==a== | ==b==* y"
    assert mark("x **a | b** c", "a | b c") == "x ==**a | b** c=="


def test_an_unclosed_fence_is_text() -> None:
    assert mark("```\nplain words here", "words") == "```\nplain ==words== here"
    assert mark("```\ncode\n```\nafter words", "code") == "```\ncode\n```\nafter words"
