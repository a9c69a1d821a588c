"""DurableStorage: snapshot plus journal always equal memory, cached serialisation never goes stale."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from paperdesk.store import journal
from paperdesk.store.storage import DurableStorage, KeyedTinyDB, generation, open_db


def on_disk(path: Path) -> dict:
    """What a fresh open would see: the snapshot plus the journal records newer than it."""
    data = json.loads(path.read_bytes()) if path.exists() else {}
    base = generation(data)
    replay, _ = journal.read(journal.journal_path(path))
    for record in replay.records:
        if record.gen > base:
            journal.apply(data, record)
    return without_generation(data)


def without_generation(data: dict) -> dict:
    meta = {k: v for k, v in data.get("meta", {}).items() if k != "generation"}
    out = {name: table for name, table in data.items() if name != "meta"}
    if meta:
        out["meta"] = meta
    return out


def test_empty_storage_writes_valid_json(tmp_path: Path) -> None:
    store = DurableStorage(tmp_path / "s.json")
    store.write({})
    store.compact()
    assert on_disk(tmp_path / "s.json") == {}
    st = DurableStorage(tmp_path / "t.json")
    db = open_db(st)
    db.table("a").put("x", {"v": 1})
    assert on_disk(tmp_path / "t.json") == {"a": {"x": {"v": 1}}}
    st.compact()
    assert without_generation(json.loads((tmp_path / "t.json").read_bytes())) == {"a": {"x": {"v": 1}}}


def test_random_operations_keep_file_equal_to_memory(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    st = DurableStorage(path)
    db: KeyedTinyDB = open_db(st)
    rng = random.Random(3)
    model: dict[str, dict[str, dict]] = {}
    for step in range(400):
        table = rng.choice(["a", "b", "c"])
        key = f"k{rng.randrange(15)}"
        op = rng.randrange(6)
        value = {"v": step, "s": "é\u2028\"quote\"\udc80" if step % 7 == 0 else "x"}
        if op == 0:
            db.table(table).put(key, value)
            model.setdefault(table, {})[key] = value
        elif op == 1:
            other_table = "a" if table != "a" else "b"
            db.apply({table: ({key: value}, [key]), other_table: ({}, [key])})   # a put beats a removal
            model.setdefault(table, {})[key] = value
            model.setdefault(other_table, {}).pop(key, None)
        elif op == 2:
            if key in db.table(table).docs():
                db.table(table).remove(doc_ids=[key])
            model.get(table, {}).pop(key, None)
        elif op == 3 and key in db.table(table).docs():
            db.table(table).update({"v": -step}, doc_ids=[key])   # in place: must not go stale
            model[table][key] = {**model[table][key], "v": -step}
        elif op == 4:
            other = f"k{rng.randrange(15)}"
            db.table(table).put_many({key: value}, removed=[other])
            model.setdefault(table, {}).pop(other, None)
            model[table][key] = value
        else:
            db.apply({table: ({}, [key])})
            model.get(table, {}).pop(key, None)
        if step % 50 == 49:
            st.compact(backup=step % 100 == 99)     # snapshot rewrites and journal restarts too
        disk = on_disk(path)
        memory = without_generation({name: dict(t) for name, t in st.read().items()})
        assert disk == memory, f"step {step}"
        assert {n: t for n, t in disk.items() if t} == {n: t for n, t in model.items() if t}, f"step {step}"


def test_insert_without_an_id_is_refused(tmp_path: Path) -> None:
    db = open_db(DurableStorage(tmp_path / "s.json"))
    with pytest.raises(TypeError):
        db.table("a").insert({"v": 1})


def test_failed_write_leaves_memory_and_files_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.json"
    st = DurableStorage(path)
    db = open_db(st)
    db.apply({"a": ({"x": {"v": 1}}, [])})
    before = journal.journal_path(path).read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:     # the disk fills up mid-line
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        db.apply({"a": ({"y": {"v": 2}}, ["x"])})
    monkeypatch.undo()
    assert st.read() == {"a": {"x": {"v": 1}}}
    assert journal.journal_path(path).read_bytes() == before       # the torn half was cut off
    db.apply({"a": ({"z": {"v": 3}}, [])})
    assert on_disk(path) == {"a": {"x": {"v": 1}, "z": {"v": 3}}}


def test_a_write_appends_only_the_changed_document(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    st = DurableStorage(path)
    db = open_db(st)
    db.apply({"big": ({f"k{i}": {"text": "x" * 200} for i in range(500)}, [])})
    st.compact()
    snapshot = path.read_bytes()
    size = journal.journal_path(path).stat().st_size
    db.table("big").put("k7", {"text": "changed"})
    grown = journal.journal_path(path).stat().st_size - size
    assert path.read_bytes() == snapshot                 # the snapshot was not rewritten
    assert 0 < grown < 200                               # one short line, not the table
    assert on_disk(path)["big"]["k7"] == {"text": "changed"}


def test_a_torn_last_line_is_ignored_and_closed_before_the_next_append(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    st = DurableStorage(path)
    db = open_db(st)
    db.table("a").put("x", {"v": 1})
    with open(journal.journal_path(path), "ab") as handle:     # a crash in the middle of a line
        handle.write(b'{"g":2,"v":2,"c":{"a":[{"y":')
    replay, _ = journal.read(journal.journal_path(path))
    assert [r.gen for r in replay.records] == [1] and replay.torn == 1
    st2 = DurableStorage(path, {"a": {"x": {"v": 1}}}, gen=1)
    open_db(st2).table("a").put("z", {"v": 3})
    replay, _ = journal.read(journal.journal_path(path))
    assert [r.gen for r in replay.records] == [1, 2]
    assert on_disk(path) == {"a": {"x": {"v": 1}, "z": {"v": 3}}}


def test_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    st = DurableStorage(tmp_path / "s.json")
    db = open_db(st)
    for i in range(5):
        db.table("a").put(str(i), {"i": i})
    st.compact()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json", "s.json.journal"]


def test_a_layout_that_must_stay_current_rewrites_the_file_at_every_write(tmp_path: Path) -> None:
    class Current(DurableStorage):
        fold_every_write = True

    path = tmp_path / "s.json"
    st = Current(path)
    db = open_db(st)
    for i in range(3):
        db.table("a").put(str(i), {"i": i})
        assert without_generation(json.loads(path.read_bytes()))["a"] == {str(j): {"i": j} for j in range(i + 1)}
    assert st.compactions == 3 and on_disk(path)["a"] == {str(j): {"i": j} for j in range(3)}
