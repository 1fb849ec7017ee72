"""My requests: status, answers and the fulfilling asset; what changed is marked.

After the list has been shown, the library is told it was seen (mark_seen), so
the bold "changed" marks reflect what changed since the previous look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon
from ..models.lists import RequestsModel
from ..operations import feedback
from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.requests import RequestInfo

    from ..context import AppContext


class MyRequestsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("myRequests")
        self.setWindowTitle("My requests")
        self.model = RequestsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("myRequestsTable")
        self.table.setAccessibleName("My requests")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._open_asset)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton("Show material", self)
        self.open_button.setObjectName("openFulfilling")
        self.open_button.setToolTip("Show the material that answers the selected request")
        bind_icon(self.open_button, "open")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._open_asset(self.table.currentIndex()))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 420)
        ctx.hub.changes_applied.connect(self._changes_applied)
        self.refresh()

    def refresh(self) -> None:
        feedback.my_requests(self._ctx).success(self._show).run(receiver=self)

    def _show(self, rows: list[RequestInfo]) -> None:
        self.model.set_requests(rows)
        changed = sum(1 for r in rows if r.changed_since_seen)
        self.summary.setText(
            f"{len(rows)} request(s); {changed} changed since you last looked (bold)."
            if rows
            else "You have not requested anything yet."
        )
        if changed:
            feedback.mark_requests_seen(self._ctx).run(receiver=self)

    def _changes_applied(self, changes: object) -> None:
        if getattr(changes, "requests", None):
            self.refresh()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        request = self.model.request_at(current.row())
        self.open_button.setEnabled(bool(request and request.fulfilling_asset_id))

    def _open_asset(self, index: QModelIndex) -> None:
        request = self.model.request_at(index.row()) if index.isValid() else None
        if request and request.fulfilling_asset_id:
            emit(self._ctx.hub.show_asset, request.fulfilling_asset_id)
