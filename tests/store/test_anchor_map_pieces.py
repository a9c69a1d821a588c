"""Long pieces are cut at the same words as the plain `\\s+(\\w+)` search would choose, by a scan that
stays linear in white-space runs. Found by tests/hostile: a note of deeply indented lines (20,000
spaces each) took 149 s to re-anchor after an edit; now well under a second (tests/hostile's corpus)."""

from __future__ import annotations

import re
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.store.anchor_map import MIN_PIECE, _push

_PLAIN = re.compile(r"\s+(\w+)")


def _plain_push(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The cut as first written (quadratic in a long white-space run that no word follows)."""
    out, start = [], a
    for m in _PLAIN.finditer(text, a, b):
        cut = m.start(1)
        if cut - start >= MIN_PIECE and b - cut >= MIN_PIECE and zlib.crc32(m.group(1).encode()) % 8 == 0:
            out.append((start, cut))
            start = cut
    out.append((start, b))
    return out


TEXT = st.lists(st.sampled_from(["word", "alpha", "β", "x1", " ", "   ", "\n", "\t", "-", ".", "  - ", "中文", "_"]),
                max_size=400).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, data=st.data())
def test_cuts_equal_the_plain_search(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    out: list[tuple[int, int]] = []
    _push(text, a, b, out)
    assert out == _plain_push(text, a, b)


def test_a_long_indented_line_is_cut_like_before() -> None:
    text = ("x" * 100 + " " * 3_000 + "- item " + "word " * 50 + "\n") * 3
    out: list[tuple[int, int]] = []
    _push(text, 0, len(text), out)
    assert out == _plain_push(text, 0, len(text))


def test_a_blob_longer_than_the_similarity_bound_is_never_compared(monkeypatch) -> None:
    # found by tests/hostile: a 1 MB line edited at both ends took 10 s to re-anchor, all of it in one
    # similarity ratio of the 1 MB piece against its old self; such a piece lines up only identically
    from paperdesk.store import anchor_map, fuzzy

    compared: list[int] = []
    real = fuzzy.process.extractOne

    def spy(query, choices, **kwargs):
        compared.append(max([len(query), *map(len, choices)]))
        return real(query, choices, **kwargs)

    monkeypatch.setattr(fuzzy.process, "extractOne", spy)
    blob = "a" * (anchor_map.SIMILAR_CHARS * 3)
    old = "Title\nsome words here\n" + blob + "\nmore words there, kept as they were"
    new = "Title\nother words here\n" + blob + "b\nmore words there, kept as they were"
    span_map = anchor_map.build_map(old, new)
    assert compared and all(n <= anchor_map.SIMILAR_CHARS for n in compared)   # the short pieces still are
    start = old.index("kept as")
    assert span_map.map_span(start, start + 10).intact
