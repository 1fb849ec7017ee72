"""The chart beside a report's table: QtCharts bars and lines, a grid for heat maps.

This module imports QtCharts, so it loads only when the Reports screen is
first opened. Which charts a report offers is decided in `chart_choices`
from the report alone (plain data); QtCharts has no heat-map series, so the
coverage grid is a table view whose cells are coloured on a linear scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime, QTimeZone
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app import is_dark
from ..models.report_table import HeatmapModel

if TYPE_CHECKING:
    from enablement.reports import Cell, Chart, Report

TOP_N = 10
LABEL_WIDTH = 24


@dataclass(frozen=True)
class ChartChoice:
    label: str
    chart: Chart


def _top_bar(report: Report, x: str, y: str, keep: dict[str, str] | None = None) -> Chart | None:
    from enablement.reports import Chart

    records = [r for r in report.records() if all(r.get(k) == v for k, v in (keep or {}).items())]
    columns = tuple(c for c in report.columns if c.key in (x, y))
    if not records or len(columns) != 2:
        return None
    rows = tuple((r[x], r[y]) for r in records[:TOP_N])
    ordered = tuple(sorted(columns, key=lambda c: (x, y).index(c.key)))
    return Chart(kind="bar", x=x, y=(y,), columns=ordered, rows=rows)


def chart_choices(report: Report) -> list[ChartChoice]:
    """The charts worth drawing for `report`, the report's own first."""
    choices: list[ChartChoice] = []
    if report.chart is not None:
        chart = report.chart
        x_label = next((c.label for c in chart.columns if c.key == chart.x), chart.x)
        label = {"line": "Over time", "heatmap": "Grid"}.get(chart.kind, f"By {x_label.lower()}")
        choices.append(ChartChoice(label, report.chart))
    extra: Chart | None = None
    if report.name == "usage":
        extra = _top_bar(report, "title", "total", {"group": "top"})
        if extra is not None:
            choices.append(ChartChoice("Top assets", extra))
    elif report.name == "search-gaps":
        extra = _top_bar(report, "query", "gaps")
        if extra is not None:
            choices.append(ChartChoice("Top gaps", extra))
    return choices


def _short(cell: Cell) -> str:
    text = "(none)" if cell is None or cell == "" else str(cell)
    return text if len(text) <= LABEL_WIDTH else text[: LABEL_WIDTH - 1] + "…"


def _number(cell: Cell) -> float:
    return float(cell) if isinstance(cell, int | float) else 0.0


def _msecs(day: date) -> float:
    moment = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0), QTimeZone.utc())
    return float(moment.toMSecsSinceEpoch())


