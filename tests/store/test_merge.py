"""The field-wise merge: commutative, associative, idempotent (property tests), and what it keeps."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from paperdesk.store import stamps as st
from paperdesk.store.hlc import make_stamp
from paperdesk.store.line_merge import merge_bytes
from paperdesk.store.merge import merge_data, merge_doc
from paperdesk.store.schema import CorruptStore, NewerStore, empty_data
from paperdesk.store.sync_file import encode

# Small pools so that equal stamps (ties) and equal ids happen often.
stamps_ = hs.builds(make_stamp, hs.integers(0, 3), hs.integers(0, 2), hs.sampled_from(["a", "b", "c"]))
texts = hs.sampled_from(["", "x", "y", "note"])


@hs.composite
def highlight_docs(draw: hs.DrawFn, hid: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": hid, "entry_id": "e", "paper_key": "k", "created": "c",
                           "updated": draw(hs.sampled_from(["u1", "u2"]))}
    groups = {"anchor": {"quote": draw(texts), "start": draw(hs.integers(0, 2)), "end": 3},
              "note": {"note": draw(texts)}, "color": {"color": draw(hs.integers(0, 4))},
              "deleted": {"deleted": draw(hs.booleans())}}
    stamps: dict[str, str] = {"origin": make_stamp(0, 0, "a")}
    for name, fields in groups.items():
        if name == "anchor" or draw(hs.booleans()):    # a highlight always has its quote and offsets
            doc.update(fields)
            stamps[name] = draw(stamps_)
    doc[st.STAMPS] = stamps
    return doc


@hs.composite
def tag_docs(draw: hs.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for tag in draw(hs.lists(hs.sampled_from(["ml", "rl", "nlp"]), unique=True)):
        doc = st.with_tag(doc, tag, draw(hs.sampled_from([tag, tag.upper()])), draw(hs.booleans()), draw(stamps_))
    return doc if doc else st.with_tag({}, "ml", "ml", True, make_stamp(0, 0, "a"))


@hs.composite
def stores(draw: hs.DrawFn) -> dict[str, dict[str, Any]]:
    data = empty_data()
    data["meta"]["schema"]["created"] = "2026-01-01"
    for hid in draw(hs.lists(hs.sampled_from(["h1", "h2", "h3"]), unique=True)):
        data["highlights"][hid] = draw(highlight_docs(hid))
    for key in draw(hs.lists(hs.sampled_from(["p1", "p2"]), unique=True)):
        data["tags"][key] = draw(tag_docs())
        status = draw(hs.sampled_from(["unread", "reading", "read"]))
        data["status"][key] = st.stamped("status", None, {
            "status": status, "history": draw(hs.lists(hs.sampled_from([["t1", "read"], ["t2", "reading"]]),
                                                        unique_by=lambda x: x[0]))}, draw(stamps_))
    if draw(hs.booleans()):
        data["searches"]["s"] = st.stamped("searches", None, {"query": draw(hs.sampled_from(["q", None]))},
                                           draw(stamps_))
    return data


@settings(max_examples=150, deadline=None)
@given(stores(), stores())
def test_merge_is_commutative_byte_for_byte(a: dict, b: dict) -> None:
    assert encode(merge_data(a, b)) == encode(merge_data(b, a))


@settings(max_examples=150, deadline=None)
@given(stores(), stores())
def test_merge_is_idempotent(a: dict, b: dict) -> None:
    once = merge_data(a, b)
    assert encode(merge_data(a, a)) == encode(a)
    assert encode(merge_data(once, b)) == encode(once)
    assert encode(merge_data(once, once)) == encode(once)


@settings(max_examples=150, deadline=None)
@given(stores(), stores(), stores())
def test_merge_is_associative_on_three_replicas(a: dict, b: dict, c: dict) -> None:
    assert encode(merge_data(merge_data(a, b), c)) == encode(merge_data(a, merge_data(b, c)))


@settings(max_examples=100, deadline=None)
@given(stores(), stores())
def test_merge_does_not_modify_its_inputs(a: dict, b: dict) -> None:
    a0, b0 = copy.deepcopy(a), copy.deepcopy(b)
    merge_data(a, b)
    assert a == a0 and b == b0


def test_newer_field_wins_and_each_field_is_merged_separately() -> None:
    base = st.stamp_all("highlights", {"id": "h", "entry_id": "e", "quote": "q", "note": "old", "color": 0,
                                       "deleted": False}, make_stamp(1, 0, "a"))
    ours = st.stamped("highlights", base, {"note": "ours"}, make_stamp(5, 0, "a"))
    theirs = st.stamped("highlights", base, {"color": 3}, make_stamp(4, 0, "b"))
    merged = merge_doc("highlights", ours, theirs)
    assert (merged["note"], merged["color"]) == ("ours", 3)   # neither edit is lost


def test_ties_are_broken_by_device_id() -> None:
    base = st.stamp_all("status", {"status": "unread"}, make_stamp(1, 0, "a"))
    on_a = st.stamped("status", base, {"status": "read"}, make_stamp(9, 0, "a"))
    on_b = st.stamped("status", base, {"status": "reading"}, make_stamp(9, 0, "b"))
    assert merge_doc("status", on_a, on_b)["status"] == "reading"
    assert merge_doc("status", on_b, on_a)["status"] == "reading"


def test_tombstone_beats_older_edit_and_newer_restore_beats_tombstone() -> None:
    live = st.stamp_all("highlights", {"id": "h", "entry_id": "e", "quote": "q", "note": "", "color": 0,
                                       "deleted": False}, make_stamp(1, 0, "a"))
    edited = st.stamped("highlights", live, {"note": "edited"}, make_stamp(2, 0, "b"))
    tomb = st.highlight_tombstone(live, make_stamp(3, 0, "a"))
    merged = merge_doc("highlights", edited, tomb)
    assert merged["deleted"] is True and merged["quote"] == "" and merged["note"] == ""
    restored = st.stamp_all("highlights", {**live, "deleted": False}, make_stamp(4, 0, "a"))
    back = merge_doc("highlights", merged, restored)
    assert back["deleted"] is False and back["quote"] == "q"


def test_tag_sets_merge_as_add_remove_sets() -> None:
    base = st.with_tag({}, "ml", "ml", True, make_stamp(1, 0, "a"))
    ours = st.with_tag(base, "rl", "rl", True, make_stamp(2, 0, "a"))          # added here
    theirs = st.with_tag(base, "ml", "ml", False, make_stamp(3, 0, "b"))       # removed there
    theirs = st.with_tag(theirs, "nlp", "NLP", True, make_stamp(4, 0, "b"))
    merged = merge_doc("tags", ours, theirs)
    assert merged["tags"] == ["rl", "NLP"]
    readded = st.with_tag(ours, "ml", "ml", True, make_stamp(5, 0, "a"))       # re-added after removal
    assert merge_doc("tags", readded, theirs)["tags"] == ["rl", "NLP", "ml"]


def test_status_histories_are_united() -> None:
    a = st.stamped("status", None, {"status": "read", "history": [["t1", "reading"], ["t3", "read"]]},
                   make_stamp(3, 0, "a"))
    b = st.stamped("status", None, {"status": "reading", "history": [["t1", "reading"], ["t2", "reading"]]},
                   make_stamp(2, 0, "b"))
    merged = merge_doc("status", a, b)
    assert merged["status"] == "read"
    assert merged["history"] == [["t1", "reading"], ["t2", "reading"], ["t3", "read"]]


@settings(max_examples=150, deadline=None)
@given(stores(), stores())
def test_line_by_line_merge_gives_the_same_bytes_as_the_full_merge(a: dict, b: dict) -> None:
    expected = encode(merge_data(a, b))
    assert merge_bytes(encode(a), encode(b)) == expected
    assert merge_bytes(json.dumps(a).encode(), encode(b)) == expected       # not in the line layout


def test_line_merge_migrates_an_older_side_and_refuses_a_newer_one() -> None:
    old = {"meta": {"schema": {"version": 2}}, "tags": {"k": {"tags": ["old"]}}}
    new = empty_data()
    new["tags"]["k"] = st.with_tag({}, "new", "new", True, make_stamp(5, 0, "a"))
    merged = json.loads(merge_bytes(json.dumps(old).encode(), encode(new)))
    assert merged["tags"]["k"]["tags"] == ["old", "new"]
    with pytest.raises(NewerStore):
        merge_bytes(b'{"meta":{"schema":{"version":99}}}', encode(new))
    with pytest.raises(CorruptStore):
        merge_bytes(b"{not json", encode(new))
