"""Table models for the marketer's screens: request queue, needs attention, users.

Each is a thin adapter over a plain list of the library's frozen dataclasses.
`SortRole` gives the raw value to sort by (votes as a number, age in days,
needed-by as a date), so a `QSortFilterProxyModel` sorts without parsing text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from .lists import STATUS_LABELS

if TYPE_CHECKING:
    from enablement.services.governance import AttentionRow
    from enablement.services.requests import RequestInfo
    from enablement.services.users import UserInfo

AnyIndex = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the invalid index, shared as a default argument
RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
R = TypeVar("R")
NO_DATE = date.max.toordinal()  # "no needed-by date" sorts last


class RowsModel(QAbstractTableModel, Generic[R]):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.COLUMNS[index.column()]}: {self.text(row, index.column())}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == SortRole:
            return self.sort_value(row, index.column())
        if role == RowRole:
            return row
        return None

    def text(self, row: R, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: R, column: int) -> Any:
        return self.text(row, column).lower()

    def tooltip(self, row: R) -> str | None:
        return None


def age_days(created: datetime, now: datetime | None = None) -> int:
    return max(0, ((now or datetime.now(UTC)) - created).days)


class QueueModel(RowsModel["RequestInfo"]):
    COLUMNS = ("Request", "Status", "Votes", "Age", "Requester", "Situation", "Segment",
               "Needed by", "Assignee")  # fmt: skip
    VOTES, AGE, NEEDED_BY = 2, 3, 7

    def text(self, row: RequestInfo, column: int) -> str:
        if column == 0:
            return row.title
        if column == 1:
            return STATUS_LABELS.get(row.status, row.status)
        if column == self.VOTES:
            return str(row.votes)
        if column == self.AGE:
            days = age_days(row.created)
            return "today" if days == 0 else f"{days} d"
        values = (row.requester, row.situation, row.segment,
                  f"{row.needed_by:%Y-%m-%d}" if row.needed_by else "", row.assignee)  # fmt: skip
        return values[column - 4] or ""

    def sort_value(self, row: RequestInfo, column: int) -> Any:
        if column == self.VOTES:
            return row.votes
        if column == self.AGE:
            return age_days(row.created)
        if column == self.NEEDED_BY:
            return row.needed_by.toordinal() if row.needed_by else NO_DATE
        return super().sort_value(row, column)

    def tooltip(self, row: RequestInfo) -> str | None:
        return row.details or None


class AttentionModel(RowsModel["AttentionRow"]):
    COLUMNS = ("Asset", "Owner", "Status", "Needs attention because")

    def text(self, row: AttentionRow, column: int) -> str:
        return (row.title, row.owner, row.status, row.reason_text)[column]


ROLE_LABELS = {"seller": "Seller", "marketer": "Marketer", "admin": "Admin"}


class UsersModel(RowsModel["UserInfo"]):
    COLUMNS = ("User", "Name", "Role", "Segments")

    def text(self, row: UserInfo, column: int) -> str:
        if column == 2:
            return ROLE_LABELS.get(row.role, row.role)
        if column == 3:
            return ", ".join(row.segments)
        return (row.name, row.display_name)[column]

    def row_of(self, name: str) -> int:
        return next((i for i, u in enumerate(self._rows) if u.name == name), -1)
