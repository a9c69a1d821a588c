"""DurableStorage: the file always equals memory, cached serialisation never goes stale."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from paperdesk.store import storage as storage_mod
from paperdesk.store.storage import DurableStorage, KeyedTinyDB, open_db


def on_disk(path: Path) -> dict:
    return json.loads(path.read_bytes())


def test_empty_storage_writes_valid_json(tmp_path: Path) -> None:
    store = DurableStorage(tmp_path / "s.json")
    store.write({})
    assert on_disk(tmp_path / "s.json") == {}
    db = open_db(DurableStorage(tmp_path / "t.json"))
    db.table("a").put("x", {"v": 1})
    assert on_disk(tmp_path / "t.json") == {"a": {"x": {"v": 1}}}


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
        disk = on_disk(path)
        memory = {name: dict(t) for name, t in st.read().items()}
        assert disk == memory, f"step {step}"
        assert {n: t for n, t in disk.items() if t} == {n: t for n, t in model.items() if t}, f"step {step}"


def test_insert_without_an_id_is_refused(tmp_path: Path) -> None:
    db = open_db(DurableStorage(tmp_path / "s.json"))
    with pytest.raises(TypeError):
        db.table("a").insert({"v": 1})


def test_failed_write_leaves_memory_and_file_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.json"
    st = DurableStorage(path)
    db = open_db(st)
    db.apply({"a": ({"x": {"v": 1}}, [])})
    before = path.read_bytes()

    def boom(_path: Path, _data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_mod, "atomic_write_bytes", boom)
    with pytest.raises(OSError):
        db.apply({"a": ({"y": {"v": 2}}, ["x"])})
    assert st.read() == {"a": {"x": {"v": 1}}}
    assert path.read_bytes() == before


def test_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    db = open_db(DurableStorage(tmp_path / "s.json"))
    for i in range(5):
        db.table("a").put(str(i), {"i": i})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]
