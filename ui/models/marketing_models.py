"""Table models for the marketer's screens: import outcomes, versions, suggested tags.

Thin adapters over plain lists of the library's frozen dataclasses; all text
is plain (names of files come from disk and are never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QPalette

from ..qtcompat import emit
from ..richtext import plain_tooltip
from .base import AnyIndex, RowsModel

if TYPE_CHECKING:
    from enablement.ingest import ImportResult
    from enablement.services.assets import VersionInfo
    from enablement.services.suggestions import Suggestion

T = TypeVar("T")

OUTCOME_LABELS = {"imported": "Imported", "duplicate": "Duplicate", "failed": "Failed"}


class _RowsModel(RowsModel[T]):
    """Cells here may be long (file names, reasons): the tooltip repeats the text."""

    def tooltip(self, row: T, column: int) -> str | None:
        return plain_tooltip(self.text(row, column))


class ImportResultsModel(_RowsModel["ImportResult"]):
    """One row per file of an import: name, outcome, the reason or warnings."""

    COLUMNS = ("File", "Outcome", "Details")

    def text(self, item: ImportResult, column: int) -> str:
        if column == 0:
            return item.name
        if column == 1:
            return OUTCOME_LABELS.get(item.status, item.status)
        if item.status == "imported":
            parts = [f"as '{item.title}'"] if item.title else []
            return "; ".join(parts + list(item.warnings))
        return item.reason or ""

    def extra(self, item: ImportResult, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 1 and item.status == "failed":
            return QBrush(QPalette().color(QPalette.ColorRole.BrightText))
        return None

    def counts(self) -> dict[str, int]:
        out = {"imported": 0, "duplicate": 0, "failed": 0}
        for r in self._rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out


class VersionsModel(_RowsModel["VersionInfo"]):
    """An asset's file history, newest first."""

    COLUMNS = ("Version", "File", "Date", "Change note")

    def text(self, item: VersionInfo, column: int) -> str:
        if column == 0:
            return str(item.number)
        if column == 1:
            return item.filename
        if column == 2:
            return f"{item.created:%Y-%m-%d %H:%M}"
        return item.change_note


class SuggestionsModel(_RowsModel["Suggestion"]):
    """Suggested tags, each checkable; checked rows are accepted together."""

    COLUMNS = ("Asset", "Tag", "Why")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checked: set[int] = set()  # ids of checked suggestion objects

    def set_rows(self, rows: Sequence[Suggestion]) -> None:
        self._checked.clear()
        super().set_rows(rows)

    def text(self, item: Suggestion, column: int) -> str:
        if column == 0:
            return item.asset_title
        if column == 1:
            return f"{item.category_label}: {item.tag}"
        return item.reason

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def extra(self, item: Suggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            on = id(item) in self._checked
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.row_at(index.row()) if index.isValid() else None
        if item is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(id(item))
        else:
            self._checked.discard(id(item))
        emit(self.dataChanged, index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def checked_rows(self) -> list[int]:
        return [r for r, item in enumerate(self._rows) if id(item) in self._checked]

    def remove_rows(self, rows: Sequence[int]) -> None:
        for row in rows:
            item = self.row_at(row)
            if item is not None:
                self._checked.discard(id(item))
        super().remove_rows(rows)
