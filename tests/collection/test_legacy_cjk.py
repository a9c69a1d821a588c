"""A legacy CJK reading needs varied characters: one byte pair repeated is too little evidence."""

from __future__ import annotations

import pytest

from paperdesk.collection.decode import BinaryFile, decode_bytes
from paperdesk.collection.legacy_cjk import guess_cjk

FULLWIDTH_A = "Ａ".encode("shift_jis")    # b"\x82\x60": also "‚`" in cp1252


@pytest.mark.parametrize("data", [
    FULLWIDTH_A * 1000,
    b"# t\n" + FULLWIDTH_A * 50,
    "ＡＢＣ".encode("shift_jis") * 300,
    FULLWIDTH_A * 3,
    "中".encode("gbk") * 400,
    "가".encode("euc_kr") * 400,
])
def test_a_repeated_pair_is_no_cjk_reading(data: bytes) -> None:
    assert guess_cjk(data) is None
    try:
        _text, notes = decode_bytes(data)
    except BinaryFile:
        return     # refused as not text: also no guess
    assert not any("Shift_JIS" in message or "GB" in message or "EUC" in message for _k, _l, message in notes)


@pytest.mark.parametrize(("text", "encoding", "name"), [
    ("# 日本\n", "shift_jis", "Shift_JIS"),                       # two different characters, both plausible
    ("日本語のノート", "shift_jis", "Shift_JIS"),
    ("# 注意力\n\n模型很好。\n", "gbk", "GB18030 (GBK)"),
    ("# 주의 메커니즘\n\n좋은 논문이다.\n", "euc_kr", "EUC-KR"),
    ("注意力機制，" * 200, "big5", "Big5"),                       # repeated, but a phrase of six characters
])
def test_short_and_repetitive_real_notes_still_decode(text: str, encoding: str, name: str) -> None:
    assert guess_cjk(text.encode(encoding)) is not None
    decoded, notes = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert notes == [("encoding", None, f"not UTF-8; decoded as {name}")]
