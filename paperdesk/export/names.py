"""Safe, deterministic file and folder names for exported notes, and Markdown-safe relative URLs."""

from __future__ import annotations

import re
import unicodedata

# Device names Windows reserves, with any extension ("aux.txt", "CON.md") and in any case.
_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"]
    + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)
MAX_NAME_BYTES = 120     # per slug or folder name, in UTF-8: file systems allow 255
_RESERVED_TOP = frozenset({"assets", "index.md", ".paperdesk-export.json"})
_NOT_WORD = re.compile(r"[^\w]+")
_FOLDER_BAD = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*#^\[\]%]+')


def slugify(text: str, max_len: int = 60) -> str:
    """A lower-case, hyphenated slug that keeps letters of every script ("entry" when empty)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    slug = _NOT_WORD.sub("-", text).replace("_", "-")
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_len // 2:] else cut
    slug = _fit_bytes(slug.strip("-")).strip("-")
    return slug or "entry"


def _fit_bytes(name: str) -> str:
    """`name` cut to at most MAX_NAME_BYTES of UTF-8 (whole characters)."""
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name


def _invisible(ch: str) -> bool:
    """Controls, format characters (bidi overrides, zero-width) and other unprintables."""
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def is_reserved(name: str) -> bool:
    """True when Windows reserves `name` (a device name, alone or with any extension)."""
    return name.split(".", 1)[0].rstrip(" ").casefold() in _WINDOWS_RESERVED


def folder_name(category: str, max_len: int = 60) -> str:
    """A readable folder name for a category: unsafe characters replaced, never hidden or reserved."""
    name = unicodedata.normalize("NFKC", category)
    name = "".join("-" if _invisible(ch) else ch for ch in name)
    name = _FOLDER_BAD.sub("-", name)
    name = " ".join(name.split())
    name = _fit_bytes(name[:max_len]).strip(" .-")
    if not name:
        name = "Uncategorised"
    if name.casefold() in _RESERVED_TOP:
        name += "-notes"
    return _unreserved(name, "-notes")


def _unreserved(name: str, suffix: str) -> str:
    """`name` with `suffix` after its stem when Windows reserves it ("aux.txt" -> "aux-notes.txt")."""
    if not is_reserved(name):
        return name
    stem, dot, rest = name.partition(".")
    return f"{stem.rstrip(' ')}{suffix}{dot}{rest}"


_COMPONENT_BAD = re.compile(r'[<>:"\\|?*]')


def asset_path(relpath: str) -> str:
    """A collection file's path made valid on Windows, macOS and Linux, component by component."""
    parts = []
    for part in relpath.split("/"):
        part = "".join("-" if _invisible(ch) else ch for ch in unicodedata.normalize("NFC", part))
        part = _fit_bytes(_COMPONENT_BAD.sub("-", part)).rstrip(" .").lstrip(" ")
        if part in ("", ".", ".."):
            part = "-"
        parts.append(_unreserved(part, "-file"))
    return "/".join(parts)


def url_path(path: str) -> str:
    """A relative path usable as a Markdown link destination (spaces, parentheses... escaped)."""
    out = []
    for ch in path:
        if ch in " ()<>%\"'[]\\#?" or ord(ch) < 32 or ch == "\x7f":
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)
