"""The pieces of Markdown that Jekyll/Hugo syntax becomes: code fences, figures, callouts, dimmed chips."""

from __future__ import annotations

import html
import re

_LANGUAGE = re.compile(r"[\w+#.-]{1,40}")
_MARKDOWN_PUNCT = frozenset("!\"#$%'()*+,-./:;=?@[\\]^_`{|}~")
OMITTED_CLASS = "template-omitted"
FIGURE_CLASS = "template-figure"
_ATTR = re.compile(r"""(?:([A-Za-z_][\w-]*)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'`=]+))""")


def parse_args(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named arguments of a shortcode or Liquid tag (`go "linenos=table"`, `src="x" alt=y`)."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for m in _ATTR.finditer(text):
        value = next((g for g in m.group(2, 3, 4, 5) if g is not None), "")
        if m.group(2) is not None:
            value = value.replace('\\"', '"')
        if m.group(1):
            named.setdefault(m.group(1).lower(), value)
        else:
            positional.append(value)
    return positional, named


def md_literal(text: str) -> str:
    """`text` written so Markdown shows it exactly (HTML specials as entities, punctuation escaped)."""
    out = []
    for ch in text:
        if ch in "&<>":
            out.append(html.escape(ch))
        elif ch in _MARKDOWN_PUNCT:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def chip(text: str, why: str) -> str:
    """The dimmed inline placeholder (HTML, not Markdown) for something the reader cannot show (`youtube abc123`)."""
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 80 else shown[:79] + "…"
    return f'<span class="{OMITTED_CLASS}" title="{html.escape(why)}">{html.escape(shown, quote=False)}</span>'


def _block(lines: list[str], indent: str) -> str:
    return "\n".join(indent + line if line else "" for line in lines)


def code_fence(code: str, language: str, line_numbers: bool, indent: str = "") -> str:
    """A fenced code block holding `code` exactly (the fence longer than any backtick run inside)."""
    longest = max((len(m.group(0)) for m in re.finditer(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    language = language if _LANGUAGE.fullmatch(language or "") else ""
    info = language + (' linenums="1"' if line_numbers else "")
    code = code[1:] if code.startswith("\n") else code.removeprefix("\r\n")
    code = code.rstrip(" \t")
    code = code[:-1] if code.endswith("\n") else code
    code_lines = [line[len(indent):] if line.startswith(indent) else line for line in code.split("\n")]
    return _block([fence + info, *code_lines, fence], indent)


def figure(src: str, alt: str, caption: str, title: str, block: bool) -> str:
    """An image with its caption as HTML, not Markdown (the sanitiser and the image resolver still see it)."""
    e = html.escape
    attrs = f'src="{e(src)}" alt="{e(alt or caption)}"' + (f' title="{e(title)}"' if title else "")
    shown = caption or title
    if not block:
        return f"<img {attrs}>" + (f" <em>{e(' '.join(caption.split()), quote=False)}</em>" if caption else "")
    figcaption = f"<figcaption>{e(' '.join(shown.split()))}</figcaption>" if shown else ""
    return f'<figure class="{FIGURE_CLASS}"><img {attrs}>{figcaption}</figure>'


def callout(kind: str, title: str, foldable: str, content: str, indent: str = "") -> str:
    """Obsidian callout Markdown (`> [!kind]- Title` and the content quoted), read by render/callouts.py."""
    kind = kind if re.fullmatch(r"[A-Za-z][\w-]{0,30}", kind or "") else "note"
    head = f"[!{kind}]{foldable}" + (f" {md_literal(' '.join(title.split()))}" if title.strip() else "")
    lines = content.strip("\n").split("\n")
    quoted = [head] + [(line[len(indent):] if line.startswith(indent) else line) for line in lines]
    return "\n".join(indent + ("> " + line if line.strip() else ">") for line in quoted)
