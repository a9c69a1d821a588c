"""`python -m paperdesk.gui.screenshot NOTES OUT.png`: the window on a collection, saved as an image once painted.

A tool for the README's pictures and for looking at an installed app; the app itself keeps no
screenshot hook.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from paperdesk.vocab import THEMES, Theme

GIVE_UP_MS = 60_000   # never hang when nothing paints


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window on NOTES, wait for the first painted entry, save OUT (PNG); 0 when saved."""
    parser = argparse.ArgumentParser(prog="python -m paperdesk.gui.screenshot")
    parser.add_argument("notes", type=Path, help="a notes folder or file")
    parser.add_argument("out", type=Path, help="the image to write (.png)")
    parser.add_argument("--theme", choices=THEMES, default=Theme.LIGHT)
    parser.add_argument("--scroll", type=int, default=0, help="scroll the page this many pixels first")
    parser.add_argument("--delay-ms", type=int, default=600, help="wait after painting (fonts, images)")
    parser.add_argument("--db", type=Path, help="annotation store to use instead of the collection's")
    parser.add_argument("--size", default="1400x880", help="window size WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x", 1))

    from paperdesk.gui.qt_env import prepare_qt

    prepare_qt()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from paperdesk.gui import prefs
    from paperdesk.gui.window.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(prefs.app_settings(), theme_override=args.theme)
    window.persist_layout = False  # a screenshot must not change the user's saved layout
    window.resize(width, height)
    saved: list[bool] = []

    def shoot() -> None:
        saved.append(window.grab().save(str(args.out)))
        print(f"paperdesk: screenshot saved to {args.out}", file=sys.stderr)
        app.quit()

    def painted(_entry_id: str) -> None:
        window.entryShown.disconnect(painted)
        if args.scroll:
            window.reader.run_in_page(f"window.scrollTo(0, {int(args.scroll)})")
        QTimer.singleShot(args.delay_ms, shoot)

    window.entryShown.connect(painted)
    QTimer.singleShot(GIVE_UP_MS, app.quit)
    window.show()
    if not window.open_collection(args.notes, args.db):
        return 1
    app.exec()
    window.close()
    return 0 if saved and saved[0] else 1


if __name__ == "__main__":
    sys.exit(main())
