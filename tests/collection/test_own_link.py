"""An entry's own paper link drives its header, "open paper", BibTeX and export; a cited link never does."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan
from paperdesk.collection.own_link import paper_link
from paperdesk.reading.citation import bibtex
from paperdesk.reading.launch import paper_url
from paperdesk.render.page import header_for

NOTES = """## Papers

### [Alpha](https://arxiv.org/abs/2301.00001)

Alpha learns a value function from play.

### Beta Paper (2020)

This paper extends [Alpha](https://arxiv.org/abs/2301.00001) with a new loss for the training objective.
"""

COURSE = ("# What is imitation learning?\n\nA lecture that explains it well is in the course at "
          "https://fullstackdeeplearning.com/ with its slides.\n")


def test_an_entry_without_a_link_of_its_own_shows_opens_and_cites_none(tmp_path: Path) -> None:
    (tmp_path / "papers.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "course.md").write_text(COURSE, encoding="utf-8")
    entries = {e.title: e for e in scan(tmp_path, use_cache=False).entries}
    alpha, beta, course = entries["Alpha"], entries["Beta Paper"], entries["What is imitation learning?"]
    assert paper_link(alpha) == header_for(alpha).paper_url == paper_url(alpha) == "https://arxiv.org/abs/2301.00001"
    assert "2301.00001" in bibtex(alpha)
    for entry in (beta, course):
        assert entry.links, "the cited link is still one of the entry's links"
        assert paper_link(entry) is None
        assert header_for(entry).paper_url is None
        assert paper_url(entry) is None
        record = bibtex(entry)
        assert "2301.00001" not in record and "url" not in record, record
