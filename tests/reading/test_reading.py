"""Citations, deep links and launch commands built from real scanned entries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.collection import Entry, scan
from paperdesk.reading.citation import arxiv_id, bibtex, citation_key, doi
from paperdesk.reading.deep_link import DeepLink, make_link, parse_link
from paperdesk.reading.launch import editor_command, local_pdf, paper_url

NOTES = """## Language

### 2019 - [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/abs/1810.04805) (BERT)

Masked language modelling.

### 2020 - [A Study of 50% & $x_1$ {odd} Titles](https://doi.org/10.1145/3386569.3392400)

**Venue**: ACM Transactions on Graphics 2020

Odd characters.

### 2021 - [Plain Web Paper](https://example.org/paper)

**Venue**: NeurIPS 2021

Text.
"""


@pytest.fixture
def entries(tmp_path: Path) -> list[Entry]:
    folder = tmp_path / "coll"
    folder.mkdir()
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    return scan(folder, use_cache=False).entries


def by_title(entries: list[Entry], start: str) -> Entry:
    return next(e for e in entries if e.title.startswith(start))


def test_bibtex_of_an_arxiv_paper(entries: list[Entry]) -> None:
    bert = by_title(entries, "BERT")
    assert arxiv_id(bert) == "1810.04805"
    record = bibtex(bert)
    assert record.startswith("@article{bert2019,\n")
    assert "eprint = {1810.04805}" in record and "archivePrefix = {arXiv}" in record
    assert "title = {{BERT: Pre-training of Deep Bidirectional Transformers" in record
    assert record.count("{") == record.count("}")


def test_bibtex_escapes_tex_specials_and_uses_the_journal_and_doi(entries: list[Entry]) -> None:
    odd = by_title(entries, "A Study")
    assert doi(odd) == "10.1145/3386569.3392400"
    record = bibtex(odd)
    assert record.startswith("@article{")
    assert r"50\% \& \$x\_1\$ \{odd\} Titles" in record
    assert "journal = {ACM Transactions on Graphics}" in record
    assert "doi = {10.1145/3386569.3392400}" in record
    assert citation_key(odd) == "study2020"


def test_bibtex_of_a_conference_paper_with_only_a_web_link(entries: list[Entry]) -> None:
    web = by_title(entries, "Plain Web")
    record = bibtex(web)
    assert record.startswith("@inproceedings{plain2021,")
    assert "booktitle = {NeurIPS}" in record and "url = {https://example.org/paper}" in record
    assert paper_url(web) == "https://example.org/paper"


def test_deep_links_round_trip_and_refuse_other_urls(tmp_path: Path) -> None:
    link = DeepLink(tmp_path / "my notes", "ab12/cd?", "arxiv:1810.04805")
    text = make_link(link)
    assert text.startswith("paperdesk://entry?") and " " not in text
    assert parse_link(text) == link
    assert parse_link("https://example.org") is None
    assert parse_link("paperdesk://entry?id=x") is None
    assert parse_link(str(tmp_path)) is None


def test_editor_command_fills_file_and_line_as_single_words(tmp_path: Path) -> None:
    note = tmp_path / "a b's.md"
    assert editor_command("code --goto {file}:{line}", note, 12) == ["code", "--goto", f"{note}:12"]
    assert editor_command("gedit", note, 3) == ["gedit", str(note)]
    assert editor_command("gvim +{line} {file}", note, 7) == ["gvim", "+7", str(note)]
    with pytest.raises(ValueError):
        editor_command("  ", note, 1)
    # The filled command really runs with the odd file name as one argument.
    note.write_text("x", encoding="utf-8")
    script = "import sys; print(open(sys.argv[1]).read() + sys.argv[2])"
    words = editor_command(f'"{sys.executable}" -c "{script}" {{file}} {{line}}', note, 5)
    assert subprocess.run(words, capture_output=True, text=True, check=True).stdout.strip() == "x5"


def test_local_pdf_next_to_the_note_only_inside_the_collection(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    (folder / "papers").mkdir(parents=True)
    (folder / "papers" / "one.md").write_text("# One paper\n\n**Year**: 2020\n\nText.\n", encoding="utf-8")
    (folder / "papers" / "two.md").write_text("# Two paper\n\nText.\n", encoding="utf-8")
    (folder / "papers" / "one.pdf").write_bytes(b"%PDF-1.4\n")
    collection = scan(folder, use_cache=False)
    one = by_title(collection.entries, "One")
    two = by_title(collection.entries, "Two")
    assert local_pdf(folder, one) == (folder / "papers" / "one.pdf").resolve()
    assert local_pdf(folder, two) is None
