"""The watchdog cuts off Python work on the calling thread, and never fires after the work ended."""

from __future__ import annotations

import contextlib
import sys
import threading

import pytest

from paperdesk.render import deadline
from paperdesk.render.deadline import DeadlineExceeded, run_with_deadline
from paperdesk.render.sanitize import sanitize

pytestmark = pytest.mark.skipif(not deadline.ENFORCED, reason="needs CPython's PyThreadState_SetAsyncExc")


def _forever_swallowing_exceptions() -> None:
    while True:
        with contextlib.suppress(Exception):   # library code swallowing errors keeps the interrupt
            sum(range(1000))


def test_endless_loop_is_cut_off() -> None:
    with pytest.raises(DeadlineExceeded):
        run_with_deadline(_forever_swallowing_exceptions, 0.2)


def test_interrupt_swallowed_once_is_raised_again() -> None:
    swallowed = []

    def stubborn() -> None:
        while True:
            try:
                while True:
                    sum(range(1000))
            except BaseException as exc:   # like a C extension ignoring its callback's error
                if swallowed:
                    raise
                swallowed.append(exc)

    with pytest.raises(DeadlineExceeded):
        run_with_deadline(stubborn, 0.1)
    assert len(swallowed) == 1 and deadline.is_interrupt(swallowed[0])


def test_result_and_errors_pass_through() -> None:
    assert run_with_deadline(lambda: 42, 5.0) == 42
    with pytest.raises(ZeroDivisionError):
        run_with_deadline(lambda: 1 / 0, 5.0)


def test_no_interrupt_arrives_after_the_work_returned() -> None:
    # deadlines about as long as the work: some fire at the very end, and must be withdrawn
    outcomes = {"done": 0, "cut": 0}
    for i in range(300):
        try:
            run_with_deadline(lambda: sum(range(2000)), 0.00002 * (i % 7))
            outcomes["done"] += 1
        except DeadlineExceeded:
            outcomes["cut"] += 1
    total = 0
    for _ in range(200_000):   # plenty of bytecode boundaries for a stray interrupt to land on
        total += 1
    assert total == 200_000 and sum(outcomes.values()) == 300


def test_each_thread_gets_its_own_limit() -> None:
    results: dict[str, object] = {}

    def slow() -> None:
        try:
            run_with_deadline(_forever_swallowing_exceptions, 0.2)
        except DeadlineExceeded as exc:
            results["slow"] = exc

    def quick() -> None:
        results["quick"] = run_with_deadline(lambda: sum(range(10_000)), 30.0)

    threads = [threading.Thread(target=slow), threading.Thread(target=quick)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert isinstance(results["slow"], DeadlineExceeded) and results["quick"] == sum(range(10_000))


def test_a_long_sanitize_is_cut_off_and_its_callback_never_takes_the_interrupt(monkeypatch) -> None:
    # nh3 calls back into Python for every attribute and reports a callback's exception as
    # "unraisable" (then carries on): the watchdog must not interrupt a thread inside it
    unraisable: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda hook_args: unraisable.append(hook_args.exc_value))
    calls = []

    def slow_rewrite(tag: str, attribute: str, value: str) -> str:
        calls.append(value)
        sum(range(20_000))
        return value

    html = '<p id="p" title="t" lang="en"><a href="https://example.org/">x</a></p>' * 20_000
    with pytest.raises(DeadlineExceeded):
        run_with_deadline(lambda: sanitize(html, slow_rewrite), 0.05)
    assert unraisable == []
    assert len(calls) < 20_000    # the links after the time was up were never rewritten
    assert sanitize('<a href="https://example.org/" id="x">ok</a>') == \
        '<a href="https://example.org/" id="x" rel="noopener noreferrer">ok</a>'   # the next render is whole
