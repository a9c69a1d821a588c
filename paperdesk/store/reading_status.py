"""The reading status of papers, with the history of its changes."""

from __future__ import annotations

from paperdesk.store import stamps as st
from paperdesk.store.changes import StoreCore
from paperdesk.store.model import STATUSES, now_iso
from paperdesk.vocab import Status


class ReadingStatus:
    """The "status" table: paper key -> status and its history."""

    def __init__(self, core: StoreCore) -> None:
        """Read and write through `core`."""
        self._core = core

    def status(self, paper_key: str) -> Status:
        """Return the reading status of a paper ("unread" by default)."""
        doc = self._core.table("status").get(paper_key)
        return Status(doc["status"]) if doc else Status.UNREAD

    def set_status(self, paper_key: str, status: str) -> None:
        """Set a paper's reading status, recording the time of the change (no-op if unchanged)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; choose from {', '.join(STATUSES)}")
        core = self._core
        with core.change():
            doc = core.table("status").get(paper_key)
            if (doc["status"] if doc else "unread") == status:
                return
            history = [*(doc.get("history", []) if doc else []), [now_iso(), status]]
            new = st.stamped("status", doc, {"status": status, "history": history}, core.stamp())
            core.write({"status": ({paper_key: new}, [])})
        core.notify("status", paper_key)

    def status_history(self, paper_key: str) -> list[tuple[str, str]]:
        """Return [(iso time, status), ...] of a paper's status changes, oldest first."""
        doc = self._core.table("status").get(paper_key)
        return [(str(t), str(s)) for t, s in doc.get("history", [])] if doc else []

    def statuses(self) -> dict[str, str]:
        """Return paper key -> status for every paper whose status was ever set."""
        return {key: doc["status"] for key, doc in self._core.table("status").items()}
