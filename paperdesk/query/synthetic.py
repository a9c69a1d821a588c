"""Deterministic synthetic entries and a read-only in-memory annotation source, for benchmarks and tests."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from paperdesk.store.model import PALETTE_COLORS

_WORDS_TEXT = (
    "diffusion model policy reward agent transformer attention language vision robot grasp "
    "latent flow sampling score noise denoising planning offline online dataset benchmark "
    "contrastive embedding retrieval token image video segmentation detection depth pose "
    "graph kernel gradient variance bound convergence optimal control dynamics world "
    "preference alignment instruction reasoning chain thought memory search tree value"
)
WORDS = tuple(_WORDS_TEXT.split())
CATEGORIES = ("LLM", "Video", "Reinforcement Learning", "Low-level Vision", "Flow Model", "Robotics")
VENUES = ("NeurIPS", "ICML", "ICLR", "CoRL", "CVPR", None)
TAGS = ("rl", "diffusion", "to-reread", "important", "theory", "survey", "code")


@dataclass(frozen=True)
class SyntheticEntry:
    """The attributes of collection.Entry that the query and export layers read."""

    id: str
    title: str
    category: str
    year: int | None
    paper_key: str
    body: str
    short_name: str | None = None
    venue: str | None = None
    note_tags: tuple[str, ...] = ()
    source: str = "synthetic.md"
    lines: tuple[int, int] = (1, 1)
    links: tuple[str, ...] = ()
    images: tuple = ()
    year_source: str = "heading"


@dataclass(frozen=True)
class SyntheticHighlight:
    """The attributes of store.Highlight that the query layer reads."""

    id: str
    entry_id: str
    quote: str
    note: str = ""
    color: int = 0
    orphan: bool = False


@dataclass
class MemoryAnnotations:
    """Read-only annotation source with the reading half of AnnotationStore's API."""

    statuses: dict[str, str] = field(default_factory=dict)
    tag_map: dict[str, list[str]] = field(default_factory=dict)
    highlight_map: dict[str, list[SyntheticHighlight]] = field(default_factory=dict)
    meanings: list[str] = field(default_factory=lambda: [""] * len(PALETTE_COLORS))

    def palette(self) -> list[tuple[str, str]]:
        """The five (colour hex, meaning) pairs of the highlight palette."""
        return list(zip(PALETTE_COLORS, self.meanings, strict=True))

    def set_palette_meaning(self, index: int, meaning: str) -> None:
        """Name what palette colour `index` (0-4) means."""
        self.meanings[index] = meaning

    def status(self, paper_key: str) -> str:
        """Reading status of a paper ("unread" by default)."""
        return self.statuses.get(paper_key, "unread")

    def tags(self, paper_key: str) -> list[str]:
        """Tags of a paper."""
        return list(self.tag_map.get(paper_key, ()))

    def tag_color(self, tag: str) -> str | None:
        """The colour given to a tag: none here."""
        return None

    def highlights(self, entry_id: str) -> list[SyntheticHighlight]:
        """Highlights of one entry."""
        return list(self.highlight_map.get(entry_id, ()))

    def all_highlights(self) -> list[SyntheticHighlight]:
        """Every highlight."""
        return [h for hls in self.highlight_map.values() for h in hls]


def synthetic_collection(count: int, seed: int = 7) -> tuple[list[SyntheticEntry], MemoryAnnotations]:
    """Build `count` entries (~1,200-char bodies, like the seed notes) plus tags, statuses and highlights for a third of them."""
    rng = random.Random(seed)
    entries: list[SyntheticEntry] = []
    notes = MemoryAnnotations()
    for i in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
        body_lines = [f"## {title}"]
        for _ in range(rng.randint(5, 16)):
            body_lines.append("* " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))))
        venue = rng.choice(VENUES)
        year = rng.choice((None, *range(2012, 2026)))
        entry = SyntheticEntry(
            id=f"e{i:06d}",
            title=title,
            category=rng.choice(CATEGORIES),
            year=year,
            paper_key=f"arxiv:{2000 + i % 500}.{i:05d}",
            body="\n".join(body_lines),
            short_name=title.split()[0].upper()[:6] if rng.random() < 0.3 else None,
            venue=f"{venue} {year}" if venue and year else None,
        )
        entries.append(entry)
        if rng.random() < 0.5:
            notes.statuses[entry.paper_key] = rng.choice(("reading", "read"))
        if rng.random() < 0.4:
            notes.tag_map[entry.paper_key] = rng.sample(TAGS, rng.randint(1, 3))
        if rng.random() < 0.3:
            words = entry.body.split()
            notes.highlight_map[entry.id] = [
                SyntheticHighlight(
                    id=f"h{i}-{k}", entry_id=entry.id,
                    quote=" ".join(words[5 + k: 9 + k]),
                    note=rng.choice(("", "", "check the proof", "compare with baseline")),
                    color=rng.randint(0, 4), orphan=rng.random() < 0.05,
                )
                for k in range(rng.randint(1, 4))
            ]
    return entries, notes
