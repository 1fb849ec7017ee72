"""The "needs attention" view: assets a marketer should review, and why.

Expired review dates, missing situation/segment tags, low ratings, nothing
used for 90 days, duplicate content and kits holding replaced files, as the
governance service computes them. Activating a row shows the asset in the
main window (selected in the results, or previewed on its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models.base import SortRole
from ..models.work_tables import AttentionModel
from ..operations import marketing_work as ops
from ..qtcompat import emit
from .common import buddy_label

if TYPE_CHECKING:
    from enablement.services.governance import AttentionRow

    from ..context import AppContext


class GovernanceDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from enablement.services.governance import REASONS

        super().__init__(parent)
        self._ctx = ctx
        self._all: list[AttentionRow] = []
        self.setObjectName("needsAttention")
        self.setWindowTitle("Needs attention")
        self.model = AttentionModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.reason = QComboBox(self)
        self.reason.setObjectName("reasonFilter")
        self.reason.setAccessibleName("Show assets that need attention because")
        self.reason.addItem("Every reason", "")
        for key, text in REASONS.items():
            self.reason.addItem(text.capitalize(), key)
        self.reason.currentIndexChanged.connect(lambda _i: self._filter())
        self.table = QTableView(self)
        self.table.setObjectName("attentionTable")
        self.table.setAccessibleName("Assets that need attention")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self.show_asset)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton("&Check again", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button = QPushButton("&Show asset", self)
        self.open_button.setObjectName("showAttentionAsset")
        self.open_button.clicked.connect(lambda: self.show_asset(self.table.currentIndex()))
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Show:", self.reason))
        top.addWidget(self.reason)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.resize(900, 480)
        ctx.hub.changes_applied.connect(self._changes_applied)
        self.refresh()

    def refresh(self) -> None:
        self.summary.setText("Checking the library…")
        ops.needs_attention(self._ctx).success(self._show).run(receiver=self)

    def _show(self, rows: list[AttentionRow]) -> None:
        self._all = rows
        self._filter()

    def _filter(self) -> None:
        key = self.reason.currentData()
        rows = [r for r in self._all if not key or key in r.reasons]
        self.model.set_rows(rows)
        self.summary.setText(
            f"{len(rows)} asset(s) need attention." if rows else "Nothing needs attention."
        )

    def _changes_applied(self, changes: object) -> None:
        if any(getattr(changes, name, None) for name in ("assets", "ratings", "collections",
                                                         "taxonomy")):  # fmt: skip
            self.refresh()

    def show_asset(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if row is not None:
            emit(self._ctx.hub.show_asset, row.asset_id)
