"""The store keeps the rivals noted with a highlight's selectors and fills them in for older ones."""

from __future__ import annotations

from dataclasses import replace

from paperdesk.store import AnnotationStore
from paperdesk.store.model import Highlight
from paperdesk.store.selectors import AnchorMethod

TWINS = (
    "Each scale owns an individual Transformer encoder, with input sequence as each column in the image "
    "features. Each scale owns an individual Transformer decoder, with input sequence as each column in "
    "the polar features. Results follow."
)
QUOTE = "with input sequence as each column in"


def test_rivals_are_stored_and_protect_against_the_twin(store: AnnotationStore) -> None:
    start = TWINS.index(QUOTE)
    h = store.add_highlight("e1", "k", TWINS, start, start + len(QUOTE))
    assert h.rival_context is not None and h.rival_context >= 12 and h.rival_similarity == 1.0
    store.close()
    again = AnnotationStore.open(store.path)
    try:
        (kept,) = again.highlights("e1")
        assert (kept.rival_context, kept.rival_similarity) == (h.rival_context, h.rival_similarity)
        edited = TWINS.replace("encoder, with input sequence as each column in the image", "encoder over the image")
        (anchor,) = again.anchor_highlights("e1", edited)
        assert anchor.method == "orphan" and anchor.start is None      # not moved onto the decoder
        assert again.orphans()[0].id == h.id
    finally:
        again.close()


def test_older_highlights_get_their_rivals_on_the_next_anchoring(store: AnnotationStore) -> None:
    start = TWINS.index("image features")
    h = store.add_highlight("e1", "k", TWINS, start, start + len("image features"))
    store.restore_highlight(replace(h, rival_context=None, rival_similarity=None))   # as stored before rivals
    assert store.highlight(h.id).rival_context is None
    (anchor,) = store.anchor_highlights("e1", TWINS)              # unchanged text: offsets
    assert anchor.method == "offsets"
    filled = store.highlight(h.id)
    assert (filled.rival_context, filled.rival_similarity) == (h.rival_context, h.rival_similarity)
    moved = "A first line.\n" + TWINS
    (anchor,) = store.anchor_highlights("e1", moved)
    assert anchor.method == AnchorMethod.MAPPED and anchor.highlight.rival_context == h.rival_context


def test_rivals_absent_or_damaged_in_the_file_read_as_unknown() -> None:
    doc = {"id": "a", "entry_id": "e", "quote": "q", "start": 0, "end": 1}
    assert Highlight.from_doc(doc).rival_context is None
    assert Highlight.from_doc(doc).rival_similarity is None
    damaged = Highlight.from_doc({**doc, "rival_context": "x", "rival_similarity": True})
    assert (damaged.rival_context, damaged.rival_similarity) == (None, None)
    fine = Highlight.from_doc({**doc, "rival_context": 7, "rival_similarity": 0.5})
    assert (fine.rival_context, fine.rival_similarity) == (7, 0.5)
    assert Highlight.from_doc(fine.to_doc()) == fine
