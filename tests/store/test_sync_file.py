"""The line layout of the annotations file, its tolerant reader, and conflict-marker repair."""

from __future__ import annotations

import json
from pathlib import Path

from paperdesk.store import AnnotationStore
from paperdesk.store.conflicts import repair
from paperdesk.store.sync_file import (
    conflict_sides,
    encode,
    has_conflict_markers,
    parse,
    parse_lines,
    sync_path,
)


def test_one_document_per_line_sorted_and_plain_json(tmp_path: Path) -> None:
    path = sync_path(tmp_path)
    with AnnotationStore.open(path) as store:
        for key in ("arxiv:3", "arxiv:1", "arxiv:2"):
            store.add_tag(key, "ml")
        store.set_status("arxiv:2", "read")
    raw = path.read_bytes()
    lines = raw.decode().splitlines()
    tag_lines = [line for line in lines if line.startswith('"arxiv:') and '"_tags"' in line]
    assert [line.split('"')[1] for line in tag_lines] == ["arxiv:1", "arxiv:2", "arxiv:3"]
    assert json.loads(raw)["tags"]["arxiv:2"]["tags"] == ["ml"]          # TinyDB reads it as JSON
    assert encode(json.loads(raw)) == raw                                # canonical bytes


def test_store_writes_equal_the_canonical_encoding(tmp_path: Path) -> None:
    path = sync_path(tmp_path)
    with AnnotationStore.open(path) as store:
        h = store.add_highlight("e1", "k", "some plain text here", 5, 10)
        store.update_highlight(h.id, note="n")
        store.add_tag("k", "x")
        store.remove_highlight(h.id)
        store.save_search("s", "tag:x")
        assert path.read_bytes() == encode(json.loads(path.read_bytes()))
        for i in range(30):                       # inserts land between existing lines
            store.add_tag(f"paper{(i * 7) % 30:02d}", f"t{i % 4}")
            if i % 5 == 0:
                store.remove_tag(f"paper{(i * 7) % 30:02d}", f"t{i % 4}")
            assert path.read_bytes() == encode(json.loads(path.read_bytes()))


def test_reader_tolerates_what_a_text_merge_leaves() -> None:
    text = b'{\n"tags":{\n"a":{"tags":["x"]}\n"b":{"tags":["y"]},\n},\n"meta":{}\n}\n'   # commas wrong
    data = parse(text)
    assert set(data["tags"]) == {"a", "b"} and data["meta"] == {}
    assert parse(b'{"tags":{"a":{"tags":[]}}}') == {"tags": {"a": {"tags": []}}}   # compact JSON too


def test_same_id_twice_is_merged() -> None:
    lines = [b"{", b'"tags":{',
             b'"k":{"_s":{"a":"0000000000001-0000-x"},"_tags":{"a":{"on":true,"tag":"a"}},"tags":["a"]},',
             b'"k":{"_s":{"b":"0000000000002-0000-y"},"_tags":{"b":{"on":true,"tag":"b"}},"tags":["b"]}',
             b"}", b"}"]
    assert parse_lines(lines)["tags"]["k"]["tags"] == ["a", "b"]


def test_conflict_sides_split_ours_theirs_and_drop_base() -> None:
    raw = b"common\n<<<<<<< HEAD\nmine\n||||||| base\nold\n=======\nyours\n>>>>>>> other\nend\n"
    assert has_conflict_markers(raw)
    assert conflict_sides(raw) == ([b"common", b"mine", b"end"], [b"common", b"yours", b"end"])
    assert not has_conflict_markers(b'{"note":"<<<<<<< not at line start"}')


