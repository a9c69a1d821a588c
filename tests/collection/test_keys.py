"""Paper keys, arXiv years and entry ids that survive edits and moves."""

from __future__ import annotations

import pytest

from paperdesk.collection import scan
from paperdesk.collection.keys import arxiv_year, assign_ids, paper_key_for_url


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://arxiv.org/abs/2005.10821v1", "arxiv:2005.10821"),
        ("https://arxiv.org/pdf/2005.10821v2.pdf", "arxiv:2005.10821"),
        ("http://www.arxiv.org/pdf/2005.10821", "arxiv:2005.10821"),
        ("https://arxiv.org/abs/2205.01068?source=techstories.org", "arxiv:2205.01068"),
        ("https://arxiv.org/abs/cs/0501001v3", "arxiv:cs/0501001"),
        ("https://arxiv.org/abs/hep-th/9901001", "arxiv:hep-th/9901001"),
        ("https://doi.org/10.1145/3503161.3548180", "doi:10.1145/3503161.3548180"),
        ("https://dl.acm.org/doi/abs/10.1145/3503161.3547915", "doi:10.1145/3503161.3547915"),
        ("https://openreview.net/pdf?id=aBH_DydEvoH", "url:openreview.net/forum?id=aBH_DydEvoH"),
        ("https://openreview.net/forum?id=aBH_DydEvoH&noteId=x", "url:openreview.net/forum?id=aBH_DydEvoH"),
        ("HTTPS://WWW.Example.org/paper/?utm_source=x#sec", "url:example.org/paper"),
        ("http://example.org/paper", "url:example.org/paper"),
        ("example.org/paper", None),
    ],
)
def test_paper_key_normalisation(url: str, key: str | None) -> None:
    assert paper_key_for_url(url) == key


@pytest.mark.parametrize(
    ("identifier", "year"),
    [("2005.10821", 2020), ("0704.0001", 2007), ("1501.00001", 2015), ("cs/0501001", 2005),
     ("hep-th/9901001", 1999), ("2013.00001", None)],
)
def test_arxiv_year(identifier: str, year: int | None) -> None:
    assert arxiv_year(identifier) == year


def test_duplicate_keys_get_distinct_deterministic_ids() -> None:
    keys = [("arxiv:1", "a", "f.md", 3), ("arxiv:1", "b", "f.md", 9), ("arxiv:1", "b", "g.md", 1)]
    ids = assign_ids(keys)
    assert len(set(ids)) == 3
    assert assign_ids(list(reversed(keys))) == list(reversed(ids))


ENTRY_A = "## Attention Is All You Need ([link](https://arxiv.org/abs/1706.03762))\nnotes a\n"
ENTRY_B = "## Layer Normalization ([link](https://arxiv.org/abs/1607.06450))\nnotes b\n"
ENTRY_C = "## A paper without a link\n\n**keywords:** x\n"


def test_ids_survive_rescans_edits_elsewhere_and_moves(make_notes) -> None:
    root = make_notes({"one.md": ENTRY_A + "\n" + ENTRY_B + "\n" + ENTRY_C, "two.md": "# Other\n"})
    before = {e.title: e.id for e in scan(root).entries}
    assert before == {e.title: e.id for e in scan(root, use_cache=False).entries}
    # edit elsewhere in the file: text added above and inside another entry
    (root / "one.md").write_text("# Intro\nnew text\n\n" + ENTRY_A.replace("notes a", "changed a lot") + "\n" + ENTRY_B + "\n" + ENTRY_C)
    edited = {e.title: e.id for e in scan(root).entries}
    assert edited == before
    # move the linked entry to another file: same id; the link-less one keeps its id while it stays
    (root / "one.md").write_text(ENTRY_A + "\n" + ENTRY_C)
    (root / "two.md").write_text(ENTRY_B)
    moved = {e.title: (e.id, e.source) for e in scan(root).entries}
    assert moved["Layer Normalization"] == (before["Layer Normalization"], "two.md")
    assert moved["A paper without a link"][0] == before["A paper without a link"]


def test_find_by_id_prefix_key_and_title(make_notes) -> None:
    root = make_notes({"one.md": ENTRY_A + "\n" + ENTRY_B})
    collection = scan(root)
    attention = collection.entries[0]
    assert collection.entry(attention.id) is attention
    assert collection.find(attention.id[:6]) == [attention]
    assert collection.find("arxiv:1706.03762") == [attention]
    assert collection.find("attention is all you need") == [attention]
    assert collection.find("nothing like this") == []
    assert collection.entry("000000000000") is None


def test_hand_built_collection_reads_file_text_from_disk(make_notes) -> None:
    from paperdesk.collection import Collection

    root = make_notes({"a.md": "# T\n\nÃ—\n"})
    collection = Collection(root=root, files=["a.md"], entries=[], warnings=[])
    assert collection.file_text("a.md") == "# T\n\n×\n"
    with pytest.raises(KeyError):  # a file outside `files` is never read
        collection.file_text("../etc/passwd")
