"""Building the window's modules imports no parser, filter index or Markdown: they load after the first paint."""

from __future__ import annotations

import json
import subprocess
import sys

LATER = ("paperdesk.collection.scanner", "paperdesk.collection.layout", "paperdesk.query.index",
         "paperdesk.query.language", "markdown", "pygments", "nh3")


def test_the_window_modules_leave_the_parser_the_index_and_markdown_for_later() -> None:
    code = ("import json, sys\n"
            "import paperdesk.gui.app, paperdesk.gui.window.main_window, paperdesk.gui.window.first_page\n"
            "import paperdesk.collection, paperdesk.query\n"
            f"print(json.dumps([m for m in {list(LATER)!r} if m in sys.modules]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_the_lazy_names_are_the_real_ones() -> None:
    import paperdesk.collection
    import paperdesk.query
    from paperdesk.collection.scanner import scan
    from paperdesk.query.index import SearchIndex
    from paperdesk.query.language import parse_query

    assert paperdesk.collection.scan is scan and paperdesk.query.SearchIndex is SearchIndex
    assert paperdesk.query.parse_query is parse_query
    assert "scan" in dir(paperdesk.collection) and "Term" in dir(paperdesk.query)


def test_a_staged_window_leaves_its_panes_and_controls_modules_for_later() -> None:
    panes = ["paperdesk.gui.navigator.pane", "paperdesk.gui.side_panel", "paperdesk.gui.window.entry_presenter",
             "paperdesk.gui.window.actions", "paperdesk.gui.window.annotation_actions",
             "paperdesk.gui.window.auto_reading", "paperdesk.gui.window.sync_control", "paperdesk.gui.undo_commands"]
    code = ("import json, sys\n"
            "import paperdesk.gui.app, paperdesk.gui.window.main_window, paperdesk.gui.window.start_up\n"
            f"print(json.dumps([m for m in {panes!r} if m in sys.modules]))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
