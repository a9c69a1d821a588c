"""Offscreen screenshots of a big, messy collection: the views a reader spends an hour in.

Run from the checkout: PYTHONPATH=. python docs/shots/g12_shots.py OUT_DIR [light|dark]
It builds ~2,000 generated notes, copies of ../shared/seeds (when present) and a few hand-made
showcase notes (math, code, figures, long CJK titles, a missing image, an undecodable file) in a
temporary folder with a throw-away store and user folders, then saves one PNG per view in OUT_DIR.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import struct
import sys
import tempfile
import zlib
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
TMP = Path(tempfile.mkdtemp(prefix="paperdesk-g12-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(TMP / var.lower())

SEEDS = Path("/work/shared/seeds")
LONG_TITLE = "Flow Matching on Curved Manifolds (a long entry with math, code and figures)"

LONG_ENTRY = f"""# [{LONG_TITLE}](https://arxiv.org/abs/2302.03660)

**Tags**: generative, geometry
**Venue**: ICLR 2024

## Summary

Riemannian flow matching trains a vector field $v_\\theta(t, x)$ on a manifold $\\mathcal{{M}}$ so that
its flow carries a simple prior $p_0$ to the data distribution $p_1$. Unlike diffusion models, no
simulation is needed during training: the loss regresses the field onto a *conditional* target.

$$
\\mathcal{{L}}(\\theta) = \\mathbb{{E}}_{{t, x_1, x_t}} \\left\\| v_\\theta(t, x_t) - u_t(x_t \\mid x_1) \\right\\|^2_g
$$

> The key trick: premetrics. Any smooth $d(x, y)$ that vanishes only on the diagonal gives a
> conditional flow, so geodesics are not required when they are expensive.

![Trajectories on the sphere](figures/sphere-flow.png)

## Method

1. Sample $t \\sim \\mathcal{{U}}[0, 1]$, $x_1 \\sim q$, $x_0 \\sim p_0$.
2. Build $x_t$ along the premetric's flow and the target $u_t(x_t \\mid x_1)$.
3. Regress: one network call per step, no ODE solve.

```python
def rfm_loss(model, x0, x1, t, manifold):
    xt = manifold.geodesic(x0, x1, t)          # point on the path
    ut = manifold.log_map(xt, x1) / (1 - t)    # conditional target
    vt = model(t, xt)
    return manifold.norm(xt, vt - ut).pow(2).mean()
```

| Manifold | NLL (ours) | NLL (RSGM) | Steps |
|---|---:|---:|---:|
| Sphere $S^2$ | **-0.91** | -0.78 | 1 |
| Torus $T^2$ | **1.08** | 1.21 | 1 |
| Mesh (bunny) | **0.55** | n/a | 1 |

![Ablation on the number of steps](figures/ablation-steps.png)

## My thoughts

