"""Front matter at the top of a note, YAML (Jekyll, Obsidian: `---`) or TOML (Hugo: `+++`), read with a
small tolerant parser for YAML and the standard library's tomllib for TOML (never raises)."""

from __future__ import annotations

import datetime
import re
import tomllib

MAX_FRONT_MATTER_LINES = 200
# keys (lower-cased) whose web address is the note's own paper, in order of trust
LINK_KEYS = ("link", "url", "paper", "arxiv", "pdf", "paper_url", "paperurl", "arxiv_url", "arxivurl", "sourceurl",
             "source_url", "doi")
ARXIV_KEYS = ("arxiv", "arxivid", "arxiv_id", "arxiv-id", "eprint")  # may hold a bare id ("2106.09685v2")
_BARE_ARXIV = re.compile(r"(?i)(?:arxiv:\s*)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7}(?:v\d+)?)")
_BARE_DOI = re.compile(r"(?i)(?:doi:\s*)?(10\.\d{4,9}/\S+)")


# YAML's escapes inside a double-quoted scalar (what PyYAML writes for line breaks and characters it
# may not print, as paperdesk's own export does); any other backslash is kept as written.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0abtnvfre \"/\\N_LP\t])")
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) > 1:
        point = int(code[1:], 16)
        return chr(point) if point <= 0x10FFFF else m.group(0)
    return _ESCAPED[code]


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        quote, value = value[0], value[1:-1]
        value = _ESCAPE.sub(_unescape, value) if quote == '"' else value.replace("''", "'")
    return value.strip()


def _value(raw: str) -> str | list[str]:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [_scalar(v) for v in raw[1:-1].split(",") if _scalar(v)]
    return _scalar(raw)


def front_matter_end(lines: list[str]) -> int:
    """Return the index of the closing `---` (YAML) or `+++` (TOML) of front matter starting on line 0,
    or -1 if there is none."""
    if not lines:
        return -1
    opener = lines[0].rstrip()
    closers = ("---", "...") if opener == "---" else ("+++",) if opener == "+++" else ()
    if not closers:
        return -1
    for i in range(1, min(len(lines), MAX_FRONT_MATTER_LINES)):
        stripped = lines[i].rstrip()
        if stripped in closers:
            return i
    return -1


def _toml_text(value: object) -> str | list[str] | None:
    """A TOML value as this module's values: text, or a list of texts; None for a table."""
    if isinstance(value, dict):
        return None
    if isinstance(value, list):
        return [_toml_scalar(v) for v in value if not isinstance(v, (dict, list))]
    return _toml_scalar(value)


def _toml_scalar(value: object) -> str:
    """A TOML scalar as written: dates in ISO form, booleans lower-case."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _parse_toml(lines: list[str]) -> dict[str, str | list[str]]:
    """The top-level keys of TOML front matter, read with the standard library's tomllib (tables are
    not the note's own and are left out); malformed TOML gives its top-level `key = value` lines."""
    try:
        parsed = tomllib.loads("\n".join(lines))
    except (tomllib.TOMLDecodeError, ValueError):
        data: dict[str, str | list[str]] = {}
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("["):
                break  # a [table] or [[array of tables]]: everything after it belongs to that table
            if stripped and not stripped.startswith("#") and "=" in stripped:
                key, _, raw = stripped.partition("=")
                if key := _scalar(key).lower():
                    data[key] = _value(raw)
        return data
    out: dict[str, str | list[str]] = {}
    for key, value in parsed.items():
        text = _toml_text(value)
        if text is not None:
            out[key.lower()] = text
    return out


