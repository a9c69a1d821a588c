"""The bridge protocol is declared once: every message the page sends and every function Python calls exist on both sides."""

from __future__ import annotations

import re
from pathlib import Path

from paperdesk.gui.reader import modes, view
from paperdesk.gui.reader.page import PAGE_SCRIPTS
from paperdesk.gui.reader.protocol import CaretCall, PageCall, PageMessage
from paperdesk.gui.scheme import WEB_DIR

PAGE_SCRIPT = "\n".join((WEB_DIR / name).read_text("utf-8") for name in PAGE_SCRIPTS)
HL_SCRIPT = (WEB_DIR / "highlight.js").read_text("utf-8")
CARET_SCRIPT = (WEB_DIR / "caret.js").read_text("utf-8")
VIEW_SOURCE = Path(view.__file__).read_text("utf-8")
MODES_SOURCE = Path(modes.__file__).read_text("utf-8")


def test_every_message_the_page_sends_is_declared_and_every_declared_one_is_sent() -> None:
    sent = set(re.findall(r'kind:\s*"([a-z-]+)"', PAGE_SCRIPT))
    assert sent == {m.value for m in PageMessage}


def test_every_page_call_exists_in_the_page_script() -> None:
    exported = HL_SCRIPT[HL_SCRIPT.index("window.paperdeskHL = {"):]
    names = set(re.findall(r"^\s{4}(\w+):", exported, re.MULTILINE))
    for call in PageCall:
        assert call.value.startswith("paperdeskHL.")
        assert call.value.removeprefix("paperdeskHL.") in names, call


def test_the_view_handles_every_message_and_writes_no_page_script_of_its_own() -> None:
    for message in PageMessage:
        assert f"PageMessage.{message.name}" in VIEW_SOURCE, message
    assert "paperdeskHL." not in VIEW_SOURCE   # calls go through PageCall
    assert "function(" not in VIEW_SOURCE.replace(" ", "")


def test_every_caret_call_exists_in_caret_js_and_the_modes_write_no_page_script() -> None:
    exported = CARET_SCRIPT[CARET_SCRIPT.index("window.paperdeskCaret = {"):]
    names = set(re.findall(r"^\s{4}(\w+):", exported, re.MULTILINE))
    for call in CaretCall:
        assert call.value.startswith("paperdeskCaret.")
        assert call.value.removeprefix("paperdeskCaret.") in names, call
        assert f"CaretCall.{call.name}" in MODES_SOURCE, call
    for source in (VIEW_SOURCE, MODES_SOURCE):
        assert "paperdeskCaret." not in source
        assert "function(" not in source.replace(" ", "")
