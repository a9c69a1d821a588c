"""The scan cache's stamps: a file whose size, mtime and ctime are unchanged is not read again,
unless its stamp was taken so close to the scan that a later write could have kept it (racy)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from paperdesk.collection import scan, scanner
from paperdesk.collection.cache import RACY_NS, ScanCache, load_cache, save_cache, stamp

NOTE_A = "# Alpha Paper Title\n\nhttps://arxiv.org/abs/2005.10821\n\nbody text\n"
NOTE_B = NOTE_A.replace("Alpha", "Gamma")   # the same size
assert len(NOTE_A) == len(NOTE_B)


def _fake_times(monkeypatch: pytest.MonkeyPatch, times: dict[str, tuple[int, int]]) -> None:
    """Discovery reports each note with the (mtime_ns, ctime_ns) in `times` (its real size), as a
    file system with coarse time stamps would."""
    real = scanner.discover

    def discover(root: str):
        found = real(root)
        found.notes = [(rel, SimpleNamespace(st_size=st.st_size, st_mode=st.st_mode, st_mtime_ns=times[rel][0],
                                             st_ctime_ns=times[rel][1])) for rel, st in found.notes]
        return found

    monkeypatch.setattr(scanner, "discover", discover)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = scanner.read_and_parse

    def counting(root: str, rel: str, size: int, digest: str) -> tuple:
        calls.append(rel)
        return real(root, rel, size, digest)

    monkeypatch.setattr(scanner, "read_and_parse", counting)
    return calls


def _clock(monkeypatch: pytest.MonkeyPatch, now_ns: int) -> None:
    monkeypatch.setattr(scanner, "_now_ns", lambda: now_ns)


def test_a_same_size_edit_in_the_tick_of_the_scan_is_seen(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"a.md": NOTE_A, "other.md": "# Other Note\n\ntext\n"})
    tick = time.time_ns()
    _fake_times(monkeypatch, {"a.md": (tick, tick), "other.md": (tick, tick)})  # every write in one tick
    _clock(monkeypatch, tick + 1_000_000)   # the scan starts a millisecond later, in the same tick
    assert [e.title for e in scan(root).entries if e.source == "a.md"] == ["Alpha Paper Title"]
    (root / "a.md").write_text(NOTE_B, encoding="utf-8")   # same size, and (here) the same time stamps
    assert [e.title for e in scan(root).entries if e.source == "a.md"] == ["Gamma Paper Title"]


def test_a_same_size_edit_with_its_mtime_put_back_is_seen_by_its_ctime(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"a.md": NOTE_A})
    old = time.time_ns() - 3600 * 10**9
    times = {"a.md": (old, old)}
    _fake_times(monkeypatch, times)
    assert scan(root).entries[0].title == "Alpha Paper Title"
    (root / "a.md").write_text(NOTE_B, encoding="utf-8")
    times["a.md"] = (old, old + 5 * 10**9)   # `touch -r`/`cp -p` put the mtime back; the ctime moved on
    assert scan(root).entries[0].title == "Gamma Paper Title"


def test_old_stamps_are_trusted_and_racy_ones_once_old_enough(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"a.md": NOTE_A, "b.md": NOTE_B})
    reads = _reads(monkeypatch)
    written = max(os.stat(root / n).st_ctime_ns for n in ("a.md", "b.md"))
    _clock(monkeypatch, written + 1_000_000)           # right after the files were written
    first = scan(root)
    assert sorted(reads) == ["a.md", "b.md"]
    assert all(s[1] == -1 for s in load_cache(root).stamps.values())   # racy: not trusted next time
    reads.clear()
    assert scan(root).entries == first.entries
    assert sorted(reads) == ["a.md", "b.md"]           # read again (and hashed), not parsed
    _clock(monkeypatch, written + RACY_NS + 1_000_000)  # the clock has moved on
    reads.clear()
    scan(root)
    assert sorted(reads) == ["a.md", "b.md"]           # the racy stamps are replaced by real ones
    reads.clear()
    assert scan(root).entries == first.entries
    assert reads == []


def test_stamp_marks_times_near_the_scan_or_after_it() -> None:
    start = 10**18

    def times(mtime: int, ctime: int) -> SimpleNamespace:
        return SimpleNamespace(st_mtime_ns=mtime, st_ctime_ns=ctime)

    assert stamp(5, times(start - RACY_NS - 1, start - RACY_NS - 1), "d", start) == (5, start - RACY_NS - 1, start - RACY_NS - 1, "d")
    assert stamp(5, times(start - RACY_NS, start - RACY_NS), "d", start)[1:3] == (-1, -1)
    assert stamp(5, times(start - 10**12, start - 1), "d", start)[1:3] == (-1, -1)   # an old mtime, a new ctime
    assert stamp(5, times(start + 10**9, start + 10**9), "d", start)[1:3] == (-1, -1)  # in the future


def test_a_damaged_parse_part_of_the_cache_means_the_files_are_parsed_again(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"a.md": NOTE_A, "b.md": NOTE_B})
    _clock(monkeypatch, time.time_ns() + 60 * 10**9)
    expected = scan(root).entries
    loaded = load_cache(root)
    assert loaded.stamps and all(s[1] != -1 for s in loaded.stamps.values())
    save_cache(root, loaded.stamps, b"\x00not marshal", None)
    reads = _reads(monkeypatch)
    assert scan(root).entries == expected
    assert sorted(reads) == ["a.md", "b.md"]


def test_a_cache_of_another_shape_is_ignored(make_notes, tmp_path: Path) -> None:
    root = make_notes({"a.md": NOTE_A})
    expected = scan(root).entries
    loaded = load_cache(root)
    save_cache(root, {"a.md": (1, 2)}, loaded.packed, None)   # a stamp that is not 4 long
    assert load_cache(root).stamps == {}
    assert isinstance(load_cache(root), ScanCache)
    assert scan(root).entries == expected
