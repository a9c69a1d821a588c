"""YAML front matter written with PyYAML's safe dumper: always valid, one line per scalar."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents block lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # Control characters other than tab/newline make YAML invalid or unreadable.
        return "".join(c for c in value if c in "\t\n" or (ord(c) >= 32 and ord(c) != 0x7F))
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    return value


def front_matter(data: dict[str, Any]) -> str:
    """A `---` delimited YAML block (keys in the given order, Unicode kept, no line wrapping)."""
    body = yaml.dump(
        _clean(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
        default_flow_style=False, width=1_000_000,
    )
    return f"---\n{body}---\n"
