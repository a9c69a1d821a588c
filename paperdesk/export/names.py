"""Safe, deterministic file and folder names for exported notes, and Markdown-safe relative URLs."""

from __future__ import annotations

import re
import unicodedata

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
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
    slug = slug.strip("-")
    return slug or "entry"


def folder_name(category: str, max_len: int = 60) -> str:
    """A readable folder name for a category: unsafe characters replaced, never hidden or reserved."""
    name = unicodedata.normalize("NFKC", category)
    name = _FOLDER_BAD.sub("-", name)
    name = " ".join(name.split())
    name = name[:max_len].strip(" .-")
    if not name:
        name = "Uncategorised"
    if name.casefold() in _WINDOWS_RESERVED or name.casefold() in _RESERVED_TOP:
        name += "-notes"
    return name


def url_path(path: str) -> str:
    """A relative path usable as a Markdown link destination (spaces, parentheses... escaped)."""
    out = []
    for ch in path:
        if ch in " ()<>%\"'[]\\#?" or ord(ch) < 32 or ch == "\x7f":
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)
