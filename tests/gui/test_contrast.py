"""WCAG contrast of the app's colours: the reader page's themes (resources/web) and the window's palettes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette

from paperdesk.gui import theme
from paperdesk.paths import RESOURCES_DIR
from paperdesk.render.pygments_css import STYLES, pygments_css
from paperdesk.vocab import PALETTE_COLORS, STATUS_COLORS, Status, Theme

BODY_TEXT = 4.5   # WCAG AA for body text
GRAPHICS = 3.0    # WCAG AA for icons and other graphics that carry meaning

READER_CSS = (RESOURCES_DIR / "web" / "reader.css").read_text(encoding="utf-8")
HIGHLIGHT_CSS = (RESOURCES_DIR / "web" / "highlight.css").read_text(encoding="utf-8")

#: (text, background) variables of the page that carry text, in both themes
PAGE_PAIRS = [("fg", "bg"), ("muted", "bg"), ("accent", "bg"), ("accent-visited", "bg"), ("code-fg", "code-bg"),
              ("warn-fg", "warn-bg"), ("error-fg", "error-bg"), ("error-fg", "bg"), ("fg", "chip-bg"),
              ("fg", "mark-bg"), ("fg", "table-head"), ("fg", "table-stripe"), ("status-reading", "bg"),
              ("status-read", "bg"), ("muted", "code-bg")]


def rgb(color: str) -> tuple[float, ...]:
    """#rgb / #rrggbb as three 0-255 numbers."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return tuple(float(int(digits[i:i + 2], 16)) for i in (0, 2, 4))


def luminance(color: tuple[float, ...]) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG contrast ratio of two opaque colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(color: tuple[float, ...], alpha: float, base: tuple[float, ...]) -> tuple[float, ...]:
    """`color` at `alpha` painted over `base`."""
    return tuple(c * alpha + b * (1 - alpha) for c, b in zip(color, base, strict=True))


def theme_block(selector: str) -> dict[str, str]:
    """The custom properties (name -> #hex) declared by the first rule of `selector` in reader.css."""
    found = re.search(re.escape(selector) + r"[^{]*\{([^}]*)\}", READER_CSS)
    assert found, selector
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", found.group(1)))


THEMES = {Theme.LIGHT: theme_block("body.theme-light"), Theme.DARK: theme_block("body.theme-dark")}


def mix_strength(dark: bool) -> float:
    """How much of a palette colour highlight.css paints under highlighted text (0-1)."""
    selector = r"body\.theme-dark mark\.hl-0" if dark else r"\nmark\.hl-0"
    found = re.search(selector + r"\s*\{[^}]*color-mix\(in srgb, var\(--hl-0\) (\d+)%", HIGHLIGHT_CSS)
    assert found, selector
    return int(found.group(1)) / 100


@pytest.mark.parametrize("name", [Theme.LIGHT, Theme.DARK])
@pytest.mark.parametrize(("text", "background"), PAGE_PAIRS)
def test_page_text_has_body_contrast(name: Theme, text: str, background: str) -> None:
    colors = THEMES[name]
    ratio = contrast(rgb(colors[text]), rgb(colors[background]))
    assert ratio >= BODY_TEXT, f"{name}: --{text} on --{background} is {ratio:.2f}:1"


def test_the_automatic_dark_theme_is_the_dark_theme() -> None:
    block = re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*body\.theme-auto\s*\{([^}]*)\}", READER_CSS)
    assert block
    assert dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", block.group(1))) == THEMES[Theme.DARK]


def test_the_themes_leave_the_highlight_colours_to_the_palette() -> None:
    # highlight.js sets the user's palette on <html>: a theme declaring --hl-N on <body> would hide it
    assert not any(name.startswith("hl-") for colors in THEMES.values() for name in colors)
    assert not re.search(r"body[^{]*\{[^}]*--hl-\d", READER_CSS)


@pytest.mark.parametrize("name", [Theme.LIGHT, Theme.DARK])
@pytest.mark.parametrize("color", PALETTE_COLORS)
def test_highlighted_text_stays_readable(name: Theme, color: str) -> None:
    colors = THEMES[name]
    painted = over(rgb(color), mix_strength(name == Theme.DARK), rgb(colors["bg"]))
    ratio = contrast(rgb(colors["fg"]), painted)
    assert ratio >= BODY_TEXT, f"{name}: text on highlight {color} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", [Theme.LIGHT, Theme.DARK])
