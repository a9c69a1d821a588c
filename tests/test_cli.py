"""The command line: help for every subcommand, one-line errors, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paperdesk.cli import SUBCOMMANDS, main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "paperdesk", *args], capture_output=True, text=True, timeout=120)


def test_top_level_help_lists_every_subcommand() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([name, "--help"]) == 0
    assert f"paperdesk {name}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ("scan", "/nonexistent/notes"),
        ("doctor", "/nonexistent/notes"),
        ("mark", "/nonexistent/notes", "x", "--status", "read"),
        ("tag", "/nonexistent/notes", "x", "+a"),
        ("export", "/nonexistent/notes", "--out", "/tmp/paperdesk-never"),
    ],
)
def test_missing_path_gives_one_line_and_nonzero_exit(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("paperdesk:")


def test_usage_error_is_one_line_per_problem() -> None:
    result = run_cli("mark")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
