"""Small list/table models: my requests, kit items, call-prep groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from ..qtcompat import emit
from .base import ROOT, AnyIndex, RowRole, RowsModel, selectable_flags
from .results import describe, kind_label, stars_text
from .tree import TwoLevelModel

if TYPE_CHECKING:
    from enablement.services.requests import RequestInfo
    from enablement.services.searching import Hit

    from ..operations.kits import KitItem

ItemRole = RowRole  # the request, kit item or hit behind a row

STATUS_LABELS = {
    "open": "Open",
    "in-progress": "In progress",
    "fulfilled": "Fulfilled",
    "declined": "Declined",
    "merged": "Merged",
}


class RequestsModel(RowsModel["RequestInfo"]):
    """My requests: title, status, answer, fulfilling asset; changed rows in bold."""

    COLUMNS = ("Request", "Status", "Votes", "Answer", "Material", "Updated")

    def set_requests(self, rows: list[RequestInfo]) -> None:
        self.set_rows(rows)

    def request_at(self, row: int) -> RequestInfo | None:
        return self.row_at(row)

    def accessible(self, row: RequestInfo, column: int) -> str:
        changed = " (changed since you last looked)" if row.changed_since_seen else ""
        return super().accessible(row, column) + changed

    def extra(self, row: RequestInfo, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.changed_since_seen:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def text(self, row: RequestInfo, column: int) -> str:
        if column == 0:
            return ("● " if row.changed_since_seen else "") + row.title
        if column == 1:
            return STATUS_LABELS.get(row.status, row.status)
        if column == 2:
            return str(row.votes)
        if column == 3:
            return row.resolution_note
        if column == 4:
            return row.fulfilling_asset_title or ""
        return f"{row.updated:%Y-%m-%d}"


class KitItemsModel(QAbstractListModel):
    """The ordered items of one pitch kit; `move` reorders in place."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[KitItem] = []
        self.icon_for: Callable[[str], Any] | None = None

    def set_items(self, items: list[KitItem] | tuple[KitItem, ...]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    @property
    def asset_ids(self) -> list[int]:
        return [i.asset_id for i in self._items]

    def move(self, row: int, to: int) -> bool:
        if not (0 <= row < len(self._items) and 0 <= to < len(self._items)) or row == to:
            return False
        destination = to + 1 if to > row else to
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._items.insert(to, self._items.pop(row))
        self.endMoveRows()
        return True

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return selectable_flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon_for(item.kind) if self.icon_for else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{index.row() + 1}. {item.title}, {kind_label(item.kind)}"
        if role == ItemRole:
            return item
        return None


class GroupedHitsModel(TwoLevelModel[str, "Hit"]):
    """Hits grouped by file type (call prep), each checkable for "open/export together"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checked: set[int] = set()
        self.reasons: dict[int, str] = {}
        self.icon_for: Callable[[str], Any] | None = None

    def set_hits(self, hits: list[Hit] | tuple[Hit, ...], reasons: dict[int, str]) -> None:
        kinds: list[str] = []
        groups: dict[str, list[Hit]] = {}
        for hit in hits:
            if hit.kind not in groups:
                kinds.append(hit.kind)
                groups[hit.kind] = []
            groups[hit.kind].append(hit)
        self.reasons = dict(reasons)
        self._checked = {h.asset_id for h in hits}
        self.set_tree(kinds, [groups[k] for k in kinds])

    def checked_ids(self) -> list[int]:
        return [
            h.asset_id for group in self._children for h in group if h.asset_id in self._checked
        ]

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return selectable_flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        kind = self.group_at(index)
        if kind is not None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{kind_label(kind)} ({self.rowCount(index)})"
            if role == Qt.ItemDataRole.DecorationRole and self.icon_for:
                return self.icon_for(kind)
            return None
        hit = self.child_at(index)
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            reason = self.reasons.get(hit.asset_id, "")
            return f"{hit.title}   {stars_text(hit.rating)}   {reason}"
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = hit.asset_id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return describe(hit)
        if role == ItemRole:
            return hit
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        hit = self.child_at(index)
        if hit is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(hit.asset_id)
        else:
            self._checked.discard(hit.asset_id)
        emit(self.dataChanged, index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
