"""Make the README screenshots: the real window on notes/, light and dark, with a demo store.

Run from the repository: `QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py`.
It uses a throw-away store and user folders, so the user's own annotations are never touched.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
NOTES = DOCS.parent / "notes"
TMP = Path(tempfile.mkdtemp(prefix="paperdesk-shots-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(TMP / var.lower())
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from paperdesk.collection import scan  # noqa: E402
from paperdesk.render import render_entry  # noqa: E402
from paperdesk.store import AnnotationStore  # noqa: E402

TITLE = "Attention Is All You Need"
HIGHLIGHTS = [  # (quote, colour, note)
    ("training cannot be parallelised along the sequence", 0, "The core motivation: RNNs are sequential."),
    ("attention alone, with no recurrence and no convolution, is enough", 2, "Main claim"),
    ("the softmax saturates and its gradients vanish", 3, "Why scale by sqrt(d_k)?"),
]


def demo_store(db: Path) -> str:
    """Fill a store with tags, statuses and highlights; return the entry id to show."""
    collection = scan(NOTES, use_cache=False)
    entry = next(e for e in collection.entries if e.title == TITLE)
    text = render_entry(entry, collection).text
    with AnnotationStore.open(db) as store:
        for tag, colour in (("transformers", "#4c8bf5"), ("must-read", "#e5534b"), ("nlp", "#3fb950")):
            store.add_tag(entry.paper_key, tag)
            store.set_tag_color(tag, colour)
        store.set_status(entry.paper_key, "reading")
        for quote, colour, note in HIGHLIGHTS:
            found = re.search(r"\s+".join(map(re.escape, quote.split())), text)
            if found:
                store.add_highlight(entry.id, entry.paper_key, text, found.start(), found.end(), colour, note)
        for other in collection.entries[::4]:
            store.set_status(other.paper_key, "read")
        for other, tag in zip(collection.entries[1::9], ("diffusion", "rl", "llm", "vision", "to-reread", "rl", "llm"), strict=False):
            store.add_tag(other.paper_key, tag)
    return entry.id


def main() -> int:
    """Grab the window in light and dark, and the reader scrolled to the table and figure."""
    db = TMP / "demo-store.json"
    entry_id = demo_store(db)

    from paperdesk.gui.qt_env import prepare_qt

    prepare_qt()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from paperdesk.gui import prefs
    from paperdesk.gui.window.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    shots: list[tuple[str, str, int]] = [
        ("light", "screenshot-light.png", 0),
        ("dark", "screenshot-dark.png", 0),
        ("light", "reader-light.png", 1),
        ("dark", "reader-dark.png", 1),
    ]
    window = MainWindow(prefs.app_settings(), theme_override="light")
    window.persist_layout = False
    window.resize(1400, 880)
    window.show()
    state = {"i": -1}

    def next_shot(_id: str = "") -> None:
        state["i"] += 1
        if state["i"] >= len(shots):
            window.close()
            app.quit()
            return
        theme, _name, scroll_to_figure = shots[state["i"]]
        window.resize(1400, 1650 if scroll_to_figure else 880)  # the reader shots show figure and table
        window.looks.set_theme(theme)
        window.show_entry(entry_id)
        script = (
            "(function(){var t=document.querySelector('#content img');"
            "if(t){t.scrollIntoView({block:'start'});window.scrollBy(0,-16);}})()"
            if scroll_to_figure else "window.scrollTo(0, 330)"
        )
        QTimer.singleShot(900, lambda: window.reader.run_in_page(script))
        QTimer.singleShot(1800, shoot)

    def shoot() -> None:
        _theme, name, reader_only = shots[state["i"]]
        widget = window.reader if reader_only else window
        widget.grab().save(str(DOCS / name))
        print(f"saved docs/{name}")
        next_shot()

    def loaded() -> None:
        QTimer.singleShot(500, next_shot)

    window.collectionLoaded.connect(loaded)
    window.open_collection(NOTES, db)
    QTimer.singleShot(90000, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
