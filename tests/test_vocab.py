"""The shared vocabularies: statuses, change kinds, palette, themes and effective tags."""

from __future__ import annotations

import json
from dataclasses import dataclass

from paperdesk import vocab
from paperdesk.vocab import (
    COLOR_NAMES,
    PALETTE_COLORS,
    STATUSES,
    ChangeKind,
    Status,
    Theme,
    effective_tags,
)


def test_statuses_are_strings_in_reading_order() -> None:
    assert STATUSES == ("unread", "reading", "read")
    assert Status("read") is Status.READ
    assert json.dumps({"s": Status.READING}) == '{"s": "reading"}'
    assert {"unread"} & {Status.UNREAD} == {"unread"}   # hashes as the plain string


def test_status_cycle_wraps_around() -> None:
    assert [s.next() for s in STATUSES] == [Status.READING, Status.READ, Status.UNREAD]


def test_change_kinds_cover_what_the_store_sends() -> None:
    assert {k.value for k in ChangeKind} == {"status", "tags", "highlight", "palette", "search", "setting", "reload",
                                             "access"}


def test_palette_has_a_name_and_a_meaning_per_colour() -> None:
    assert len(PALETTE_COLORS) == len(COLOR_NAMES) == len(vocab.DEFAULT_MEANINGS) == 5
    assert vocab.default_palette()[0] == (PALETTE_COLORS[0], "")
    assert vocab.color_name(1) == "green"
    assert vocab.color_name(7) == "colour 7"
    assert vocab.color_name(-1) == "colour -1"


def test_themes() -> None:
    assert vocab.THEMES == (Theme.AUTO, Theme.LIGHT, Theme.DARK)
    assert "dark" in vocab.THEMES


@dataclass
class _Entry:
    paper_key: str
    note_tags: tuple[str, ...]


class _Store:
    def __init__(self, tags: dict[str, list[str]]) -> None:
        self._tags = tags

    def tags(self, paper_key: str) -> list[str]:
        return list(self._tags.get(paper_key, []))


def test_effective_tags_puts_user_tags_first_and_drops_case_duplicates() -> None:
    entry = _Entry("k", ("GAN", "segmentation"))
    assert effective_tags(entry, _Store({"k": ["gan", "mine"]})) == ("gan", "mine", "segmentation")


def test_effective_tags_without_a_store_are_the_notes_own() -> None:
    assert effective_tags(_Entry("k", ("a", "b")), None) == ("a", "b")
    assert effective_tags(_Entry("k", ()), _Store({})) == ()
