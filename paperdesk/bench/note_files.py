"""A deterministic synthetic collection of one note per file, shaped like real paper notes."""

from __future__ import annotations

import random
from pathlib import Path

_WORDS = tuple(["attention", "diffusion", "policy", "gradient", "graph", "network", "sparse", "dense", "retrieval", "contrastive", "token", "vision", "language", "reward", "model", "robust", "scalable", "efficient", "latent", "flow", "implicit", "neural", "field", "transformer", "convolution", "memory", "agent", "planning", "world", "video", "segmentation", "detection", "depth", "kernel", "optimal", "transport", "prior", "sampling", "noise", "score", "energy", "variance", "bound", "convergence", "dataset", "benchmark", "ablation", "baseline", "encoder", "decoder", "embedding", "loss", "objective", "regularisation", "dropout", "batch", "layer", "residual", "skip", "pooling"])
_TOPICS = ("Language Models", "Computer Vision", "Reinforcement Learning", "Generative Models", "Robotics",
           "Optimization", "Theory", "Systems", "Graphs", "Speech", "Retrieval", "Multimodal")
_VENUES = ("NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "CoRL", "ACL", "EMNLP")
_SECTIONS = ("What it does", "Method", "Results", "Notes", "Why it matters", "Limitations", "Details",
             "Experiments", "Open questions")
_MATH = (r"$\mathcal{L} = \mathbb{E}_{x}\left[\lVert \epsilon - \epsilon_\theta(x_t, t) \rVert^2\right]$",
         r"$p_\theta(x) = \int p(x \mid z)\, p(z)\, dz$", r"$\nabla_\theta J(\theta) = \mathbb{E}[G_t \nabla \log \pi]$",
         r"$\mathrm{softmax}(QK^\top / \sqrt{d})V$")


_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "00015e2a6b470000000049454e44ae426082")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def _note(rng: random.Random, i: int, topic: str) -> str:
    title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 7))).title()
    year = 2012 + i % 14
    lines = [f"# {title}", "", f"_{rng.choice(('March', 'June', 'October'))} {year}_", "",
             f"- **Category**: {topic}",
             f"- **Tags**: {', '.join(rng.sample(_WORDS, rng.randint(1, 3)))}",
             f"- **Link**: https://arxiv.org/abs/{year % 100:02d}{1 + i % 12:02d}.{10000 + i:05d}", "",
             f"{rng.choice(_VENUES)} {year}.", ""]
    target = rng.randint(2000, 8000)
    size = sum(len(x) + 1 for x in lines)
    section = 0
    while size < target:
        section += 1
        block = [f"## {rng.choice(_SECTIONS)}", ""]
        block.append(" ".join(_sentence(rng) for _ in range(rng.randint(3, 7))))
        if rng.random() < 0.35:
            block += ["", rng.choice(_MATH).replace("$", "$$", 2) if rng.random() < 0.3 else
                      f"The loss is {rng.choice(_MATH)} here."]
        if rng.random() < 0.2:
            block += ["", f"![figure {section}](../assets/fig{i % 50}.png)"]
        if rng.random() < 0.3:
            block += ["", *(f"- {_sentence(rng)} See [related](https://example.org/{i}/{k})." for k in range(3))]
        block.append("")
        lines += block
        size += sum(len(x) + 1 for x in block)
    return "\n".join(lines)


def build_note_files(root: Path, count: int, seed: int = 3) -> int:
    """Write `count` notes, one per file, in topic folders under `root` (plus an index README per
    folder); returns the number of note files. Same arguments, same bytes."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "assets").mkdir(exist_ok=True)
    for k in range(50):   # a 1x1 PNG per figure the notes show
        (root / "assets" / f"fig{k}.png").write_bytes(_PNG)
    index: dict[str, list[str]] = {}
    for i in range(count):
        topic = _TOPICS[i % len(_TOPICS)]
        folder = topic.lower().replace(" ", "-")
        (root / folder).mkdir(exist_ok=True)
        name = f"note-{i:05d}.md"
        (root / folder / name).write_text(_note(rng, i, topic), encoding="utf-8")
        index.setdefault(folder, []).append(name)
    for folder, names in index.items():
        links = "\n".join(f"- [{n[:-3]}]({n})" for n in names[:200])
        (root / folder / "README.md").write_text(f"# Index of {folder}\n\nThis page is only the index.\n\n{links}\n",
                                                 encoding="utf-8")
    return count
