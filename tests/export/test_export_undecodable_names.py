"""A note whose file name holds bytes that are not UTF-8 (Python keeps them as lone surrogates) is
exported like any other, in valid UTF-8. Found by tests/hostile: the whole export raised
UnicodeEncodeError in the YAML emitter."""

from __future__ import annotations

import os
from pathlib import Path

from paperdesk.collection import scan
from paperdesk.export import export_entries


def test_a_note_named_with_undecodable_bytes_is_exported_in_utf8(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / os.fsdecode(b"caf\xe9 \xff.md")).write_bytes(b"no heading, only words about the paper\n")
    (root / "fine.md").write_bytes(b"# Fine\n\nwords\n")
    collection = scan(root, use_cache=False)
    assert len(collection.entries) == 2
    for single in (False, True):
        out = tmp_path / f"out-{single}"
        report = export_entries(collection, None, collection.entries, out, single_file=single)
        assert not report.skipped
        texts = [p.read_bytes().decode("utf-8") for p in out.rglob("*") if p.is_file()]
        assert any("caf\ufffd \ufffd" in t for t in texts)
