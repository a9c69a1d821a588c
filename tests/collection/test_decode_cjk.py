"""Notes saved in a legacy Chinese or Japanese encoding (GBK, GB18030, Big5, Shift_JIS, EUC-JP)
decode to their own characters, not to cp1252 mojibake; Western single-byte notes stay as they were."""

from __future__ import annotations

import pytest

from paperdesk.collection import scan
from paperdesk.collection.decode import decode_bytes

CHINESE = ("# 注意力机制论文笔记\n\n这篇论文提出了Transformer模型，完全基于注意力机制。"
           "实验表明，它在机器翻译任务上效果很好，而且训练速度更快。\n")
TRADITIONAL = "# 深度殘差學習筆記\n\n這篇論文提出了殘差網路，讓很深的網路也能訓練。實驗結果非常好。\n"
JAPANESE = ("# 拡散モデルのノート\n\nこの論文はノイズを少しずつ除去する生成モデルを提案している。"
            "画像の品質はとても高い。\n")
DENSE = "这是一段很长的中文笔记，没有空格也没有换行，" * 400 + "\n"  # > 8 KB of CJK bytes without a space


@pytest.mark.parametrize(("text", "encoding"), [
    (CHINESE, "gbk"), (CHINESE, "gb18030"), (TRADITIONAL, "big5"),
    (JAPANESE, "shift_jis"), (JAPANESE, "euc_jp"), (DENSE, "gbk"),
])
def test_legacy_cjk_encodings_decode_to_their_text(text: str, encoding: str) -> None:
    decoded, notes = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert [n[0] for n in notes] == ["encoding"]
    assert "not UTF-8" in notes[0][2]


@pytest.mark.parametrize("text", [
    "# Résumé of the paper\n\nCafé, naïve, déjà vu, élève, Ångström.\n",
    "Caf\u00e9 na\u00efve \u2019quoted\u2019 \u2014 text\n" * 30,
    "# Über Ärger\n\nGrößere Modelle sind nicht immer besser; für kleine Daten gilt das Gegenteil.\n",
])
def test_western_single_byte_notes_are_not_taken_for_cjk(text: str) -> None:
    decoded, notes = decode_bytes(text.encode("cp1252"))
    assert decoded == text
    assert notes == [("encoding", None, "not UTF-8; decoded as cp1252")]


def test_scan_gives_gbk_and_shift_jis_notes_their_own_titles(make_notes) -> None:
    root = make_notes({"gbk.md": CHINESE.encode("gbk"), "sjis.md": JAPANESE.encode("shift_jis")})
    titles = sorted(e.title for e in scan(root).entries)
    assert titles == ["拡散モデルのノート", "注意力机制"]   # the closing 论文笔记 ("paper notes") is about the note (q13)


KOREAN = ("# 잔차 학습 논문 노트\n\n깊은 신경망을 잔차 학습으로 쉽게 학습시킨다. 지름길 연결을 더한다.\n"
          "실험 결과가 아주 좋다.\n")
KOREAN_RARE = "# 뷁 논문\n\n똠방각하 쌰 노트입니다. 이 글자들은 확장 완성형에만 있다.\n"  # CP949-only syllables


@pytest.mark.parametrize(("text", "encoding", "name"), [
    (KOREAN, "euc_kr", "EUC-KR"), (KOREAN_RARE, "cp949", "CP949 (Korean)"),
])
def test_korean_notes_are_not_read_as_chinese(text: str, encoding: str, name: str) -> None:
    decoded, notes = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert notes == [("encoding", None, f"not UTF-8; decoded as {name}")]


@pytest.mark.parametrize(("text", "encoding"), [(CHINESE, "gbk"), (TRADITIONAL, "big5"), (JAPANESE, "shift_jis"),
                                                (JAPANESE, "euc_jp")])
def test_chinese_and_japanese_notes_are_not_read_as_korean(text: str, encoding: str) -> None:
    decoded, notes = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert "Korean" not in notes[0][2] and "EUC-KR" not in notes[0][2]
