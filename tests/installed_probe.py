"""Run by tests/test_packaging.py with an installed paperdesk: paint a bundled entry that has math and a figure.

Prints one JSON line: where the data came from, the app stylesheets the page applied (with their
rule counts), how many formulas were drawn as SVG and whether every image decoded.
"""

from __future__ import annotations

import json
import sys
import time

from paperdesk.collection import scan
from paperdesk.gui.qt_env import prepare_qt
from paperdesk.paths import BUNDLED_NOTES, RESOURCES_DIR

PAGE_STATE = """(() => JSON.stringify({
  css: [...document.styleSheets].filter(s => s.ownerNode && s.ownerNode.dataset.asset)
        .map(s => [s.ownerNode.dataset.asset, s.cssRules.length]),
  math: document.querySelectorAll('.math svg').length,
  images: [...document.images].map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0]),
}))()"""


def main() -> int:
    """Open the bundled notes, show the first entry with math and an image, print its page state."""
    prepare_qt()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from paperdesk.gui import prefs
    from paperdesk.gui.window.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    target = next(e for e in scan(BUNDLED_NOTES).entries if "$" in e.body and any(i.resolved for i in e.images))
    window = MainWindow(prefs.app_settings())
    window.persist_layout = False
    result: dict[str, object] = {"resources": str(RESOURCES_DIR), "notes": str(BUNDLED_NOTES), "entry": target.id}
    deadline = time.monotonic() + 90

    def report(value: object) -> None:
        state = json.loads(str(value))
        images_done = state["images"] and all(ok for _src, ok in state["images"])
        if images_done or time.monotonic() > deadline:
            result.update(state)
            app.quit()
        else:  # images still decoding: look again from the event loop
            QTimer.singleShot(100, lambda: window.reader.run_in_page(PAGE_STATE, report))

    def shown(entry_id: str) -> None:
        if entry_id == target.id:
            window.reader.run_in_page(PAGE_STATE, report)
        elif "asked" not in result:
            result["asked"] = True
            QTimer.singleShot(0, lambda: window.show_entry(target.id))

    window.entryShown.connect(shown)
    QTimer.singleShot(120_000, app.quit)
    window.show()
    window.open_collection(BUNDLED_NOTES)
    app.exec()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
