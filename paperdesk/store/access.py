"""Whether a store can be written now, and why not: its read-only state and the one reason given."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from paperdesk.store.recovery import write_problem
from paperdesk.store.storage import StoreReadOnly, describe_os_error

log = logging.getLogger(__name__)


class WriteAccess:
    """The read-only state of one open store.

    A hard reason (a newer schema, a folder or an unreadable file at the path, a restore that
    could not be written back) lasts for the session; a soft one (a read-only file or folder,
    a write refused by the disk) is looked at again before each change, so the store writes
    again as soon as it can. `on_change` is called whenever `reason` changes.
    """

    def __init__(self, path: Path, reason: str | None, soft: bool, on_change: Callable[[], None]) -> None:
        """Start from what opening found."""
        self.path = path
        self.reason = reason
        self._hard = reason is not None and not soft
        self._on_change = on_change

    def reset(self, reason: str | None, soft: bool) -> None:
        """Take the state a reload found."""
        self._hard = reason is not None and not soft
        self._set(reason)

    def refuse_if_read_only(self) -> None:
        """Raise StoreReadOnly unless a change may be tried now."""
        if self.reason is None:
            return
        if not self._hard:
            problem = write_problem(self.path)
            if problem is None:
                return        # perhaps writable again (space freed): the write will tell
            self._set(problem)
        raise StoreReadOnly(f"the change was not saved: {self.reason}")

    def failed(self, exc: OSError) -> StoreReadOnly:
        """Record a write the disk refused; returns the error to raise."""
        reason = f"the annotation store {self.path.name} cannot be written ({describe_os_error(exc)})"
        log.info("%s", reason)
        self._set(reason)
        return StoreReadOnly(f"the change was not saved: {reason}")

    def succeeded(self) -> None:
        """A write went through: whatever stopped writes before is gone."""
        if self.reason is not None:
            self._set(None)

    def check(self) -> str | None:
        """Look again (e.g. after disk space was freed); returns the reason, None when writable."""
        if self.reason is not None and not self._hard and write_problem(self.path) is None:
            self._set(None)
        return self.reason

    def _set(self, reason: str | None) -> None:
        if reason != self.reason:
            self.reason = reason
            self._on_change()
