"""The facet panel: a tree of categories with checkable tags and counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QPushButton, QTreeView, QVBoxLayout, QWidget

from ..app import bind_icon
from ..models.facets import FacetCategory, FacetModel
from ..models.results import KIND_LABELS

if TYPE_CHECKING:
    from ..operations.library import Opened

SHOWN_CATEGORIES = ("situation", "segment", "industry", "type", "product", "persona",
                    "funnel-stage", "region", "language")  # fmt: skip


class FacetPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        self.model = FacetModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("facets")
        self.tree.setAccessibleName("Filters: tick tags to narrow the results")
        self.tree.setToolTip(
            "Tick tags to filter: any tag within a category, all categories together"
        )
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.clear = QPushButton("Clear filters", self)
        self.clear.setObjectName("clearFilters")
        self.clear.setToolTip("Remove all filters (Ctrl+Shift+L)")
        bind_icon(self.clear, "clear")
        self.clear.clicked.connect(self.model.clear_filters)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.clear)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_visibility)

    def set_categories(self, opened: Opened) -> None:
        known = {c.slug: c for c in opened.taxonomy}
        categories = []
        for slug in SHOWN_CATEGORIES:
            info = known.get(slug)
            order = [t.label for t in info.tags] if info else []
            names = dict(KIND_LABELS) if slug == "type" else {}
            categories.append(FacetCategory(slug, opened.category_label(slug), order, names))
        for slug, info in known.items():
            if slug not in SHOWN_CATEGORIES:
                categories.append(FacetCategory(slug, info.label, [t.label for t in info.tags]))
        self.model.set_categories(categories)
        for row in range(self.model.rowCount()):
            self.tree.setRowHidden(row, QModelIndex(), True)

    def _update_visibility(self, *_args: object) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            empty = self.model.rowCount(index) == 0
            was_hidden = self.tree.isRowHidden(row, QModelIndex())
            self.tree.setRowHidden(row, QModelIndex(), empty)
            if was_hidden and not empty:
                self.tree.expand(index)