- The spectral premetric is the part I will reuse: eigenfunctions of the Laplace–Beltrami operator.
- Open question: does the $1/(1-t)$ factor blow up training near $t = 1$? They clip at $t = 1 - 10^{{-5}}$.
- Compare with [the diffusion baseline](#) and with stochastic interpolants.[^1]

![A figure I forgot to copy](figures/missing-figure.png)

[^1]: Albergo & Vanden-Eijnden, *Building Normalizing Flows with Stochastic Interpolants*, ICLR 2023.
"""

CJK_NOTES = """## 生成模型

### 2023 - [基于大规模预训练扩散模型的高分辨率图像生成与编辑：一种无需微调的统一框架及其在视频合成中的应用](https://arxiv.org/abs/2303.11111)

  * 一篇很长标题的论文，讨论无需微调的扩散模型编辑方法。
  * 关键思想：在注意力层中注入源图像的特征。

### 2022 - [大規模言語モデルにおける思考の連鎖プロンプティングが推論能力を引き出す仕組みについての包括的な分析](https://arxiv.org/abs/2201.22222)

  * 思考の連鎖で推論が伸びる。

### 2024 - [대규모 언어 모델의 긴 문맥 처리를 위한 효율적인 어텐션 메커니즘과 메모리 압축 기법에 관한 연구](https://arxiv.org/abs/2401.33333)

  * 긴 문맥을 위한 어텐션.

### 2021 - [Scaling Vision Transformers to Gigapixel Images via Hierarchical Self-Supervised Learning with Region-Level Token Aggregation and Cross-Scale Attention](https://arxiv.org/abs/2106.44444)

  * A very long English title that must be elided, not clipped.
"""


def png(path: Path, width: int, height: int, seed: int) -> None:
    """Write a small gradient PNG with a few dots (a stand-in figure), without any imaging library."""
    rng = random.Random(seed)
    dots = [(rng.randrange(width), rng.randrange(height)) for _ in range(40)]
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            near = any(abs(x - dx) < 4 and abs(y - dy) < 4 for dx, dy in dots)
            row += bytes((40, 90, 200) if near else (235 - y * 60 // height, 240 - x * 40 // width, 250))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def build(root: Path) -> None:
    """The messy collection: generated notes, the seeds, the showcase notes."""
    from tests.collection import messy_collection

    messy_collection.build(root / "messy", 2000, seed=12)
    if SEEDS.is_dir():
        (root / "seeds").mkdir()
        for seed in sorted(SEEDS.iterdir()):
            shutil.copy(seed, root / "seeds" / f"{seed.stem}.md")
    show = root / "showcase"
    show.mkdir()
    (show / "flow-matching.md").write_text(LONG_ENTRY, encoding="utf-8")
    png(show / "figures" / "sphere-flow.png", 560, 300, 1)
    png(show / "figures" / "ablation-steps.png", 480, 240, 2)
    (show / "cjk-titles.md").write_text(CJK_NOTES, encoding="utf-8")
    (show / "garbled.md").write_bytes(bytes(random.Random(5).randrange(256) for _ in range(6000)))


def fill_store(db: Path, root: Path) -> str:
    """Statuses, tags and highlights; returns the long entry's id."""
    from paperdesk.collection import scan
    from paperdesk.render import render_entry
    from paperdesk.store import AnnotationStore

    collection = scan(root, use_cache=False)
    entry = next(e for e in collection.entries if e.title.startswith("Flow Matching on Curved"))
    text = render_entry(entry, collection).text
    rng = random.Random(3)
    with AnnotationStore.open(db) as store:
        for tag, colour in (("generative", "#9b6ddf"), ("must-read", "#e0585b"), ("geometry", "#3fb27f")):
            store.add_tag(entry.paper_key, tag)
            store.set_tag_color(tag, colour)
        store.set_status(entry.paper_key, "reading")
        for quote, colour, note in (("no simulation is needed during training", 0, "Why it is cheap"),
                                    ("Any smooth", 2, ""), ("spectral premetric is the part I will reuse", 3,
                                                             "Try on meshes")):
            found = re.search(r"\s+".join(map(re.escape, quote.split())), text)
            if found:
                store.add_highlight(entry.id, entry.paper_key, text, found.start(), found.end(), colour, note)
        tags = ["diffusion", "rl", "llm", "vision", "to-reread", "theory", "robotics"]
        for other in collection.entries:
            roll = rng.random()
            if roll < 0.25:
                store.set_status(other.paper_key, "read")
            elif roll < 0.32:
                store.set_status(other.paper_key, "reading")
            if rng.random() < 0.2:
                store.add_tag(other.paper_key, rng.choice(tags))
    return entry.id


def main() -> int:
    """Build the collection, open the window and save each view."""
    out = Path(sys.argv[1])
    theme = sys.argv[2] if len(sys.argv) > 2 else "light"
    out.mkdir(parents=True, exist_ok=True)
    root = TMP / "collection"
    root.mkdir()
    build(root)
    db = TMP / "store.json"
    long_id = fill_store(db, root)

    from paperdesk.gui.qt_env import prepare_qt

    prepare_qt()
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])   # noqa: F841 - kept alive for the run
    from paperdesk.gui.window.main_window import MainWindow

    def wait(pred, ms: int = 60000) -> bool:
        waited = 0
        while not pred() and waited < ms:
            QTest.qWait(25)
            waited += 25
        return bool(pred())

    settings = QSettings(str(TMP / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue("auto_reading_delay", 0)
    w = MainWindow(settings, theme_override=theme)
    w.persist_layout = False
    w.resize(1400, 880)
    w.show()
    w.activateWindow()
    shown: list[str] = []
    w.entryShown.connect(shown.append)
    settled: list[bool] = []
    w.settled.connect(lambda: settled.append(True))
    w.open_collection(root, db)
    wait(lambda: bool(shown) and bool(settled))
    QTest.qWait(800)

    def save(name: str, widget=None) -> None:
        QTest.qWait(300)
        (widget or w).grab().save(str(out / name))
        print("saved", out / name, flush=True)

    def show(entry_id: str, scroll: str | None = None) -> None:
        n = len(shown)
        w.show_entry(entry_id)
        wait(lambda: len(shown) > n)
        if scroll:
            w.reader.run_in_page(scroll)
        QTest.qWait(700)

    save("01-first-window.png")
    w.tree.setFocus()
    save("01b-list-focused.png")
    show(long_id)
    save("02-long-entry-top.png")
    show(long_id, "(function(){var t=document.querySelector('pre');if(t){t.scrollIntoView({block:'center'});}})()")
    save("03-long-entry-code.png")
    w.activateWindow()
    w.tree.setFocus()
    QTest.keyClick(w.tree, Qt.Key.Key_F6)   # the list -> the page, as a keyboard user moves
    ring: list[object] = []

    def ring_drawn() -> bool:
        w.reader.run_in_page("document.documentElement.classList.contains('pd-focused')", ring.append)
        return bool(ring and ring[-1])

    wait(ring_drawn, 3000)
    print("page focus ring:", ring[-1:], flush=True)
    save("03b-page-focused.png")
    save("04-side-panel.png", w.side_panel)
    cjk = [e for e in w.collection.entries if e.source.endswith("cjk-titles.md")]
    if cjk:
        show(cjk[0].id)
        w.tree.scrollTo(w.model.index_for_entry(cjk[0].id))
        save("05-tree-long-titles.png")
    w.looks.set_theme("dark" if theme == "light" else "light")
    show(long_id)
    save("06-other-theme.png")
    w.looks.set_theme(theme)
    show(long_id)

    # ranked search
    QTest.keyClick(w.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait(lambda: w.window_actions.search is not None)
    panel = w.window_actions.search.panel
    QTest.keyClicks(panel.query, "diffusion attention")
    wait(lambda: panel.model.rowCount() > 0, 30000)
    QTest.qWait(1500)
    save("07-search.png")
    w.window_actions.search.hide()

    # export dialog (modal: grabbed from a timer, then closed)
    def grab_modal(name: str) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.grab().save(str(out / name))
            print("saved", out / name, flush=True)
            dialog.reject()

    QTimer.singleShot(1200, lambda: grab_modal("08-export-dialog.png"))
    QTest.keyClick(w.tree, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)

    # errors: the missing figure at the end of the long entry, the scan warnings
    show(long_id, "(function(){var t=document.querySelector('figure.missing-image');"
                  "if(t){t.scrollIntoView({block:'center'});}})()")
    save("09-missing-image.png")
    garbled = [e for e in w.collection.entries if e.source.endswith("garbled.md")]
    if garbled:
        show(garbled[0].id)
        save("09b-undecodable-file.png")
    w.dialogs.warnings(w.collection)
    QTest.qWait(600)
    box = w.last_message
    if box is not None:
        box.grab().save(str(out / "10-scan-warnings.png"))
        box.close()
    w.statusBar().showMessage("")

    w.resize(800, 600)
    show(long_id)
    save("11-narrow-800x600.png")
    w.filter_box.set_text("zzzz-no-such-words")
    wait(lambda: not w.navigator.empty_hint.isHidden(), 10000)
    save("11b-no-match-narrow.png")
    w.filter_box.set_text("")
    w.resize(1920, 1080)
    show(long_id)
    save("12-large-1920x1080.png")
    for title in ("&Edit", "&Go", "&View"):   # the menus name every key
        menu = next(a.menu() for a in w.menuBar().actions() if a.text() == title)
        menu.popup(w.mapToGlobal(w.rect().topLeft()))
        QTest.qWait(300)
        menu.grab().save(str(out / f"13-menu-{title.strip('&').lower()}.png"))
        menu.hide()
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