class ReportChart(QWidget):
    """A chart picker over a stack: nothing to draw, a QtCharts view, a heat-map grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportChart")
        self.choices: list[ChartChoice] = []
        self._labels: dict[str, str] = {}
        self.picker = QComboBox(self)
        self.picker.setObjectName("chartPicker")
        self.picker.setAccessibleName("Chart")
        self.picker_label = QLabel("&Chart:", self)
        self.picker_label.setBuddy(self.picker)
        self.metric_picker = QComboBox(self)
        self.metric_picker.setObjectName("heatmapMetric")
        self.metric_picker.setAccessibleName("Colour the grid by")
        self.metric_label = QLabel("C&olour by:", self)
        self.metric_label.setBuddy(self.metric_picker)
        for combo in (self.picker, self.metric_picker):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.empty = QLabel("No chart for this report.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.view = QChartView(self.chart, self)
        self.view.setObjectName("chartView")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.heatmap_model = HeatmapModel(self)
        self.heatmap = QTableView(self)
        self.heatmap.setObjectName("heatmap")
        self.heatmap.setAccessibleName("Coverage grid")
        self.heatmap.setModel(self.heatmap_model)
        self.heatmap.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.heatmap.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.heatmap.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.heatmap.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.stack = QStackedWidget(self)
        for page in (self.empty, self.view, self.heatmap):
            self.stack.addWidget(page)

        top = QHBoxLayout()
        top.addWidget(self.picker_label)
        top.addWidget(self.picker)
        top.addSpacing(12)
        top.addWidget(self.metric_label)
        top.addWidget(self.metric_picker)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.picker.currentIndexChanged.connect(lambda _i: self._draw())
        self.metric_picker.currentIndexChanged.connect(lambda _i: self._recolour())

    # -- data ------------------------------------------------------------------------

    def set_report(self, report: Report | None, labels: dict[str, str] | None = None) -> None:
        self._labels = dict(labels or {})
        self.choices = chart_choices(report) if report is not None else []
        self.picker.blockSignals(True)
        self.picker.clear()
        for choice in self.choices:
            self.picker.addItem(choice.label)
        self.picker.blockSignals(False)
        for widget in (self.picker, self.picker_label):
            widget.setVisible(len(self.choices) > 1)
        self._draw()

    def current(self) -> ChartChoice | None:
        index = self.picker.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    def series_count(self) -> int:
        return len(self.chart.series())

    def image(self) -> QImage:
        """The chart as shown, for the clipboard."""
        page = self.stack.currentWidget()
        return page.grab().toImage() if page is not None else QImage()

    # -- drawing ---------------------------------------------------------------------

    def _draw(self) -> None:
        self._clear_chart()
        choice = self.current()
        heat = choice is not None and choice.chart.kind == "heatmap"
        for widget in (self.metric_picker, self.metric_label):
            widget.setVisible(heat)
        if choice is None:
            self.heatmap_model.set_chart(None)
            self.stack.setCurrentWidget(self.empty)
        elif heat:
            self._draw_heatmap(choice.chart)
        else:
            self.chart.setTheme(
                QChart.ChartTheme.ChartThemeDark
                if is_dark(QGuiApplication.instance())  # type: ignore[arg-type]
                else QChart.ChartTheme.ChartThemeLight
            )
            self.chart.setTitle(choice.label)
            if choice.chart.kind == "line":
                self._draw_lines(choice.chart)
            else:
                self._draw_bars(choice.chart)
            self.stack.setCurrentWidget(self.view)

    def _clear_chart(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
            axis.deleteLater()

    def _labelled(self, chart: Chart) -> dict[str, str]:
        return {c.key: c.label for c in chart.columns}

    def _value_axis(self, top: float, integers: bool) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(0, max(top, 1.0))
        if integers:
            axis.setLabelFormat("%d")
            axis.setTickCount(min(6, int(max(top, 1.0)) + 1))
        axis.applyNiceNumbers()
        return axis

    def _attach(self, series: QBarSeries | QLineSeries, *axes: QAbstractAxis) -> None:
        for axis in axes:
            series.attachAxis(axis)

    def _draw_bars(self, chart: Chart) -> None:
        keys = [c.key for c in chart.columns]
        labels = self._labelled(chart)
        xi = keys.index(chart.x)
        series = QBarSeries()
        top = 0.0
        for key in chart.y:
            bar_set = QBarSet(labels.get(key, key))
            for row in chart.rows:
                value = _number(row[keys.index(key)])
                bar_set.append(value)
                top = max(top, value)
            series.append(bar_set)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([_short(row[xi]) for row in chart.rows])
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        integers = all(c.kind == "int" for c in chart.columns if c.key in chart.y)
        values = self._value_axis(top, integers)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        self._attach(series, categories, values)
        self.chart.legend().setVisible(len(chart.y) > 1)

    def _draw_lines(self, chart: Chart) -> None:
        keys = [c.key for c in chart.columns]
        labels = self._labelled(chart)
        xi = keys.index(chart.x)
        days = [day for row in chart.rows if isinstance(day := row[xi], date)]
        time_axis = QDateTimeAxis()
        time_axis.setFormat("MMM d")
        if days:
            first, last = _msecs(min(days)), _msecs(max(days))
            time_axis.setRange(
                QDateTime.fromMSecsSinceEpoch(int(first), QTimeZone.utc()),
                QDateTime.fromMSecsSinceEpoch(int(max(last, first + 86_400_000)), QTimeZone.utc()),
            )
            time_axis.setTickCount(min(8, max(2, len(days))))
        self.chart.addAxis(time_axis, Qt.AlignmentFlag.AlignBottom)
        top = 0.0
        lines = []
        for key in chart.y:
            series = QLineSeries()
            series.setName(labels.get(key, key))
            series.setPointsVisible(len(chart.rows) <= 31)
            for row in chart.rows:
                if isinstance(day := row[xi], date):
                    value = _number(row[keys.index(key)])
                    series.append(_msecs(day), value)
                    top = max(top, value)
            self.chart.addSeries(series)
            lines.append(series)
        integers = all(c.kind == "int" for c in chart.columns if c.key in chart.y)
        values = self._value_axis(top, integers)
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        for series in lines:
            self._attach(series, time_axis, values)
        self.chart.legend().setVisible(True)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    def _draw_heatmap(self, chart: Chart) -> None:
        metrics = [c for c in chart.columns if c.kind in ("int", "float", "percent")]
        self.metric_picker.blockSignals(True)
        self.metric_picker.clear()
        for column in metrics:
            self.metric_picker.addItem(column.label, column.key)
        found = self.metric_picker.findData(chart.value)
        self.metric_picker.setCurrentIndex(max(found, 0))
        self.metric_picker.blockSignals(False)
        metric = str(self.metric_picker.currentData() or "")
        self.heatmap_model.set_chart(chart, self._labels, metric)
        self.stack.setCurrentWidget(self.heatmap)

    def _recolour(self) -> None:
        choice = self.current()
        if choice is not None and choice.chart.kind == "heatmap":
            self.heatmap_model.set_chart(
                choice.chart, self._labels, str(self.metric_picker.currentData() or "")
            )
