"""Q10's real-shaped collections (tests/collection/real_shapes_q10/, written in our own words after the
shapes of public paper-note repositories): one entry per paper, its own title, the paper's year and
where it came from, its key, category and the date noted; index READMEs give no entries."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan

HERE = Path(__file__).resolve().parent / "real_shapes_q10"

# (source, first line, title, year, year source, paper key ("file" for a file key), category, noted)
EXPECTED = [
    ('A/notes/condconv.md', 1, 'CondConv: Conditionally Parameterized Convolutions for Efficient Inference', 2019, 'venue', 'file', 'notes', '2019-04'),
    ('A/notes/mean-teachers.md', 1, 'Mean teachers are better role models', 2017, 'venue', 'file', 'notes', '2017-03'),
    ('A/notes/world-models.md', 1, 'World Models', 2018, 'prefix', 'url:worldmodels.github.io', 'notes', '2018-01'),
    ('B/notes/003_vit.md', 1, 'ViT: An Image is Worth 16x16 Words', 2020, 'arxiv', 'arxiv:2010.11929', 'notes', None),
    ('B/notes/012_detr.md', 1, 'DETR', 2020, 'arxiv', 'arxiv:2005.12872', 'notes', None),
    ('B/notes/020_lora.md', 1, 'LORA: LOW-RANK ADAPTATION OF LARGE LANGUAGE MODELS', 2021, 'arxiv', 'arxiv:2106.09685', 'notes', None),
    ('C/2018-10.md', 2, 'Pointer Networks', 2015, 'arxiv', 'arxiv:1506.03134', 'C', '2018-10-08'),
    ('C/2018-10.md', 6, 'Teaching Machines to Read and Comprehend', 2015, 'arxiv', 'arxiv:1506.03340', 'C', '2018-10-08'),
    ('C/2018-10.md', 10, 'Reasoning about Entailment with Neural Attention', 2015, 'arxiv', 'arxiv:1509.06664', 'C', '2018-10-15'),
    ('D/papers/2512.14982/prompt-repetition.md', 8, 'Prompt Repetition Improves Non-Reasoning LLMs', 2025, 'arxiv', 'arxiv:2512.14982', 'papers', '2025-12-20'),  # publishedAt: when the post came out
    ('D/papers/2602.10999/cli-gym.md', 10, 'cli gym', 2026, 'arxiv', 'arxiv:2602.10999', 'papers', '2026-02-12'),
    ('E/1706.03762.md', 1, '1706.03762', 2017, 'arxiv', 'arxiv:1706.03762', 'E', None),
    ('E/2106.09685.md', 1, 'LoRA: Low-Rank Adaptation of Large Language Models', 2021, 'arxiv', 'arxiv:2106.09685', 'E', None),
    ('E/2303.08774v3.md', 1, 'GPT-4 Technical Report', 2023, 'arxiv', 'arxiv:2303.08774', 'E', '2023-04'),
    ('F/_posts/2021-03-14-resnet.md', 8, 'Deep Residual Learning for Image Recognition', 2016, 'venue', 'arxiv:1512.03385', '_posts', '2021-03-14'),
    ('F/_posts/2022-11-02-my-reading-week.md', 7, 'My reading week', None, 'none', 'file', '_posts', '2022-11-02'),
    ('F/_posts/2023-05-01-lora.md', 8, 'LoRA: Low-Rank Adaptation of Large Language Models', 2021, 'arxiv', 'arxiv:2106.09685', 'llm', '2023-05-01'),
    ('G/bert-euckr.md', 1, 'BERT', 2018, 'arxiv', 'arxiv:1810.04805', 'G', None),
    ('G/resnet-euckr.md', 1, 'Deep Residual Learning (EUC-KR) for Image Recognition', 2016, 'venue', 'arxiv:1512.03385', 'G', None),
    ('G/resnet-utf8.md', 1, 'Deep Residual Learning for Image Recognition', 2016, 'venue', 'arxiv:1512.03385', 'G', None),
    ('I/Zotero/He2016Deep.md', 12, 'Deep Residual Learning for Image Recognition', 2016, 'metadata', 'doi:10.1109/cvpr.2016.90', 'Zotero', None),
    ('I/Zotero/vaswani2017attention.md', 9, 'Attention Is All You Need', 2017, 'arxiv', 'arxiv:1706.03762', 'Zotero', '2017-06-12'),
    ('L/a.md', 1, 'Attention Is All You Need', 2017, 'arxiv', 'arxiv:1706.03762', 'L', None),
    ('L/b.md', 1, 'BERT: Pre-training of Deep Bidirectional Transformers', 2018, 'arxiv', 'arxiv:1810.04805', 'L', None),
    ('L/c.md', 1, 'Denoising Diffusion Probabilistic Models', 2020, 'arxiv', 'arxiv:2006.11239', 'L', None),
    ('L/d.md', 1, 'Masked Autoencoders Are Scalable Vision Learners', 2021, 'arxiv', 'arxiv:2111.06377', 'L', None),
    ('L/e.md', 1, 'Swin Transformer', 2021, 'venue', 'file', 'L', None),
    ('L/f.md', 1, 'CLIP', 2021, 'prefix', 'file', 'L', None),
    ('L/g.md', 1, 'Vision Transformer', 2020, 'arxiv', 'arxiv:2010.11929', 'L', None),
    ('L/h.md', 1, 'NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis', 2020, 'venue', 'file', 'L', None),
    ('L/i.md', 1, 'Adam', 2015, 'metadata', 'arxiv:1412.6980', 'L', None),
    ('L/j.md', 1, 'Generative Adversarial Nets', 2014, 'metadata', 'file', 'L', None),
    ('M/note.md', 1, 'Deep Residual Learning for Image Recognition', 2016, 'metadata', 'arxiv:1512.03385', 'M', '2023-03-02'),
    ('M/topics/检测.md', 3, 'Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks', 2015, 'venue', 'arxiv:1506.01497', '目标检测', None),
    ('M/topics/检测.md', 8, 'You Only Look Once: Unified, Real-Time Object Detection', 2016, 'venue', 'arxiv:1506.02640', '目标检测', None),
    ('M/topics/检测.md', 13, 'Focal Loss for Dense Object Detection', 2017, 'venue', 'file', '目标检测', None),
    ('M/vision.md', 5, 'Swin Transformer', 2021, 'heading', 'arxiv:2103.14030', 'Vision papers', None),
    ('M/vision.md', 10, 'Masked Autoencoders', 2021, 'heading', 'arxiv:2111.06377', 'Vision papers', None),
    ('M/vision.md', 16, 'DETR', 2020, 'heading', 'arxiv:2005.12872', 'Vision papers', None),
    ('R/ResNet.md', 7, 'ResNet', 2016, 'metadata', 'arxiv:1512.03385', 'R', None),
]


def test_real_shaped_collections_scan_as_expected() -> None:
    collection = scan(HERE, use_cache=False)
    got = sorted((e.source, e.lines[0], e.title, e.year, e.year_source,
                  "file" if e.paper_key.startswith("file:") else e.paper_key, e.category, e.noted)
                 for e in collection.entries)
    assert got == sorted(EXPECTED)
    assert not {e.source for e in collection.entries} & {"A/README.md", "B/README.md", "C/README.md"}
    assert sorted((w.kind, w.source, w.message) for w in collection.warnings) == [
        ("encoding", "G/bert-euckr.md", "not UTF-8; decoded as EUC-KR"),
        ("encoding", "G/resnet-euckr.md", "not UTF-8; decoded as EUC-KR"),
    ]
