"""TeX to clean SVG with quickjax (MathJax in-process), an in-memory LRU and an on-disk cache."""

from __future__ import annotations

import contextlib
import hashlib
import html
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from paperdesk.paths import cache_dir
from paperdesk.render.math_source import DEFINER, definitions
from paperdesk.render.svg_clean import clean_svg

# Operators and sets that notes use but TeX/MathJax lack; prepended only when used.
MACROS: dict[str, str] = {
    "argmax": r"\operatorname*{arg\,max}",
    "argmin": r"\operatorname*{arg\,min}",
    "R": r"\mathbb{R}",
    "N": r"\mathbb{N}",
    "Z": r"\mathbb{Z}",
    "Q": r"\mathbb{Q}",
    "C": r"\mathbb{C}",
    "E": r"\mathbb{E}",
    "Var": r"\operatorname{Var}",
    "Cov": r"\operatorname{Cov}",
    "KL": r"\operatorname{KL}",
    "sign": r"\operatorname{sign}",
    "sgn": r"\operatorname{sgn}",
    "softmax": r"\operatorname{softmax}",
    "diag": r"\operatorname{diag}",
    "tr": r"\operatorname{tr}",
    "Tr": r"\operatorname{Tr}",
    "rank": r"\operatorname{rank}",
    "abs": r"\left\lvert #1 \right\rvert",
    "norm": r"\left\lVert #1 \right\rVert",
    "mathbbm": r"\mathbb{#1}",
}
_MACRO_ARGS = {"abs": 1, "norm": 1, "mathbbm": 1}
_MACRO_USE = re.compile(r"\\(" + "|".join(sorted(MACROS, key=len, reverse=True)) + r")(?![A-Za-z])")
_UNDEFINED = re.compile(r'data-mml-node="mtext" fill="red" stroke="red" data-latex="(\\[A-Za-z@]+)"')
_ERROR = re.compile(r'data-mjx-error="([^"]*)"')
CACHE_VERSION = "3"   # 3: a note's definitions are part of the key; no leaked ones
_LRU_SIZE = 4096


@dataclass(frozen=True)
class MathResult:
    """A rendered formula: clean SVG, or None with an error message; `warning` for undefined macros."""

    svg: str | None
    error: str | None = None
    warning: str | None = None


_APP_DEFS = {name: f"\\def\\{name}{'#1' * _MACRO_ARGS.get(name, 0)}{{{body}}}" for name, body in MACROS.items()}
_APP_PREFIX = re.compile("(?:" + "|".join(re.escape(d) for d in _APP_DEFS.values()) + ")*")


def prepare_tex(tex: str, unescape: bool = True, preamble: str = "") -> str:
    r"""Return the TeX MathJax should see: Markdown escapes undone (`\_`) and app macros defined.

    `preamble` (the note's own earlier definitions) goes after the app macros, so a note may
    redefine them, and before `tex`.
    """
    if preamble:
        tex = preamble + " " + tex
    if unescape:
        tex = tex.replace("\\_", "_").replace("\\*", "*")
    used = dict.fromkeys(m.group(1) for m in _MACRO_USE.finditer(tex))
    return "".join(_APP_DEFS[name] for name in used) + tex


def defines(tex: str) -> bool:
    """Whether prepared `tex` defines anything beyond the app macros (so it needs an isolated engine)."""
    return DEFINER.search(tex, _APP_PREFIX.match(tex).end()) is not None


def note_scope(before: str, tex: str) -> tuple[tuple[str, str] | None, str]:
    """Return the scope to render `tex` with after a note's earlier definitions `before`, and the
    note's definitions after it (pass those as `before` for its next formula)."""
    found, complete = definitions(tex)
    after = " ".join(filter(None, [before, *found]))
    if not before and not found and complete:
        return None, ""
    return (before, after if complete else after + _TAINTED), after


