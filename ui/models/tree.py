"""A two-level tree model (groups with children) over plain Python lists.

Top-level indexes carry internal id 0; a child carries its group's row + 1,
so `parent()` needs no lookups and no pointers into Python objects.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject

from .base import ROOT, AnyIndex

G = TypeVar("G")
C = TypeVar("C")


class TwoLevelModel(QAbstractItemModel, Generic[G, C]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[G] = []
        self._children: list[list[C]] = []

    # -- structure -------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._children[parent.row()]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, child: AnyIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._groups):
            return len(self._children[parent.row()])
        return 0

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return 1

    def hasChildren(self, parent: AnyIndex = ROOT) -> bool:
        return self.rowCount(parent) > 0

    # -- access ----------------------------------------------------------------

    def group_at(self, index: AnyIndex) -> G | None:
        if index.isValid() and index.internalId() == 0 and index.row() < len(self._groups):
            return self._groups[index.row()]
        return None

    def child_at(self, index: AnyIndex) -> C | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = index.internalId() - 1
        if group < len(self._children) and index.row() < len(self._children[group]):
            return self._children[group][index.row()]
        return None

    def set_tree(self, groups: list[G], children: list[list[C]]) -> None:
        self.beginResetModel()
        self._groups = list(groups)
        self._children = [list(c) for c in children]
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = 0) -> Any:
        return None
