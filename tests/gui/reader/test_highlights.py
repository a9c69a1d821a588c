"""The reader's highlight layer: UTF-16 offsets, page spans and selections, anchors as paint items."""

from __future__ import annotations

import json

import pytest

from paperdesk.gui.reader.highlights import HighlightLayer, Utf16Map
from paperdesk.store.model import Anchor, Highlight


@pytest.mark.parametrize("text", ["", "plain ascii", "café ü", "a😀b𝐱c", "😀😀x", "x😀", "😀"])
def test_utf16_map_round_trips_every_offset(text: str) -> None:
    mapping = Utf16Map(text)
    units = text.encode("utf-16-le")
    for index in range(len(text) + 1):
        u16 = mapping.to_utf16(index)
        assert u16 == len(text[:index].encode("utf-16-le")) // 2
        assert mapping.from_utf16(u16) == index
    assert mapping.to_utf16(len(text)) == len(units) // 2
    # An offset inside a surrogate pair maps to the start of its character.
    if "😀" in text:
        inside = mapping.to_utf16(text.index("😀")) + 1
        assert mapping.from_utf16(inside) == text.index("😀")


def _highlight(hid: str, start: int, end: int, color: int = 0) -> Highlight:
    return Highlight(id=hid, entry_id="e", paper_key="k", color=color, note="n", quote="", prefix="", suffix="",
                     start=start, end=end, text_hash="", created="", updated="")


def test_the_layer_anchors_through_its_source_and_paints_in_utf16() -> None:
    text = "😀 alpha beta"
    calls: list[tuple[str, str]] = []

    def anchor(entry_id: str, seen: str) -> list[Anchor]:
        calls.append((entry_id, seen))
        return [Anchor(_highlight("h1", 2, 7, 3), 2, 7, "offsets"), Anchor(_highlight("h2", 0, 1), None, None, "orphan")]

    layer = HighlightLayer()
    assert not layer.active and layer.anchor("e") == [] and layer.palette() == []
    layer.set_sources(anchor, lambda: [("#fff", "idea")])
    layer.set_text(text)
    items = layer.anchor("e")
    assert calls == [("e", text)]
    assert items == [{"id": "h1", "start": 3, "end": 8, "color": 3, "note": "n"}]   # the emoji is two units
    assert [a.method for a in layer.anchors] == ["offsets", "orphan"]
    assert layer.palette() == [("#fff", "idea")]
    layer.clear()
    assert layer.text == "" and layer.anchors == []


def test_spans_and_selections_from_the_page_are_checked_against_the_text() -> None:
    layer = HighlightLayer()
    layer.set_text("😀 alpha")
    assert layer.span_from_page(3, 8) == (2, 7)
    assert layer.span_from_page(3, 99) is None and layer.span_from_page(5, 5) is None
    assert layer.selection_from_page(json.dumps({"start": 3, "end": 8, "quote": "x"})) == (2, 7, "alpha")
    for bad in (None, "null", "not json", json.dumps({"start": "a", "end": 2}), json.dumps([1, 2]), 42):
        assert layer.selection_from_page(bad) is None