class MathRenderer:
    """Renders formulas once: memory LRU, then sqlite on disk, then quickjax."""

    def __init__(self, cache_path: Path | None = None) -> None:
        """Create a renderer caching under `cache_path` (default: `cache_dir()/math/math.sqlite`)."""
        self._cache_path = cache_path
        self._lru: OrderedDict[str, MathResult] = OrderedDict()
        self._lock = threading.RLock()
        self._dirty = False
        self._db: sqlite3.Connection | None = None
        self._db_failed = False
        self.renders = 0   # formulas actually typeset by MathJax (cache misses)

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._db_failed:
            path = self._cache_path or cache_dir() / "math" / "math.sqlite"
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=2)
                self._db.execute("PRAGMA synchronous=OFF")   # a cache: losing its tail is harmless
                self._db.execute("CREATE TABLE IF NOT EXISTS math (key TEXT PRIMARY KEY, svg TEXT, "
                                 "error TEXT, warning TEXT)")
            except (sqlite3.Error, OSError):
                self._db_failed = True
                self._db = None
        return self._db

    def _typeset(self, tex: str, display: bool, key: str, scope: tuple[str, str] | None) -> MathResult:
        self.renders += 1
        try:
            if scope is None and not defines(tex):
                engine = _quickjax()
                with _engine_lock:
                    raw = engine.render(tex, display=display)
            else:
                raw = _isolated_render(tex, display, scope or ("", _TAINTED))
        except Exception as exc:   # MathJaxRenderError or an engine failure: show the source
            return MathResult(None, error=str(exc) or type(exc).__name__)
        failed = _ERROR.search(raw)
        if failed:
            return MathResult(None, error=html.unescape(failed.group(1)))
        undefined = sorted(set(_UNDEFINED.findall(raw)))
        try:
            svg = clean_svg(raw, f"m{key[:10]}-")
        except ValueError as exc:
            return MathResult(None, error=str(exc))
        return MathResult(svg, warning=("undefined " + ", ".join(undefined)) if undefined else None)

    @staticmethod
    def _key(tex: str, display: bool) -> str:
        return hashlib.sha256(f"{CACHE_VERSION}\0{int(display)}\0{tex}".encode()).hexdigest()

    def render(self, tex: str, display: bool, scope: tuple[str, str] | None = None) -> MathResult:
        """Return the SVG for `tex` (already prepared) in display or inline style.

        `scope` is (the note's definitions before this formula, those after it), or None when the
        note has defined nothing so far. A formula with a scope or a definition of its own is
        typeset in an engine that never serves another note: the shared one only sees app macros.
        """
        key = self._key(tex, display)
        with self._lock:
            hit = self._lru.get(key)
            if hit is not None:
                self._lru.move_to_end(key)
                return hit
            db = self._connection()
            row = None
            if db is not None:
                try:
                    row = db.execute("SELECT svg, error, warning FROM math WHERE key = ?", (key,)).fetchone()
                except sqlite3.Error:
                    row = None
            if row is not None:
                result = MathResult(*row)
            else:
                result = self._typeset(tex, display, key, scope)
                if db is not None:
                    try:
                        db.execute("INSERT OR REPLACE INTO math VALUES (?, ?, ?, ?)",
                                   (key, result.svg, result.error, result.warning))
                        self._dirty = True
                    except sqlite3.Error:
                        pass
            self._lru[key] = result
            if len(self._lru) > _LRU_SIZE:
                self._lru.popitem(last=False)
            return result

    def flush(self) -> None:
        """Write newly rendered formulas to the disk cache."""
        with self._lock:
            if self._dirty and self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.commit()
                self._dirty = False

    def clear_memory(self) -> None:
        """Forget the in-memory cache (the disk cache stays)."""
        with self._lock:
            self._lru.clear()


_engine = None
_spare = None              # the isolated engine for notes that define macros
_spare_state = ""          # the definitions it holds (as passed in scopes), or _TAINTED
_TAINTED = "\0unknown"     # a state no scope matches: the next note gets a fresh engine
_renderers: dict[Path, MathRenderer] = {}
_shared_lock = threading.Lock()
_engine_lock = threading.Lock()


def _quickjax():
    """Return the one MathJax engine of the process (0.2 s to start, so it is shared)."""
    global _engine
    with _shared_lock:
        if _engine is None:
            from quickjax import MathJaxRenderer

            _engine = MathJaxRenderer()
        return _engine


def default_renderer() -> MathRenderer:
    """Return the renderer whose disk cache lives under the current `cache_dir()`."""
    path = cache_dir() / "math" / "math.sqlite"
    with _shared_lock:
        renderer = _renderers.get(path)
        if renderer is None:
            renderer = _renderers[path] = MathRenderer(path)
        return renderer


def _isolated_render(tex: str, display: bool, scope: tuple[str, str]) -> str:
    """Typeset `tex` in the spare engine, recreated unless it holds nothing or exactly `scope[0]`.

    Every definition it holds is made again by the formula's own preamble, so the output is the
    same as from a fresh engine; after the formula it holds `scope[1]`.
    """
    global _spare, _spare_state
    before, after = scope
    with _engine_lock:
        if _spare is None or _spare_state not in ("", before):
            from quickjax import MathJaxRenderer

            _spare = None   # let the old context go before the new one is built
            _spare, _spare_state = MathJaxRenderer(), ""
        _spare_state = _TAINTED   # until the render is known to have finished
        raw = _spare.render(tex, display=display)
        _spare_state = after
        return raw
