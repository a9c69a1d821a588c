"""The ranked-search bench corpus: deterministic, Zipf-shaped, with Chinese notes and varied queries."""

from __future__ import annotations

from collections import Counter

from paperdesk.bench.search_corpus import search_corpus, typical_queries, vocabulary


def test_corpus_and_queries_are_deterministic_and_varied() -> None:
    words = vocabulary()
    assert len(words) == len(set(words)) == 20_000
    a, b = search_corpus(300), search_corpus(300)
    assert [e.body for e in a.entries] == [e.body for e in b.entries]
    assert any(not e.body.isascii() for e in a.entries)
    counts = Counter(w for e in a.entries if e.body.isascii() for w in e.body.split())
    assert counts[words[0]] > 20 * max(1, counts[words[5000]])   # a few words are common, most are rare
    queries = typical_queries(a)
    assert len(queries) == 100 and queries == typical_queries(b)
    assert any(q.startswith('"') for q in queries) and any(":" in q for q in queries)
    assert any(not q.isascii() for q in queries)
