"""A small collection on disk plus a real annotation store with highlights, tags and statuses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from paperdesk.collection import Collection, Entry, scan
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore

DIFFUSION_MD = """# Diffusion

## Denoising Diffusion Probabilistic Models

**Link**: https://arxiv.org/abs/2006.11239

The model learns to **reverse a noising process** step by step. The loss is $L = \\|\\epsilon - \\epsilon_\\theta(x_t, t)\\|^2$ and it trains stably.

$$
q(x_t \\mid x_{t-1}) = \\mathcal{N}(x_t; \\sqrt{1-\\beta_t} x_{t-1}, \\beta_t I)
$$

![ddpm figure](img/ddpm.png)

A missing figure: ![gone](img/missing.png)

See also [score models](score.md#score-based-generative-modeling-through-sdes).

```python
loss = mse(eps, model(x_t, t))  # predict the noise
```

## Improved Denoising Diffusion Probabilistic Models

**Link**: https://arxiv.org/abs/2102.09672

Learned variances and a *cosine noise schedule* improve log-likelihood.
"""

SCORE_MD = """# Score Models

## Score-Based Generative Modeling through SDEs

**Link**: https://arxiv.org/abs/2011.13456

Score matching with `Langevin dynamics` generalised to continuous time. Back to [DDPM](diffusion.md).

## Noise Conditional Score Networks

**Link**: https://arxiv.org/abs/1907.05600

Annealed Langevin dynamics over several noise levels.
"""

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24 + b"paperdesk-test-image"


@dataclass
class Annotated:
    """A scanned collection with its store."""

    root: Path
    collection: Collection
    store: AnnotationStore
    store_path: Path

    def entry(self, title_start: str) -> Entry:
        """The entry whose title starts with `title_start`."""
        return next(e for e in self.collection.entries if e.title.startswith(title_start))

    def highlight(self, entry: Entry, quote: str, color: int = 0, note: str = "") -> None:
        """Highlight the first occurrence of `quote` in the entry's rendered text."""
        text = render_entry(entry, self.collection).text
        start = text.index(quote)
        self.store.add_highlight(entry.id, entry.paper_key, text, start, start + len(quote), color, note)


def make_collection(tmp: Path) -> Annotated:
    """Write the notes and an image, scan them, and open an empty store."""
    root = tmp / "notes"
    (root / "img").mkdir(parents=True)
    (root / "diffusion.md").write_text(DIFFUSION_MD, encoding="utf-8")
    (root / "score.md").write_text(SCORE_MD, encoding="utf-8")
    (root / "img" / "ddpm.png").write_bytes(PNG_BYTES)
    collection = scan(root, use_cache=False)
    store_path = tmp / "store.json"
    return Annotated(root, collection, AnnotationStore.open(store_path), store_path)


def annotate(a: Annotated) -> None:
    """Tags, statuses, highlights (with notes, in math-adjacent text, in code) and one orphan."""
    ddpm = a.entry("Denoising Diffusion Probabilistic")
    sde = a.entry("Score-Based")
    a.store.add_tag(ddpm.paper_key, "diffusion")
    a.store.add_tag(ddpm.paper_key, "to read: later")
    a.store.set_status(ddpm.paper_key, "read")
    a.store.add_tag(sde.paper_key, "SDE")
    a.store.set_status(sde.paper_key, "reading")
    a.highlight(ddpm, "reverse a noising process step", color=1, note="the core idea")
    a.highlight(ddpm, "and it trains stably", color=2)
    a.highlight(ddpm, "predict the noise", color=3, note="inside code")
    a.highlight(sde, "Langevin dynamics generalised", color=4, note="see NCSN")
    # An orphan: anchored to a text the entry no longer contains.
    fake = "An earlier version of the note said something that was removed since then."
    start = fake.index("something that was removed")
    a.store.add_highlight(ddpm.id, ddpm.paper_key, fake, start, start + len("something that was removed"),
                          0, "lost note")


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def pandoc_text(node: object) -> str:
    """The text of a pandoc JSON AST (Str, spaces, code, math TeX, raw HTML, quotes...)."""
    if isinstance(node, dict):
        kind, content = node.get("t"), node.get("c")
        if kind == "Str":
            return str(content).translate(_QUOTES)
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if kind in ("Code", "RawInline", "Math", "CodeBlock", "RawBlock"):
            return f" {content[-1]} " if isinstance(content, list) else ""
        if kind == "Quoted":
            mark = '"' if content[0].get("t") == "DoubleQuote" else "'"
            return mark + pandoc_text(content[1]) + mark
        if kind in ("Para", "Plain", "Header", "BulletList", "OrderedList", "BlockQuote", "Div"):
            return " " + pandoc_text(content) + " "
        return pandoc_text(content) if content is not None else ""
    if isinstance(node, list):
        return "".join(pandoc_text(n) for n in node)
    return ""


def comparable(text: str) -> str:
    """Text with markup characters and whitespace differences removed, for containment checks."""
    for ch in "*`=_\\":
        text = text.replace(ch, "")
    return " ".join(text.translate(_QUOTES).split())
