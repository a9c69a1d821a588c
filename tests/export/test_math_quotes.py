"""A highlight across inline math is exported with its formulas as TeX, not with holes."""

from __future__ import annotations

from pathlib import Path

from paperdesk.collection import scan
from paperdesk.export import export_entries
from paperdesk.render import render_entry
from paperdesk.store import AnnotationStore


def test_the_highlights_list_keeps_the_formulas_of_a_quote(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "p.md").write_text("# Calibrated Forecasts\n\n**Year**: 2021\n\n"
                                "We fit a CDF $F_t$ targeting $y_t$. The rest is plain text.\n",
                                encoding="utf-8")
    collection = scan(notes, use_cache=False)
    (entry,) = collection.entries
    text = render_entry(entry, collection).text
    start = text.index("a CDF")
    end = text.index(". The rest") + 1
    assert text[start:end] == "a CDF  targeting ."
    with AnnotationStore.open(tmp_path / "store.json") as store:
        store.add_highlight(entry.id, entry.paper_key, text, start, end, color=1, note="why")
        report = export_entries(collection, store, collection.entries, tmp_path / "out")
    (written,) = [f for f in report.files if f.endswith(".md") and not f.endswith("index.md")]
    exported = (tmp_path / "out" / written).read_text(encoding="utf-8")
    highlights = exported[exported.index("Highlights"):]
    assert "a CDF $F_t$ targeting $y_t$." in highlights
    assert "a CDF  targeting ." not in highlights
