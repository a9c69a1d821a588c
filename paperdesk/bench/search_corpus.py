"""A deterministic synthetic corpus for ranked search: a large Zipf-distributed vocabulary, some CJK notes."""

from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass

from paperdesk.bench.synthetic_entries import MemoryAnnotations, SyntheticEntry, SyntheticHighlight

_ONSETS = ("b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "pl", "gr")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou")
_CODAS = ("", "n", "r", "s", "l", "x", "m", "nd", "st")
_HAN = "扩散模型采样方法强化学习策略梯度视觉语言注意力机制神经网络优化目标检测分割生成对抗数据集评估推理规划记忆"
VOCABULARY = 20_000
TAGS = ("rl", "diffusion", "to-reread", "important", "theory", "survey", "code", "vision", "nlp", "robotics")


@functools.lru_cache(maxsize=4)
def vocabulary(size: int = VOCABULARY) -> tuple[str, ...]:
    """`size` distinct pronounceable words; rank 0 is the most frequent in the corpus."""
    syllables = [o + v + c for o, v, c in itertools.product(_ONSETS, _VOWELS, _CODAS)]
    rng = random.Random(11)
    rng.shuffle(syllables)
    words = list(dict.fromkeys(syllables))[:300]   # the commonest words are short
    seen = set(words)
    n = len(syllables)
    for pick in rng.sample(range(n * n), min(n * n, 2 * size)):
        if len(words) == size:
            break
        word = syllables[pick // n] + syllables[pick % n]
        if word not in seen:
            seen.add(word)
            words.append(word)
    return tuple(words)


@dataclass(frozen=True)
class Corpus:
    """Entries, their annotations, and the vocabulary by rank."""

    entries: list[SyntheticEntry]
    notes: MemoryAnnotations
    words: tuple[str, ...]


def search_corpus(count: int, seed: int = 5) -> Corpus:
    """`count` notes of 120-600 words drawn from a Zipf law (like real prose), 4% written in Chinese,
    with tags, statuses and highlights for a third of them."""
    rng = random.Random(seed)
    words = vocabulary()
    weights = list(itertools.accumulate(1.0 / (rank + 2.7) for rank in range(len(words))))
    entries: list[SyntheticEntry] = []
    notes = MemoryAnnotations()
    for i in range(count):
        cjk = rng.random() < 0.04
        if cjk:
            def phrase(n: int) -> str:
                return "".join(rng.choice(_HAN) for _ in range(n * 2))
        else:
            def phrase(n: int) -> str:
                return " ".join(rng.choices(words, cum_weights=weights, k=n))
        title = phrase(rng.randint(4, 9)).capitalize()
        lines = [f"## {title}", f"* information: venue {2010 + i % 16}"]
        remaining = rng.randint(120, 600)
        while remaining > 0:
            n = min(remaining, rng.randint(8, 30))
            lines.append(("* " if rng.random() < 0.7 else "") + phrase(n) + ".")
            remaining -= n
            if rng.random() < 0.08:
                lines.append(f"### {phrase(rng.randint(2, 4))}")
        year = rng.choice((None, *range(2012, 2026)))
        entry = SyntheticEntry(id=f"s{i:06d}", title=title, category=f"Topic {i % 9}", year=year,
                               paper_key=f"arxiv:{2000 + i % 500}.{i:05d}", body="\n".join(lines))
        entries.append(entry)
        if rng.random() < 0.4:
            notes.tag_map[entry.paper_key] = rng.sample(TAGS, rng.randint(1, 3))
        if rng.random() < 0.5:
            notes.statuses[entry.paper_key] = rng.choice(("reading", "read"))
        if rng.random() < 0.3:
            body_words = entry.body.split()
            notes.highlight_map[entry.id] = [
                SyntheticHighlight(id=f"h{i}-{k}", entry_id=entry.id,
                                   quote=" ".join(body_words[10 + 7 * k: 16 + 7 * k]),
                                   note=phrase(rng.randint(0, 6)), color=rng.randint(0, 4))
                for k in range(rng.randint(1, 4))
            ]
    return Corpus(entries, notes, words)


def typical_queries(corpus: Corpus, count: int = 100, seed: int = 3) -> list[str]:
    """`count` queries like people type: topical words (not the commonest), pairs, phrases lifted
    from notes, words being typed, filter fields, and Chinese."""
    rng = random.Random(seed)
    words = corpus.words
    latin = [e for e in corpus.entries if e.body.isascii()]
    han = [e for e in corpus.entries if not e.body.isascii()]

    def topical() -> str:
        return words[rng.randint(60, 4000)]

    queries: list[str] = []
    kinds = itertools.cycle(("word", "pair", "word", "phrase", "pair", "prefix", "field", "word", "triple", "cjk"))
    while len(queries) < count:
        kind = next(kinds)
        if kind == "word":
            queries.append(topical())
        elif kind == "pair":
            queries.append(f"{topical()} {topical()}")
        elif kind == "triple":
            queries.append(f"{words[rng.randint(20, 400)]} {topical()} {topical()}")
        elif kind == "phrase":
            line = rng.choice(rng.choice(latin).body.splitlines()[2:] or ["a b"]).strip("* .").split()
            start = rng.randint(0, max(0, len(line) - 2))
            queries.append('"' + " ".join(line[start:start + 2]) + '"')
        elif kind == "prefix":
            queries.append(topical()[:5])
        elif kind == "field":
            queries.append(rng.choice((f"{topical()} tag:{rng.choice(TAGS)}", f"{topical()} year:2018..2022",
                                       f"{topical()} status:unread")))
        else:
            body = rng.choice(han).body if han else "扩散模型"
            text = "".join(c for c in body if "\u4e00" <= c <= "\u9fff")
            start = rng.randint(0, max(0, len(text) - 4))
            queries.append(text[start:start + rng.randint(2, 4)] or "模型")
    return queries
