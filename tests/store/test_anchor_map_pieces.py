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
