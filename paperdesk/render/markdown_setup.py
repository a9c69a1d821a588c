"""The configured Python-Markdown converter (pymdown-extensions, Pygments classes, toc anchors)."""

from __future__ import annotations

import contextlib
import importlib
import re
import unicodedata
from collections.abc import Mapping

import markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension

from paperdesk.render.math_source import TOKEN_RE

EXTENSIONS = [
    "tables", "footnotes", "sane_lists", "toc", "def_list", "abbr", "md_in_html",
    "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.tasklist",
    "pymdownx.mark", "pymdownx.tilde", "pymdownx.magiclink",
]


def extension_configs() -> dict[str, dict[str, object]]:
    """The extensions' settings (a fresh dict each time: Markdown keeps what it is given)."""
    return {
        "toc": {"marker": "", "slugify": slugify, "permalink": False},
        "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight", "guess_lang": False,
                               "pygments_lang_class": False},
        "pymdownx.tasklist": {"custom_checkbox": False},
        "pymdownx.magiclink": {"repo_url_shortener": False, "hide_protocol": False},
        "footnotes": {"BACKLINK_TITLE": "Back to the text"},
    }


def github_slug(text: str) -> str:
    """Return the anchor GitHub gives a heading: lower case, punctuation dropped, spaces to `-`."""
    kept = (ch for ch in text.strip().lower()
            if ch.isalnum() or ch in "-_ " or unicodedata.category(ch).startswith("M"))
    return "".join(kept).replace(" ", "-")


def slugify(value: str, separator: str) -> str:
    """Heading anchors as GitHub makes them (so links written for GitHub work), math placeholders ignored."""
    return github_slug(TOKEN_RE.sub("", value))


# Punctuation as CommonMark's flanking rules see it: ASCII, Latin-1, general and CJK/full-width marks.
_PUNCT = (r"!-/:-@\[-`{-~\u00a1-\u00bf\u2010-\u2027\u2030-\u205e\u3000-\u303f"
          r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65")
# `*` runs classified as CommonMark does (left-/right-flanking), so `A* search` or
# `ToolChain*: ...` stay literal while `**bold**text` and `中文**粗体**中文` still work.
_STAR_BOUNDARY = re.compile(
    rf"""(?P<ambiguous>(?<=[^\s*])(?:(?<=[{_PUNCT}])\*+(?!\*)(?=[{_PUNCT}])|(?<![{_PUNCT}])\*+(?!\*)(?=[^\s{_PUNCT}])))|"""
    rf"""(?P<end>(?<=[^\s*])(?:\*+(?!\*)(?![^\s{_PUNCT}])|(?<![{_PUNCT}])\*+(?!\*)))|"""
    rf"""(?P<start>(?:(?<![^\s{_PUNCT}])\*+(?!\*)(?=\S)|\*+(?!\*)(?=[^\s{_PUNCT}])))""",
    re.UNICODE,
)


def _flanking_stars(md: markdown.Markdown) -> None:
    """Make `*` emphasis follow CommonMark's flanking rules instead of Python-Markdown's looser ones."""
    with contextlib.suppress(KeyError, AttributeError):   # another Markdown version: keep its rules
        md.inlinePatterns["em_strong"].delimiters["*"].boundary = _STAR_BOUNDARY


class _HashHeading(HashHeaderProcessor):
    """ATX headings as CommonMark reads them (and the scan, GitHub, Obsidian, Typora): the hashes are
    followed by a space, a tab or the line's end, so an Obsidian tag line `#paper #nlp` or `#!` is text."""

    RE = re.compile(r"(?:^|\n)(?P<level>#{1,6})(?=[ \t\n]|$)(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)")


def _build() -> markdown.Markdown:
    from paperdesk.render.wikilink_pattern import WikiLinkExtension

    md = _new()
    _flanking_stars(md)
    md.parser.blockprocessors.register(_HashHeading(md.parser), "hashheader", 70)   # replaces the built-in one
    md.registerExtensions([WikiLinkExtension()], {})
    # CommonMark lets a backslash escape any ASCII punctuation (`\$5`, `\<tag>`); Python-Markdown fewer.
    md.ESCAPED_CHARS = sorted(set(md.ESCAPED_CHARS) | set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"))
    return md


class _Markdown(markdown.Markdown):
    """Markdown that loads extensions named by module path directly.

    Python-Markdown looks every name up among the entry points of every installed package first
    (`importlib.metadata`, tens of milliseconds on each launch, and a name any installed package
    could claim); `pymdownx.superfences` adds `pymdownx.highlight` by name, so passing our own
    extensions as objects would not avoid it. A name given as a module path is what Python-Markdown
    itself falls back to: the module's `makeExtension`.
    """

    def build_extension(self, ext_name: str, configs: Mapping[str, object]) -> Extension:
        """Build the extension of module `ext_name` (a built-in short name is markdown.extensions.NAME)."""
        module = ext_name if "." in ext_name or ":" in ext_name else f"markdown.extensions.{ext_name}"
        if ":" in module:
            return super().build_extension(module, configs)
        extension = importlib.import_module(module).makeExtension(**dict(configs))
        assert isinstance(extension, Extension)
        return extension


def _new() -> markdown.Markdown:
    return _Markdown(extensions=EXTENSIONS, extension_configs=extension_configs(), output_format="html")


# Converters not in use. One converter serves one conversion at a time, on any thread: taken out
# for a conversion and put back after it, so one built by a render on another thread (an export,
# the highlights dialog's worker) also serves the GUI thread's next render.
# No lock: list.pop/append/clear are atomic under the GIL, and the render's time limit raises
# asynchronously in the rendering thread, which must never leave a lock held.
_idle: list[markdown.Markdown] = []


def _take() -> markdown.Markdown:
    try:
        return _idle.pop()
    except IndexError:
        return _build()


def to_html(text: str) -> str:
    """Convert Markdown `text` to (unsanitised) HTML with the app's extensions."""
    md = _take()
    html = md.reset().convert(text)   # one that raised or was cut off half-way is dropped, not reused
    _idle.append(md)
    return html


def reset_converter() -> None:
    """Drop the idle converters; the next `to_html` builds a fresh one."""
    _idle.clear()
