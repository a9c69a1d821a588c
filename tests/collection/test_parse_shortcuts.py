"""The per-note parse's shortcuts decide as the full reading does (issue 15): each case here would
come out differently if a shortcut skipped a line or a heading that mattered."""

from __future__ import annotations

from paperdesk.collection.metadata import RawEntry
from paperdesk.collection.notefacts import date_line
from paperdesk.collection.scanner import parse_file


def _entries(text: str, rel: str = "area/note.md") -> tuple[str, list[RawEntry]]:
    _, raws, _, kind, _ = parse_file(rel, text.encode())
    return kind, [RawEntry.from_tuple(t) for t in raws]


def test_a_linked_title_keeps_later_paper_like_headings_in_its_note() -> None:
    kind, entries = _entries(
        "# [Main Paper](https://arxiv.org/abs/1706.03762)\n\nintro\n\n"
        "## Alpha Sparse Retrieval Transformer\nYear: 2019\nLink: https://arxiv.org/abs/1901.00001\n\ntext\n\n"
        "## Beta Dense Graph Networks\nYear: 2020\nLink: https://arxiv.org/abs/2001.00002\n\ntext\n"
    )
    assert kind == "note"
    assert [(e.title, e.paper_key) for e in entries] == [("Main Paper", "arxiv:1706.03762")]


def test_headings_with_their_paper_links_below_are_entries() -> None:
    # the evidence is on the lines below the (unlinked) headings: they must still be read
    kind, entries = _entries(
        "## Alpha Sparse Retrieval Transformer\n\nhttps://arxiv.org/abs/1901.00001\n\ntext\n\n"
        "## Beta Dense Graph Networks\n\nhttps://arxiv.org/abs/2001.00002\n\ntext\n"
    )
    assert kind == "headings"
    assert [e.paper_key for e in entries] == ["arxiv:1901.00001", "arxiv:2001.00002"]


def test_linked_headings_are_entries_without_reading_below_them() -> None:
    kind, entries = _entries(
        "## [Alpha](https://arxiv.org/abs/1901.00001)\n\nYear: 2011\n\n"
        "## [Beta](https://arxiv.org/abs/2001.00002)\n\nYear: 2012\n"
    )
    assert kind == "headings"
    assert [(e.title, e.year, e.year_source) for e in entries] == [("Alpha", 2011, "metadata"), ("Beta", 2012, "metadata")]


def test_an_opening_heading_with_identity_lines_below_titles_the_file() -> None:
    # "## Title" with "Year:"/"Link:" lines right below it opens a one-paper note: its sections stay in it
    kind, entries = _entries(
        "## Some Paper Title\n\nYear: 2018\nLink: https://arxiv.org/abs/1801.00001\n\n"
        "## Dense Retrieval Of Tokens\n\ntext\n\n## Sparse Kernel Priors Work\n\ntext\n"
    )
    assert kind == "note"
    assert [(e.title, e.year) for e in entries] == [("Some Paper Title", 2018)]


def test_a_rule_or_fence_led_by_whitespace_still_ends_the_metadata_lines() -> None:
    for ender in ("  ---", "\t***", "\u00a0```", " ~~~"):
        _, entries = _entries(f"# A Paper\n\nTags: one\n{ender}\nYear: 2001\n")
        assert entries[0].year is None, ender
        assert entries[0].note_tags == ("one",), ender
    _, entries = _entries("# A Paper\n\n-- not a rule\nYear: 2001\n")
    assert entries[0].year == 2001


def test_heading_less_files_need_metadata_lines_to_be_notes() -> None:
    kind, entries = _entries("plain words only\n\nTags: x, y\nmore words\n")
    assert kind == "note"
    assert entries[0].note_tags == ("x", "y")
    kind, _ = _entries("plain words only\n\nno labels here\n")
    assert kind == "unrecognised"


def test_an_index_readme_gives_no_entries() -> None:
    text = "# Notes\n\n" + "".join(f"- [Paper number {k}](paper-{k}.md)\n" for k in range(8))
    kind, entries = _entries(text, "area/README.md")
    assert (kind, entries) == ("index", [])


def test_front_matter_and_a_date_line() -> None:
    kind, entries = _entries('---\ntitle: "Front Title"\ntags: [a, b]\n---\n\n_Feb 2019_\n\nbody text\n')
    assert kind == "note"
    assert [(e.title, e.noted, e.note_tags) for e in entries] == [("Front Title", "2019-02", ("a", "b"))]


def test_memoised_date_lines_answer_as_fresh_ones() -> None:
    lines = ["_Feb 2019_", "2019-02-03", "Read: March 3, 2021", "Year: 2019", "v2 2019", "2019", "**Nov 2016**",
             "Tags: 2019", "3/4/2020", "see 2019-02 notes"]
    for line in lines * 2:
        assert date_line(line) == date_line.__wrapped__(line), line
