"""Re-keying after a scan: annotations follow a retitled, renamed or moved note, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.collection import Collection, scan
from paperdesk.query.rekey import Reason, plan_moves, rekey, titles_close
from paperdesk.store import AnnotationStore

ATTENTION = """# Attention Is All You Need

The dominant sequence transduction models are based on complex recurrent networks.
We propose a new simple network architecture based solely on attention mechanisms.
"""
RESNET = """# ResNet

Deeper neural networks are more difficult to train. We present a residual learning
framework to ease the training of networks that are substantially deeper.
"""
OTHER = """# Batch Normalization

Training deep networks is complicated by the fact that the distribution of inputs changes.
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only(collection: Collection, title: str):
    found = [e for e in collection.entries if e.title == title]
    assert len(found) == 1, [e.title for e in collection.entries]
    return found[0]


def annotate(store: AnnotationStore, collection: Collection, title: str, quote: str) -> None:
    """Status, a tag and a highlight on the entry titled `title` (offsets into its body)."""
    entry = only(collection, title)
    store.set_status(entry.paper_key, "read")
    store.add_tag(entry.paper_key, "cv")
    store.add_tag(entry.paper_key, "Classic")
    text = entry.body
    at = text.index(quote)
    store.add_highlight(entry.id, entry.paper_key, text, at, at + len(quote), color=2, note="key idea")