def test_search_hits_keep_the_text_readable(name: Theme) -> None:
    colors = THEMES[name]
    dark = name == Theme.DARK
    rule = r"body\.theme-dark mark\.search-hit\.current" if dark else r"\nmark\.search-hit\.current"
    found = re.search(rule + r"\s*\{[^}]*background:\s*rgba\((\d+), (\d+), (\d+), ([\d.]+)\)", HIGHLIGHT_CSS)
    assert found, rule
    painted = over(tuple(float(found.group(i)) for i in (1, 2, 3)), float(found.group(4)), rgb(colors["bg"]))
    assert contrast(rgb(colors["fg"]), painted) >= BODY_TEXT


def qt_pairs(palette: QPalette, colors: dict[str, str]) -> dict[str, float]:
    """The window's text/background pairs and their contrast."""
    role = QPalette.ColorRole

    def of(r: QPalette.ColorRole) -> tuple[float, ...]:
        c = palette.color(r)
        return (float(c.red()), float(c.green()), float(c.blue()))

    return {
        "text on base": contrast(of(role.Text), of(role.Base)),
        "window text on window": contrast(of(role.WindowText), of(role.Window)),
        "button text on button": contrast(of(role.ButtonText), of(role.Button)),
        "selected text": contrast(of(role.HighlightedText), of(role.Highlight)),
        "tooltip": contrast(of(role.ToolTipText), of(role.ToolTipBase)),
        "placeholder on base": contrast(of(role.PlaceholderText), of(role.Base)),
        "link on base": contrast(of(role.Link), of(role.Base)),
        "muted on panel": contrast(rgb(colors["muted"]), rgb(colors["panel"])),
        "muted on window": contrast(rgb(colors["muted"]), of(role.Window)),
        "warning on panel": contrast(rgb(colors["warn"]), rgb(colors["panel"])),
        "status set": contrast(rgb(colors["selected_text"]), rgb(colors["selected"])),
        "status not set": contrast(of(role.ButtonText), rgb(colors["button"])),
    }


@pytest.mark.parametrize("name", [Theme.LIGHT, Theme.DARK])
def test_window_text_has_body_contrast(qapp, name: Theme) -> None:
    palette = theme.dark_palette() if name == Theme.DARK else theme.light_palette()
    low = {pair: round(r, 2) for pair, r in qt_pairs(palette, theme.STYLE_COLORS[name]).items() if r < BODY_TEXT}
    assert not low, f"{name}: below {BODY_TEXT}:1: {low}"


_TOKEN_RULE = re.compile(r"\.highlight \.(\w+) \{([^}]*)\}")
_TOKEN_COLOR = re.compile(r"(?<![-\w])color: (#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")
_CODE_BACKGROUND = re.compile(r"\.highlight \{ background: (#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


@pytest.mark.parametrize("name", sorted(STYLES))
def test_code_colouring_has_body_contrast(name: str) -> None:
    """Every token colour of a theme's Pygments style against its code background (whitespace has
    no glyphs, an error token is marked by a border)."""
    css = pygments_css(name).split("@media")[0]   # the theme's own rules; the auto copy repeats them
    background = _CODE_BACKGROUND.search(css)
    assert background is not None, "the style sets no code background"
    coloured = [(token, m.group(1)) for token, body in _TOKEN_RULE.findall(css)
                if token not in ("w", "err") and (m := _TOKEN_COLOR.search(body))]
    assert len(coloured) > 10
    low = {token: round(contrast(rgb(c), rgb(background.group(1))), 2) for token, c in coloured
           if contrast(rgb(c), rgb(background.group(1))) < BODY_TEXT}
    assert not low, f"{STYLES[name]!r}: below {BODY_TEXT}:1: {low}"


@pytest.mark.parametrize("name", [Theme.LIGHT, Theme.DARK])
@pytest.mark.parametrize("status", list(Status))
def test_status_icons_stand_out_from_the_list(qapp, name: Theme, status: Status) -> None:
    """The tree's and side panel's status icons carry the status: graphics contrast on the list's base."""
    palette = theme.dark_palette() if name == Theme.DARK else theme.light_palette()
    base = palette.color(QPalette.ColorRole.Base)
    ratio = contrast(rgb(STATUS_COLORS[status]), (float(base.red()), float(base.green()), float(base.blue())))
    assert ratio >= GRAPHICS, f"{status} icon on the {name} list: {ratio:.2f}:1"
