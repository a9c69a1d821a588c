"""Helpers for render tests: small collections built on disk from Markdown snippets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.collection.model import Collection, Entry, ImageRef


def make_entry(body: str, *, source: str = "notes.md", entry_id: str = "e1", first_line: int = 1,
               images: tuple[ImageRef, ...] = (), title: str = "A paper") -> Entry:
    """Return an Entry holding `body` (metadata fields filled with plain defaults)."""
    return Entry(
        id=entry_id, title=title, category="Uncategorised", year=2022, year_source="heading",
        paper_key=f"file:{source}#{entry_id}", source=source,
        lines=(first_line, first_line + body.count("\n")), body=body, links=(), short_name=None,
        venue=None, note_tags=(), images=images,
    )


@pytest.fixture
def collection_of(tmp_path: Path) -> Callable[..., Collection]:
    """Build a Collection under tmp_path: files {relpath: text}, entries from `make_entry`."""

    def build(entries: list[Entry], files: dict[str, str | bytes] | None = None) -> Collection:
        for rel, content in (files or {}).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        notes = sorted({e.source for e in entries} | {r for r in (files or {}) if r.endswith(".md")})
        return Collection(root=tmp_path, files=notes, entries=list(entries), warnings=[])

    return build


@pytest.fixture
def render_md(collection_of: Callable[..., Collection]) -> Callable[..., object]:
    """Render one Markdown snippet as a single-entry collection; returns the RenderedEntry."""
    from paperdesk.render import render_entry

    def go(body: str, *, files: dict[str, str | bytes] | None = None, allow_remote: bool = False,
           images: tuple[ImageRef, ...] = (), time_limit: float | None = None):
        entry = make_entry(body, images=images)
        limit = {} if time_limit is None else {"time_limit": time_limit}
        return render_entry(entry, collection_of([entry], files), allow_remote=allow_remote, **limit)

    return go


@pytest.fixture
def entry_maker() -> Callable[..., Entry]:
    """The `make_entry` helper, as a fixture."""
    return make_entry
