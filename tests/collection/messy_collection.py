"""A seeded generator of a messy one-note-per-paper collection, with the truth about every file.

Each paper note draws its features independently (how the title is written, where the year is
stated, a date line, tags, which sections, lists with bold lead-ins, code, math, references to
other papers, links in prose), so the importer is measured on combinations nobody wrote by hand.
Index READMEs, reading logs, templates and tutorials are mixed in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

WORDS = ["sparse", "dense", "latent", "implicit", "neural", "graph", "token", "vision", "language", "reward", "policy", "memory", "agent", "world", "video", "depth", "kernel", "optimal", "transport", "prior", "field", "flow", "diffusion", "contrastive", "masked", "scalable", "robust", "efficient", "hierarchical", "recurrent", "adaptive"]
NOUNS = ["Networks", "Transformers", "Models", "Fields", "Policies", "Priors", "Encoders", "Decoders", "Agents", "Representations", "Objectives", "Embeddings", "Planners", "Retrievers"]
GENERIC = ["Summary", "Key Ideas", "Method", "Results", "TL;DR", "My Thoughts", "Questions", "Strengths",
           "Weaknesses", "Abstract", "Contributions", "Limitations", "Key Points", "Notes", "Takeaways",
           "Experiments", "Motivation", "Background", "Conclusion", "Tiny Summary", "Open Questions"]
SPECIFIC = ["Encoder design", "Training objective", "Ablations on depth", "How the sampler works",
            "Comparison with prior work", "Datasets used", "Why the loss is stable", "Inference cost",
            "The role of normalisation", "Failure cases I noticed", "Implementation details that matter"]
VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "ECCV", "ACL", "EMNLP", "CoRL"]
TOPICS = ["Vision", "Language", "Robotics", "Generative Models", "Theory", "RL", "Graphs"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Truth:
    """What a generated file is and what the importer should find in it."""

    rel: str
    role: str                     # "paper" | "index" | "template" | "doc"
    title: str = ""
    year: int | None = None       # the publication year the note states, if it states one
    lines: list[int] = field(default_factory=list)  # 1-based non-blank lines of the note


def _title(rng: random.Random) -> str:
    words = [rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 4))]
    name = f"{' '.join(words)} {rng.choice(NOUNS)}"
    if rng.random() < 0.3:
        name = f"{rng.choice(['Towards', 'Learning', 'On', 'Rethinking'])} {name}"
    if rng.random() < 0.2:
        name += f": {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} at Scale"
    return name


def _arxiv(rng: random.Random, year: int) -> str:
    return f"https://arxiv.org/{rng.choice(['abs', 'pdf'])}/{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1000, 99999):05d}"


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."


def _paragraph(rng: random.Random) -> list[str]:
    out = [_sentence(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.25:
        other = _title(rng)
        out.append(f"This builds on [{other}]({_arxiv(rng, rng.randint(2012, 2023))}) in a simple way.")
    return [" ".join(out)]


def _section_body(rng: random.Random) -> list[str]:
    out: list[str] = []
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.35:
            out += _paragraph(rng)
        elif r < 0.6:
            out += [f"- {_sentence(rng)}" for _ in range(rng.randint(2, 5))]
        elif r < 0.7:
            out += [f"* **{rng.choice(WORDS).capitalize()}**: {_sentence(rng)}" for _ in range(rng.randint(2, 4))]
        elif r < 0.8:
            out += ["$$", r"\mathcal{L} = \mathbb{E}_{x}\left[\lVert f(x) - y \rVert^2\right]", "$$"]
        elif r < 0.88:
            out += ["```python", "# a comment that is not a heading", "loss = (pred - y) ** 2", "```"]
        elif r < 0.94:
            out += [f"![figure {rng.randint(1, 9)}](../assets/fig{rng.randint(1, 40)}.png)"]
        else:
            out += [f"1. {_sentence(rng)}", f"2. {_sentence(rng)}"]
        out.append("")
    return out


def paper_note(rng: random.Random, rel: str, i: int) -> tuple[str, Truth]:
    """One paper's note in a random shape (`i` makes its own link unique); returns (text, truth)."""
    title = _title(rng)
    year = rng.randint(2012, 2024)
    link = _arxiv(rng, year) if rng.random() < 0.6 else rng.choice([
        f"https://openreview.net/forum?id=n{i}x{rng.randint(10**6, 10**7)}",
        f"https://example.org/papers/{i}-{rng.randint(1, 999)}.pdf",
        f"https://doi.org/10.1000/{i}.{rng.randint(100, 9999)}",
    ])
    has_arxiv = "arxiv.org" in link
    abbr = "".join(w[0] for w in title.split() if w[0].isupper())[:5]
    stated: int | None = None
    head: list[str] = []
    front: list[str] = []
    shape = rng.choice(["h1", "h1-link", "h1-link-abbr", "meta", "paper-h1-meta", "front", "h2-link", "prefix",
                        "plain-meta", "setext"])
    if shape == "h1":
        head = [f"# {title}"]
    elif shape == "h1-link":
        head = [f"# [{title}]({link})"]
        stated = year if has_arxiv else None
    elif shape == "h1-link-abbr":
        head = [f"# [{title}]({link}) ({abbr})"]
        stated = year if has_arxiv else None
    elif shape == "meta":
        head = [f"**Title**: {title}"]
    elif shape == "paper-h1-meta":
        head = ["# Paper", f"* **Title**: {title}"]
    elif shape == "front":
        front = ["---", f'title: "{title}"']
    elif shape == "h2-link":
        head = [f"## [{title}]({link})"]
        stated = year if has_arxiv else None
    elif shape == "prefix":
        head = [f"# {year} - {title}"]
        stated = year
    elif shape == "plain-meta":
        head = [f"Title: {title}"]
    else:
        head = [title, "=" * len(title)]
    bullet = "* " if shape == "paper-h1-meta" else ""
    meta: list[str] = []
    if rng.random() < 0.5 and not front:
        meta.append(f"{bullet}**Authors**: {rng.choice(WORDS).capitalize()} et al.")
    year_style = rng.random()
    if year_style < 0.3:
        if front:
            front.append(f"year: {year}")
        else:
            meta.append(f"{bullet}**Year**: {year}")
        stated = year
    elif year_style < 0.45:
        meta.append(f"{bullet}**Venue**: {rng.choice(VENUES)} {year}")
        stated = year
    if shape not in ("h1-link", "h1-link-abbr", "h2-link") and rng.random() < 0.7:
        meta.append(f"{bullet}**Link**: {link}" if rng.random() < 0.6 else f"[{rng.choice(['arXiv', 'paper', 'PDF'])}]({link})")
        if has_arxiv and stated is None:
            stated = year
    if rng.random() < 0.5:
        tags = ", ".join(rng.sample(WORDS, rng.randint(1, 3)))
        if front:
            front.append(f"tags: [{tags}]")
        else:
            meta.append(f"{bullet}**Tags**: {tags}")
    read = rng.randint(max(year, 2016), 2025)
    date_style = rng.random()
    if date_style < 0.3:
        meta.insert(0, f"_{rng.choice(MONTHS)[:rng.choice([3, 9])]} {read}_")
    elif date_style < 0.45:
        meta.append(f"Date: {read}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    elif date_style < 0.55 and front:
        front.append(f"date: {read}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")
    if front:
        front.append("---")
    lines = [*front, *head, ""]
    for m in meta:
        lines += [m, ""] if bullet == "" or rng.random() < 0.3 else [m]
    lines.append("")
    if rng.random() < 0.6:
        lines += [*_paragraph(rng), ""]
    sections = rng.sample(GENERIC, rng.randint(0, 5)) + rng.sample(SPECIFIC, rng.randint(0, 3))
    rng.shuffle(sections)
    level = "#" if shape == "paper-h1-meta" else rng.choice(["##", "##", "###"])
    numbered = rng.random() < 0.2
    for k, name in enumerate(sections, 1):
        lines += [f"{level} {f'{k}. ' if numbered else ''}{name}", "", *_section_body(rng)]
        if rng.random() < 0.2:
            sub = "###" if level != "###" else "####"
            lines += [f"{sub} {rng.choice(SPECIFIC)}", "", *_section_body(rng)]
    if rng.random() < 0.2:
        lines += [f"{level} References", ""]
        lines += [f"- [{_title(rng)}]({_arxiv(rng, rng.randint(2010, 2023))})" for _ in range(rng.randint(2, 5))]
        lines.append("")
    if rng.random() < 0.1:
        lines += [f"{level} Related papers", ""]
        for _ in range(rng.randint(2, 3)):
            lines += [f"{level}# [{_title(rng)}]({_arxiv(rng, rng.randint(2010, 2023))})", _sentence(rng), ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    nonblank = [i + 1 for i, line in enumerate(text.split("\n")) if line.strip()]
    fm_lines = len(front)
    return text, Truth(rel, "paper", title, stated, [i for i in nonblank if i > fm_lines])


def index_file(rng: random.Random, rel: str, notes: list[tuple[str, str]]) -> str:
    """A README/log listing notes (relative links from `rel`'s folder) under month or topic headings."""
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    out = [f"# {rng.choice(['Paper notes', 'Reading list', 'What I read', 'Index'])}", "",
           _sentence(rng), ""]
    by_month = rng.random() < 0.6
    for k, (target, title) in enumerate(notes):
        if k % rng.randint(2, 6) == 0:
            if by_month:
                y, m = rng.randint(2017, 2025), rng.randint(1, 12)
                out += ["", rng.choice([f"#### {y}-{m:02d}", f"## {y}-{m:02d} ({rng.randint(1, 9)})",
                                        f"## {MONTHS[m - 1]} {y}"]), ""]
            else:
                out += ["", f"## {rng.choice(TOPICS)}", ""]
        path = target[len(folder) + 1:] if folder and target.startswith(folder + "/") else (
            "../" * folder.count("/") + ("../" if folder else "") + target)
        out.append(rng.choice([f"- [{title}]({path})", f"* [{title}]({path}) - {rng.choice(WORDS)}",
                               f"1. [{title}]({path})"]))
    return "\n".join(out) + "\n"


def tutorial(rng: random.Random) -> tuple[str, str]:
    """A course/tutorial note: one subject, many sections, no paper per section."""
    subject = f"{rng.choice(['Tutorial', 'Lecture notes', 'Course notes', 'Talk'])}: {rng.choice(WORDS)} {rng.choice(NOUNS).lower()}"
    out = [f"# {subject}", "", _sentence(rng), ""]
    for k in range(rng.randint(6, 20)):
        out += [f"## {rng.choice(WORDS).capitalize()} {rng.choice(NOUNS).lower()} {k}", "", *_section_body(rng)]
    return subject, "\n".join(out) + "\n"


def build(root: Path, papers: int, seed: int) -> list[Truth]:
    """Write the collection under `root`; returns the truth for every file."""
    rng = random.Random(seed)
    truths: list[Truth] = []
    folders = ["notes"] * 6 + ["papers/vision", "papers/nlp", "archive"]
    written: dict[str, list[tuple[str, str]]] = {}
    for i in range(papers):
        folder = rng.choice(folders)
        rel = f"{folder}/{rng.choice(['', '2019-03-'])}{rng.choice(WORDS)}-{rng.choice(WORDS)}-{i}.md"
        text, truth = paper_note(rng, rel, i)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
        truths.append(truth)
        written.setdefault(folder.split("/")[0], []).append((rel, truth.title))
    for top, notes in written.items():
        rel = f"{top}/README.md"
        (root / rel).write_text(index_file(rng, rel, rng.sample(notes, min(len(notes), 40))), encoding="utf-8")
        truths.append(Truth(rel, "index"))
    all_notes = [n for notes in written.values() for n in notes]
    for rel in ("README.md", "reading-log.md"):
        (root / rel).write_text(index_file(rng, rel, rng.sample(all_notes, min(len(all_notes), 60))), encoding="utf-8")
        truths.append(Truth(rel, "index"))
    for rel, text in (("_template.md", "# {{title}}\n\n**Year**:\n\n## Summary\n"),
                      ("notes/template.md", "# Paper Title\n\n* **Authors**:\n* **Link**:\n\n## Summary\n\n## Notes\n")):
        (root / rel).write_text(text, encoding="utf-8")
        truths.append(Truth(rel, "template"))
    for k in range(max(2, papers // 50)):
        rel = f"courses/tutorial-{k}.md"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        subject, text = tutorial(rng)
        (root / rel).write_text(text, encoding="utf-8")
        truths.append(Truth(rel, "doc", subject))
    return truths
