"""Fake entries and a fake annotation store for the navigator tests (plain Python, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FakeEntry:
    id: str
    title: str
    category: str
    year: int | None
    paper_key: str
    source: str = "notes.md"
    venue: str | None = None
    note_tags: tuple[str, ...] = ()
    noted: str | None = None
    kind: str = "paper"


@dataclass(frozen=True)
class FakeHighlight:
    entry_id: str


class FakeStore:
    def __init__(self) -> None:
        self.statuses: dict[str, str] = {}
        self.tag_map: dict[str, list[str]] = {}
        self.marks: list[FakeHighlight] = []

    def status(self, key: str) -> str:
        return self.statuses.get(key, "unread")

    def tags(self, key: str) -> list[str]:
        return list(self.tag_map.get(key, []))

    def all_highlights(self) -> list[FakeHighlight]:
        return list(self.marks)

    def tag_color(self, tag: str) -> str | None:
        return "#ff0000" if tag == "rl" else None


ENTRIES = [
    FakeEntry("a", "Attention", "LLM", 2017, "k:a"),
    FakeEntry("b", "BERT", "LLM", 2018, "k:b"),
    FakeEntry("c", "CLIP", "Vision", 2021, "k:c"),
    FakeEntry("d", "DDPM", "Generative", 2020, "k:d"),
    FakeEntry("e", "Undated essay", "Vision", None, "k:e"),
    FakeEntry("f", "Another LLM", "LLM", 2018, "k:f"),
]
