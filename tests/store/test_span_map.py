"""A map of equal runs answers where an old span went, how much of it survived, and what was added."""

from __future__ import annotations

from paperdesk.store.anchor_map import build_map
from paperdesk.store.span_map import Run, SpanMap


def test_a_span_inside_one_run_maps_exactly_and_intact() -> None:
    span_map = SpanMap([Run(0, 5, 10)], 20)
    mapped = span_map.map_span(2, 6)
    assert (mapped.start, mapped.end, mapped.kept, mapped.intact) == (7, 11, 4, True)


def test_a_span_over_an_edit_maps_to_the_edges_and_counts_what_survived() -> None:
    # old "abcdefXYZghijkl" -> new "abcdefghijkl": XYZ deleted
    span_map = SpanMap([Run(0, 0, 6), Run(9, 6, 6)], 12)
    mapped = span_map.map_span(4, 11)
    assert (mapped.start, mapped.end, mapped.kept, mapped.intact) == (4, 8, 4, False)


def test_added_lists_the_new_text_no_run_covers() -> None:
    span_map = SpanMap([Run(0, 3, 4), Run(4, 10, 2)], 15)
    assert span_map.added() == [(0, 3), (7, 10), (12, 15)]


def test_support_counts_only_runs_shifted_as_the_candidate() -> None:
    old = "intro words " + "the quoted passage" + " closing words"
    new = "A PASTED LINE OF TEXT " + old
    span_map = build_map(old, new)
    start = old.index("the quoted")
    end = start + len("the quoted passage")
    shifted = span_map.support(start, end, start + 22, end + 22)
    assert shifted == len(old)     # the whole window and span moved by the 22 pasted characters
    assert span_map.support(start, end, start, end) < shifted


def test_the_second_opinion_is_made_once_and_is_its_own_second_opinion() -> None:
    old = "one line here\nsame\nanother line here\nsame\n"
    new = "one line here\nsame\nsame\nanother line here\n"
    second = build_map(old, new).second_opinion()
    assert second.second_opinion() is second
    assert second.runs == build_map(old, new, second=True).runs
