"""One module per subcommand; each has `run(args) -> int`."""

from __future__ import annotations

from pathlib import Path


def check_db_option(db: Path | None) -> None:
    """Refuse (UserError) a `--db FILE` that exists and is not an annotation store (a mistyped path)."""
    if db is None:
        return
    from paperdesk.store.recovery import refuse_foreign

    refuse_foreign(Path(db).expanduser())
