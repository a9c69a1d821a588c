"""The hybrid logical clock: monotonic, past every stamp seen, ordered as strings."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.store.hlc import ZERO, Clock, device_id, is_stamp, make_stamp, parse_stamp


def test_stamps_order_by_wall_then_counter_then_device() -> None:
    stamps = [make_stamp(5, 0, "b"), make_stamp(4, 9, "z"), make_stamp(5, 1, "a"), make_stamp(5, 0, "a")]
    assert sorted(stamps) == [make_stamp(4, 9, "z"), make_stamp(5, 0, "a"), make_stamp(5, 0, "b"),
                              make_stamp(5, 1, "a")]
    assert parse_stamp(make_stamp(12, 3, "dev")) == (12, 3, "dev")
    assert is_stamp(ZERO) and not is_stamp("yesterday") and not is_stamp(None)


def test_clock_never_goes_back_even_when_the_wall_does() -> None:
    walls = iter([100, 100, 90, 80, 200])
    clock = Clock("a", wall=lambda: next(walls))
    made = [clock.now() for _ in range(5)]
    assert made == sorted(made) and len(set(made)) == 5
    assert parse_stamp(made[-1])[0] == 200


def test_a_skewed_clock_jumps_past_what_it_has_seen() -> None:
    slow = Clock("slow", wall=lambda: 1_000)            # an hour behind the other machine
    seen = make_stamp(3_600_000, 4, "fast")
    slow.observe(seen)
    after = slow.now()
    assert after > seen                                   # its next edit wins over the one it saw
    slow.observe("not a stamp")                           # ignored
    assert slow.now() > after


def test_counter_overflow_moves_to_the_next_millisecond() -> None:
    clock = Clock("a", wall=lambda: 7)
    clock.observe(make_stamp(7, 9999, "b"))
    assert parse_stamp(clock.now())[:2] == (8, 0)


def test_device_id_is_kept_and_can_be_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERDESK_DEVICE_ID", raising=False)
    first = device_id(tmp_path)
    assert first == device_id(tmp_path) and "-" not in first
    monkeypatch.setenv("PAPERDESK_DEVICE_ID", "lab-desk 2")
    assert device_id(tmp_path) == "labdesk2"             # no '-' (the stamp separator), no spaces
