"""East Asian scripts found in a note's text (the window's missing-font hint reads them)."""

from __future__ import annotations

from paperdesk.reading.scripts import SAMPLE, Script, scripts_in


def test_latin_greek_cyrillic_and_math_use_no_east_asian_script():
    assert scripts_in("Attention is all you need: softmax(QKᵀ/√d)·V, α→β, Привет, Ünïcödé — “quotes”") == set()
    assert scripts_in("") == set()


def test_each_script_is_told_apart():
    assert scripts_in("本文提出了一种新的注意力机制。") == {Script.HAN}
    assert scripts_in("この論文はトランスフォーマーを提案する。") == {Script.HAN, Script.KANA}
    assert scripts_in("이 논문은 새로운 방법을 제안한다") == {Script.HANGUL}
    assert scripts_in("ひらがなだけ") == {Script.KANA}


def test_only_the_start_of_a_long_text_is_read():
    assert scripts_in("x" * SAMPLE + "中文") == set()
    assert scripts_in("x" * (SAMPLE - 2) + "中文") == {Script.HAN}
