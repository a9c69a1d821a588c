"""Natural order of the tree's labels and titles (gui/navigator/natural.py and its use by the arrangement)."""

from __future__ import annotations

from navigator_fixtures import FakeEntry
from test_arrangement import arranged, labels

from paperdesk.gui.navigator.arrangement import Grouping, Sort
from paperdesk.gui.navigator.natural import natural_key


def test_digit_runs_compare_by_value_and_case_does_not_matter() -> None:
    words = ["week 10", "Week 2", "week 1", "week", "GPT-10", "gpt-2", "v1.10", "v1.9", "10", "9", "a", "b2"]
    assert sorted(words, key=natural_key) == [
        "9", "10", "a", "b2", "gpt-2", "GPT-10", "v1.9", "v1.10", "week", "week 1", "Week 2", "week 10"]


def test_keys_of_any_two_texts_compare() -> None:
    texts = ["", "1", "a", "1a", "a1", "1a1", "a1a", "01", "٣", "x²"]
    keys = [natural_key(t) for t in texts]
    assert sorted(keys) == sorted(keys, key=lambda k: k)   # no TypeError between a number and text


def test_the_tree_orders_categories_and_titles_naturally() -> None:
    entries = [FakeEntry(f"e{n}", f"Lecture {n}", f"week {n}", 2020, f"k{n}") for n in (10, 2, 1)]
    entries += [FakeEntry(f"t{n}", f"GPT-{n}", "models", 2020, f"m{n}") for n in (10, 2, 3)]
    tree = arranged(entries, grouping=Grouping.CATEGORY_YEAR, sort=Sort.TITLE)
    assert [label.split(" 0/")[0] for label, _ in labels(tree.root)] == ["models", "week 1", "week 2", "week 10"]
    assert labels(tree.root)[0][1] == [("2020 0/3", ["GPT-2", "GPT-3", "GPT-10"])]
