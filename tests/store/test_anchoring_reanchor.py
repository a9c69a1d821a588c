"""Re-anchoring through the diff of the old and new text: copies, moves, typos; the store's read/save split."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from paperdesk.bench.reanchor import SCENARIOS, evaluate, note_texts
from paperdesk.store import AnnotationStore
from paperdesk.store.anchor_text_store import AnchorTexts
from paperdesk.store.anchoring import locate, selectors_for, text_hash
from paperdesk.store.selectors import AnchorMethod

NOTE = (
    "Intro line about the paper.\n\n"
    "The encoder maps the input to a latent code with six identical layers each.\n\n"
    "Middle paragraph with other words entirely, and some more of them here.\n\n"
    "Closing remarks on the training schedule and the warm-up."
)
QUOTE = "latent code with six identical"
PARA = NOTE.split("\n\n")[1]


def _sel(text: str = NOTE, quote: str = QUOTE):
    start = text.index(quote)
    return replace(selectors_for(text, start, start + len(quote)), old_text=text)


def test_copy_pasted_to_the_end_leaves_the_original_in_place() -> None:
    edited = NOTE + "\n\n" + PARA
    m = locate(edited, _sel())
    assert (m.start, m.method) == (edited.index(QUOTE), AnchorMethod.MAPPED)


def test_copy_pasted_before_with_a_typo_fixed_in_the_original() -> None:
    fixed = PARA.replace("identical", "identicel")
    edited = PARA + "\n\n" + NOTE.replace(PARA, fixed)
    m = locate(edited, _sel())
    own = edited.index(fixed) + fixed.index("latent")
    assert m.start == own and m.method == AnchorMethod.FUZZY and m.reason == "mapped-edited"


def test_moved_paragraph_is_followed() -> None:
    parts = NOTE.split("\n\n")
    edited = "\n\n".join([parts[0], parts[2], parts[3], parts[1]])
    m = locate(edited, _sel())
    assert m.start == edited.index(QUOTE) and m.method in (AnchorMethod.MAPPED, AnchorMethod.EXACT)
    middle = "\n\n".join([parts[0], parts[2], parts[1], parts[3]])
    m = locate(middle, _sel())
    assert m.start == middle.index(QUOTE) and m.method == AnchorMethod.MAPPED


def test_a_copy_never_takes_the_highlight_of_a_rewritten_original() -> None:
    edited = NOTE.replace(PARA, "The encoder was rewritten completely by the author.") + "\n\n" + PARA
    m = locate(edited, _sel())
    assert m.start is None or m.start >= len(NOTE) - 40   # orphan, or the copy = the paragraph moved
    rewritten_around = NOTE.replace("maps the input to a", "turns inputs into some") + "\n\n" + PARA
    m = locate(rewritten_around, _sel())
    assert m.start == rewritten_around.index(QUOTE)       # the original kept its words: stays


def test_without_the_old_text_the_ladder_decides() -> None:
    start = NOTE.index(QUOTE)
    sel = selectors_for(NOTE, start, start + len(QUOTE))
    m = locate("New first line.\n" + NOTE, sel)
    assert m.method == AnchorMethod.EXACT


def test_text_snapshots_round_trip_and_reject_damage(tmp_path: Path) -> None:
    texts = AnchorTexts(tmp_path / "t")
    digest = text_hash(NOTE)
    assert texts.get(digest) is None
    texts.put(NOTE, digest)
    assert texts.get(digest) == NOTE and digest in texts
    (tmp_path / "t" / f"{digest}.z").write_bytes(b"not zlib")
    assert texts.get(digest) is None
    assert texts.get("../../etc/passwd") is None
    texts.discard([digest])
    assert digest not in texts


def test_store_reanchor_is_a_pure_read_and_save_anchors_writes(store: AnnotationStore) -> None:
    start = NOTE.index(QUOTE)
    h = store.add_highlight("e1", "k", NOTE, start, start + len(QUOTE))
    seen: list[tuple[str, str]] = []
    store.subscribe(lambda kind, key: seen.append((kind, key)))
    edited = "A new first line.\n\n" + NOTE + "\n\n" + PARA
    before = store.path.read_bytes()
    (anchor,) = store.reanchor("e1", edited)
    assert anchor.method == AnchorMethod.MAPPED and anchor.start == edited.index(QUOTE)
    assert store.path.read_bytes() == before and seen == [] and store.highlight(h.id) == h
    store.save_anchors([anchor], edited)
    assert seen == [("highlight", "e1")] and store.highlight(h.id).start == anchor.start
    assert text_hash(edited) in store._texts and text_hash(NOTE) not in store._texts   # old snapshot dropped
    with pytest.raises(ValueError):
        store.save_anchors([anchor], NOTE)
    # a note written meanwhile is kept: only the anchoring fields would have changed
    (again,) = store.reanchor("e1", NOTE)
    store.update_highlight(h.id, note="mine")
    store.save_anchors([again], NOTE)
    assert store.highlight(h.id).note == "mine" and store.highlight(h.id).start == anchor.start


def test_highlight_selectors_carry_the_stored_fields(store: AnnotationStore) -> None:
    start = NOTE.index(QUOTE)
    h = store.add_highlight("e1", "k", NOTE, start, start + len(QUOTE))
    sel = h.selectors(NOTE)
    assert (sel.quote, sel.start, sel.text_hash, sel.rival_context) == (QUOTE, start, h.text_hash, h.rival_context)
    assert sel.old_text == NOTE


def _table(counts: Counter) -> dict[str, Counter]:
    """Outcomes by group (intact / typo / edited / deleted); prints the non-right outcomes by scenario."""
    groups: dict[str, Counter] = {}
    for key, n in counts.items():
        _scenario, group, outcome = key.split("|")
        groups.setdefault(group, Counter())[outcome] += n
    for scenario in SCENARIOS:
        row = {key.split("|", 1)[1]: n for key, n in counts.items()
               if key.startswith(scenario + "|") and not key.endswith("|right")}
        print(scenario, row)
    return groups


def _trial(texts: list[str], cases: int, seeds: tuple[int, ...]) -> tuple[float, float, int]:
    """(verbatim rate, typo rate, wrong anchors) over `cases` cases per scenario and seed.

    The rates leave out the cases no judge can decide (a paragraph both moved and copied:
    "copy-of-moved", see `paperdesk.bench.reanchor`); those are counted and printed, not hidden.
    """
    wrongs: list[str] = []
    counts = sum((evaluate(texts, cases, seed, wrongs=wrongs) for seed in seeds), Counter())
    groups = _table(counts)
    for line in wrongs:
        print("WRONG", line[:300])

    def rate(group: Counter) -> float:
        return group["right"] / max(1, sum(group.values()) - group["copy-of-moved"])

    print({g: dict(c) for g, c in groups.items()})
    return rate(groups["intact"]), rate(groups["typo"]), sum(g["wrong"] for g in groups.values())


def test_random_edits_of_real_notes_meet_the_goals(notes_dir: Path, seeds_dir: Path) -> None:
    """The trial of the issue: 3 seeds x 400 cases x 10 scenarios over the bundled notes and the seeds."""
    texts = note_texts(notes_dir, seeds_dir, random.Random(5))
    verbatim, typo, wrong = _trial(texts, 400, (1, 2, 3))
    assert verbatim >= 0.995
    assert typo >= 0.97
    assert wrong == 0


def test_random_edits_of_the_bundled_notes(notes_dir: Path) -> None:
    """The bundled notes alone (no seeds needed): the rates hold; one wrong anchor remains (README Known limits)."""
    texts = note_texts(notes_dir, None, random.Random(5))
    verbatim, typo, wrong = _trial(texts, 150, (1, 2, 3))
    assert verbatim >= 0.99
    assert typo >= 0.97
    assert wrong <= 1     # of 4,500 cases (an edited quote under copies and a move); the goal is 0, see README Known limits


def test_snapshots_survive_reopening_and_their_loss_falls_back_to_the_ladder(store: AnnotationStore) -> None:
    import shutil

    start = NOTE.index(QUOTE)
    store.add_highlight("e1", "k", NOTE, start, start + len(QUOTE))
    store.close()
    edited = NOTE + "\n\n" + PARA
    again = AnnotationStore.open(store.path)
    try:
        (anchor,) = again.reanchor("e1", edited)
        assert anchor.method == AnchorMethod.MAPPED and anchor.start == NOTE.index(QUOTE)
        shutil.rmtree(again.path.with_name(again.path.name + ".texts"))
        (anchor,) = again.reanchor("e1", edited)
        # the ladder alone: by context and position (or an orphan), never through the diff
        assert anchor.method in (AnchorMethod.EXACT, AnchorMethod.ORPHAN)
        assert anchor.start in (None, NOTE.index(QUOTE))
    finally:
        again.close()


def test_a_repeated_template_line_never_moves_onto_a_pasted_entry() -> None:
    # the "field" line of entry A is deleted and a new entry with the same line is pasted at the
    # end: the line occurs in B too, so nothing says A's went to D (a repeated piece never seeds a move)
    old = ("## A\n  * field: Robotics\n  * info: alpha one, a first paper\n\n"
           "## B\n  * field: Robotics\n  * info: beta two, a second paper\n\n"
           "## C\n  * field: Vision\n  * info: gamma three, a third paper\n")
    new = old.replace("## A\n  * field: Robotics\n", "## A\n", 1) + (
        "\n## D\n  * title: a pasted entry\n  * field: Robotics\n  * info: delta four, a new paper\n")
    start = old.index("* field: Robotics")
    sel = replace(selectors_for(old, start, start + len("* field: Robotics")), old_text=old)
    found = locate(new, sel)
    assert found.start is None and found.method == AnchorMethod.ORPHAN


def test_an_even_split_between_an_original_and_its_copy_is_refused() -> None:
    # a letter inside the quote changed, then the whole note pasted again at the end: the diff
    # can give the quote's start to the first copy and its end to the second; neither is certain
    lines = [f"  * point {i}: the model {w} the baseline on set {i}" for i, w in
             enumerate(("beats", "matches", "trails", "doubles", "halves", "rivals"))]
    old = "\n".join(lines)
    quote = "matches the baseline on set 1"
    start = old.index(quote)
    typo = start + quote.index("baseline") + 2
    edited = old[:typo] + "x" + old[typo + 1:]
    new = edited + "\n\n" + lines[3] + "\n\n" + edited
    found = locate(new, replace(selectors_for(old, start, start + len(quote)), old_text=old))
    assert found.start in (None, start)


def test_a_copy_is_not_taken_when_the_next_paragraph_was_rewritten() -> None:
    # the paragraph after the quote's is rewritten and the quote's paragraph pasted at the end:
    # the piece alignment can line the old paragraph up with either; the original or an orphan
    old = "\n\n".join(NOTE.split("\n\n")[:3]) + "\n\nSummary: warm-up for ten epochs, then decay."
    new = NOTE.split("\n\n")[0] + "\n\n" + PARA + "\n\nA wholly new closing line.\n\n" + PARA
    start = old.index(QUOTE)
    found = locate(new, replace(selectors_for(old, start, start + len(QUOTE)), old_text=old))
    assert found.start in (None, new.index(QUOTE))


def test_a_paste_that_begins_where_the_quote_was_cut_never_takes_it() -> None:
    # the end of the quote deleted together with what followed, and the paragraph pasted there:
    # the pasted copy holds the whole quote, the original only its start
    para = "A student that never saw a three still classifies them, because the soft targets describe it."
    old = "Intro to the distillation paper.\n\n" + para + "\n\nNotes: read in May, the date in the front matter."
    quote = "soft targets describe"
    start = old.index(quote)
    cut = start + len("soft targets des")
    new = old[:cut] + " " + para + old[old.index("front matter"):]
    found = locate(new, replace(selectors_for(old, start, start + len(quote)), old_text=old))
    assert found.start is None or found.start < cut
