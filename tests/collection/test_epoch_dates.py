"""Machine-written time stamps in front matter (Dendron's `created: 1609459200000`) are the note's date."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.collection.dates import epoch_date


@pytest.mark.parametrize(("value", "iso"), [
    ("1609459200000", "2021-01-01"), ("1609459200", "2021-01-01"), (" 1700000000000 ", "2023-11-14"),
    ("2021", None), ("160945920", None), ("99999999999999", None), ("0000000000", None), ("2021-01-01", None),
])
def test_epoch_values(value: str, iso: str | None) -> None:
    assert epoch_date(value) == iso


def test_a_dendron_note_is_dated_by_its_created_stamp_and_its_year_stays_the_papers(tmp_path: Path) -> None:
    (tmp_path / "papers.nlp.attention.md").write_text(
        "---\nid: 8f3k2j\ntitle: Attention Is All You Need\nupdated: 1612345678901\ncreated: 1609459200000\n---\n\n"
        "## Summary\n\nTransformers, from https://arxiv.org/abs/1706.03762\n", encoding="utf-8")
    (entry,) = scan(tmp_path, use_cache=False).entries
    assert entry.noted == "2021-01-01"
    assert entry.year == 2017   # the paper's (its arXiv id), never the note's stamp
