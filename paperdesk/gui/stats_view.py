"""Reading statistics: progress per category and per year, and papers read per month, as charts."""

from __future__ import annotations

import math
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.safe_text import axis_label, rich_label, tip
from paperdesk.vocab import STATUS_COLORS, STATUSES, Status

if TYPE_CHECKING:
    from paperdesk.collection import Entry
    from paperdesk.store import AnnotationStore

#: bar order: read first
SHOWN_ORDER = tuple(reversed(STATUSES))
CHART_GROUPS = 12  # the category chart shows the largest groups; the table beside it shows all


@dataclass
class ReadingStats:
    """Counts of papers by status, per category and per year, and papers first read per month."""

    total: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_category: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_year: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    read_per_month: Counter[str] = field(default_factory=Counter)


def reading_stats(entries: list[Entry], store: AnnotationStore) -> ReadingStats:
    """Count each paper once (by paper key): status per category/year, and the month it was first read."""
    stats = ReadingStats()
    seen: set[str] = set()
    for entry in entries:
        if entry.paper_key in seen:
            continue
        seen.add(entry.paper_key)
        status = store.status(entry.paper_key)
        stats.total += 1
        stats.by_status[status] += 1
        stats.by_category[entry.category or "Uncategorised"][status] += 1
        stats.by_year[str(entry.year) if entry.year else "Undated"][status] += 1
        for when, value in store.status_history(entry.paper_key):
            if value == Status.READ:
                stats.read_per_month[str(when)[:7]] += 1
                break
    return stats


def _chart(title: str, dark: bool) -> QChart:
    chart = QChart()
    # The theme first: setting it later would repaint the bars in the theme's colours.
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setBackgroundRoundness(0)
    return chart


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    return view


def _status_sets(groups: dict[str, Counter[str]], labels: list[str]) -> list[QBarSet]:
    sets = []
    for status in SHOWN_ORDER:
        bar = QBarSet(status)
        bar.setColor(QColor(STATUS_COLORS[status]))
        bar.append([float(groups[label][status]) for label in labels])
        sets.append(bar)
    return sets


def _count_axis(largest: int) -> QValueAxis:
    """A value axis with whole-number ticks from 0 to a little above `largest`."""
    step = max(1, math.ceil(largest / 6))
    axis = QValueAxis()
    axis.setRange(0, step * max(1, math.ceil(largest / step)))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%d")
    return axis


def wrapped_label(text: str, width: int = 24) -> str:
    """An axis label (HTML) of `text` escaped and broken into lines of about `width` characters."""
    return "<br>".join(axis_label(line) for line in textwrap.wrap(text, width, break_long_words=True) or [""])


def top_groups(groups: dict[str, Counter[str]], limit: int = CHART_GROUPS) -> dict[str, Counter[str]]:
    """The `limit` largest groups by size (ties by name), the rest summed into one "Other (N)" group."""
    ranked = sorted(groups, key=lambda k: (-sum(groups[k].values()), k.casefold()))
    if len(ranked) <= limit + 1:
        return dict(groups)
    kept = {k: groups[k] for k in ranked[:limit]}
    rest: Counter[str] = Counter()
    for k in ranked[limit:]:
        rest.update(groups[k])
    kept[f"Other ({len(ranked) - limit})"] = rest
    return kept


def progress_chart(groups: dict[str, Counter[str]], title: str, *, horizontal: bool,
                   dark: bool = False) -> QChart:
    """A stacked bar chart of read / reading / unread per group; labels are never cut short."""
    chart = _chart(title, dark)
    if horizontal:  # largest first, from the top; "Other" last
        labels = list(reversed(list(groups)))
    else:
        labels = sorted(groups, key=lambda k: (k == "Undated", k.casefold()))
    series = QHorizontalStackedBarSeries() if horizontal else QStackedBarSeries()
    for bar in _status_sets(groups, labels):
        series.append(bar)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([wrapped_label(f"{k}  {groups[k]['read']}/{sum(groups[k].values())}" if horizontal else k)
                  for k in labels])
    names.setTruncateLabels(False)
    values = _count_axis(max((sum(groups[k].values()) for k in labels), default=1))
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)
    return chart


def monthly_chart(per_month: Counter[str], dark: bool = False) -> QChart:
    """A bar chart of papers first marked read, per month."""
    chart = _chart("Papers read per month", dark)
    months = sorted(per_month)[-24:]
    bar = QBarSet("read")
    bar.setColor(QColor(STATUS_COLORS[Status.READ]))
    bar.append([float(per_month[m]) for m in months])
    series = QBarSeries()
    series.append(bar)
    chart.addSeries(series)
    axis = QBarCategoryAxis()
    axis.append(months or ["—"])
    values = _count_axis(max((per_month[m] for m in months), default=1))
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis)
    series.attachAxis(values)
    chart.legend().hide()
    return chart


class StatsDialog(QDialog):
    """Tabs of charts over the collection's reading progress."""

    def __init__(self, entries: list[Entry], store: AnnotationStore, parent: QWidget | None = None, *,
                 dark: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reading statistics")
        self.resize(1100, 640)
        self.stats = reading_stats(entries, store)
        layout = QVBoxLayout(self)
        s = self.stats
        read = s.by_status[Status.READ]
        pct = 100.0 * read / s.total if s.total else 0.0
        self.summary = rich_label("<b>{} of {}</b> papers read ({} %) · {} reading · {} unread",
                                  read, s.total, f"{pct:.0f}", s.by_status["reading"], s.by_status["unread"])
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        by_category = QWidget()
        row = QHBoxLayout(by_category)
        row.setContentsMargins(0, 0, 0, 0)
        self.category_chart = progress_chart(top_groups(s.by_category), "Progress per category",
                                             horizontal=True, dark=dark)
        row.addWidget(_view(self.category_chart), 1)
        self.category_table = category_table(s.by_category)
        row.addWidget(self.category_table, 1)
        self.tabs.addTab(by_category, "By category")
        self.tabs.addTab(_view(progress_chart(s.by_year, "Progress per year", horizontal=False, dark=dark)),
                         "By year")
        self.tabs.addTab(_view(monthly_chart(s.read_per_month, dark)), "Per month")
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class _NumberItem(QTableWidgetItem):
    """A table cell that sorts by its number, not its text."""

    def __init__(self, value: float, text: str) -> None:
        super().__init__(text)
        self.value = value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _NumberItem):
            return self.value < other.value
        return super().__lt__(other)


TABLE_COLUMNS = ("Category", "Papers", "Read", "Reading", "Unread", "% read")


def category_table(groups: dict[str, Counter[str]]) -> QTableWidget:
    """Every category with its counts; click a header to sort by it."""
    table = QTableWidget(len(groups), len(TABLE_COLUMNS))
    table.setHorizontalHeaderLabels(list(TABLE_COLUMNS))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(True)  # long category names wrap onto a second line instead of being cut
    for row, name in enumerate(sorted(groups, key=lambda k: (-sum(groups[k].values()), k.casefold()))):
        counts = groups[name]
        total = sum(counts.values())
        name_item = QTableWidgetItem(name)  # item text is plain text
        name_item.setToolTip(tip(name))
        table.setItem(row, 0, name_item)
        for col, value in enumerate((total, *(counts[status] for status in SHOWN_ORDER)), start=1):
            table.setItem(row, col, _NumberItem(value, str(value)))
        pct = 100.0 * counts[Status.READ] / total if total else 0.0
        table.setItem(row, 5, _NumberItem(pct, f"{pct:.0f}"))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for col in range(1, len(TABLE_COLUMNS)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    table.setSortingEnabled(True)
    return table
