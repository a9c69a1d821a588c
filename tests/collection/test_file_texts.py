"""Bodies read back from the files: exact slices of the scanned text, checked against the scan's
content hash; an edited, removed or swapped file never gives a mix of old offsets and new text."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from paperdesk.collection import scan
from paperdesk.collection.cache import cache_path
from paperdesk.collection.decode import decode_bytes
from paperdesk.collection.file_texts import KEEP_FILES

LIST = (
    "# Reading list\n\n"
    "## 2017 - [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
    "Transformers replace recurrence with attention.\n\n"
    "## 2015 - [Deep Residual Learning](https://arxiv.org/abs/1512.03385)\n"
    "Residual connections make deep nets trainable.\n\n"
    "## 2020 - [Denoising Diffusion Probabilistic Models](https://arxiv.org/abs/2006.11239)\n"
    "Diffusion as denoising.\n"
)
NOTE = "# Batch Normalization\n\nPaper: https://arxiv.org/abs/1502.03167\n\nNormalise activations per batch.\n"


def _slices(root: Path, collection) -> dict[str, str]:
    """Each entry's body computed eagerly from the file on disk (decoded as the scan does)."""
    out = {}
    for e in collection.entries:
        lines = decode_bytes((root / e.source).read_bytes())[0].split("\n")
        out[e.id] = "\n".join(lines[e.lines[0] - 1:e.lines[1]])
    return out


def test_bodies_are_exact_slices_on_every_scan_path(make_notes) -> None:
    root = make_notes({"list.md": LIST, "bn.md": NOTE, "sub/crlf.md": NOTE.replace("\n", "\r\n")})
    cold = scan(root, use_cache=False)
    expected = _slices(root, cold)
    assert len(expected) == 5
    for collection in (cold, scan(root), scan(root), scan(root)):   # no cache, fresh, cached, snapshot
        assert {e.id: e.body for e in collection.entries} == expected
    assert "\r" not in "".join(expected.values())


def test_the_scan_cache_holds_no_file_text(make_notes) -> None:
    root = make_notes({"bn.md": NOTE + "zyxwvutsrq unusual words\n"})
    scan(root)
    scan(root)   # writes the snapshot too
    assert b"zyxwvutsrq" not in cache_path(root).read_bytes()
    assert "zyxwvutsrq" in scan(root).entries[0].body


def test_an_edit_after_the_scan_gives_the_entrys_whole_new_body_never_a_mix(make_notes) -> None:
    root = make_notes({"list.md": LIST})
    entries = {e.title: e for e in scan(root).entries}
    resnet = entries["Deep Residual Learning"]
    # text inserted above shifts every offset the scan recorded
    edited = LIST.replace("# Reading list\n", "# Reading list\n\nA long new introduction " * 3 + "\n")
    edited = edited.replace("Residual connections", "Skip connections")
    (root / "list.md").write_text(edited, encoding="utf-8")
    body = resnet.body
    assert body.startswith("## 2015 - [Deep Residual Learning]")
    assert "Skip connections make deep nets trainable." in body
    assert "Attention" not in body and "Diffusion" not in body and "introduction" not in body
    fresh = {e.title: e for e in scan(root).entries}
    assert body == fresh["Deep Residual Learning"].body


def test_a_same_size_edit_with_the_old_mtime_is_still_noticed(make_notes) -> None:
    root = make_notes({"bn.md": NOTE})
    entry = scan(root).entries[0]
    path = root / "bn.md"
    st = path.stat()
    path.write_text(NOTE.replace("per batch", "per BATCH"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert "per BATCH" in entry.body


def test_an_entry_gone_from_its_file_or_a_removed_file_gives_an_empty_body(make_notes) -> None:
    root = make_notes({"list.md": LIST, "bn.md": NOTE})
    collection = scan(root)
    entries = {e.title: e for e in collection.entries}
    (root / "list.md").write_text(LIST.split("## 2015")[0], encoding="utf-8")   # only the first paper left
    assert entries["Deep Residual Learning"].body == ""
    assert "Transformers" in entries["Attention Is All You Need"].body
    (root / "bn.md").unlink()
    assert entries["Batch Normalization"].body == ""
    assert collection.file_text("bn.md") == ""


def test_a_file_swapped_for_a_link_outside_the_collection_is_not_read(make_notes, tmp_path: Path) -> None:
    root = make_notes({"bn.md": NOTE, "sub/list.md": LIST})
    collection = scan(root)
    entry = next(e for e in collection.entries if e.source == "bn.md")
    listed = next(e for e in collection.entries if e.source == "sub/list.md")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Batch Normalization\n\nSECRET outside text\n", encoding="utf-8")
    (outside / "list.md").write_text(LIST, encoding="utf-8")   # even the very same bytes
    (root / "bn.md").unlink()
    (root / "bn.md").symlink_to(outside / "secret.md")
    (root / "sub" / "list.md").unlink()
    (root / "sub").rmdir()
    (root / "sub").symlink_to(outside)
    assert entry.body == ""
    assert listed.body == ""
    assert "SECRET" not in collection.file_text("bn.md")


def test_only_a_few_file_texts_are_kept(make_notes) -> None:
    root = make_notes({f"n{i:02}.md": NOTE.replace("Batch", f"Batch {i}") for i in range(3 * KEEP_FILES)})
    collection = scan(root)
    bodies = [e.body for e in collection.entries]
    assert len(set(bodies)) == 3 * KEEP_FILES
    texts = collection._file_texts
    assert texts is not None and len(texts.kept_sources) == KEEP_FILES
    assert texts.kept_sources[-1] == collection.entries[-1].source


def test_bodies_read_from_several_threads_agree(make_notes) -> None:
    root = make_notes({f"n{i:02}.md": NOTE.replace("Batch", f"Batch {i}") for i in range(40)} | {"list.md": LIST})
    collection = scan(root)
    expected = _slices(root, collection)
    results: list[dict[str, str]] = []

    def read() -> None:
        results.append({e.id: e.body for e in reversed(collection.entries) for _ in range(3)})

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_a_one_note_file_retitled_after_the_scan_still_shows_its_note(make_notes) -> None:
    root = make_notes({"bn.md": "# Some old title\n\nFirst words.\n", "list.md": LIST})
    entry = next(e for e in scan(root).entries if e.source == "bn.md")
    (root / "bn.md").write_text("# A brand new title\n\nOther words.\n", encoding="utf-8")
    assert entry.body.startswith("# A brand new title\n\nOther words.")
    assert entry.body == next(e for e in scan(root).entries if e.source == "bn.md").body
