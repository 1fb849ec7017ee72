"""Facet model: categories with checkable tags and their counts.

Rows only appear and disappear one at a time and counts change in place, so
the tree keeps the keyboard focus and expansion while the person ticks boxes
and the results refresh behind them. Checked tags stay visible at count 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from ..qtcompat import emit
from .base import AnyIndex
from .tree import TwoLevelModel


@dataclass
class FacetCategory:
    slug: str
    label: str
    order: list[str] = field(default_factory=list)  # known tag labels, in taxonomy order
    names: dict[str, str] = field(default_factory=dict)  # shown text for a label ("pdf" -> "PDF")


@dataclass
class FacetTag:
    label: str
    count: int = 0
    checked: bool = False


class FacetModel(TwoLevelModel[FacetCategory, FacetTag]):
    filters_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def set_categories(self, categories: list[FacetCategory]) -> None:
        self.set_tree(categories, [[] for _ in categories])

    def filters(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for group, children in zip(self._groups, self._children, strict=True):
            chosen = tuple(c.label for c in children if c.checked)
            if chosen:
                out[group.slug] = chosen
        return out

    def set_filters(self, filters: Mapping[str, tuple[str, ...] | list[str]]) -> None:
        """Tick exactly these tags (restoring remembered filters), then show their rows."""
        for g, group in enumerate(self._groups):
            wanted = set(filters.get(group.slug, ()))
            for tag in self._children[g]:
                tag.checked = tag.label in wanted
            missing = wanted - {t.label for t in self._children[g]}
            for label in sorted(missing):
                self._insert(g, FacetTag(label, 0, True))
        self._emit_all_changed()

    def clear_filters(self) -> None:
        for children in self._children:
            for tag in children:
                tag.checked = False
        self.update_counts(self._current_counts())
        emit(self.filters_changed)

    def _current_counts(self) -> dict[str, dict[str, int]]:
        return {
            g.slug: {c.label: c.count for c in ch if c.count}
            for g, ch in zip(self._groups, self._children, strict=True)
        }

    def update_counts(self, facets: Mapping[str, Mapping[str, int]]) -> None:
        for g, group in enumerate(self._groups):
            counts = facets.get(group.slug, {})
            children = self._children[g]
            for row in range(len(children) - 1, -1, -1):
                tag = children[row]
                if not tag.checked and not counts.get(tag.label):
                    self.beginRemoveRows(self.index(g, 0), row, row)
                    del children[row]
                    self.endRemoveRows()
            present = {t.label for t in children}
            for label, count in counts.items():
                if count and label not in present:
                    self._insert(g, FacetTag(label, count))
            for tag in children:
                tag.count = int(counts.get(tag.label, 0))
        self._emit_all_changed()

    def _insert(self, g: int, tag: FacetTag) -> None:
        children = self._children[g]
        key = self._sort_key(g)
        row = 0
        while row < len(children) and key(children[row].label) <= key(tag.label):
            row += 1
        self.beginInsertRows(self.index(g, 0), row, row)
        children.insert(row, tag)
        self.endInsertRows()

    def _sort_key(self, g: int) -> Any:
        order = {label: i for i, label in enumerate(self._groups[g].order)}
        return lambda label: (order.get(label, len(order)), label.lower())

    def _emit_all_changed(self) -> None:
        for g, children in enumerate(self._children):
            if children:
                parent = self.index(g, 0)
                emit(
                    self.dataChanged,
                    self.index(0, 0, parent),
                    self.index(len(children) - 1, 0, parent),
                )

    # -- Qt model interface ----------------------------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled
        if index.internalId() == 0:
            return base
        return base | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        group = self.group_at(index)
        if group is not None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return group.label
            return None
        tag = self.child_at(index)
        if tag is None:
            return None
        name = self._groups[index.internalId() - 1].names.get(tag.label, tag.label)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name}  ({tag.count})"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if tag.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name}, {tag.count} results"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        tag = self.child_at(index)
        if tag is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        if checked == tag.checked:
            return True
        tag.checked = checked
        emit(self.dataChanged, index, index, [Qt.ItemDataRole.CheckStateRole])
        emit(self.filters_changed)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and section == 0
        ):
            return "Filters"
        return None
