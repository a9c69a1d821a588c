"""Regressions found by tests/hostile: a highlight whose own words were edited or deleted never moves
onto another passage that read the same and was already in the note when it was made."""

from __future__ import annotations

from dataclasses import replace

import pytest

from paperdesk.store.anchoring import locate, selectors_for

OLD = "Edited note\nmodel method result\nmodel method the\nmodel result method"


def test_an_edited_highlight_never_takes_an_unchanged_passage_next_to_it() -> None:
    # "model method" highlighted in the first paragraph, which loses " method result": the second
    # paragraph's "model method" was there all along (16 characters from the mapped place)
    start = OLD.index("model method")
    sel = replace(selectors_for(OLD, start, start + len("model method")), old_text=OLD)
    new = OLD.replace("model method result\n", "model\n", 1)
    found = locate(new, sel)
    assert found.start is None, (found, new[found.start:found.end])


def test_an_unchanged_highlight_beside_the_edit_is_still_followed() -> None:
    # the rule above must not orphan the passage that was there: its own highlight stays found
    start = OLD.index("model method the")
    sel = replace(selectors_for(OLD, start, start + len("model method the")), old_text=OLD)
    new = OLD.replace("model method result\n", "model\n", 1)
    found = locate(new, sel)
    assert new[found.start:found.end] == "model method the" and found.start == new.index("model method the")


def test_an_edited_highlight_is_still_found_at_its_own_place() -> None:
    text = OLD + "\nA longer sentence that says what the encoder does with its inputs."
    start = text.index("what the encoder does")
    sel = replace(selectors_for(text, start, start + len("what the encoder does with")), old_text=text)
    new = text.replace("encoder does", "encoder did")
    found = locate(new, sel)
    assert found.start is not None and new[found.start:found.end].startswith("what the encoder did")


def test_an_unchanged_paragraph_is_followed_past_a_look_alike_pasted_before_it() -> None:
    # found by tests/hostile: the diff aligned the untouched paragraph's characters over a new paragraph
    # sharing most of its words, and the highlight took "od the results hold across seeds" there
    old = "Edited note\nmodel method the\nin the results hold across seeds model\nmodel method result the"
    new = ("Edited note\nmodel method the\nmodel baseline method the results hold across seeds\n"
           "in the results hold across seeds model\nmodel method result\nmodel method result the")
    start = old.index("in the results")
    sel = replace(selectors_for(old, start, start + len("in the results hold across seeds")), old_text=old)
    found = locate(new, sel)
    assert (found.start, found.method) == (new.index("in the results"), "mapped")


@pytest.mark.xfail(strict=True, reason="known limit (docs/notes/h12.md, r13.md): two things together: the "
                   "diff's common start ends mid-line inside the pasted copy of P1 (P4 is a prefix of P1), so P4 "
                   "is eaten into it, and the two copies of the edited paragraph then both stand for its old self "
                   "(similar, not identical), a tie the piece alignment breaks toward the first; cutting the "
                   "common start at a line start, or lining up identical pieces before similar ones, each cost "
                   "a wrong anchor or the verbatim goal in the random-edit trials")
def test_an_edited_paragraph_is_not_taken_by_its_copy_pasted_before_a_look_alike() -> None:
    # found by tests/hostile: a copy of P1 ("... the a") and a copy of the edited last paragraph are
    # pasted before P4 ("... the", which P1's copy begins with); the highlight went to the copy
    old_paras = ["model method result the a", "model method result", "model method the", "model method result the",
                 "model the results hold across seeds method result"]
    edited = "the model the results hold across seeds method rasult"
    new_paras = [*old_paras[:3], old_paras[0], edited, old_paras[3], edited]
    old, new = "Edited note\n" + "\n".join(old_paras), "Edited note\n" + "\n".join(new_paras)
    start = old.rindex("method result")
    sel = replace(selectors_for(old, start, start + len("method result")), old_text=old)
    found = locate(new, sel)
    assert found.start is None or found.start >= new.rindex(edited)
