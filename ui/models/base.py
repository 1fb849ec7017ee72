"""The one base for the UI's flat tables: columns as data, rows as a plain list.

`RowsModel` adapts a plain list of the library's frozen dataclasses to Qt: the
subclass names its `COLUMNS` and says how a row reads in a column (`text`),
and the base answers each role from that — display, accessible text, tooltip,
a sort value under `SortRole`, the row object under `RowRole` — and `None` for
roles nobody handles. `TableModel`, `selectable_flags` and `header_label` are
the shared pieces for the models that are not a list of rows (reports, heat
map, taxonomy tree).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invalid index, shared as a default argument
RowRole = Qt.ItemDataRole.UserRole + 1  # the row object itself
SortRole = Qt.ItemDataRole.UserRole + 2  # the raw value to sort by
R = TypeVar("R")


def selectable_flags(index: AnyIndex) -> Qt.ItemFlag:
    """Enabled and selectable for a valid index, nothing for the root."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def header_label(
    labels: Sequence[str], section: int, orientation: Qt.Orientation, role: int
) -> str | None:
    """The horizontal header's display text from a list of column labels."""
    if (
        role == Qt.ItemDataRole.DisplayRole
        and orientation == Qt.Orientation.Horizontal
        and 0 <= section < len(labels)
    ):
        return labels[section]
    return None


class TableModel(QAbstractTableModel):
    """A flat table: no children, selectable cells, `in_table` to check an index."""

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return selectable_flags(index)

    def in_table(self, index: AnyIndex) -> bool:
        return (
            index.isValid()
            and not index.parent().isValid()
            and 0 <= index.row() < self.rowCount()
            and 0 <= index.column() < self.columnCount()
        )


class RowsModel(TableModel, Generic[R]):
    """A table over a plain list of rows; subclasses give `COLUMNS` and `text`."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[R]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def remove_rows(self, rows: Sequence[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._rows):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        return header_label(self.COLUMNS, section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_table(index):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.accessible(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == SortRole:
            return self.sort_value(row, column)
        if role == RowRole:
            return row
        return self.extra(row, column, role)

    # -- what subclasses say about their rows -----------------------------------------

    def text(self, row: R, column: int) -> str:
        raise NotImplementedError

    def accessible(self, row: R, column: int) -> str:
        return f"{self.COLUMNS[column]}: {self.text(row, column)}"

    def tooltip(self, row: R, column: int) -> str | None:
        return None

    def sort_value(self, row: R, column: int) -> Any:
        return self.text(row, column).lower()

    def extra(self, row: R, column: int, role: int) -> Any:
        """Any other role (font, colour, check state); None when not handled."""
        return None
