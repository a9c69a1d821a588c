"""Run by test_crash_relaunch.py: the real app (`run_app`) on a collection, driven from inside.

`python crash_probe.py work COLLECTION`: open the second entry with a real key press, mark it
"reading" with a real key press, wait until the store holds both the status and the reading
position, then print READY <entry id> and keep running (the test kills it with SIGKILL).
`python crash_probe.py look COLLECTION`: once the window shows its first entry, print one JSON
line (the entry on show, its status, the status bar's message) and quit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from paperdesk.gui import app as gui_app


def main() -> int:
    """Start the real app with a timer that finds its window and acts as the user would."""
    mode, collection = sys.argv[1], Path(sys.argv[2])
    from PySide6.QtCore import QCoreApplication, Qt, QTimer
    from PySide6.QtTest import QTest

    state: dict[str, object] = {}

    def window():
        return next((w for w in gui_app._WINDOWS if hasattr(w, "session")), None)

    def work_step() -> None:
        w = window()
        if w is None or w.session.collection is None or not w.current_id or not w.controls_built:
            QTimer.singleShot(50, work_step)
            return
        if "target" not in state:
            first = w.current_id
            state["first"] = first
            w.tree.setFocus()
            QTest.keyClick(w.tree, Qt.Key.Key_Down)
            state["target"] = "pending"
        if state["target"] == "pending":
            if w.current_id == state["first"]:
                QTimer.singleShot(50, work_step)
                return
            state["target"] = w.current_id
            QTest.keyClick(w.tree, Qt.Key.Key_R)   # mark it reading
        target = str(state["target"])
        key = w.session.collection.entry(target).paper_key
        if w.store.status(key) == "reading" and w.store.setting("last_entry") == target:
            print(f"READY {target}", flush=True)
            return
        QTimer.singleShot(50, work_step)

    def look_step() -> None:
        w = window()
        if w is None or w.session.collection is None or not w.current_id or not w.controls_built:
            QTimer.singleShot(50, look_step)
            return
        entry = w.session.collection.entry(w.current_id)
        print(json.dumps({"entry": w.current_id, "status": w.store.status(entry.paper_key),
                          "message": w.statusBar().currentMessage()}), flush=True)
        if len(sys.argv) > 3:   # a picture of the window, to look at
            w.grab().save(sys.argv[3])
        w.close()
        QTimer.singleShot(0, QCoreApplication.instance().quit)   # run_app returns: a clean exit

    original = gui_app._open_main_window

    def opened(*args, **kwargs):
        result = original(*args, **kwargs)
        QTimer.singleShot(0, work_step if mode == "work" else look_step)
        return result

    gui_app._open_main_window = opened
    return gui_app.run_app(collection)


if __name__ == "__main__":
    sys.exit(main())
