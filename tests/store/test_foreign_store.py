"""recovery.foreign_file: which files named as a store are someone else's data (never rewritten)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.errors import UserError
from paperdesk.store import AnnotationStore
from paperdesk.store.recovery import foreign_file, refuse_foreign


@pytest.mark.parametrize("content", [b"# a note\n", b"\x89PNG\r\n\x1a\n", b"[]", b'{"name": "x", "v": [1]}',
                                     b'  \n{"a": 1}', b"{% template %}", b"true"])
def test_other_data_is_foreign(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f"
    path.write_bytes(content)
    assert foreign_file(path) is not None
    with pytest.raises(UserError, match="is not an annotation store"):
        refuse_foreign(path)
    assert path.read_bytes() == content


@pytest.mark.parametrize("content", [b"", b" \n\t", b"{", b"{}", b'{"meta": {"sch', b'{"highlights":{"x":',
                                     b'{"zzz": {"1": {}}}', b'{"unknown": {"a": {"b": 1'])
def test_stores_and_cut_off_stores_are_not_foreign(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(content)
    assert foreign_file(path) is None


def test_a_missing_file_or_a_folder_is_not_foreign(tmp_path: Path) -> None:
    assert foreign_file(tmp_path / "nothing.json") is None
    assert foreign_file(tmp_path) is None


@pytest.mark.parametrize("companion", [".journal", ".lock", ".backup-20240101T000000Z", ".damaged-20240101T000000Z",
                                       ".schema1-20240101T000000", ".journal.damaged-20240101T000000Z"])
def test_anything_of_ours_beside_it_makes_it_a_damaged_store(tmp_path: Path, companion: str) -> None:
    path = tmp_path / "store.json"
    path.write_bytes(b"garbage that is not JSON")
    assert foreign_file(path) is not None
    (tmp_path / f"store.json{companion}").write_bytes(b"")
    assert foreign_file(path) is None


def test_a_real_store_is_not_foreign(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    with AnnotationStore.open(path) as store:
        store.add_tag("k", "t")
    for side in tmp_path.iterdir():
        if side != path:
            side.unlink()
    assert foreign_file(path) is None


def test_an_in_collection_sync_file_is_never_foreign(tmp_path: Path) -> None:
    path = tmp_path / ".paperdesk" / "annotations.json"
    path.parent.mkdir()
    path.write_bytes(b"<<<<<<< ours\nnot json\n")
    assert foreign_file(path) is None
