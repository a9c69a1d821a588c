"""The scanner's decoding shortcut gives exactly what decode_bytes gives, or defers to it."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.collection.decode import BinaryFile, decode_bytes, decode_text


def _both(data: bytes) -> tuple[object, object]:
    out = []
    for fn in (decode_bytes, decode_text):
        try:
            out.append(fn(data))
        except BinaryFile:
            out.append("binary")
    return out[0], out[1]


CASES = [
    b"", b"# Title\n\nplain ascii\n", "caf\u00e9 na\u00efve \u00d7 \u2019quotes\u2019 \u4e2d\u6587".encode(),
    b"line\r\nwindows\r\n", b"old mac\rline", "1\u00c3\u0097 mojibake".encode(), b"\xef\xbb\xbfBOM text",
    "utf16".encode("utf-16"), b"%PDF-1.4 binary", b"\x89PNG\r\n", b"a\x00b", b"\x01\x02\x03\x04\x05\x06 text",
    b"ctrl \x07 once", b"bad utf8 \xff\xfe here", "caf\u00e9".encode("cp1252"), codecs.BOM_UTF8 + b"\xff",
    b"\x1b[31mcolour\x1b[0m", b"x" * 9000 + b"\x01" * 10,
]


@pytest.mark.parametrize("data", CASES)
def test_shortcut_agrees_with_decode_bytes(data: bytes) -> None:
    expected, got = _both(data)
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_shortcut_agrees_on_any_bytes(data: bytes) -> None:
    expected, got = _both(data)
    assert got == expected
