"""A store whose folder cannot be created opens empty and read-only, and writes once the folder can be made."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.store import AnnotationStore
from paperdesk.store.lock import lock_path
from paperdesk.store.storage import StoreReadOnly


def test_a_folder_that_cannot_be_made_gives_a_read_only_store(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder\n", encoding="utf-8")
    path = blocker / "stores" / "s.json"
    store = AnnotationStore.open(path)                  # before: UserError, and the window had no notes
    try:
        assert store.read_only is not None and "cannot be created" in store.read_only
        with pytest.raises(StoreReadOnly, match="not saved"):
            store.set_status("arxiv:1", "read")
        assert store.status("arxiv:1") == "unread"
        blocker.unlink()                                # the disk takes the folder now
        store.set_status("arxiv:1", "read")
        assert store.read_only is None
        assert lock_path(path).exists()                  # the write took the inter-process lock
    finally:
        store.close()
    reopened = AnnotationStore.open(path)
    try:
        assert reopened.status("arxiv:1") == "read"
    finally:
        reopened.close()
