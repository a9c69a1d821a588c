"""Commands that open the note's source in an editor, reveal it, or find the paper's local PDF."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from paperdesk.collection import Entry
from paperdesk.collection.own_link import paper_link

EDITOR_PLACEHOLDERS = ("{file}", "{line}")


def editor_command(template: str, file: Path, line: int) -> list[str]:
    """Split a user's editor command and fill `{file}` and `{line}` (the file is appended when absent).

    Examples: `code --goto {file}:{line}`, `gvim +{line} {file}`, `emacsclient -n +{line} {file}`.
    Each word is filled separately, so a file name with spaces or quotes stays one argument.
    Raises ValueError for an empty or unbalanced command.
    """
    words = shlex.split(template)
    if not words:
        raise ValueError("the editor command is empty")
    filled = [w.replace("{file}", str(file)).replace("{line}", str(line)) for w in words]
    if not any("{file}" in w for w in words):
        filled.append(str(file))
    return filled


def reveal_command(file: Path) -> list[str] | None:
    """The file manager command that shows the file selected (None: open its folder instead)."""
    if sys.platform == "darwin":
        return ["open", "-R", str(file)]
    if sys.platform.startswith("win"):
        return ["explorer", f"/select,{file}"]
    return None


def local_pdf(root: Path, entry: Entry) -> Path | None:
    """A PDF next to the note with the same stem (`paper.md` -> `paper.pdf`), inside the collection."""
    note = (root / entry.source).resolve()
    for suffix in (".pdf", ".PDF"):
        candidate = note.with_suffix(suffix)
        try:
            candidate.relative_to(root.resolve())
        except ValueError:
            return None
        if candidate.is_file():
            return candidate
    return None


def paper_url(entry: Entry) -> str | None:
    """The entry's own paper link when it is a web address (http/https), else None."""
    return paper_link(entry)
