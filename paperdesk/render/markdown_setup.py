"""The configured Python-Markdown converter (pymdown-extensions, Pygments classes, toc anchors)."""

from __future__ import annotations

import threading

import markdown
from markdown.extensions.toc import slugify_unicode

from paperdesk.render.math_source import TOKEN_RE

EXTENSIONS = [
    "tables", "footnotes", "sane_lists", "toc", "def_list", "abbr", "md_in_html",
    "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.tasklist",
    "pymdownx.mark", "pymdownx.tilde", "pymdownx.magiclink",
]


def slugify(value: str, separator: str) -> str:
    """Heading anchors as GitHub-like Unicode slugs, ignoring math placeholders."""
    return slugify_unicode(TOKEN_RE.sub("", value), separator)


def _build() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=EXTENSIONS,
        extension_configs={
            "toc": {"marker": "", "slugify": slugify, "permalink": False},
            "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight", "guess_lang": False,
                                   "pygments_lang_class": False},
            "pymdownx.tasklist": {"custom_checkbox": False},
            "pymdownx.magiclink": {"repo_url_shortener": False, "hide_protocol": False},
            "footnotes": {"BACKLINK_TITLE": "Back to the text"},
        },
        output_format="html",
    )


_local = threading.local()


def to_html(text: str) -> str:
    """Convert Markdown `text` to (unsanitised) HTML with the app's extensions."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _build()
    try:
        return md.reset().convert(text)
    except Exception:
        _local.md = None   # a converter that failed half-way may hold state: rebuild next time
        raise
