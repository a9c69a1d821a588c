"""Anchoring unit cases: offsets, exact with context, fuzzy, and the orphan rules."""

from __future__ import annotations

from dataclasses import replace

from paperdesk.store.anchoring import locate, selectors_for, text_hash

TEXT = (
    "Batch normalisation normalises each feature over the mini-batch. It speeds up training "
    "and allows higher learning rates. Layer normalisation instead normalises over the features "
    "of one example, which suits recurrent networks and transformers. The model uses layer "
    "normalisation after every residual block."
)


def sel_of(text: str, quote: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return selectors_for(text, start, start + len(quote))


def test_unchanged_text_uses_offsets() -> None:
    sel = sel_of(TEXT, "allows higher learning rates")
    m = locate(TEXT, sel)
    assert (m.start, m.end, m.method) == (sel.start, sel.end, "offsets")
    assert sel.text_hash == text_hash(TEXT)


def test_moved_quote_found_exactly() -> None:
    sel = sel_of(TEXT, "allows higher learning rates")
    edited = "Intro paragraph added at the top. " + TEXT
    m = locate(edited, sel)
    assert m.method == "exact" and edited[m.start:m.end] == "allows higher learning rates"


def test_repeated_quote_is_told_apart_by_context() -> None:
    text = ("In section two the authors use dropout on the inputs only. Much later, in the "
            "appendix, they use dropout on every hidden layer as well.")
    sel = sel_of(text, "use dropout", 1)                     # the appendix one
    edited = text.replace("In section two", "In the second section (see Figure 3)")
    m = locate(edited, sel)
    assert m.method == "exact"
    assert edited[m.start - 5:m.end] == "they use dropout"


def test_reworded_quote_found_approximately_and_selectors_usable() -> None:
    sel = sel_of(TEXT, "which suits recurrent networks and transformers")
    edited = TEXT.replace("which suits recurrent networks", "which is well suited to recurrent nets")
    m = locate(edited, sel)
    assert m.method == "fuzzy"
    assert "suited to recurrent nets and transformers" in edited[m.start:m.end + 1]


def test_deleted_quote_becomes_orphan() -> None:
    sel = sel_of(TEXT, "It speeds up training and allows higher learning rates.")
    edited = TEXT.replace("It speeds up training and allows higher learning rates. ", "")
    assert locate(edited, sel).method == "orphan"


def test_short_quote_without_context_is_orphaned_not_guessed() -> None:
    sel = sel_of(TEXT, "model")
    edited = "The model is small. " + TEXT.replace("The model uses", "Our network uses")
    m = locate(edited, sel)
    assert m.method == "orphan"


def test_near_tie_is_orphaned() -> None:
    para = "The encoder maps tokens to vectors with a learned embedding table. "
    text = "Start. " + para + "Middle text here. "
    sel = sel_of(text, "maps tokens to vectors")
    duplicated = "Start. " + para + para + "Middle text here. "
    # only the original keeps its whole context (the copy is followed by "The encoder")
    m = locate(duplicated, sel)
    assert m.method == "exact" and m.start == sel.start
    quoted_elsewhere = "Start. " + para + "Middle text here. As noted, it maps tokens to vectors."
    m = locate(quoted_elsewhere, sel)     # the second occurrence has no matching context
    assert m.method == "exact" and m.start == sel.start
    tripled = "Intro. " + (para * 3)
    sel2 = sel_of(tripled, "maps tokens to vectors", 1)
    again = "Intro. " + (para * 4)          # copies 2, 3 and 4 share the full context
    assert locate(again, sel2).method == "orphan"


def test_fuzzy_match_of_unrelated_text_is_refused() -> None:
    sel = sel_of(TEXT, "allows higher learning rates")
    unrelated = "Completely different notes about graph neural networks and message passing. " * 5
    assert locate(unrelated, sel).method == "orphan"


# Near-identical passages: the highlighted one is edited away, its twin must not inherit it.
TWINS = (
    "Method. Each scale owns an individual Transformer encoder, with input sequence as each column in "
    "the image features, producing memory of the same size; attention runs only within each column.\n"
    "Each scale owns an individual Transformer decoder, with input sequence as each column in the "
    "polar features, producing the BEV encoding; attention runs only within each column.\nResults follow."
)
ENCODER_SENTENCE = TWINS[TWINS.index("Each scale owns an individual Transformer encoder"):TWINS.index("Each scale owns an "
                                                                                                  "individual Transformer decoder")]


def test_selectors_note_the_best_other_place() -> None:
    unique = sel_of(TEXT, "allows higher learning rates")
    assert unique.rival_context == -1 and unique.rival_similarity is not None and unique.rival_similarity < 0.8
    twin = sel_of(TWINS, "with input sequence as each column in")
    assert twin.rival_context is not None and twin.rival_context >= 12 and twin.rival_similarity == 1.0
    fuzzy_twin = sel_of(TWINS, "individual Transformer encoder, with input sequence as each column in the image")
    assert fuzzy_twin.rival_similarity is not None and 0.8 < fuzzy_twin.rival_similarity < 1.0
    bare = selectors_for(TEXT, 10, 20, rivals=False)
    assert (bare.rival_context, bare.rival_similarity) == (None, None)


def test_deleted_passage_is_not_moved_onto_its_near_twin() -> None:
    for quote in ("with input sequence as each column in",
                  "individual Transformer encoder, with input sequence as each column in the image features",
                  "scale owns an individual Transformer encoder, with input sequence"):
        sel = sel_of(TWINS, quote)
        for edited in (TWINS.replace(ENCODER_SENTENCE, ""), TWINS.replace(ENCODER_SENTENCE, "We drop it. ")):
            assert locate(edited, sel).method == "orphan", quote
            # the rivals noted at creation are what refuses: without them the twin is taken
            blind = locate(edited, replace(sel, rival_context=None, rival_similarity=None))
            assert blind.method != "orphan" and blind.start is not None
            assert "decoder" in edited[max(0, blind.start - 40):blind.end + 40]


def test_reworded_passage_is_not_moved_onto_its_near_twin() -> None:
    sel = sel_of(TWINS, "with input sequence as each column in")
    edited = TWINS.replace("encoder, with input sequence as each column in the image",
                           "encoder over the image")
    assert locate(edited, sel).method == "orphan"
    assert locate(edited, replace(sel, rival_context=None, rival_similarity=None)).method == "exact"


def test_passage_with_a_twin_is_still_found_after_edits_elsewhere() -> None:
    sel = sel_of(TWINS, "individual Transformer encoder, with input sequence as each column in the image features")
    edited = "Notes added on top.\n" + TWINS.replace("Results follow.", "Results: the BEV map is better.")
    m = locate(edited, sel)
    assert m.method == "exact" and edited[m.start:m.end] == sel.quote and m.start == sel.start + 20
    typo = TWINS.replace("Transformer encoder, with input", "Transformer encoder; with input")
    m = locate(typo, sel)      # one character away: closer to the quote than the decoder twin ever was
    assert m.method == "fuzzy" and m.start == sel.start


def test_place_with_the_whole_context_beats_copies_without_it() -> None:
    para = "The encoder maps tokens to vectors with a learned embedding table. "
    text = "Start. " + para + "Middle text here. "
    sel = sel_of(text, "maps tokens to vectors")
    copied = "Start. " + para + "Middle text here. " + para[:40] + " and more. "
    m = locate("Intro line. " + copied, sel)
    assert m.method == "exact" and m.start == sel.start + len("Intro line. ")


def test_a_highlighted_word_does_not_move_into_a_longer_word() -> None:
    text = "Is your agent smarter than a fifth grader? The paper asks it of language models in ScienceWorld."
    at = text.index(" a ") + 1                                   # the article "a"
    sel = selectors_for(text, at, at + 1)
    assert text[sel.start - 5:sel.end + 6] == "than a fifth"
    edited = text.replace("than a fifth", "than approach fifth")
    assert locate(edited, sel).method == "orphan"                # not the first letter of "approach"
    moved = "Question: " + text
    m = locate(moved, sel)
    assert m.method == "exact" and m.start == sel.start + len("Question: ")
