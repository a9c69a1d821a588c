"""The bridge protocol is declared once: every message the page sends and every function Python calls exist on both sides."""

from __future__ import annotations

import re
from pathlib import Path

from paperdesk.gui.reader import view
from paperdesk.gui.reader.protocol import PageCall, PageMessage
from paperdesk.gui.scheme import WEB_DIR

PAGE_SCRIPT = (WEB_DIR / "highlight.js").read_text("utf-8")
VIEW_SOURCE = Path(view.__file__).read_text("utf-8")


def test_every_message_the_page_sends_is_declared_and_every_declared_one_is_sent() -> None:
    sent = set(re.findall(r'kind:\s*"([a-z-]+)"', PAGE_SCRIPT))
    assert sent == {m.value for m in PageMessage}


def test_every_page_call_exists_in_the_page_script() -> None:
    exported = PAGE_SCRIPT[PAGE_SCRIPT.index("window.paperdeskHL = {"):]
    names = set(re.findall(r"^\s{4}(\w+):", exported, re.MULTILINE))
    for call in PageCall:
        assert call.value.startswith("paperdeskHL.")
        assert call.value.removeprefix("paperdeskHL.") in names, call


def test_the_view_handles_every_message_and_writes_no_page_script_of_its_own() -> None:
    for message in PageMessage:
        assert f"PageMessage.{message.name}" in VIEW_SOURCE, message
    assert "paperdeskHL." not in VIEW_SOURCE   # calls go through PageCall
    assert "function(" not in VIEW_SOURCE.replace(" ", "")
