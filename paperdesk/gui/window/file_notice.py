"""A status-bar line when the note file of a shown entry had a scan warning (a guessed encoding, repaired text, an unrecognised layout)."""

from __future__ import annotations

from collections.abc import Callable

from paperdesk.collection import Collection, Entry, ScanWarning

#: warnings the page shows itself (a missing image is a placeholder where the figure would be)
SHOWN_IN_PAGE = frozenset({"image"})
SAY_MS = 8000


class FileNotice:
    """Says, for each shown entry, the first warning its file got from the scan (none: nothing)."""

    def __init__(self, say: Callable[[str, int], None]) -> None:
        self._say = say
        self._of: tuple[int, dict[str, ScanWarning]] | None = None   # (id of the collection, source -> warning)

    def warning_for(self, collection: Collection, entry: Entry) -> ScanWarning | None:
        """The first warning of the entry's file that the page does not show, or None."""
        if self._of is None or self._of[0] != id(collection):
            by_source: dict[str, ScanWarning] = {}
            for warning in collection.warnings:
                if warning.kind not in SHOWN_IN_PAGE:
                    by_source.setdefault(warning.source, warning)
            self._of = (id(collection), by_source)
        return self._of[1].get(entry.source)

    def check(self, collection: Collection | None, entry: Entry | None) -> ScanWarning | None:
        """Say the entry's file warning in the status bar; returns it."""
        if collection is None or entry is None:
            return None
        warning = self.warning_for(collection, entry)
        if warning is not None:
            self._say(f"{entry.source}: {warning.message} (File › Scan Warnings lists them all)", SAY_MS)
        return warning
