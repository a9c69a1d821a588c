"""Q13's real-shaped collections (tests/collection/real_shapes_q13/, written in our own words after the shapes
of public paper-note repositories): GitBook's hidden image folder, file-name titles, "[2021 ICLR]" names, a
folder per paper beside the PDF's extracted text, Zhihu's "#!" line and 阅读笔记 titles, dated weekly logs,
arXiv templates' published-date, slashed dates, Typora image addresses with spaces."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from paperdesk.collection import scan
from paperdesk.render import render_entry
from paperdesk.render.refs import RefRewriter

HERE = Path(__file__).resolve().parent / "real_shapes_q13"

# (source, first line, title, year, year source, paper key ("file" for a file key), category, noted, venue)
EXPECTED = [
    # A: GitBook: images in `.gitbook/assets` (a hidden folder), pages grouped in `index/` folders, SUMMARY.md
    ('A/storage/index/lfs-the-design-and-implementation-of-a-log-structured-file-system.md', 1,
     'LFS: The Design and Implementation of a Log-Structured File System', None, 'none', 'url:example.org/lfs.pdf',
     'Storage', None, None),
    ('A/storage/index/the-unwritten-contract-of-solid-state-drives.md', 1, 'The Unwritten Contract of Solid State Drives',
     None, 'none', 'url:example.org/ssd-contract.pdf', 'Storage', None, None),
    # B: "## INFO" / "### Author" / "### Link" headings: the title is the file name's, hyphens kept
    ('B/sim2real/Closing the Sim-to-Real Loop - Adapting Simulation Randomization with Real World Experience.md', 1,
     'Closing the Sim-to-Real Loop - Adapting Simulation Randomization with Real World Experience', 2018, 'arxiv',
     'arxiv:1810.05687', 'sim2real', None, None),
    # C: "[2021 ICLR] Title.md": the venue and year from the name ("Arxiv" names no venue)
    ('C/Vision/Ref - Vision Transformer.md', 1, 'Vision Transformer', None, 'none', 'file', 'Vision', None, None),
    ('C/Vision/[2021 ICLR] An Image is Worth 16x16 Words Transformers for Image Recognition at Scale.md', 1,
     'An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale', 2021, 'venue', 'file', 'Vision', None,
     'ICLR 2021'),
    ('C/Vision/[2024 Arxiv] Depth Pro Sharp Monocular Metric Depth in Less Than a Second.md', 1,
     'Depth Pro: Sharp Monocular Metric Depth in Less Than a Second', 2024, 'prefix', 'file', 'Vision', None, None),
    # D: Zettelkasten references: `title: GAN(2014)` (read well before q13 too)
    ('D/02-References/2014-GAN.md', 5, 'GAN', 2014, 'front-matter', 'file', '02-References', None, None),
    ('D/02-References/2016-YOLO.md', 5, 'YOLO', 2016, 'front-matter', 'file', '02-References', None, None),
    # E: a folder per paper (not a topic), "Published: CVPR 2024 (arXiv:...)" keys it, not the GitHub line;
    # resources/paper.md (the PDF's text) gives no entry (a warning, below)
    ('E/2024/Depth_Anything/README.md', 1, 'Depth Anything: Unleashing the Power of Large-Scale Unlabeled Data', 2024,
     'metadata', 'arxiv:2401.10891', '2024', None, 'CVPR 2024'),
    # F: "#! <zhihu URL>" is where the note is published; "阅读笔记" closing the title is about the note
    ('F/Speech Separation/Dual-Path RNN--Efficient Long Sequence Modeling for Time-Domain Single-Channel Speech '
     'Separation 阅读笔记.md', 1,
     'Dual-Path RNN: Efficient Long Sequence Modeling for Time-Domain Single-Channel Speech Separation', None, 'none',
     'file', 'Speech Separation', None, None),
    # G: a dated weekly log linking two notes (links with spaces) is an index that dates them; a note linking
    # two others stays a note
    ('G/Exploring Simple Siamese Representation Learning.md', 1, 'Exploring Simple Siamese Representation Learning', None,
     'none', 'file', 'G', '2021-03-01', None),
    ('G/Momentum Contrast for Unsupervised Visual Representation Learning.md', 1,
     'Momentum Contrast for Unsupervised Visual Representation Learning', None, 'none', 'file', 'G', '2021-03-01', None),
    # H: published-date is the paper's; "10/27/2016" proves its order; "05/06/2017" gives the year only
    ('H/ambiguous-date.md', 1, 'Concrete Dropout', None, 'none', 'file', 'H', '2017', None),
    ('H/attention.md', 8, 'Attention Is All You Need', 2017, 'metadata', 'arxiv:1706.03762', 'H', '2023-02-01', None),
    ('H/batchnorm.md', 7, 'Batch Normalization', 2015, 'metadata', 'file', 'H', '2022-08-30', None),
    ('H/us-date.md', 1, 'Dropout as a Bayesian Approximation', None, 'none', 'file', 'H', '2016-10-27', None),
    # I: Typora addresses with spaces (images below)
    ('I/notes/wide-resnet.md', 1, 'Wide Residual Networks', None, 'none', 'file', 'notes', None, None),
    # J: a Quartz vault's template notes: `arxiv_url: https://arxiv.org/abs/unknown` keys no paper (two such notes
    # were one paper before); `content/` is the site's root, not a topic
    ('J/content/0000-00 VQ Tokenizer Draft.md', 11, 'FQGAN', None, 'none', 'file', 'J', '2026-03-03', None),
    ('J/content/2025.6 Ovis-U1.md', 12, 'Ovis-U1', 2025, 'metadata', 'file', 'J', '2026-03-03', None),
    ('J/content/generation-model/2020-06 DDPM.md', 18, 'Denoising Diffusion Probabilistic Models', 2020, 'metadata',
     'arxiv:2006.11239', 'generation-model', '2026-03-04', None),
    # L: Zotero-keyed file names, bold labels with full-width colons and hard breaks (read well before q13 too)
    ('L/papers/7QK2M9XA-dommel-digital-computer-solution1969.md', 1,
     'Digital Computer Solution of Electromagnetic Transients in Single- and Multiphase Networks', 1969, 'metadata',
     'doi:10.1109/tpas.1969.292459', 'papers', None, 'IEEE Transactions on Power Apparatus and Systems, April 1969'),
    ('L/papers/9WB3TTQ1-yang-2018.md', 1, 'Real-Time FPGA-RTDS Co-Simulator for Power Systems', 2018, 'metadata', 'file',
     'papers', None, 'IEEE Access, vol. 6'),
    # K: a site's topic page listing the notes of several papers ("...メモの一覧", a list): a document, no paper
    ('K/_articles/Distillation.markdown', 6, 'Distillationに関する論文・技術記事メモの一覧', None, 'none', 'file',
     '_articles', None, None),
]

IMAGES = [   # (source, ref, resolved, line)
    ('A/storage/index/lfs-the-design-and-implementation-of-a-log-structured-file-system.md',
     '../../.gitbook/assets/Screen Shot 2021-03-02 at 10.04.11 AM.png',
     'A/.gitbook/assets/Screen Shot 2021-03-02 at 10.04.11 AM.png', 9),
    ('A/storage/index/lfs-the-design-and-implementation-of-a-log-structured-file-system.md',
     '../../.gitbook/assets/image%20%2812%29.png', 'A/.gitbook/assets/image (12).png', 17),
    ('A/storage/index/the-unwritten-contract-of-solid-state-drives.md',
     '../../.gitbook/assets/Screen Shot 2021-03-09 at 4.51.20 PM.png',
     'A/.gitbook/assets/Screen Shot 2021-03-09 at 4.51.20 PM.png', 7),
    ('B/sim2real/Closing the Sim-to-Real Loop - Adapting Simulation Randomization with Real World Experience.md',
     '../pic/Closing the Sim-to-Real Loop 1.png', 'B/pic/Closing the Sim-to-Real Loop 1.png', 12),
    ('E/2024/Depth_Anything/README.md', 'resources/fig_01_teaser.png', 'E/2024/Depth_Anything/resources/fig_01_teaser.png',
     11),
    ('G/Momentum Contrast for Unsupervised Visual Representation Learning.md', 'figures/moco queue.png',
     'G/figures/moco queue.png', 5),
    ('I/notes/wide-resnet.md', '/Users/someone/Pictures/Screen Shot 2020-12-26 at 10.11.12.png',
     'I/Pictures/Screen Shot 2020-12-26 at 10.11.12.png', 5),
    ('I/notes/wide-resnet.md', 'images/wide block.png', 'I/notes/images/wide block.png', 7),
    ('I/notes/wide-resnet.md', 'images/not here.png', None, 9),
]


def _row(e) -> tuple:
    return (e.source, e.lines[0], e.title, e.year, e.year_source,
            "file" if e.paper_key.startswith("file:") else e.paper_key, e.category, e.noted, e.venue)


def test_real_shaped_collections_scan_as_expected() -> None:
    collection = scan(HERE, use_cache=False)
    assert sorted(_row(e) for e in collection.entries) == sorted(EXPECTED)
    assert {e.source for e in collection.entries if e.kind.value != "paper"} == {"K/_articles/Distillation.markdown"}
    sources = {e.source for e in collection.entries}
    assert not sources & {"A/SUMMARY.md", "A/storage/index/README.md", "G/2021-03-01 to 2021-03-07 reading.md",
                          "E/2024/Depth_Anything/resources/paper.md"}


def test_warnings_name_the_whole_path_and_the_skipped_pdf_text() -> None:
    collection = scan(HERE, use_cache=False)
    assert sorted((w.kind, w.source, w.line, w.message) for w in collection.warnings) == [
        ('extracted', 'E/2024/Depth_Anything/resources/paper.md', None,
         'skipped: the text of a paper extracted from its PDF (laid out in columns), not a note'),
        ('image', 'I/notes/wide-resnet.md', 9, 'image not found in the collection: images/not here.png'),
    ]


def test_images_with_spaces_and_hidden_asset_folders_are_found() -> None:
    collection = scan(HERE, use_cache=False)
    got = sorted((e.source, i.ref, i.resolved, i.line) for e in collection.entries for i in e.images)
    assert got == sorted(IMAGES)


def test_the_reader_shows_what_the_scan_found_and_misses_what_it_missed() -> None:
    collection = scan(HERE, use_cache=False)
    for entry in collection.entries:
        if not entry.images:
            continue
        rewriter = RefRewriter(entry, collection)
        assert [rewriter.find_image_file(i.ref) for i in entry.images] == [i.resolved for i in entry.images]
        rendered = render_entry(entry, collection)
        shown = re.findall(r'src="paperdesk://note/([^"]+)"', rendered.html)
        assert shown == [quote(i.resolved, safe="/") for i in entry.images if i.resolved]
        assert [p.line for p in rendered.problems if p.kind == "image"] == [i.line for i in entry.images
                                                                              if not i.resolved]


def test_a_vault_opened_alone_takes_topics_from_tags_that_name_one() -> None:
    vault = scan(HERE / "J", use_cache=False)
    assert sorted((e.title, e.category) for e in vault.entries) == [
        ("Denoising Diffusion Probabilistic Models", "generation-model"),
        ("FQGAN", "Uncategorised"),        # its only tag is `paper`: what it is, not what it is about
        ("Ovis-U1", "multimodal"),
    ]
    assert len({e.paper_key for e in vault.entries}) == 3