def parse_front_matter(lines: list[str], end: int) -> dict[str, str | list[str]]:
    """Parse `key: value`, `key: [a, b]` and `- item` lists between line 1 and `end` (exclusive);
    in a `+++` block, TOML's top-level `key = value` lines."""
    if lines and lines[0].rstrip() == "+++":
        return _parse_toml(lines[1:end])
    data: dict[str, str | list[str]] = {}
    last_key: str | None = None
    text_key: str | None = None   # a key whose text goes on over the indented lines below it
    folded = False                # ... as a block scalar (`title: >-`), else as a plain scalar's continuation
    block: list[str] = []
    for line in lines[1:end]:
        if text_key is not None:
            stripped = line.strip()
            if line[:1].isspace() and stripped and (folded or not (
                    stripped.startswith(("- ", "#")) or ": " in stripped)):
                block.append(stripped)
                continue
            if folded and not stripped:
                continue  # a blank line inside a block scalar
            _join(data, text_key, block)
            text_key, block = None, []
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        stripped = line.strip()
        if stripped.startswith("- ") and last_key is not None:
            current = data.get(last_key)
            items = current if isinstance(current, list) else ([current] if current else [])
            items.append(_scalar(stripped[2:]))
            data[last_key] = items
            continue
        if ":" in line and not line[0].isspace():
            key, _, raw = line.partition(":")
            key = key.strip().lower()
            if key:
                raw = raw.strip()
                folded = bool(_BLOCK_SCALAR.fullmatch(raw))
                data[key] = "" if folded else _value(raw)
                text_key = key if folded or (raw and raw[0] not in "[{\"'") else None
                last_key = key
    if text_key is not None:
        _join(data, text_key, block)
    return data


# a YAML block scalar's indicator: `>`, `|`, with a chomping sign and/or an indentation digit
_BLOCK_SCALAR = re.compile(r"[>|](?:[+-]?\d?|\d[+-])")


def _join(data: dict[str, str | list[str]], key: str, block: list[str]) -> None:
    """A text value that goes on over indented lines, as one line."""
    if block:
        first = data.get(key)
        data[key] = _scalar(" ".join([first, *block] if isinstance(first, str) and first else block))


def as_list(value: str | list[str] | None) -> list[str]:
    """Return a front-matter value as a list (comma- or space-separated strings are split)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in value if v]
    sep = "," if "," in value else None
    return [v.strip() for v in value.split(sep) if v.strip()]


MAX_ALIASES = 20
MAX_ALIAS = 200


def front_matter_aliases(fm: dict[str, str | list[str]]) -> tuple[str, ...]:
    """A note's other names from its front matter (`aliases:` or `alias:`, a list or a
    comma-separated line), as Obsidian reads them: each alias is one name, spaces kept."""
    found: list[str] = []
    for key in ("aliases", "alias"):
        value = fm.get(key)
        items = value if isinstance(value, list) else value.split(",") if isinstance(value, str) else []
        for item in items:
            name = " ".join(item.split())[:MAX_ALIAS]
            if name and name not in found:
                found.append(name)
    return tuple(found[:MAX_ALIASES])


def bare_id_link(value: str) -> str | None:
    """The web address of a bare arXiv id ("2106.09685v2", "arXiv:1706.03762", "cs/0501001") or DOI
    ("10.1109/CVPR.2016.90", "doi:10.1/x") written alone, else None."""
    value = value.strip().strip("`*_ ")
    m = _BARE_ARXIV.fullmatch(value)
    if m:
        return f"https://arxiv.org/abs/{m.group(1)}"
    m = _BARE_DOI.fullmatch(value)
    return f"https://doi.org/{m.group(1)}" if m else None


def front_matter_link(fm: dict[str, str | list[str]]) -> str | None:
    """The note's own paper address from its front matter: a web link under a link key (`url:`,
    `sourceUrl:`, ...), else a bare arXiv id (`arxivId: "2106.09685"`) or DOI (`DOI: 10.1109/...`)
    written as their web address; None when there is none."""
    for key in LINK_KEYS:
        val = fm.get(key)
        if isinstance(val, str) and val[:8].lower().startswith(("http://", "https://")):
            return val
    for key in (*ARXIV_KEYS, "doi"):
        val = fm.get(key)
        link = bare_id_link(val) if isinstance(val, str) else None
        if link and (key == "doi") == ("doi.org" in link):
            return link
    return None
