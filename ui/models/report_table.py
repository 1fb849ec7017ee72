"""Item models over one `Report`: its table, sortable, and its heat-map grid.

`ReportTableModel` is a thin adapter over `Report.rows` (plain tuples): it
formats cells for display by the column's kind, keeps the raw value under
`RawRole` and a sort key under `SortRole` that sorts numbers as numbers.
An optional action column ("Request this…") sits after the report's columns.
`HeatmapModel` pivots a heat-map `Chart` into a situation × segment grid whose
cells carry their value as text and a colour from a linear scale.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from .base import ROOT, AnyIndex, TableModel

if TYPE_CHECKING:
    from enablement.reports import Cell, Chart, Column, Report

RawRole = Qt.ItemDataRole.UserRole + 1  # the report's own cell value
SortRole = Qt.ItemDataRole.UserRole + 2  # a float for numbers, folded text otherwise
RecordRole = Qt.ItemDataRole.UserRole + 3  # the whole row as {column key: cell}
NUMERIC = ("int", "float", "percent")


def cell_text(cell: Cell, kind: str) -> str:
    """A cell as people read it: no apostrophes (this is not a spreadsheet)."""
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    if kind == "percent" and isinstance(cell, int | float):
        return f"{cell * 100:.1f} %"
    if isinstance(cell, float):
        return f"{cell:,.2f}"
    if isinstance(cell, int):
        return f"{cell:,}"
    return str(cell)


def sort_key(cell: Cell, kind: str) -> float | str:
    if kind in NUMERIC:
        return float(cell) if isinstance(cell, int | float) else float("-inf")
    if isinstance(cell, date):
        return cell.isoformat()
    return "" if cell is None else str(cell).casefold()


class ReportTableModel(TableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self._columns: tuple[Column, ...] = ()
        self._rows: tuple[tuple[Cell, ...], ...] = ()
        self.action_label: str | None = None

    def set_report(self, report: Report | None, action_label: str | None = None) -> None:
        self.beginResetModel()
        self.report = report
        self._columns = report.columns if report else ()
        self._rows = report.rows if report else ()
        self.action_label = action_label
        self.endResetModel()

    @property
    def action_column(self) -> int | None:
        return len(self._columns) if self.action_label else None

    def record(self, row: int) -> dict[str, Cell] | None:
        if not 0 <= row < len(self._rows):
            return None
        return {c.key: v for c, v in zip(self._columns, self._rows[row], strict=True)}

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid():
            return 0
        return len(self._columns) + (1 if self.action_label else 0)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == self.action_column:
            return "Action" if role == Qt.ItemDataRole.DisplayRole else None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.label
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_table(index):
            return None
        row, col = index.row(), index.column()
        if col == self.action_column:
            return self._action_data(row, role)
        column, cell = self._columns[col], self._rows[row][col]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = cell_text(cell, column.kind)
            return text if role == Qt.ItemDataRole.DisplayRole else f"{column.label}: {text}"
        if role == Qt.ItemDataRole.ToolTipRole and column.kind == "text" and cell:
            return str(cell)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RawRole:
            return cell
        if role == SortRole:
            return sort_key(cell, column.kind)
        if role == RecordRole:
            return self.record(row)
        return None

    def _action_data(self, row: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.action_label
        if role == Qt.ItemDataRole.ToolTipRole:
            return "File a material request for what these sellers searched for"
        if role == Qt.ItemDataRole.ForegroundRole:
            return QGuiApplication.palette().color(QPalette.ColorRole.Link)
        if role == SortRole:
            return ""
        if role == RecordRole:
            return self.record(row)
        return None


class ReportSortProxy(QSortFilterProxyModel):
    """Sorts by `SortRole`: numbers numerically, empty numbers first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


# -- heat map ------------------------------------------------------------------------------

LOW, HIGH = QColor("#f4f8fc"), QColor("#1f5fa8")


def scale_color(value: float, top: float) -> QColor:
    """Linear from LOW (nothing) to HIGH (the largest cell)."""
    t = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    return QColor.fromRgbF(
        LOW.redF() + (HIGH.redF() - LOW.redF()) * t,
        LOW.greenF() + (HIGH.greenF() - LOW.greenF()) * t,
        LOW.blueF() + (HIGH.blueF() - LOW.blueF()) * t,
    )


def text_color(background: QColor) -> QColor:
    luminance = 0.299 * background.redF() + 0.587 * background.greenF() + 0.114 * background.blueF()
    return QColor("#111111") if luminance > 0.55 else QColor("#ffffff")


class HeatmapModel(TableModel):
    """Rows are the chart's y values (situations), columns its x values (segments)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[str] = []
        self._cols: list[str] = []
        self._cells: dict[tuple[str, str], dict[str, Cell]] = {}
        self._labels: dict[str, str] = {}
        self._columns: tuple[Column, ...] = ()
        self.metric = ""
        self._top = 0.0

    def set_chart(
        self, chart: Chart | None, labels: dict[str, str] | None = None, metric: str = ""
    ) -> None:
        self.beginResetModel()
        self._rows, self._cols, self._cells = [], [], {}
        self._labels = dict(labels or {})
        self._columns = chart.columns if chart else ()
        if chart is not None:
            keys = [c.key for c in chart.columns]
            xi, yi = keys.index(chart.x), keys.index(chart.y[0])
            for row in chart.rows:
                y, x = str(row[yi]), str(row[xi])
                if y not in self._rows:
                    self._rows.append(y)
                if x not in self._cols:
                    self._cols.append(x)
                self._cells[(y, x)] = dict(zip(keys, row, strict=True))
            self.metric = metric or chart.value or ""
        self._top = max((self.value(k) for k in self._cells), default=0.0)
        self.endResetModel()

    def metrics(self) -> list[Column]:
        return [c for c in self._columns if c.kind in NUMERIC]

    def value(self, key: tuple[str, str]) -> float:
        cell = self._cells.get(key, {}).get(self.metric)
        return float(cell) if isinstance(cell, int | float) else 0.0

    def label(self, slug: str) -> str:
        return self._labels.get(slug, slug)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._cols)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        names = self._cols if orientation == Qt.Orientation.Horizontal else self._rows
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(names):
            return self.label(names[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_table(index):
            return None
        key = (self._rows[index.row()], self._cols[index.column()])
        value = self.value(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:g}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return scale_color(value, self._top)
        if role == Qt.ItemDataRole.ForegroundRole:
            return text_color(scale_color(value, self._top))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(key)
        if role == RawRole:
            return value
        return None

    def _describe(self, key: tuple[str, str]) -> str:
        cell = self._cells.get(key, {})
        head = f"{self.label(key[0])} × {self.label(key[1])}"
        parts = [f"{c.label}: {cell_text(cell.get(c.key), c.kind)}" for c in self.metrics()]
        return "\n".join([head, *parts])
