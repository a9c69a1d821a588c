"""Printing to whatever console runs a subcommand: a narrow encoding never ends a command."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import Any


def tolerant_streams() -> None:
    """Let stdout and stderr replace what their encoding cannot show instead of raising.

    Notes hold any script and file names any bytes; `LC_ALL=C` without Python's UTF-8 mode, a
    `PYTHONIOENCODING=ascii` pipe or a Windows code page must still get the rest of the output.
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # closed or detached: nothing to print
                stream.reconfigure(errors="replace")


def print_json(value: Any, **options: Any) -> None:
    """Print `value` as JSON, as plain characters where stdout can show them, else \\u escapes.

    Escapes are the same JSON to any reader; the replacement characters of a narrow console
    would not be.
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(value, ensure_ascii=True, **options)
    print(text)


def text_argument(value: str) -> str:
    """A command-line word meant as text (a title, tag, quote, query), read as UTF-8.

    Under a locale whose encoding is not UTF-8 (`LC_ALL=C` with Python's UTF-8 mode off) Python
    keeps the bytes of `+日本` as lone surrogates; the store would get a tag no other run can
    match. Paths are left alone: they must stay in the file system's own encoding.
    """
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeDecodeError:  # bytes that are not UTF-8 either: keep what Python made of them
        return value
