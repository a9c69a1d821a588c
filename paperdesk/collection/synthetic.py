"""A deterministic synthetic note collection that mixes every supported layout (for bench and tests)."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ["attention", "diffusion", "policy", "graph", "network", "sparse", "dense", "retrieval", "contrastive", "token", "vision", "language", "reward", "model", "robust", "scalable", "efficient", "latent", "flow", "implicit", "neural", "field", "transformer", "convolution", "memory", "agent", "planning", "world", "video", "segmentation", "detection", "depth", "kernel", "optimal", "transport", "prior"]
TOPICS = ["Vision", "Language", "Reinforcement Learning", "Generative Models", "Robotics", "Theory", "Systems"]
VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ICCV", "CoRL", "ACL"]
ENTRIES_PER_FILE = 40


def _title(rng: random.Random, i: int) -> str:
    words = [rng.choice(WORDS).capitalize() for _ in range(rng.randint(3, 8))]
    return f"{' '.join(words)} {i}"


def _arxiv(i: int) -> str:
    year = 15 + i % 9
    return f"https://arxiv.org/abs/{year:02d}{1 + i % 12:02d}.{10000 + i % 89999:05d}"


def _sentences(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18))) + "." for _ in range(n)]


def _year_bullets(rng: random.Random, start: int, count: int) -> str:
    out = [f"# {2015 + start % 9}"]
    for i in range(start, start + count):
        abbr = f"M{i}"
        out += [
            f"* **{_title(rng, i)}** (**{abbr}**)",
            f"  * title and link: [{_title(rng, i)}]({_arxiv(i)})",
            f"  * information: {rng.choice(VENUES)} {2015 + i % 9} oral",
            f"  * method overview: {_sentences(rng, 1)[0]}",
            f"    ![{abbr}_teaser](assets/{abbr}_teaser.png)",
            "",
        ]
    return "\n".join(out)


def _jekyll(rng: random.Random, start: int, count: int) -> str:
    out = ["---", "layout: post", f'title: "Reading log {start}"', "date: 2021-01-12 10:00:00 +0000", "---",
           "<script>", "let done = 0;", "</script>", "", "## Progress", "<div>0/100</div>", ""]
    for n, i in enumerate(range(start, start + count), 1):
        out += [f"## {n}. {_title(rng, i)} ([link]({_arxiv(i)}))", *_sentences(rng, 3), ""]
    return "\n".join(out)


def _category_prefix(rng: random.Random, start: int, count: int) -> str:
    out = [f"# reading notes {start}", "Some intro text.", ""]
    for k, i in enumerate(range(start, start + count)):
        if k % 10 == 0:
            out.append(f"## {TOPICS[(start + k) % len(TOPICS)]}")
        out += [f"### {2015 + i % 9} - [{_title(rng, i)}]({_arxiv(i)})", *(f"  * {s}" for s in _sentences(rng, 3))]
    return "\n".join(out)


def _category_titles(rng: random.Random, start: int, count: int) -> str:
    out = ["[toc]", ""]
    for k, i in enumerate(range(start, start + count)):
        if k % 8 == 0:
            out += [f"# {TOPICS[(start + k) % len(TOPICS)]}", ""]
        out += [f"## {_title(rng, i)}", "", f"**keywords:** {', '.join(rng.sample(WORDS, 3))}", "",
                f"**summary:** {_sentences(rng, 2)[0]}", "",
                f'<img src="E:\\repo\\fig\\f{i}.png" alt="f" style="zoom:67%;" />', ""]
    return "\n".join(out)


def _questions(rng: random.Random, start: int, count: int) -> str:
    out = ["", ""]
    for k, i in enumerate(range(start, start + count)):
        if k % 6 == 0:
            out += [TOPICS[(start + k) % len(TOPICS)], "", " "]
        out += [f"How does {' '.join(rng.sample(WORDS, 3))} work in case {i}?", "",
                *(f"- {s}" for s in _sentences(rng, 3)), "", _sentences(rng, 1)[0], ""]
    return "\n".join(out)


def _single_note(rng: random.Random, i: int) -> str:
    return "\n".join([
        f"# {_title(rng, i)}", "", f"_November {2015 + i % 9}_", "",
        f"**Tags**: {rng.choice(WORDS)}, {rng.choice(WORDS)}", f"**Link**: {_arxiv(i)}", "",
        "## Summary", *_sentences(rng, 3), "", "## Method", *_sentences(rng, 3), "",
    ])


MULTI_LAYOUTS = (_year_bullets, _jekyll, _category_prefix, _category_titles, _questions)


def build_collection(root: Path, entries: int, seed: int = 0) -> int:
    """Write a collection of exactly `entries` entries under `root` (mixed layouts); returns the count."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "assets").mkdir(exist_ok=True)
    singles = entries // 10
    written = 0
    i = 0
    n_file = 0
    while written < entries - singles:
        layout = MULTI_LAYOUTS[n_file % len(MULTI_LAYOUTS)]
        count = min(ENTRIES_PER_FILE, entries - singles - written)
        folder = root / f"area{n_file % 7}"
        folder.mkdir(exist_ok=True)
        ext = ".txt" if layout is _questions else ".md"
        (folder / f"{layout.__name__.strip('_')}-{n_file}{ext}").write_text(layout(rng, i, count), encoding="utf-8")
        written += count
        i += count
        n_file += 1
    papers = root / "papers"
    papers.mkdir(exist_ok=True)
    for k in range(singles):
        (papers / f"note-{k}.md").write_text(_single_note(rng, i + k), encoding="utf-8")
    (papers / "README.md").write_text(
        "# Paper notes\n\n" + "".join(f"- [note {k}](note-{k}.md)\n" for k in range(min(singles, 20))),
        encoding="utf-8",
    )
    for k in range(0, min(i, 200), 2):
        (root / "assets" / f"M{k}_teaser.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return written + singles


# --- one note per file, shaped like real collections (for the per-file scan figures) ---------------

SECTIONS = ["Summary", "Key Ideas", "Method", "Results", "TL;DR", "Notes", "Strengths", "Weaknesses",
            "Questions", "Implementation details", "How training works", "What I would try next"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
NOTE_FILES_PER_FOLDER = 500
INDEX_EVERY = 1000  # one index README per this many notes


def _paragraph(rng: random.Random) -> str:
    out = " ".join(_sentences(rng, rng.randint(2, 5)))
    if rng.random() < 0.3:
        out += f" It extends [{_title(rng, rng.randint(0, 10**6))}]({_arxiv(rng.randint(0, 10**6))})."
    if rng.random() < 0.3:
        out += r" The loss is $\mathcal{L}(\theta) = \sum_i \lVert f_\theta(x_i) - y_i \rVert^2$."
    return out


def _body_block(rng: random.Random, k: int) -> list[str]:
    r = rng.random()
    if r < 0.45:
        return [_paragraph(rng), ""]
    if r < 0.7:
        return [*(f"- {s}" for s in _sentences(rng, rng.randint(2, 6))), ""]
    if r < 0.78:
        return ["$$", r"\nabla_\theta J = \mathbb{E}\left[\nabla_\theta \log \pi_\theta(a \mid s) A(s, a)\right]", "$$", ""]
    if r < 0.86:
        return ["```python", "# one step of the update", "loss = criterion(model(x), y)", "loss.backward()", "```", ""]
    if r < 0.94:
        return [f"![figure {k}](../assets/fig-{k % 50}.png)", ""]
    return [f"<img src=\"../assets/diagram-{k % 30}.png\" width=\"480\">", ""]


def note_file(rng: random.Random, i: int) -> str:
    """One paper's note (about 2-8 KB) in one of the shapes real one-note-per-file collections use."""
    title = _title(rng, i)
    year = 2015 + i % 10
    link = _arxiv(i)
    target = rng.randint(1800, 6800)  # sections are added until the note passes this size
    shape = i % 4
    if shape == 0:
        lines = [f"# [{title}]({link}) (M{i})", "", f"_{MONTH_NAMES[i % 12]} {year + 1}_", ""]
    elif shape == 1:
        lines = ["# Paper", f"* **Title**: {title}", f"* **Year**: {year}", f"* **Link**: {link}",
                 f"* **Tags**: {rng.choice(WORDS)}, {rng.choice(WORDS)}", ""]
    elif shape == 2:
        lines = ["---", f'title: "{title}"', f"date: {year + 1}-0{1 + i % 9}-1{i % 10}",
                 f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]", "---", "", f"[arXiv]({link})", ""]
    else:
        lines = [f"## [{title}]({link})", "", f"**TLDR**: {_sentences(rng, 1)[0]}", "",
                 f"**Venue**: {rng.choice(VENUES)} {year}", ""]
    size = sum(len(x) + 1 for x in lines)
    k = 0
    while size < target:
        heading = f"## {rng.choice(SECTIONS)}" if shape != 1 else f"# {rng.choice(SECTIONS)}"
        block = [heading, ""]
        for _ in range(rng.randint(1, 3)):
            block += _body_block(rng, i + k)
            k += 1
        lines += block
        size += sum(len(x) + 1 for x in block)
    return "\n".join(lines)


def build_note_files(root: Path, notes: int, seed: int = 0) -> int:
    """Write `notes` one-note-per-file paper notes (plus a few index READMEs) under `root`.

    Deterministic for a seed. Returns the number of paper notes written (the entries a scan
    should find; the index files give none).
    """
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    assets = root / "assets"
    assets.mkdir(exist_ok=True)
    for k in range(50):  # the figures the notes show (a real collection's images mostly exist)
        (assets / f"fig-{k}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for k in range(30):
        (assets / f"diagram-{k}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    folders: dict[str, list[str]] = {}
    for i in range(notes):
        folder = f"{TOPICS[i % len(TOPICS)].lower().replace(' ', '-')}-{i // NOTE_FILES_PER_FOLDER}"
        name = f"{'-'.join(rng.sample(WORDS, 2))}-{i}.md"
        path = root / folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(note_file(rng, i), encoding="utf-8")
        folders.setdefault(folder, []).append(name)
    for n, (folder, names) in enumerate(sorted(folders.items())):
        if n % max(1, len(folders) * INDEX_EVERY // max(notes, 1)) == 0 or n == 0:
            lines = ["# Notes in this folder", ""]
            for k, name in enumerate(names):
                if k % 20 == 0:
                    lines += ["", f"## {2018 + k // 100}-{1 + k // 20 % 12:02d}", ""]
                lines.append(f"- [{name[:-3].replace('-', ' ')}]({name})")
            (root / folder / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return notes
