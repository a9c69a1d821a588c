"""The side panel's title: plain text wrapped at words, a word too long for a line broken inside,
at most a few lines with the last one elided, and the whole title as tooltip."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from paperdesk.gui.safe_text import tip

MAX_LINES = 4        # lines shown before the title is elided
MIN_CHARS = 8        # the narrowest width asked for, in average characters


def wrapped_lines(text: str, font: QFont, width: float, max_lines: int = MAX_LINES) -> list[str]:
    """The lines `text` takes at `width` (wrapped at words, a too long word broken anywhere),
    at most `max_lines`, the last one elided with "…" when text is left over."""
    text = " ".join(text.split())
    if not text or width <= 0:
        return [text] if text else []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[QTextLine] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(line)
    layout.endLayout()
    shown = [text[line.textStart():line.textStart() + line.textLength()].rstrip() for line in lines]
    if lines:
        last = lines[-1]
        if last.textStart() + last.textLength() < len(text):     # more than max_lines: elide
            rest = text[last.textStart():]
            shown[-1] = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return shown


class TitleLabel(QLabel):
    """A plain-text QLabel (its `text()` is the whole title) that paints the title wrapped and
    elided to its width instead of clipping a long unbroken word (a URL, a German compound)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setText(text)

    def setText(self, text: str) -> None:
        """Show `text` (plain); the whole title becomes the tooltip."""
        super().setText(text)
        self.setToolTip(tip(text))
        self.updateGeometry()
        self.update()

    def shown_lines(self, width: float | None = None) -> list[str]:
        """The lines painted at `width` (default: the current contents width)."""
        if width is None:
            width = self.contentsRect().width()
        return wrapped_lines(self.text(), self.font(), float(width))

    def _height(self, lines: int) -> int:
        margins = self.contentsMargins()
        spacing = QFontMetricsF(self.font()).lineSpacing()
        return int(max(1, lines) * spacing + 0.999) + margins.top() + margins.bottom()

    def hasHeightForWidth(self) -> bool:
        """The height depends on the width (the number of wrapped lines)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The height of the wrapped (and elided) title at `width`."""
        margins = self.contentsMargins()
        return self._height(len(self.shown_lines(width - margins.left() - margins.right())))

    def minimumSizeHint(self) -> QSize:
        """A few characters wide (never the width of the longest word), one line high."""
        margins = self.contentsMargins()
        width = int(QFontMetricsF(self.font()).averageCharWidth() * MIN_CHARS) + margins.left() + margins.right()
        return QSize(width, self._height(1))

    def sizeHint(self) -> QSize:
        """The width of the title on one line (capped by the layout), its height at that width."""
        hint = super().sizeHint()
        width = max(self.minimumSizeHint().width(), min(hint.width(), 320))
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the wrapped lines in the label's font and text colour."""
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect = QRectF(self.contentsRect())
        spacing = QFontMetricsF(self.font()).lineSpacing()
        ascent = QFontMetricsF(self.font()).ascent()
        for i, line in enumerate(self.shown_lines(rect.width())):
            painter.drawText(QPointF(rect.left(), rect.top() + i * spacing + ascent), line)
        painter.end()
