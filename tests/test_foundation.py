"""The shared helpers: atomic writes, user folders and the settings file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperdesk import atomic, config, paths
from paperdesk.store.identity import default_store_path


@pytest.mark.parametrize("durable", [True, False])
def test_atomic_write_replaces_and_leaves_no_temporary_files(tmp_path: Path, durable: bool) -> None:
    target = tmp_path / "sub" / "file.json"
    atomic.atomic_write_bytes(target, b"old", durable=durable)
    atomic.atomic_write_bytes(target, b"new", durable=durable)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.json"]


def test_failed_atomic_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "store.json"
    atomic.atomic_write_text(target, "kept")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic.atomic_write_text(target, "lost")
    assert target.read_text() == "kept"
    assert [p.name for p in tmp_path.iterdir()] == ["store.json"]


def test_user_folders_follow_the_environment(private_user_dirs: Path) -> None:
    assert paths.data_dir().is_relative_to(private_user_dirs)
    assert paths.config_dir().is_relative_to(private_user_dirs)
    assert paths.cache_dir().is_relative_to(private_user_dirs)
    assert not default_store_path(paths.BUNDLED_NOTES).is_relative_to(paths.PACKAGE_DIR)


def test_store_path_is_per_collection_and_stable(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert default_store_path(a) == default_store_path(a / ".." / "a")
    assert default_store_path(a) != default_store_path(b)


def test_recent_collections_newest_first_without_duplicates_or_missing(tmp_path: Path) -> None:
    folders = [tmp_path / name for name in ("one", "two", "three")]
    for folder in folders:
        folder.mkdir()
        config.remember_collection(folder)
    config.remember_collection(folders[0])
    folders[1].rmdir()
    assert config.recent_collections() == [folders[0].resolve(), folders[2].resolve()]


def test_reopening_the_newest_collection_does_not_rewrite_the_settings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    writes: list[dict[str, object]] = []
    real_save = config.save_config
    monkeypatch.setattr(config, "save_config", lambda c: (writes.append(dict(c)), real_save(c)))
    config.remember_collection(one)
    config.remember_collection(one)
    assert len(writes) == 1
    config.remember_collection(two)
    config.remember_collection(one)
    assert len(writes) == 3
    assert config.recent_collections() == [one.resolve(), two.resolve()]


def test_damaged_settings_file_gives_empty_settings() -> None:
    config.config_path().parent.mkdir(parents=True, exist_ok=True)
    config.config_path().write_text("{not json", encoding="utf-8")
    assert config.load_config() == {}
    assert config.recent_collections() == []