def annotations_of(store: AnnotationStore, key: str, entry_id: str) -> tuple[str, list[str], list[str]]:
    return store.status(key), store.tags(key), [h.quote for h in store.highlights(entry_id)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    write(folder, "attention.md", ATTENTION)
    write(folder, "resnet.md", RESNET)
    write(folder, "bn.md", OTHER)
    return folder


@pytest.fixture
def store(tmp_path: Path):
    s = AnnotationStore.open(tmp_path / "store.json")
    yield s
    s.close()


def test_retitled_note_keeps_its_annotations(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "Attention Is All You Need", "based solely on attention mechanisms")
    old = only(before, "Attention Is All You Need")
    write(root, "attention.md", ATTENTION.replace("# Attention Is All You Need",
                                                  "# Attention Is All You Need: the Transformer"))
    after = scan(root, use_cache=False)
    new = only(after, "Attention Is All You Need: the Transformer")
    assert new.paper_key != old.paper_key and new.id != old.id
    result = rekey(after, store)
    assert [(m.old_key, m.new_key, m.reasons) for m in result.moved] == [
        (old.paper_key, new.paper_key, frozenset({Reason.RETITLED}))]   # the quotes are not needed
    assert result.message() == "re-linked annotations of 1 renamed note"
    assert annotations_of(store, new.paper_key, new.id) == ("read", ["cv", "Classic"],
                                                           ["based solely on attention mechanisms"])
    assert store.highlights(new.id)[0].note == "key idea" and store.highlights(new.id)[0].color == 2
    assert annotations_of(store, old.paper_key, old.id) == ("unread", [], [])
    assert store.papers_with_tag("cv") == [new.paper_key]


def test_renamed_file_same_title(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning\nframework")
    old = only(before, "ResNet")
    (root / "resnet.md").rename(root / "2016-resnet.md")
    after = scan(root, use_cache=False)
    new = only(after, "ResNet")
    assert new.source == "2016-resnet.md"
    result = rekey(after, store)
    assert [m.new_entry_id for m in result.moved] == [new.id]
    assert Reason.MOVED in result.moved[0].reasons
    assert annotations_of(store, new.paper_key, new.id) == ("read", ["cv", "Classic"], ["residual learning\nframework"])
    assert store.annotated_keys() == {new.paper_key}
    assert old.paper_key not in store.statuses() or store.status(old.paper_key) == "unread"


def test_moved_to_another_folder(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    (root / "cv").mkdir()
    (root / "resnet.md").rename(root / "cv" / "resnet.md")
    after = scan(root, use_cache=False)
    new = only(after, "ResNet")
    assert new.source == "cv/resnet.md"
    assert len(rekey(after, store).moved) == 1
    assert annotations_of(store, new.paper_key, new.id) == ("read", ["cv", "Classic"], ["residual learning"])


def test_renamed_and_retitled_at_once_found_by_its_quotes(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "present a residual learning")
    (root / "resnet.md").unlink()
    write(root, "vision/he-2016.md", RESNET.replace("# ResNet", "# Deep Residual Learning for Image Recognition"))
    after = scan(root, use_cache=False)
    new = only(after, "Deep Residual Learning for Image Recognition")
    result = rekey(after, store)
    assert [(m.new_key, m.reasons) for m in result.moved] == [(new.paper_key, frozenset({Reason.QUOTES}))]
    assert annotations_of(store, new.paper_key, new.id) == ("read", ["cv", "Classic"], ["present a residual learning"])


def test_renamed_and_retitled_without_highlights_is_left_alone(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    old = only(before, "ResNet")
    store.add_tag(old.paper_key, "cv")
    (root / "resnet.md").unlink()
    write(root, "vision/he-2016.md", RESNET.replace("# ResNet", "# Deep Residual Learning for Image Recognition"))
    after = scan(root, use_cache=False)
    assert rekey(after, store).moved == []
    assert store.tags(old.paper_key) == ["cv"]        # stays where it was (an orphan, as before)


def test_a_tie_is_refused(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    old = only(before, "ResNet")
    store.add_tag(old.paper_key, "cv")
    store.set_status(old.paper_key, "reading")
    (root / "resnet.md").unlink()
    write(root, "a/resnet-notes.md", RESNET)            # the same title twice, neither kept the file name
    write(root, "b/resnet-copy.md", RESNET)
    after = scan(root, use_cache=False)
    assert len([e for e in after.entries if e.title == "ResNet"]) == 2
    assert plan_moves(after, store) == []
    assert rekey(after, store).message() is None
    assert store.tags(old.paper_key) == ["cv"] and store.status(old.paper_key) == "reading"


def test_the_same_title_twice_goes_to_the_copy_that_kept_the_file_name(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    old = only(before, "ResNet")
    store.add_tag(old.paper_key, "cv")
    (root / "resnet.md").unlink()
    write(root, "a/resnet.md", RESNET)
    write(root, "b/resnet-copy.md", RESNET)
    after = scan(root, use_cache=False)
    moves = plan_moves(after, store)
    assert [after.entry(m.new_entry_id).source for m in moves] == ["a/resnet.md"]


LOG = """# Reading log

## 2017 - Attention Is All You Need

We propose a network based on attention.

## 2016 - Attention Is All You Need Now Too

A second note on the same idea.

## 2015 - Alpha Paper

Alpha text here.
"""


def test_two_vanished_keys_wanting_one_note_are_refused(root: Path, store: AnnotationStore) -> None:
    (root / "attention.md").unlink()
    write(root, "log.md", LOG)
    before = scan(root, use_cache=False)
    first, second = only(before, "Attention Is All You Need"), only(before, "Attention Is All You Need Now Too")
    assert first.source == second.source == "log.md"
    store.add_tag(first.paper_key, "a")
    store.add_tag(second.paper_key, "b")
    # both headings gone, one new heading close to both
    write(root, "log.md", LOG.replace("## 2017 - Attention Is All You Need\n", "## 2017 - Attention Is All You Need Now\n")
          .replace("## 2016 - Attention Is All You Need Now Too\n\nA second note on the same idea.\n\n", ""))
    after = scan(root, use_cache=False)
    only(after, "Attention Is All You Need Now")
    assert plan_moves(after, store) == []


def test_retitle_inside_a_file_of_many_notes(root: Path, store: AnnotationStore) -> None:
    write(root, "log.md", LOG)
    before = scan(root, use_cache=False)
    old = only(before, "Alpha Paper")
    store.set_status(old.paper_key, "read")
    write(root, "log.md", LOG.replace("## 2015 - Alpha Paper", "## 2015 - The Alpha Paper"))
    after = scan(root, use_cache=False)
    new = only(after, "The Alpha Paper")
    assert [(m.new_entry_id, m.reasons) for m in plan_moves(after, store)] == [(new.id, frozenset({Reason.RETITLED}))]


def test_deleted_note_moves_nothing(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    old = only(before, "ResNet")
    (root / "resnet.md").unlink()
    after = scan(root, use_cache=False)
    assert plan_moves(after, store) == []
    assert annotations_of(store, old.paper_key, old.id) == ("read", ["cv", "Classic"], ["residual learning"])


def test_deleted_note_of_a_shared_file_moves_nothing(root: Path, store: AnnotationStore) -> None:
    write(root, "log.md", LOG)
    before = scan(root, use_cache=False)
    alpha = only(before, "Alpha Paper")
    store.set_status(alpha.paper_key, "read")
    write(root, "log.md", LOG.replace("## 2015 - Alpha Paper\n\nAlpha text here.\n", ""))
    after = scan(root, use_cache=False)
    assert len(after.entries) == len(before.entries) - 1
    assert plan_moves(after, store) == []
    assert store.status(alpha.paper_key) == "read"


def test_arxiv_keyed_entries_are_untouched(root: Path, store: AnnotationStore) -> None:
    write(root, "vit.md", "# An Image is Worth 16x16 Words\n\n[paper](https://arxiv.org/abs/2010.11929)\n\n"
                          "Transformers applied to image patches.\n")
    before = scan(root, use_cache=False)
    vit = only(before, "An Image is Worth 16x16 Words")
    assert vit.paper_key == "arxiv:2010.11929"
    store.add_tag(vit.paper_key, "cv")
    (root / "vit.md").rename(root / "2020-vit.md")     # the key names the paper: it does not change
    after = scan(root, use_cache=False)
    assert only(after, "An Image is Worth 16x16 Words").paper_key == vit.paper_key
    assert plan_moves(after, store) == []
    # a vanished arXiv key is never re-keyed, even onto a link-less note of the same title
    (root / "2020-vit.md").write_text("# An Image is Worth 16x16 Words\n\nNo link any more.\n", encoding="utf-8")
    again = scan(root, use_cache=False)
    assert only(again, "An Image is Worth 16x16 Words").paper_key.startswith("file:")
    assert plan_moves(again, store) == []
    assert store.tags(vit.paper_key) == ["cv"]


def test_an_annotated_entry_is_never_a_target(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    old = only(before, "ResNet")
    store.add_tag(old.paper_key, "cv")
    (root / "resnet.md").rename(root / "2016-resnet.md")
    after = scan(root, use_cache=False)
    new = only(after, "ResNet")
    store.set_status(new.paper_key, "reading")          # annotated meanwhile: not "the new, empty note"
    assert plan_moves(after, store) == []


def test_idempotent(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    (root / "resnet.md").rename(root / "2016-resnet.md")
    after = scan(root, use_cache=False)
    assert len(rekey(after, store).moved) == 1
    generation = store._storage.gen
    snapshot = {name: dict(table) for name, table in store._storage.read().items()}
    second = rekey(after, store)
    assert second.moved == [] and second.failed == [] and second.message() is None
    assert store._storage.gen == generation
    assert {name: dict(table) for name, table in store._storage.read().items()} == snapshot


def test_the_move_survives_a_reload_from_disk(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "disk.json"
    before = scan(root, use_cache=False)
    with AnnotationStore.open(path) as store:
        annotate(store, before, "ResNet", "residual learning")
        store.set_setting("last_entry", only(before, "ResNet").id)
    (root / "resnet.md").rename(root / "2016-resnet.md")
    after = scan(root, use_cache=False)
    new = only(after, "ResNet")
    with AnnotationStore.open(path) as store:
        assert len(rekey(after, store).moved) == 1
    with AnnotationStore.open(path) as store:     # the journal and snapshot hold the move
        assert annotations_of(store, new.paper_key, new.id) == ("read", ["cv", "Classic"], ["residual learning"])
        assert store.annotated_keys() == {new.paper_key}
        assert store.setting("last_entry") == new.id
        assert plan_moves(after, store) == []


def test_a_read_only_store_says_so(root: Path, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.store import StoreReadOnly

    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    (root / "resnet.md").rename(root / "2016-resnet.md")
    after = scan(root, use_cache=False)

    def refuse(*_args: object, **_kwargs: object) -> bool:
        raise StoreReadOnly("the disk is full")

    monkeypatch.setattr(store, "move_paper", refuse)
    result = rekey(after, store)
    assert result.moved == [] and len(result.failed) == 1
    assert result.message() == "could not re-link annotations of 1 renamed note: the disk is full"


@pytest.mark.parametrize(("old", "new", "close"), [
    ("attention-is-all-you-need", "attention-is-all-you-need-the-transformer", True),
    ("attention-is-all-you-need", "atention-is-all-you-need", True),
    ("deep-residual-learning", "a-deep-residual-learning", True),
    ("resnet-v1", "resnet-v2", False),
    ("resnet", "resnet-v2", False),
    ("bert", "gpt", False),
    ("yolo-9000-better-faster-stronger", "yolo9000-better-faster-stronger", True),
    ("deep-residual-learning-for-image-recognitoin", "deep-residual-learning-for-image-recognition", True),
    # question notes of one template (a real collection): other notes, not typos
    ("how-does-lgm-work", "how-does-lrm-work", False),
    ("how-does-diffusion-work", "how-does-dreamfusion-work", False),
    ("what-is-meta-learning", "what-is-imitation-learning", False),
    ("bert-base", "bert-large", False),
])
def test_titles_close(old: str, new: str, close: bool) -> None:
    assert titles_close(old, new) is close


def test_a_one_word_title_extended_in_its_own_file(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    old = only(before, "ResNet")
    store.add_tag(old.paper_key, "cv")
    write(root, "resnet.md", RESNET.replace("# ResNet", "# ResNet: Deep Residual Learning"))
    after = scan(root, use_cache=False)
    new = only(after, "ResNet: Deep Residual Learning")
    assert [(m.new_entry_id, m.reasons) for m in plan_moves(after, store)] == [(new.id, frozenset({Reason.RETITLED}))]


def test_a_one_word_title_extended_among_other_notes_is_not_enough(root: Path, store: AnnotationStore) -> None:
    write(root, "log.md", LOG.replace("## 2015 - Alpha Paper", "## 2015 - Alpha"))
    before = scan(root, use_cache=False)
    old = only(before, "Alpha")
    store.add_tag(old.paper_key, "x")
    write(root, "log.md", LOG.replace("## 2015 - Alpha Paper", "## 2015 - Alpha Beta Gamma Delta"))
    after = scan(root, use_cache=False)
    only(after, "Alpha Beta Gamma Delta")
    assert plan_moves(after, store) == []


def test_the_other_note_left_alone_in_a_file_is_not_the_deleted_one(root: Path, store: AnnotationStore) -> None:
    two = "# Notes\n\n## 2015 - Alpha Paper\n\nAlpha text here.\n\n## 2016 - Beta Paper\n\nBeta text here.\n"
    write(root, "two.md", two)
    before = scan(root, use_cache=False)
    alpha = only(before, "Alpha Paper")
    store.set_status(alpha.paper_key, "read")
    write(root, "two.md", "# Notes\n\n## 2016 - Beta Paper\n\nBeta text here.\n")
    after = scan(root, use_cache=False)
    assert [e.source for e in after.entries].count("two.md") == 1
    assert plan_moves(after, store) == []


def test_the_memo_skips_notes_searched_in_vain_but_not_new_ones(root: Path, store: AnnotationStore) -> None:
    from paperdesk.query.rekey import QuoteMemo

    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "present a residual learning")
    old = only(before, "ResNet")
    (root / "resnet.md").unlink()
    gone = scan(root, use_cache=False)
    memo = QuoteMemo()
    assert plan_moves(gone, store, memo) == []
    searched = memo.misses(old.paper_key, ["present a residual learning"])
    assert {seen[1] for seen in searched} == {"attention.md", "bn.md"}
    write(root, "vision/he-2016.md", RESNET.replace("# ResNet", "# Deep Residual Learning for Image Recognition"))
    back = scan(root, use_cache=False)
    moves = plan_moves(back, store, memo)
    assert [back.entry(m.new_entry_id).source for m in moves] == ["vision/he-2016.md"]


def test_annotations_a_sync_adds_to_a_moved_key_follow_the_move(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    old = only(before, "ResNet")
    (root / "resnet.md").rename(root / "2016-resnet.md")
    after = scan(root, use_cache=False)
    new = only(after, "ResNet")
    assert len(rekey(after, store).moved) == 1
    store.add_tag(old.paper_key, "later")      # what a merge with a device that tagged the old key brings
    assert old.paper_key in store.annotated_keys()
    result = rekey(after, store)
    assert [(m.new_key, m.reasons) for m in result.moved] == [(new.paper_key, frozenset({Reason.FOLLOWED}))]
    assert store.tags(new.paper_key) == ["cv", "Classic", "later"] and store.annotated_keys() == {new.paper_key}
    assert rekey(after, store).moved == []


def test_a_note_renamed_twice_is_followed_to_its_last_name(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    old = only(before, "ResNet")
    store.add_tag(old.paper_key, "cv")
    (root / "resnet.md").rename(root / "2016-resnet.md")
    assert len(rekey(scan(root, use_cache=False), store).moved) == 1
    (root / "2016-resnet.md").rename(root / "he-2016-resnet.md")
    last = scan(root, use_cache=False)
    assert len(rekey(last, store).moved) == 1
    store.add_tag(old.paper_key, "late")       # the first name, from a device that missed both renames
    result = rekey(last, store)
    new = only(last, "ResNet")
    assert [(m.old_key, m.new_key) for m in result.moved] == [(old.paper_key, new.paper_key)]
    assert store.tags(new.paper_key) == ["cv", "late"]


def test_a_note_that_gains_its_paper_link_keeps_its_annotations(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    old = only(before, "ResNet")
    assert old.paper_key.startswith("file:")
    write(root, "resnet.md", RESNET.replace("# ResNet\n", "# ResNet\n\n[paper](https://arxiv.org/abs/1512.03385)\n"))
    after = scan(root, use_cache=False)
    new = only(after, "ResNet")
    assert new.paper_key == "arxiv:1512.03385"
    result = rekey(after, store)
    assert [(m.old_key, m.new_key, m.reasons) for m in result.moved] == [
        (old.paper_key, new.paper_key, frozenset({Reason.RETITLED, Reason.LINKED}))]
    assert annotations_of(store, new.paper_key, new.id) == ("read", ["cv", "Classic"], ["residual learning"])


def test_a_link_added_in_another_file_takes_nothing(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    (root / "resnet.md").unlink()   # deleted; another file now cites the paper under the same title
    write(root, "reading-list.md", "# ResNet\n\n[paper](https://arxiv.org/abs/1512.03385)\n\nTo read.\n")
    after = scan(root, use_cache=False)
    assert only(after, "ResNet").paper_key == "arxiv:1512.03385"
    assert plan_moves(after, store) == []


def test_a_linked_note_already_annotated_is_not_a_target(root: Path, store: AnnotationStore) -> None:
    before = scan(root, use_cache=False)
    annotate(store, before, "ResNet", "residual learning")
    store.add_tag("arxiv:1512.03385", "from-another-note")
    write(root, "resnet.md", RESNET.replace("# ResNet\n", "# ResNet\n\n[paper](https://arxiv.org/abs/1512.03385)\n"))
    after = scan(root, use_cache=False)
    assert only(after, "ResNet").paper_key == "arxiv:1512.03385"
    assert plan_moves(after, store) == []


def test_the_rekey_step_loads_rapidfuzz_only_for_a_typo_check():
    import subprocess
    import sys

    code = "import sys, paperdesk.query.rekey; print('rapidfuzz' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "False"   # every scan runs the step; most never compare two titles
