"""The journal: any cut or garbage gives a prefix of the records, never an error or a wrong record."""

from __future__ import annotations

import random
from pathlib import Path

from paperdesk.store import journal


def lines(n: int) -> tuple[bytes, list[int]]:
    out = [journal.reset_line(0)]
    for g in range(1, n + 1):
        out.append(journal.encode(g, 2, {"tags": ({f"p{g}": {"tags": [f"t{g}", "é\u2028"]}}, [f"p{g - 1}"])}))
    return b"".join(out), list(range(1, n + 1))


def test_every_cut_of_a_journal_reads_as_a_prefix() -> None:
    blob, gens = lines(6)
    for cut in range(len(blob) + 1):
        found = journal.parse(blob[:cut])
        got = [r.gen for r in found.records]
        assert got == gens[: len(got)], cut
        assert found.end <= cut and found.torn <= 1


def test_garbage_lines_are_skipped_and_counted() -> None:
    blob, gens = lines(4)
    rng = random.Random(5)
    parts = blob.split(b"\n")
    noisy = b"\n".join(p + (b"\n" + bytes(rng.randrange(256) for _ in range(9)) if i == 2 else b"")
                       for i, p in enumerate(parts))
    found = journal.parse(noisy)
    assert [r.gen for r in found.records] == gens and found.torn >= 1 and found.base == 0


def test_append_then_read_from_an_offset(tmp_path: Path) -> None:
    path = tmp_path / "s.json.journal"
    first = journal.append(path, journal.encode(1, 2, {"a": ({"x": {"v": 1}}, [])}))
    journal.append(path, journal.encode(2, 2, {"a": ({}, ["x"])}))
    later, ident = journal.read_from(path, first[1])
    assert [r.gen for r in later.records] == [2] and later.records[0].changes == {"a": ({}, ["x"])}
    assert ident is not None and later.end == ident[1]
    data: dict = {}
    for record in journal.read(path)[0].records:
        journal.apply(data, record)
    assert data == {"a": {}}


def test_lines_already_in_the_snapshot_are_skipped_but_the_rest_is_read() -> None:
    blob, gens = lines(6)
    found = journal.parse(blob, after=4)
    assert [r.gen for r in found.records] == [5, 6] and found.end == len(blob) and found.base == 0
    assert [r.gen for r in journal.parse(blob, after=0).records] == gens
