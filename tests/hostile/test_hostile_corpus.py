"""Each hostile corpus note goes through scan, render, page, export and re-anchoring without an
exception, with nothing active in its HTML, and with a warning wherever one of the app's limits engaged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_corpus import Case, cases
from hostile_pipeline import (
    active_content,
    export_all,
    page_active_content,
    scan_and_render,
    write_tree,
)

from paperdesk.render import entry_page
from paperdesk.store import AnnotationStore

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_note_goes_through_the_whole_pipeline(tmp_path: Path, case: Case) -> None:
    root = write_tree(tmp_path / "notes", {"note.md": case.data, "ok.md": b"# A fine note\n\nplain words\n"})
    through = scan_and_render(root, pages=False)
    collection = through.collection
    assert any(e.source == "ok.md" for e in collection.entries)   # one hostile note never hides the others
    said = [w.kind + " " + w.message for w in collection.warnings]
    with AnnotationStore.open(tmp_path / "store.json") as store:
        for entry, rendered in through.renders:
            assert not active_content(rendered.html), (entry.source, active_content(rendered.html)[:5])
            assert not page_active_content(entry_page(entry, collection, rendered))
            said += [p.kind + " " + p.message for p in rendered.problems]
            text = rendered.text
            if len(text.strip()) > 8 and not rendered.cut_off:
                start = len(text) - len(text.lstrip())
                store.add_highlight(entry.id, entry.paper_key, text, start, start + 8)
                anchors = store.reanchor(entry.id, text)
                assert [a.start for a in anchors] == [start]
        report = export_all(collection, tmp_path / "out", store)
        # an edit of the hostile note, then the reader's re-anchoring of what was highlighted in it
        (root / "note.md").write_bytes(b"Inserted words at the top.\n\n" + case.data + b"\nand at the end\n")
        for entry, rendered in scan_and_render(root, pages=False).renders:
            for anchor in store.reanchor(entry.id, rendered.text):
                if anchor.start is None:
                    assert anchor.highlight.orphan
                elif anchor.method in ("offsets", "mapped", "exact"):
                    assert rendered.text[anchor.start:anchor.end] == anchor.highlight.quote
    assert not report.skipped, report.warnings
    assert (tmp_path / "out" / "index.md").is_file()
    if case.expect:
        assert any(case.expect in line for line in said), said
