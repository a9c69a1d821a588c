"""The look of what site and vault syntax becomes (callouts, embeds, figures, dimmed chips), inlined in the page."""

from __future__ import annotations

from functools import lru_cache

from paperdesk.render.page_assets import InlineAsset, csp_hash

# Callout colours by kind: (light, dark). Kinds as render/callouts.py names them.
_COLORS = {
    "note": ("#2f6fb3", "#7fb4f0"), "info": ("#2f6fb3", "#7fb4f0"), "todo": ("#2f6fb3", "#7fb4f0"),
    "abstract": ("#0f8a8a", "#5fd0d0"), "tip": ("#0f8a8a", "#5fd0d0"),
    "success": ("#2f855a", "#6fd39b"), "question": ("#b7791f", "#f3c37a"), "warning": ("#c2410c", "#fb9d5c"),
    "failure": ("#b91c1c", "#ff9a9a"), "danger": ("#b91c1c", "#ff9a9a"), "bug": ("#b91c1c", "#ff9a9a"),
    "example": ("#6a4fa3", "#b9a2f0"), "quote": ("#6a6f76", "#9a9ca3"),
}

_BASE = """
.callout {
  margin: 0 0 1em; padding: 0.55em 1em 0.3em; border: 0; border-left: 4px solid var(--callout);
  border-radius: 6px; background: color-mix(in srgb, var(--callout) 9%, transparent); color: var(--fg);
}
.callout > .callout-title { font-weight: 650; color: var(--callout); margin: 0 0 0.35em; }
details.callout > summary.callout-title { cursor: pointer; margin-bottom: 0.35em; }
details.callout:not([open]) { padding-bottom: 0.55em; }
details.callout:not([open]) > summary.callout-title { margin-bottom: 0; }
.callout > :last-child { margin-bottom: 0.3em; }
blockquote.transclusion {
  margin: 0 0 1.1em; padding: 0.2em 1em 0.2em; border: 1px solid var(--rule); border-left: 3px solid var(--accent);
  border-radius: 6px; color: var(--fg); background: color-mix(in srgb, var(--code-bg) 55%, transparent);
}
.transclusion-source { font-size: 0.8rem; margin: 0.35em 0 0.6em; color: var(--muted); }
.transclusion-source::before { content: "Embedded from "; }
.transclusion-cut { font-size: 0.8rem; color: var(--muted); font-style: italic; }
.transclusion h1, .transclusion h2 { font-size: 1.1rem; border-bottom: 0; margin-top: 0.8em; }
figure.template-figure { margin: 1em 0; text-align: center; }
figure.template-figure figcaption { font-size: 0.86rem; color: var(--muted); margin-top: 0.35em; }
.template-omitted {
  font-size: 0.78em; color: var(--muted); border: 1px dashed var(--rule); border-radius: 4px;
  padding: 0.02em 0.4em; white-space: nowrap;
}
"""


def _kinds(prefix: str, dark: bool) -> str:
    """One rule a kind setting its colour, under `prefix` (a theme's body selector)."""
    return "".join(f"{prefix}.callout-{kind} {{ --callout: {pair[1] if dark else pair[0]}; }}\n"
                   for kind, pair in _COLORS.items())


STYLE_TEXT = (_BASE + _kinds("", False) + _kinds("body.theme-dark ", True)
              + "@media (prefers-color-scheme: dark) {\n" + _kinds("body.theme-auto ", True) + "}\n")


@lru_cache(maxsize=1)
def syntax_style() -> InlineAsset:
    """The stylesheet as an inline asset with its CSP hash."""
    return InlineAsset("syntax.css", STYLE_TEXT, csp_hash(STYLE_TEXT))
