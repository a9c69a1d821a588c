"""Which East Asian scripts a text is written in, so the window can say when no installed font shows them."""

from __future__ import annotations

import re
from enum import StrEnum


class Script(StrEnum):
    """A script that Latin fonts do not cover and that a note may be written in."""

    HAN = "Chinese"       # Han characters (Chinese, and kanji/hanja in Japanese and Korean notes)
    KANA = "Japanese"     # hiragana and katakana
    HANGUL = "Korean"


_SCRIPTS = (
    (Script.KANA, re.compile("[\u3040-\u30ff\u31f0-\u31ff]")),
    (Script.HANGUL, re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")),
    (Script.HAN, re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
)
_ANY_WIDE = re.compile("[\u1100-\u11ff\u3040-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
SAMPLE = 20_000   # characters looked at: a note's script shows at its start


def scripts_in(text: str) -> set[Script]:
    """The East Asian scripts used in the start of `text` (empty for a note in Latin, Greek, Cyrillic...)."""
    sample = text[:SAMPLE]
    if not _ANY_WIDE.search(sample):   # the usual note: one pass, nothing found
        return set()
    return {script for script, pattern in _SCRIPTS if pattern.search(sample)}
