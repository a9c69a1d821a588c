"""Schema migrations: v1 files (plain TinyDB, auto ids, colour names) open as v2, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore
from paperdesk.store.anchoring import text_hash
from paperdesk.store.schema import SCHEMA_VERSION, schema_version

TEXT = "Dropout randomly zeroes activations during training, which regularises large networks well."

# What a v1 store looked like on disk: TinyDB JSONStorage, integer document ids as strings.
V1_STORE = {
    "meta": {"1": {"version": 1, "created": "2025-01-02T03:04:05+00:00"}},
    "status": {
        "1": {"paper_key": "arxiv:1207.0580", "status": "reading", "updated": "2025-01-03T10:00:00+00:00"},
        "2": {"paper_key": "arxiv:1207.0580", "status": "read", "updated": "2025-01-04T10:00:00+00:00"},
        "3": {"paper_key": "doi:10.1/x", "status": "skimmed", "updated": "2025-01-04T10:00:00+00:00"},
    },
    "tags": {
        "1": {"paper_key": "arxiv:1207.0580", "tag": "Regularisation"},
        "2": {"paper_key": "arxiv:1207.0580", "tag": "regularisation"},
        "3": {"paper_key": "arxiv:1207.0580", "tag": "classic"},
        "4": {"paper_key": "doi:10.1/x", "tag": "  "},
    },
    "highlights": {
        "1": {"id": "h1", "entry_id": "dropout", "paper_key": "arxiv:1207.0580", "color": "green",
              "note": "core idea", "quote": "randomly zeroes activations", "prefix": "Dropout ",
              "suffix": " during training, which regularis", "start": 8, "end": 35,
              "created": "2025-01-03T11:00:00+00:00", "updated": "2025-01-03T11:00:00+00:00"},
        "2": {"id": "h2", "entry_id": "dropout", "paper_key": "arxiv:1207.0580", "color": "magenta",
              "note": None, "quote": "large networks", "start": 72, "end": 86},
        "3": {"id": "h3", "entry_id": "dropout", "quote": "broken: no offsets"},
    },
    "searches": {"1": {"name": "unread rl", "query": "status:unread tag:rl"}},
    "settings": {"1": {"key": "allow_remote_images", "value": True}},
}


def write(path: Path, data: dict) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, indent=4).encode()   # TinyDB's JSONStorage was used with indent=4
    path.write_bytes(raw)
    return raw


@pytest.mark.parametrize("with_meta", [True, False])
def test_v1_store_is_migrated(store_path: Path, with_meta: bool) -> None:
    data = dict(V1_STORE)
    if not with_meta:
        data.pop("meta")            # the earliest v1 files had no meta table at all
    raw = write(store_path, data)
    s = AnnotationStore.open(store_path)
    assert s.recovered is None
    assert s.status("arxiv:1207.0580") == "read"
    assert s.status_history("arxiv:1207.0580") == [
        ("2025-01-03T10:00:00+00:00", "reading"), ("2025-01-04T10:00:00+00:00", "read")]
    assert s.status("doi:10.1/x") == "unread"          # an invalid v1 status is dropped
    assert s.tags("arxiv:1207.0580") == ["Regularisation", "classic"]   # case duplicates merged
    assert s.tags("doi:10.1/x") == []
    hs = {h.id: h for h in s.highlights("dropout")}
    assert set(hs) == {"h1", "h2"}                      # h3 had no offsets: unusable even in v1
    assert hs["h1"].color == 1 and hs["h1"].note == "core idea" and hs["h1"].text_hash == ""
    assert hs["h2"].color == 0 and hs["h2"].note == "" and not hs["h2"].orphan
    assert s.saved_searches() == {"unread rl": "status:unread tag:rl"}
    assert s.setting("allow_remote_images") is True
    # the migrated highlights anchor in the current text (no hash: skips the offsets shortcut)
    anchors = {a.highlight.id: a for a in s.anchor_highlights("dropout", TEXT)}
    assert TEXT[anchors["h1"].start:anchors["h1"].end] == "randomly zeroes activations"
    assert anchors["h1"].highlight.text_hash == text_hash(TEXT)
    s.close()
    # the file is now v2 and the original v1 file is kept byte for byte
    assert schema_version(json.loads(store_path.read_bytes())) == SCHEMA_VERSION
    kept = [p for p in store_path.parent.iterdir() if ".schema1-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == raw
    again = AnnotationStore.open(store_path)
    assert len(again.all_highlights()) == 2 and again.status("arxiv:1207.0580") == "read"
    again.close()
    assert len([p for p in store_path.parent.iterdir() if ".schema1-" in p.name]) == 1


def test_empty_v1_store_migrates(store_path: Path) -> None:
    write(store_path, {"_default": {}})
    s = AnnotationStore.open(store_path)
    assert s.all_highlights() == [] and s.recovered is None
    s.close()
