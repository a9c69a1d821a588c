"""YAML front matter written with PyYAML's safe dumper: always valid, one line per scalar."""

from __future__ import annotations

import re
from typing import Any

import yaml

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def writable(text: str) -> str:
    """`text` with each lone surrogate (an undecodable byte of a file name, kept by Python's
    surrogateescape) as U+FFFD: everything the export writes is valid UTF-8."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents block lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # Control characters other than tab/newline make YAML invalid or unreadable.
        return writable(_CONTROL.sub("", value))
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    return value


# libyaml's emitter when present (about 20x faster on big exports); lists are then written
# without indentation under their key, which is the same YAML.
_FAST = type("_FastDumper", (yaml.CSafeDumper,), {}) if hasattr(yaml, "CSafeDumper") else None


def _represent_str(dumper: Any, value: str) -> Any:
    # Strings holding an apostrophe are double-quoted: single quotes would double it ('Don''t'),
    # which simple front-matter readers (paperdesk's importer among them) show as written.
    style = '"' if "'" in value and '"' not in value and "\\" not in value and "\n" not in value else None
    if _LINE_BREAK.search(value):
        style = '"'   # escaped on one line: no line of the value can close the block (`---`)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


for _dumper in (_Dumper, _FAST):
    if _dumper is not None:
        _dumper.add_representer(str, _represent_str)


def front_matter(data: dict[str, Any]) -> str:
    """A `---` delimited YAML block (keys in the given order, Unicode kept, no line wrapping)."""
    body = yaml.dump(
        _clean(data), Dumper=_FAST or _Dumper, sort_keys=False, allow_unicode=True,
        default_flow_style=False, width=1_000_000,
    )
    return f"---\n{body}---\n"
