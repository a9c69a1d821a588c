"""Reads an image's pixel size from its header (PNG, GIF, JPEG, WebP, SVG) so the page does not jump."""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path

_HEAD = 64 * 1024
_SVG_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px)?\s*$")


def _jpeg(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    return None


def _svg(data: bytes) -> tuple[int, int] | None:
    text = data.decode("utf-8", "replace")
    tag = re.search(r"<svg\b[^>]*>", text, re.IGNORECASE | re.DOTALL)
    if not tag:
        return None
    attrs = dict(re.findall(r'([\w:-]+)\s*=\s*["\']([^"\']*)["\']', tag.group(0)))
    w, h = attrs.get("width", ""), attrs.get("height", "")
    mw, mh = _SVG_LENGTH.match(w), _SVG_LENGTH.match(h)
    if mw and mh:
        return round(float(mw.group(1))), round(float(mh.group(1)))
    box = attrs.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            return None
    return None


def size_of(data: bytes) -> tuple[int, int] | None:
    """Return (width, height) read from the start of an image file, or None when unknown."""
    size: tuple[int, int] | None = None
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            size = struct.unpack(">II", data[16:24])
        elif data[:6] in (b"GIF87a", b"GIF89a"):
            size = struct.unpack("<HH", data[6:10])
        elif data.startswith(b"\xff\xd8"):
            size = _jpeg(data)
        elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            chunk = data[12:16]
            if chunk == b"VP8X":
                size = (1 + int.from_bytes(data[24:27], "little"), 1 + int.from_bytes(data[27:30], "little"))
            elif chunk == b"VP8 ":
                w, h = struct.unpack("<HH", data[26:30])
                size = (w & 0x3FFF, h & 0x3FFF)
            elif chunk == b"VP8L":
                bits = int.from_bytes(data[21:25], "little")
                size = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        elif b"<svg" in data[:_HEAD].lower():
            size = _svg(data)
    except (struct.error, IndexError):
        return None
    if size and 0 < size[0] < 100_000 and 0 < size[1] < 100_000:
        return int(size[0]), int(size[1])
    return None


@lru_cache(maxsize=2048)
def _cached(path: str, _mtime_ns: int, _length: int) -> tuple[int, int] | None:
    try:
        with open(path, "rb") as handle:
            return size_of(handle.read(_HEAD))
    except OSError:
        return None


def image_size(path: Path) -> tuple[int, int] | None:
    """Return the (width, height) of the image file at `path`, cached by modification time."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached(str(path), stat.st_mtime_ns, stat.st_size)
