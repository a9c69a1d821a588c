"""What the window says in its status bar about the page and the session: search hits, caret mode,
renderer crashes, broken links, store problems, a shown note's scan warning and missing fonts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperdesk.gui.reader.search_hits import hit_message
from paperdesk.gui.window.file_notice import FileNotice
from paperdesk.gui.window.font_hint import FontHint

if TYPE_CHECKING:
    from paperdesk.gui.window.main_window import MainWindow

# short enough for an 800 px window beside the entry count (the status bar cuts, never wraps); the
# word, sentence and paragraph steps are in the caret action's tip and the shortcuts list
CARET_ON = "Caret mode: arrows move, Shift+arrows select, 1–5 highlight, Esc leaves"


class StatusLines:
    """Connects the reader's and the session's signals to the window's status bar."""

    def __init__(self, window: MainWindow) -> None:
        say = window.statusBar().showMessage
        session, reader = window.session, window.reader
        self.font_hint = FontHint(say)       # no font for a note's script: said once per script
        self.file_notice = FileNotice(say)   # the shown note's file had a scan warning
        session.storeProblem.connect(lambda text: say(text, 8000))
        window.remote_images.message.connect(say)
        reader.modes.hitStepped.connect(lambda index, count: say(hit_message(index, count), 4000))
        reader.modes.caretModeChanged.connect(
            lambda on: say(CARET_ON if on else "Caret mode off", 8000 if on else 2000))
        reader.rendererCrashed.connect(lambda reloaded: say(
            "The page renderer stopped; the entry was reloaded" if reloaded
            else "The page renderer keeps stopping on this entry; it is left blank", 10000))
        reader.brokenLinkActivated.connect(
            lambda ref: say(f"Broken link: {ref} is not a note of this collection", 6000))

        def shown(entry_id: str) -> None:
            collection = session.collection
            entry = collection.entry(entry_id) if collection is not None else None
            self.file_notice.check(collection, entry)
            self.font_hint.check(entry)   # after: said once, it wins the status bar over the file's warning

        window.entryShown.connect(shown)
