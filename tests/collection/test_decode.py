"""Decoding note files: BOMs, UTF-16, cp1252, invalid UTF-8, NUL bytes, mojibake repair."""

from __future__ import annotations

import codecs

import pytest

from paperdesk.collection import scan
from paperdesk.collection.decode import BinaryFile, decode_bytes

TEXT = "# Café notes\n\n## Naïve Bayes – “quoted” ([link](https://arxiv.org/abs/1234.56789))\nbody\n"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (TEXT.encode("utf-8"), None),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), None),
        (TEXT.encode("utf-16"), "encoding"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "encoding"),
        (TEXT.encode("utf-16-le"), "encoding"),
        (TEXT.encode("cp1252"), "encoding"),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), None),
    ],
)
def test_encodings_decode_to_the_same_text(data: bytes, kind: str | None) -> None:
    text, notes = decode_bytes(data)
    assert text == TEXT
    assert [n[0] for n in notes] == ([kind] if kind else [])


def test_latin1_bytes_outside_cp1252() -> None:
    text, notes = decode_bytes(b"caf\xe9 \x81 x\n")
    assert text == "café \x81 x\n"
    assert notes[0][0] == "encoding"


def test_a_few_invalid_utf8_bytes_are_replaced_not_redecoded() -> None:
    data = ("日本語のテキスト " * 20).encode("utf-8") + b"\xff\n"
    text, notes = decode_bytes(data)
    assert text.startswith("日本語のテキスト") and "\ufffd" in text
    assert notes[0][0] == "encoding"


def test_mojibake_is_repaired_and_reported() -> None:
    text, notes = decode_bytes("# Notes\n\n## Glow: Invertible 1Ã—1 Convolutions\nitâ€™s fine\n".encode())
    assert text == "# Notes\n\n## Glow: Invertible 1×1 Convolutions\nit’s fine\n"
    assert notes == [("mojibake", 3, "repaired mis-decoded text on 2 line(s) (ftfy)")]


def test_legitimate_accents_are_not_touched() -> None:
    text, notes = decode_bytes("Über Ärger — São Paulo, Ångström, naïve\n".encode())
    assert text == "Über Ärger — São Paulo, Ångström, naïve\n" and notes == []


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(100), b"abc\x00\x00\x00\x00\x01\x02" * 50])
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryFile):
        decode_bytes(data)


def test_scan_reports_encodings_and_keeps_repaired_text(make_notes) -> None:
    root = make_notes({
        "a.md": TEXT.encode("utf-16"),
        "b.md": TEXT.encode("cp1252"),
        "c.md": "## Glow 1Ã—1 ([link](https://arxiv.org/abs/1807.03039))\n".encode(),
    })
    collection = scan(root)
    assert [e.title for e in collection.entries] == ["Naïve Bayes – “quoted”", "Naïve Bayes – “quoted”", "Glow 1×1"]
    kinds = {(w.source, w.kind) for w in collection.warnings}
    assert kinds == {("a.md", "encoding"), ("b.md", "encoding"), ("c.md", "mojibake")}
    assert collection.file_text("c.md").startswith("## Glow 1×1")


def test_random_bytes_named_md_are_binary() -> None:
    import random

    rng = random.Random(16)
    noise = bytes(rng.randrange(256) for _ in range(20_000))
    high_only = bytes(rng.randrange(128, 256) for _ in range(20_000))   # no NUL, no C0 control
    for data in (noise, high_only):
        with pytest.raises(BinaryFile):
            decode_bytes(data)


def test_cp1252_prose_with_smart_quotes_is_still_text() -> None:
    data = ("Caf\u00e9 na\u00efve \u2019quoted\u2019 \u2014 text\n" * 300).encode("cp1252")
    text, notes = decode_bytes(data)
    assert text.startswith("Caf\u00e9 na\u00efve \u2019quoted\u2019")
    assert notes == [("encoding", None, "not UTF-8; decoded as cp1252")]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, b""])
def test_odd_length_invalid_utf16_decodes_with_replacements(bom: bytes) -> None:
    body = "# A note in UTF-16\n\nsome words here\n" * 20
    data = bom + body.encode("utf-16-le") + b"\x00\xdc" + b"\x41"   # lone low surrogate, odd byte
    assert len(data) % 2 == 1
    text, notes = decode_bytes(data)
    assert text.startswith("# A note in UTF-16\n")
    assert "\ufffd" in text
    assert notes and notes[0][0] == "encoding"
