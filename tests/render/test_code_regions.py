"""CodeRegions: the code of a note's Markdown (fences, indented blocks, code spans), where site syntax stays literal."""

from __future__ import annotations

from paperdesk.render.code_regions import CodeRegions


def code_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in CodeRegions(text).ranges]


def test_fences_spans_and_indented_blocks():
    text = "a `x` b ``y ` z`` c\n\n    indented\n\n```py\nfenced\n```\n> ~~~\n> quoted fence\n> ~~~\n"
    assert code_texts(text) == ["`x`", "``y ` z``", "    indented\n\n", "```py\nfenced\n```\n",
                                "> ~~~\n> quoted fence\n> ~~~\n"]


def test_list_continuations_are_not_code():
    assert code_texts("- item\n\n    continued {{ x }}\n") == []


def test_a_span_does_not_cross_a_blank_line_and_unmatched_ticks_are_text():
    assert code_texts("a `b\n\nc` d ``` e") == []
    assert code_texts("a \\`b` c`") == ["` c`"]


def test_an_unclosed_fence_runs_to_the_end():
    text = "text\n```\ncode {{ x }}\nmore"
    assert code_texts(text) == ["```\ncode {{ x }}\nmore"]
    assert CodeRegions(text).inside(text.index("{{")) and not CodeRegions(text).inside(0)


def test_many_backtick_runs_in_one_pass():
    text = "`" + " `` " * 50_000
    assert len(CodeRegions(text).spans) == 25_000
