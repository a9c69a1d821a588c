"""Entry links (`paperdesk://entry?...`) to collections whose folder names are not plain ASCII or not UTF-8."""

from __future__ import annotations

import os
from pathlib import Path

from paperdesk.reading.deep_link import DeepLink, make_link, parse_link


def test_a_folder_name_that_is_not_utf8_round_trips() -> None:
    folder = Path(os.fsdecode(b"/data/notes-\xe9 #1"))    # Latin-1 e-acute: lone surrogates in Python
    link = make_link(DeepLink(folder, "abc123", "arxiv:1706.03762"))   # before: UnicodeEncodeError
    assert link.isascii() and "%E9" in link
    back = parse_link(link)
    assert back is not None and os.fsencode(back.collection) == b"/data/notes-\xe9 #1"
    assert (back.entry_id, back.paper_key) == ("abc123", "arxiv:1706.03762")


def test_a_utf8_folder_name_keeps_its_link() -> None:
    folder = Path("/data/注意力 notes")
    link = make_link(DeepLink(folder, "abc123"))
    assert "%E6%B3%A8" in link                               # the same text as before the change
    back = parse_link(link)
    assert back is not None and back.collection == folder and back.entry_id == "abc123"
