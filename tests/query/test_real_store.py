"""SearchIndex over a real scanned collection and a real AnnotationStore."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan
from paperdesk.query import SearchIndex
from paperdesk.store import AnnotationStore

NOTES = """# Generative

## Denoising Diffusion Probabilistic Models

**Link**: https://arxiv.org/abs/2006.11239

A noising process reversed step by step.

## Decision Transformer: Reinforcement Learning via Sequence Modeling

**Link**: https://arxiv.org/abs/2106.01345

Return-conditioned sequence modelling; NeurIPS 2021.
"""


def test_filter_follows_store_changes(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "n.md").write_text(NOTES, encoding="utf-8")
    collection = scan(root, use_cache=False)
    ddpm, dt = collection.entries
    with AnnotationStore.open(tmp_path / "store.json") as store:
        index = SearchIndex(collection.entries, store)
        assert index.filter("year:2020..2021") == [ddpm.id, dt.id]
        assert index.filter("year:2021 sequence") == [dt.id]
        changed: list[tuple[str, str]] = []
        store.subscribe(lambda kind, key: changed.append((kind, key)))
        store.add_tag(dt.paper_key, "RL")
        store.set_status(ddpm.paper_key, "read")
        store.add_highlight(ddpm.id, ddpm.paper_key, "A noising process reversed step by step.", 2, 17,
                            note="forward then backward")
        index.refresh_annotations({key for _kind, key in changed})
        assert index.filter("tag:rl") == [dt.id]
        assert index.filter("status:read") == [ddpm.id]
        assert index.filter("-status:read") == [dt.id]
        assert index.filter("has:notes backward") == [ddpm.id]
        assert index.filter('"noising process" has:highlights') == [ddpm.id]


def test_color_field_with_a_real_store(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "n.md").write_text(NOTES, encoding="utf-8")
    collection = scan(root, use_cache=False)
    ddpm, dt = collection.entries
    with AnnotationStore.open(tmp_path / "store.json") as store:
        store.add_highlight(ddpm.id, ddpm.paper_key, "A noising process reversed step by step.", 2, 9, color=3)
        store.add_highlight(dt.id, dt.paper_key, "Return-conditioned sequence modelling", 0, 6, color=1)
        index = SearchIndex(collection.entries, store)
        assert index.filter("color:4") == [ddpm.id]
        assert index.filter("colour:green") == [dt.id]
        assert index.parse("color:question").problems
        store.set_palette_meaning(3, "Question")
        index.refresh_annotations(set())
        assert index.filter("color:QUEST") == [ddpm.id]
        assert index.filter("-color:question") == [dt.id]
        assert index.parse("color:question").problems == ()
