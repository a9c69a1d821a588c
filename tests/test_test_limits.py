"""The suite's own limits: a failing or hung Hypothesis test ends, and is reported, in bounded time."""

from __future__ import annotations

import os

import pytest

from tests.conftest import REPO

pytest_plugins = ("pytester",)

INNER = '''
from hypothesis import given, settings, strategies as st

@given(st.integers())
def test_hangs_on_big_numbers(x):
    while x > 5:
        pass

@settings(max_examples=1000)
@given(st.lists(st.integers()))
def test_fails_on_big_sums(xs):
    assert sum(xs) < 10
'''


@pytest.mark.slow
def test_a_hung_hypothesis_test_is_stopped_and_the_next_one_runs(pytester: pytest.Pytester,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-timeout's interrupt escapes Hypothesis (before: caught as one more failing example,
    the replay hung for good) and a plain failure is reported at its first failing example."""
    pytester.makepyfile(test_inner=INNER)
    monkeypatch.setenv("PYTHONPATH", f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    result = pytester.runpytest_subprocess("-p", "tests.conftest", "-p", "no:cacheprovider",
                                           "--timeout=3", "-q", "-ra", timeout=120)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*Timeout (>3.0s) from pytest-timeout*"])
    result.stdout.fnmatch_lines(["FAILED *test_hangs_on_big_numbers - *TestTimedOut*",
                                 "FAILED *test_fails_on_big_sums - assert *"])
    result.stdout.fnmatch_lines(["E * assert * < 10"])