def _conflicted(tmp_path: Path) -> tuple[Path, str, str]:
    """A file as Git leaves it when both sides tagged the same paper and added a highlight."""
    a, b = tmp_path / "a" / ".paperdesk" / "annotations.json", tmp_path / "b" / ".paperdesk" / "annotations.json"
    with AnnotationStore.open(a) as store:
        store.add_tag("k", "base")
    b.parent.mkdir(parents=True)
    b.write_bytes(a.read_bytes())
    with AnnotationStore.open(a) as store:
        store.add_tag("k", "ours")
        ha = store.add_highlight("e", "k", "alpha beta gamma", 0, 5).id
    with AnnotationStore.open(b) as store:
        store.add_tag("k", "theirs")
        hb = store.add_highlight("e", "k", "alpha beta gamma", 6, 10).id
    ours, theirs = a.read_bytes().splitlines(), b.read_bytes().splitlines()
    out: list[bytes] = []
    for x, y in zip(ours, theirs, strict=False):     # same layout: conflict every differing line
        out += [x] if x == y else [b"<<<<<<< ours", x, b"=======", y, b">>>>>>> theirs"]
    out += ours[len(theirs):] + theirs[len(ours):]
    a.write_bytes(b"\n".join(out) + b"\n")
    return a, ha, hb


def test_conflicted_file_is_merged_on_open_and_kept_aside(tmp_path: Path) -> None:
    path, ha, hb = _conflicted(tmp_path)
    with AnnotationStore.open(path) as store:
        assert store.recovered and "conflict markers" in store.recovered
        assert sorted(store.tags("k")) == ["base", "ours", "theirs"]
        assert {h.id for h in store.all_highlights()} == {ha, hb}
    assert not has_conflict_markers(path.read_bytes())
    kept = list(path.parent.glob("annotations.json.conflicted-*"))
    assert len(kept) == 1 and has_conflict_markers(kept[0].read_bytes())
    with AnnotationStore.open(path) as store:
        assert store.recovered is None                   # said once


def test_conflict_appearing_while_open_is_repaired_on_refresh(tmp_path: Path) -> None:
    path, ha, hb = _conflicted(tmp_path)
    conflicted = path.read_bytes()
    clean = tmp_path / "clean.json"
    path.rename(clean)
    with AnnotationStore.open(path) as store:           # a fresh store, then `git pull` replaces it
        path.with_name("incoming").write_bytes(conflicted)
        path.with_name("incoming").replace(path)
        assert store.refresh()
        assert {h.id for h in store.all_highlights()} == {ha, hb}
        assert store.recovered and "conflict" in store.recovered


def test_unreadable_conflict_is_left_to_damage_recovery(tmp_path: Path) -> None:
    path = sync_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(b"<<<<<<< ours\nnot json\n=======\nnor this\n>>>>>>> theirs\n")
    assert repair(path) is None
    with AnnotationStore.open(path) as store:           # handled like a damaged store
        assert store.recovered and "damaged" in store.recovered
    assert list(path.parent.glob("annotations.json.damaged-*"))


def test_hand_edited_invalid_json_is_a_damaged_store(tmp_path: Path) -> None:
    path = sync_path(tmp_path)
    with AnnotationStore.open(path, backup_interval=0) as store:
        store.add_tag("k", "kept")
    path.write_bytes(path.read_bytes().replace(b'"tags":["kept"]', b'"tags":["kept"'))
    with AnnotationStore.open(path) as store:
        assert store.recovered and "damaged" in store.recovered
        assert store.tags("k") == ["kept"]              # the last good state (a backup)


def test_synced_file_has_no_journal_and_no_local_generation(tmp_path: Path) -> None:
    local = tmp_path / "local.json"
    with AnnotationStore.open(local) as store:        # a journaled local store, with a generation
        store.add_tag("k", "a")
    path = sync_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(local.read_bytes())              # e.g. restored or copied in as one JSON line
    for _ in range(2):
        with AnnotationStore.open(path, backup_interval=0) as store:   # a backup at every chance
            store.add_tag("k", "b")
            store.remove_tag("k", "b")
    raw = path.read_bytes()
    assert raw == encode(json.loads(raw)) and b'"generation"' not in raw
    assert not list(path.parent.glob("annotations.json.journal*"))
    assert list(path.parent.glob("annotations.json.backup-*"))
    with AnnotationStore.open(path) as store:
        assert store.recovered is None and store.tags("k") == ["a"]
