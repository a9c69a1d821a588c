"""A wall-clock limit for pure Python work on the calling thread (the GUI thread included).

`run_with_deadline(fn, seconds)` runs `fn()` on the caller's own thread. One watchdog thread
(started on first use) raises `_Interrupted` inside that thread when the time is up, through
CPython's `PyThreadState_SetAsyncExc`; the exception lands at the next bytecode boundary, so
Python loops (Python-Markdown's parsers) stop, but a single long C call (one regex search, one
nh3 call) runs to its end before it does: the structural pre-check keeps those short. Where the
C API is missing (not CPython) the limit is not enforced and `fn` simply runs.

`_Interrupted` derives from BaseException so that library code's `except Exception` cannot
swallow it, and the watchdog raises it again every REPEAT seconds until the work ends, for code
that swallows everything. `run_with_deadline` turns it into `DeadlineExceeded`.

A C call that calls back into Python (nh3 and its attribute filter) would take the interrupt in
the callback, which reports it as "unraisable" and carries on; such a call runs inside
`shielded(fn)`: there the watchdog never interrupts but marks the time as up, the callbacks poll
`expired()` and make short work of the rest, and `shielded` raises the interrupt when `fn` returns.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
REPEAT = 0.05    # seconds between interrupts once the deadline has passed


class DeadlineExceeded(Exception):
    """The work did not finish in the time it was given."""


class _Interrupted(BaseException):
    """Raised inside the guarded thread by the watchdog; never escapes run_with_deadline."""


def is_interrupt(exc: BaseException) -> bool:
    """True for the watchdog's interrupt (for callbacks that must hand it on, not swallow it)."""
    return isinstance(exc, _Interrupted)


try:
    _set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    _set_async_exc.argtypes = [ctypes.c_ulong, ctypes.py_object]
    _set_async_exc.restype = ctypes.c_int
    # the same function with a NULL exception: withdraws a pending one
    _clear_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
        ("PyThreadState_SetAsyncExc", ctypes.pythonapi))
    ENFORCED = True
except (AttributeError, TypeError, ValueError):   # pragma: no cover - not CPython
    ENFORCED = False


@dataclass(eq=False)
class _Job:
    thread_id: int
    deadline: float
    fired: bool = False        # an interrupt was sent (and may still be pending)
    shielded: bool = False     # inside `shielded`: the watchdog marks `expired` instead
    expired: bool = False      # the time ran out while shielded


_local = threading.local()     # .jobs: this thread's armed jobs, innermost last


def _thread_jobs() -> list[_Job]:
    jobs: list[_Job] = _local.__dict__.setdefault("jobs", [])
    return jobs


class _Watchdog:
    """One daemon thread that interrupts guarded threads whose deadline has passed."""

    def __init__(self) -> None:
        # Guarded threads take the plain lock with `with self._lock:` (a C-level __enter__): the
        # watchdog's interrupt can land at any bytecode boundary of a guarded thread, and inside
        # Condition.__enter__ (Python code) it would land after the lock was taken but before the
        # `with` could release it, leaving the lock held for good.
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._jobs: list[_Job] = []
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> _Job:
        job = _Job(threading.get_ident(), time.monotonic() + seconds)
        with self._lock:
            _thread_jobs().append(job)
            self._jobs.append(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="paperdesk-deadline", daemon=True)
                self._thread.start()
            self._cond.notify()
        return job

    def shield(self, job: _Job) -> None:
        """Stop interrupting `job`'s thread; an interrupt sent and not yet raised is withdrawn."""
        with self._lock:
            if job.fired:
                _clear_async_exc(job.thread_id, None)
                job.expired = True
            job.shielded = True

    def unshield(self, job: _Job) -> bool:
        """Interrupt `job`'s thread again; True when its time ran out meanwhile."""
        with self._lock:
            job.shielded = False
            return job.expired

    def disarm(self, job: _Job) -> None:
        """Forget `job`; a fired interrupt not yet raised is withdrawn. Safe to call twice."""
        with self._lock:
            if job in self._jobs:
                self._jobs.remove(job)
            if job in _thread_jobs():
                _thread_jobs().remove(job)
            if job.fired:
                _clear_async_exc(job.thread_id, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for job in self._jobs:
                    if job.deadline <= now:
                        job.deadline = now + REPEAT     # again, in case this one is swallowed
                        if job.shielded:
                            job.expired = True
                        else:
                            job.fired = True
                            _set_async_exc(job.thread_id, _Interrupted)
                pending = [j.deadline for j in self._jobs]
                self._cond.wait(timeout=max(0.0, min(pending) - now) if pending else None)


_WATCHDOG = _Watchdog()


def run_with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """Return `fn()`, or raise DeadlineExceeded when it runs longer than `seconds` (wall clock)."""
    if not ENFORCED:   # pragma: no cover - not CPython
        return fn()
    job = _WATCHDOG.arm(seconds)
    try:
        try:
            return fn()
        finally:
            _WATCHDOG.disarm(job)
    except _Interrupted:
        while True:   # a repeat interrupt landing in disarm itself: disarm again until it is done
            try:
                _WATCHDOG.disarm(job)
                break
            except _Interrupted:
                continue
        raise DeadlineExceeded(f"still running after {seconds:g} s") from None


def _current() -> _Job | None:
    jobs = _thread_jobs()
    return jobs[-1] if jobs else None


def expired() -> bool:
    """True inside `shielded` once the calling thread's time is up (callbacks then finish fast)."""
    job = _current()
    return job is not None and job.expired


def shielded(fn: Callable[[], T]) -> T:
    """Return `fn()`, run without interrupts (for a C call that calls back into Python); when
    the time ran out meanwhile, raise the interrupt once `fn` has returned."""
    job = _current()
    if job is None:
        return fn()
    _WATCHDOG.shield(job)
    try:
        result = fn()
    finally:
        ran_out = _WATCHDOG.unshield(job)
    if ran_out:
        raise _Interrupted
    return result
