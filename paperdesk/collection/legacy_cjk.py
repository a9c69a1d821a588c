"""Recognise a note saved in a legacy Korean, Chinese or Japanese encoding (EUC-KR/CP949, GBK/GB18030,
Big5, Shift_JIS, EUC-JP) by decoding it strictly and judging the characters each reading gives."""

from __future__ import annotations

SAMPLE_BYTES = 65536
MIN_SHARE = 0.9  # of the non-ASCII characters of the sample, how many must be plausible
MIN_CHARS = 2
MIN_DISTINCT = 4  # different plausible characters a reading needs (half its wide characters, when fewer)

_PUNCT = ((0x3000, 0x303F), (0xFF01, 0xFF5E), (0x2010, 0x2027), (0x00B7, 0x00B7))
_KANA = ((0x3040, 0x30FF),)
_HAN = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))
_HANGUL = ((0xAC00, 0xD7A3),)


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def _chinese_simplified(ch: str) -> bool:
    """A character of GB2312 (the common simplified set), kana excepted: a mis-read of other bytes
    as GBK lands in its extension rows instead."""
    code = ord(ch)
    if _within(code, _KANA):
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return _within(code, _HAN + _PUNCT)


def _chinese_traditional(ch: str) -> bool:
    """A Han character or CJK punctuation (no kana, no half-width forms)."""
    return _within(ord(ch), _HAN + _PUNCT)


def _japanese(ch: str) -> bool:
    """Kana, a Han character or CJK punctuation; half-width katakana (what Chinese bytes read as
    Shift_JIS give) are not counted."""
    return _within(ord(ch), _KANA + _HAN + _PUNCT)


def _korean(ch: str) -> bool:
    """A Hangul syllable or CJK punctuation; Hanja are not counted: Chinese GB2312 bytes read as
    EUC-KR give Hangul for about half their characters and Hanja for the rest."""
    return _within(ord(ch), _HANGUL + _PUNCT)


# Tried in this order; EUC-KR comes first because Korean bytes are also valid GB2312 (Hangul rows
# are Han rows there), while Chinese, Japanese and Western bytes fail the strict EUC-KR decode or
# give too few Hangul syllables. CP949 (EUC-KR plus the rarer syllables) comes last: its wider
# byte ranges also decode Shift_JIS kana as Hangul.; the first reading whose characters are plausible wins.
_CANDIDATES = (
    ("euc_kr", "EUC-KR", _korean),
    ("gb18030", "GB18030 (GBK)", _chinese_simplified),
    ("euc_jp", "EUC-JP", _japanese),
    ("shift_jis", "Shift_JIS", _japanese),
    ("big5", "Big5", _chinese_traditional),
    ("cp949", "CP949 (Korean)", _korean),
)


def _sample(data: bytes) -> bytes:
    """The first SAMPLE_BYTES of data, cut after its last line break so no character is split."""
    if len(data) <= SAMPLE_BYTES:
        return data
    head = data[:SAMPLE_BYTES]
    cut = head.rfind(b"\n")
    return head[: cut + 1] if cut > 0 else head


def guess_cjk(data: bytes) -> tuple[str, str] | None:
    """Return (codec, name shown to the user) of the legacy CJK encoding the bytes are in, or None.

    A reading counts when the sample decodes strictly and at least MIN_SHARE of its non-ASCII
    characters are plausible for that language, and they are varied enough to be evidence
    (MIN_DISTINCT different ones, or half as many as there are when fewer: one byte pair
    repeated is one character however often it occurs); Western single-byte text fails the
    strict decode (an accented letter before a space or a line break is no valid double-byte
    character) or gives implausible characters."""
    sample = _sample(data)
    for codec, name, plausible in _CANDIDATES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = [ch for ch in text if ord(ch) >= 0x80]
        if len(wide) < MIN_CHARS:
            continue
        good = [ch for ch in wide if plausible(ch)]
        if len(good) >= MIN_SHARE * len(wide) and len(set(good)) >= min(MIN_DISTINCT, (len(wide) + 1) // 2):
            return codec, name
    return None
