"""Chinese, Japanese and Korean metadata lines ("- 年份：2016", "**링크**: ...") are read like their
English labels: title, year, link, venue, date read, tags."""

from __future__ import annotations

from paperdesk.collection import scan

CHINESE = """# 阅读笔记

- 标题：Deep Residual Learning for Image Recognition
- 作者：Kaiming He 等
- 年份：2016
- 链接：https://arxiv.org/abs/1512.03385
- 阅读日期：2023-03-02
- 标签：视觉, 残差

## 主要内容

残差连接。
"""

KOREAN = """# 트랜스포머 정리

- **제목**: Attention Is All You Need
- **학회**: NeurIPS 2017
- **링크**: https://arxiv.org/abs/1706.03762

## 요약

어텐션만 사용한다.
"""

TOPIC = """# 目标检测

### 1. Focal Loss for Dense Object Detection
- 发表：ICCV 2017
- 笔记：难例加权。

### 2. Feature Pyramid Networks for Object Detection
- 会议：CVPR 2017
- 链接：https://arxiv.org/abs/1612.03144
"""


def test_cjk_labels_are_read(make_notes) -> None:
    root = make_notes({"zh.md": CHINESE, "ko.md": KOREAN, "topics/det.md": TOPIC})
    got = {e.source + (f"#{e.lines[0]}" if e.source.startswith("topics") else ""): e
           for e in scan(root, use_cache=False).entries}
    zh = got["zh.md"]
    assert (zh.title, zh.year, zh.year_source, zh.paper_key, zh.noted) == (
        "Deep Residual Learning for Image Recognition", 2016, "metadata", "arxiv:1512.03385", "2023-03-02")
    assert zh.note_tags == ("视觉", "残差")
    ko = got["ko.md"]
    assert (ko.title, ko.venue, ko.year, ko.paper_key) == ("Attention Is All You Need", "NeurIPS 2017", 2017,
                                                           "arxiv:1706.03762")
    focal = got["topics/det.md#3"]
    assert (focal.venue, focal.year) == ("ICCV 2017", 2017)
