"""The `paperdesk` command line: opens the window, or runs a subcommand without importing Qt."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from paperdesk import __version__
from paperdesk.errors import UserError
from paperdesk.vocab import STATUSES

SUBCOMMANDS = ("scan", "doctor", "export", "mark", "tag", "highlight", "annotations", "sync",
               "merge-annotations", "bench", "install-desktop")
TEXT_ARGUMENTS = ("entry", "quote", "note", "query")  # words meant as text, not paths (tag's: its own)


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, metavar="FILE",
        help="annotation store to use instead of the collection's store in the user data folder",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the parser for the subcommands (the window is opened when none is given)."""
    parser = argparse.ArgumentParser(
        prog="paperdesk",
        description=(
            "Read and annotate paper-reading notes. "
            "`paperdesk [COLLECTION]` opens the window on COLLECTION (a folder or a Markdown file), "
            "else on the last opened collection, else on the bundled notes/."
        ),
    )
    parser.add_argument("--version", action="version", version=f"paperdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("scan", help="list the entries a collection holds, with warnings")
    p.add_argument("path", type=Path, help="a notes folder or a single Markdown/text file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("doctor", help="report a collection's health: images, math, links, encodings")
    p.add_argument("path", type=Path, help="a notes folder or a single file")
    p.add_argument("--json", action="store_true", help="print JSON instead of a report")
    p.add_argument("--sync", action="store_true",
                   help="report on sync instead: merge driver, conflicted or damaged files, tombstones, clocks")

    p = sub.add_parser("export", help="export annotated notes to Markdown")
    p.add_argument("collection", type=Path)
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--query", default="", help='only entries matching this filter, e.g. "tag:rl status:read"')
    p.add_argument("--single-file", action="store_true", help="write one combined file")
    p.add_argument("--html-marks", action="store_true", help="mark highlights with <mark> instead of ==text==")
    _add_db(p)

    p = sub.add_parser("mark", help="set the reading status of a paper")
    p.add_argument("collection", type=Path)
    p.add_argument("entry", metavar="ENTRY_OR_KEY", help="an entry id, a paper key, or a title")
    p.add_argument("--status", required=True, choices=STATUSES)
    _add_db(p)

    p = sub.add_parser(
        "tag", help="add (+tag) or remove (-tag) tags of a paper",
        usage="paperdesk tag [-h] [--db FILE] COLLECTION ENTRY_OR_KEY [+tag | -tag ...]",
    )
    _add_db(p)
    p.add_argument("collection", type=Path)
    p.add_argument("entry", metavar="ENTRY_OR_KEY", help="an entry id, a paper key, or a title")
    p.add_argument("changes", nargs=argparse.REMAINDER, metavar="+tag|-tag", help="tags to add or remove")

    p = sub.add_parser("highlight", help="highlight the first occurrence of a quote in a paper's entry, or delete one")
    p.add_argument("collection", type=Path)
    p.add_argument("entry", metavar="ENTRY_OR_KEY", help="an entry id, a paper key, or a title")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--quote", metavar="TEXT", help="text of the entry to highlight (its first occurrence)")
    what.add_argument("--delete", metavar="ID", help="delete the highlight with this id")
    p.add_argument("--color", type=int, default=1, metavar="N", help="palette colour 1-5 (default 1)")
    p.add_argument("--note", default="", metavar="TEXT", help="a note on the highlight")
    _add_db(p)

    p = sub.add_parser("annotations", help="print a collection's status, tags and highlights")
    p.add_argument("collection", type=Path)
    p.add_argument("--json", action="store_true", help="print deterministic JSON")
    _add_db(p)

    p = sub.add_parser("sync", help="keep a collection's annotations in it, merged through Git")
    p.add_argument("action", choices=("init",), help="init: turn sync on (again in every clone)")
    p.add_argument("collection", type=Path)
    p.add_argument("--driver-command", metavar="CMD",
                   help="command Git runs for paperdesk (default: this Python with -m paperdesk)")

    p = sub.add_parser("merge-annotations", help="Git merge driver for .paperdesk/annotations.json")
    p.add_argument("base", type=Path, help="%%O: the common ancestor (not needed by the merge)")
    p.add_argument("ours", type=Path, help="%%A: our version; the result is written here")
    p.add_argument("theirs", type=Path, help="%%B: their version")

    p = sub.add_parser("bench", help="measure speed on synthetic collections and the bundled notes")
    p.add_argument("--json", action="store_true", help="print one JSON object of figures")
    p.add_argument("--only", default="", help="comma-separated figure groups (scan,render,store,gui,filter)")
    p.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")

    p = sub.add_parser("install-desktop", help="add paperdesk to your desktop's application menu")
    p.add_argument("--uninstall", action="store_true", help="remove the menu entry, icon and metainfo")
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    """Build the parser for launching the window."""
    parser = argparse.ArgumentParser(prog="paperdesk", add_help=False)
    parser.add_argument("collection", nargs="?", help="a folder, a note file, or a paperdesk://entry link")
    _add_db(parser)
    return parser


def _check_db(db: Path | None) -> None:
    """Refuse a `--db FILE` that exists and is not an annotation store (imports the store only then)."""
    if db is not None:
        from paperdesk.commands import check_db_option

        check_db_option(db)


def _fail(message: str, code: int = 2) -> int:
    print(f"paperdesk: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run paperdesk; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        first = next((a for a in args_list if not a.startswith("-")), None)
        wants_help = any(a in ("-h", "--help", "--version") for a in args_list)
        if first in SUBCOMMANDS or (wants_help and first is None):
            from paperdesk.commands.console import text_argument, tolerant_streams
            from paperdesk.crashlog import console_logging

            tolerant_streams()
            console_logging()
            args = build_parser().parse_args(args_list)
            for name in TEXT_ARGUMENTS:
                if isinstance(getattr(args, name, None), str):
                    setattr(args, name, text_argument(getattr(args, name)))
            module = importlib.import_module(f"paperdesk.commands.{args.command.replace('-', '_')}")
            _check_db(getattr(args, "db", None))   # before any scan: a mistyped --db is refused at once
            return int(module.run(args) or 0)
        gui_args, unknown = build_gui_parser().parse_known_args(args_list)
        if unknown:
            return _fail(f"unknown argument {unknown[0]!r}; see `paperdesk --help`")
        _check_db(gui_args.db)
        from paperdesk.gui.app import run_app
        from paperdesk.reading.deep_link import parse_link

        link = parse_link(gui_args.collection or "")
        if link is not None:
            return run_app(link.collection, db=gui_args.db, entry=link.entry_id)
        if gui_args.collection and gui_args.collection.startswith("paperdesk:"):
            return _fail(f"not a paperdesk entry link: {gui_args.collection}")
        return run_app(Path(gui_args.collection) if gui_args.collection else None, db=gui_args.db)
    except UserError as exc:
        return _fail(str(exc))
    except SystemExit as exc:  # argparse: --help, --version or a usage error
        return int(exc.code or 0) if isinstance(exc.code, int) else _fail(str(exc.code))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug must still not show a traceback to the user
        if "PAPERDESK_DEBUG" in __import__("os").environ:
            raise
        return _fail(f"internal error: {type(exc).__name__}: {exc} (set PAPERDESK_DEBUG=1 for details)", 1)
