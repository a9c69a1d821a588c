"""Every kind of scan warning that real-shaped fixtures give is said in words in the window's summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.collection import scan
from paperdesk.gui.window.dialogs import WARNING_LABELS, warning_summary

TESTS = Path(__file__).resolve().parents[2]
FIXTURES = [TESTS / "collection" / name for name in ("real_shapes_q10", "real_shapes_q12", "real_shapes_q13")]


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: p.name)
def test_each_warning_kind_of_the_fixtures_has_a_label(folder: Path) -> None:
    warnings = scan(folder, use_cache=False).warnings
    kinds = {w.kind for w in warnings}
    assert kinds <= set(WARNING_LABELS), f"no label for {sorted(kinds - set(WARNING_LABELS))}"
    summary = warning_summary(warnings)
    for kind in kinds:
        assert f"× {WARNING_LABELS[kind]}" in summary


def test_the_fixtures_hold_index_and_extracted_warnings() -> None:
    """The kinds this test exists for are really produced (else the test above would prove nothing new)."""
    kinds = {w.kind for folder in FIXTURES for w in scan(folder, use_cache=False).warnings}
    assert {"index", "extracted"} <= kinds
