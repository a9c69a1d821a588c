"""The page's own stylesheets and script, read once from resources/web/ and inlined with their CSP hashes.

An entry page carries its CSS and reader.js in its head instead of linking them: a linked file is
one more request through the app's URL scheme (served on the GUI thread) before the page can be
laid out, and the first paint waits for each. The page's Content-Security-Policy allows exactly
these texts by their SHA-256 hashes (CSP level 2), so a note's own `<script>` or `<style>`, which
the renderer has already removed, would not run or apply even if one slipped through.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from paperdesk.paths import RESOURCES_DIR

WEB_DIR = RESOURCES_DIR / "web"


@dataclass(frozen=True)
class InlineAsset:
    """One stylesheet or script as it goes into the page, with its CSP source expression."""

    name: str
    text: str
    csp_hash: str   # "'sha256-…'"

    def style_element(self) -> str:
        """The asset as a `<style>` element."""
        return f'<style data-asset="{self.name}">{self.text}</style>'

    def script_element(self) -> str:
        """The asset as a `<script>` element."""
        return f'<script data-asset="{self.name}">{self.text}</script>'


def csp_hash(text: str) -> str:
    """The CSP hash source of an inline element's exact text: 'sha256-<base64>'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=32)
def inline_asset(name: str) -> InlineAsset:
    """The file `name` of resources/web/ ready to inline (read once a process).

    A missing or unreadable file gives an empty asset: the page then lacks its look or its
    script, which the reader reports (reader.js missing), rather than failing to render.
    """
    try:
        text = (WEB_DIR / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    # The closing tag of the element cannot appear inside it (our own files never hold one).
    text = text.replace("</style", "<\\/style").replace("</script", "<\\/script")
    return InlineAsset(name, text, csp_hash(text))
