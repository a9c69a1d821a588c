"""Bytes of a note file to text: BOMs, UTF-16, legacy CJK encodings, cp1252/latin-1 fallback, binary
detection, mojibake repair."""

from __future__ import annotations

import codecs
import re

from paperdesk.collection.legacy_cjk import guess_cjk

# A UTF-8 lead byte read as latin-1/cp1252, followed by a continuation byte read the same way:
# the signature of UTF-8 text that was decoded with the wrong codec ("1Ã—1", "â€™").
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u203a\u20ac\u2122]"
)
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\x1f\x8b")
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_WHITESPACE = re.compile(rb"[\t\n\r ]")


class BinaryFile(Exception):
    """Raised when the bytes do not look like text."""


def _looks_utf16(sample: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the pattern of NUL bytes in ASCII-heavy text."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _not_text(sample: bytes) -> bool:
    """Bytes that are not UTF-8 (over 5% invalid) and hold almost no spaces or line breaks, which
    text in any single-byte encoding has (random, compressed or encrypted data)."""
    if len(sample) < 64:
        return False
    invalid = sample.decode("utf-8", errors="replace").count("\ufffd")
    return invalid * 20 > len(sample) and len(_WHITESPACE.findall(sample)) * 100 < len(sample)


def decode_bytes(data: bytes) -> tuple[str, list[tuple[str, int | None, str]]]:
    """Decode a note file; returns (text with \\n newlines, warnings as (kind, line, message)).

    Raises BinaryFile when the data is not text.
    """
    notes: list[tuple[str, int | None, str]] = []
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
        if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
            notes.append(("encoding", None, "invalid UTF-8 bytes were replaced"))
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(data) % 4 == 0:
        text = data.decode("utf-32", errors="replace")
        notes.append(("encoding", None, "decoded as UTF-32"))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        notes.append(("encoding", None, "decoded as UTF-16"))
    else:
        sample = data[:8192]
        if sample.startswith(_BINARY_MAGIC):
            raise BinaryFile("binary file signature")
        if b"\x00" in sample:
            guess = _looks_utf16(sample)
            if guess:
                text = data.decode(guess, errors="replace")
                notes.append(("encoding", None, f"decoded as {guess.upper()} without a byte order mark"))
            elif sample.count(0) > max(1, len(sample) // 100):
                raise BinaryFile("contains NUL bytes")
        if text is None and len(_CONTROL.findall(sample)) > max(4, len(sample) // 20):
            raise BinaryFile("mostly control characters")
        if text is None and _not_text(sample) and guess_cjk(data) is None:
            raise BinaryFile("not text in UTF-8 or a Western single-byte encoding")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            loose = data.decode("utf-8", errors="replace")
            bad = loose.count("\ufffd")
            high = sum(1 for b in data[:200000] if b >= 0x80) or 1
            if bad * 4 < high and bad < 64:
                text = loose
                notes.append(("encoding", None, f"{bad} invalid UTF-8 byte sequence(s) replaced"))
            elif (cjk := guess_cjk(data)) is not None:
                text = data.decode(cjk[0], errors="replace")
                notes.append(("encoding", None, f"not UTF-8; decoded as {cjk[1]}"))
            else:
                try:
                    text = data.decode("cp1252")
                    notes.append(("encoding", None, "not UTF-8; decoded as cp1252"))
                except UnicodeDecodeError:
                    text = data.decode("latin-1")
                    notes.append(("encoding", None, "not UTF-8; decoded as latin-1"))
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
        notes.append(("encoding", None, "NUL characters replaced"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _MOJIBAKE.search(text):
        text = _repair_mojibake(text, notes)
    return text, notes


def _repair_mojibake(text: str, notes: list[tuple[str, int | None, str]]) -> str:
    """Repair mis-decoded lines with ftfy (encoding fixes only), reporting the first repaired line."""
    import ftfy  # only for text that looks mis-decoded: it costs ~0.1 s to import

    lines = text.split("\n")
    first: int | None = None
    count = 0
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            try:
                fixed = ftfy.fix_encoding(line)
            except Exception:  # ftfy must never make the scan fail
                continue
            if fixed != line and "\n" not in fixed:
                lines[i] = fixed
                count += 1
                if first is None:
                    first = i + 1
    if count:
        notes.append(("mojibake", first, f"repaired mis-decoded text on {count} line(s) (ftfy)"))
        return "\n".join(lines)
    return text


SHORTCUT_MAX_BYTES = 1 << 20  # larger files always take decode_bytes (and whatever limits it applies)
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])  # the control characters below
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_text(data: bytes) -> tuple[str, list[tuple[str, int | None, str]]]:
    """`decode_bytes`, with an exact shortcut for the common file: UTF-8 without BOM, NUL, control
    characters or any byte that could start mojibake (0xC3). Everything else goes to decode_bytes."""
    if len(data) <= SHORTCUT_MAX_BYTES and b"\xc3" not in data and b"\x00" not in data and not data.startswith(_BOMS):
        sample = data[:8192]
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if controls <= max(4, len(sample) // 20) and not sample.startswith(_BINARY_MAGIC):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                return decode_bytes(data)
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            return text, []
    return decode_bytes(data)
