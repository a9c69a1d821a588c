"""The scan cache: reused when nothing changed, refreshed on edits, ignored when corrupt."""

from __future__ import annotations

import os
import time

import pytest

from paperdesk.collection import scan, scanner
from paperdesk.collection.cache import cache_path

NOTE = "## 1. Paper ([link](https://arxiv.org/abs/2005.10821))\nbody\n\n## 2. Other ([link](https://arxiv.org/abs/2001.04451))\n"


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = scanner.parse_file

    def counting(rel: str, data: bytes):
        calls.append(rel)
        return real(rel, data)

    monkeypatch.setattr(scanner, "parse_file", counting)
    return calls


def test_unchanged_rescan_parses_nothing(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"a.md": NOTE, "b.md": NOTE.replace("Paper", "Third")})
    first = scan(root)
    assert cache_path(root).is_file()
    calls = _count_parses(monkeypatch)
    second = scan(root)
    assert calls == []
    assert second.entries == first.entries
    assert second.file_text("a.md") == NOTE


def test_edited_file_is_reparsed_and_touched_file_is_not(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_notes({"a.md": NOTE, "b.md": NOTE})
    scan(root)
    calls = _count_parses(monkeypatch)
    st = os.stat(root / "b.md")
    os.utime(root / "b.md", ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # same content, new mtime
    (root / "a.md").write_text(NOTE.replace("body", "a longer body"))
    collection = scan(root)
    assert calls == ["a.md"]
    assert "a longer body" in collection.entries[0].body


def test_same_size_edit_is_detected_by_hash(make_notes) -> None:
    root = make_notes({"a.md": NOTE})
    scan(root)
    st = os.stat(root / "a.md")
    (root / "a.md").write_text(NOTE.replace("body", "BODY"))
    os.utime(root / "a.md", ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert "BODY" in scan(root).entries[0].body


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", b"\x00" * 100])
def test_corrupt_cache_is_ignored(make_notes, garbage: bytes) -> None:
    root = make_notes({"a.md": NOTE})
    expected = scan(root).entries
    cache_path(root).write_bytes(garbage)
    assert scan(root).entries == expected


def test_images_are_resolved_again_after_a_cache_hit(make_notes) -> None:
    root = make_notes({"n/a.md": "## P ([link](https://x.org/p))\n![f](fig/f.png)\n"})
    assert scan(root).entries[0].images[0].resolved is None
    (root / "n" / "fig").mkdir()
    (root / "n" / "fig" / "f.png").write_bytes(b"\x89PNG")
    assert scan(root).entries[0].images[0].resolved == "n/fig/f.png"


def test_cache_written_by_other_code_is_not_reused(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.collection import cache

    root = make_notes({"a.md": NOTE})
    scan(root)
    monkeypatch.setattr(cache, "_CODE_DIGEST", "a-different-parser")
    calls = _count_parses(monkeypatch)
    scan(root)
    assert calls == ["a.md"]


def test_unchanged_rescan_from_the_snapshot_equals_a_fresh_scan(make_notes, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.bench.synthetic_collection import build_note_files

    root = make_notes({"misc/scratch.txt": "just words\n", "img/a.md": "# A note\n\n![x](missing.png)\n"})
    build_note_files(root / "gen", 40, seed=2)
    fresh = scan(root, use_cache=False)
    later = time.time_ns() + 60_000_000_000   # a minute after the files were written: no stamp is racy
    monkeypatch.setattr(scanner, "_now_ns", lambda: later)
    used: list[bool] = []
    real = scanner._from_snapshot
    monkeypatch.setattr(scanner, "_from_snapshot", lambda *a: used.append(True) or real(*a))
    first = scan(root)   # cold: writes the cache
    again = scan(root)   # nothing changed: writes the snapshot
    third = scan(root)   # nothing changed: rebuilt from the snapshot
    assert used == [True]
    for other in (first, again, third):
        assert other.entries == fresh.entries
        assert other.warnings == fresh.warnings
        assert other.files == fresh.files
    (root / "img" / "missing.png").write_bytes(b"\x89PNG")  # a new file: images resolve again
    after = scan(root)
    assert next(e for e in after.entries if e.source == "img/a.md").images[0].resolved == "img/missing.png"
    assert not [w for w in after.warnings if w.kind == "image" and w.source == "img/a.md"]
