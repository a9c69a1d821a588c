"""An inter-process lock around each read-modify-write of a store (fcntl.flock on a side file).

Two paperdesk processes (the window and `paperdesk tag`, or two windows) may share one store:
each change takes the exclusive lock, reloads the file if another process replaced it, applies
the change and writes durably before releasing, so no update is lost. Where fcntl is missing
(Windows) the lock is a no-op.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

from paperdesk.errors import UserError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(store_path: Path) -> Path:
    """Return the lock file used for a store."""
    return store_path.with_name(store_path.name + ".lock")


class StoreLock:
    """Re-entrant exclusive lock shared by every process that opens the same store file."""

    def __init__(self, store_path: Path, timeout: float = 15.0) -> None:
        """Prepare the lock for `store_path`; waits up to `timeout` seconds when acquiring."""
        self.path = lock_path(Path(store_path))
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0
        self._thread_lock = threading.RLock()
        self.unavailable: str | None = None   # why no lock file could be opened (read-only folder)

    def acquire(self) -> None:
        """Take the lock (re-entrant); raise UserError if another process holds it too long."""
        self._thread_lock.acquire()
        if self._depth == 0:
            try:
                self._take()
            except BaseException:
                self._thread_lock.release()
                raise
        self._depth += 1

    def release(self) -> None:
        """Release one level of the lock."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None and fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()

    def close(self) -> None:
        """Close the lock file descriptor."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _take(self) -> None:
        if self._fd is None:   # again each time: a folder that could not be written may be writable now
            self.unavailable = None
            self._fd = self._open()
        if fcntl is None or self._fd is None:  # no lock file possible: only a read-only store
            return
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UserError(
                        f"the annotation store {self.path.with_suffix('').name} is busy: another "
                        f"paperdesk process has held its lock for {self.timeout:.0f} s"
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)

    def _open(self) -> int | None:
        """Open (or create) the lock file; read-only if it cannot be written; None if impossible."""
        try:
            if not self.path.parent.is_dir():   # the store's folder could not be made before: try now
                self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            try:
                return os.open(self.path, os.O_RDONLY)   # flock works on a read-only descriptor
            except OSError:
                self.unavailable = f"cannot create the lock file {self.path.name} ({exc.strerror})"
                return None

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
