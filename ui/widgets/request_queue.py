"""The request queue: marketing picks up, fulfils, declines and merges requests.

Every request with status, age, requester, situation, segment, needed-by and
+1 votes; sortable by any column (votes, age and needed-by sort by value) and
filtered by status. Fulfilling links an existing asset found with a search
picker, or imports a new file first; the requester then sees it in "My
requests".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
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
from ..models.lists import STATUS_LABELS
from ..models.work_tables import QueueModel
from ..operations import marketing_work as ops
from ..qtcompat import emit
from .common import Prompt, buddy_label, current_row, reload_rows, select_row
from .fulfil_dialog import FulfilDialog

if TYPE_CHECKING:
    from enablement.services.requests import RequestInfo

    from ..context import AppContext
    from ..operations.marketing_work import Fulfilled


class RequestQueueDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("requestQueue")
        self.setWindowTitle("Request queue")
        self.model = QueueModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.status.setAccessibleName("Show requests with status")
        self.status.addItem("Open and in progress", ops.ACTIVE)
        self.status.addItem("All requests", "")
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = self._build_table()
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setObjectName("requestDetails")
        self.buttons = self._build_buttons()
        top = QHBoxLayout()
        top.addWidget(buddy_label("&Show:", self.status))
        top.addWidget(self.status)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.resize(1000, 520)
        self._update_buttons()
        ctx.hub.changes_applied.connect(self._changes_applied)
        self.refresh()

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("queueTable")
        table.setAccessibleName("Requests")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(QueueModel.VOTES, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        return table

    def _build_buttons(self) -> dict[str, QPushButton]:
        buttons = {}
        for name, text, slot in (
            ("assign", "&Assign to me", self.assign_to_me),
            ("progress", "Mark in &progress", self.mark_in_progress),
            ("fulfil", "&Fulfil…", self.fulfil),
            ("decline", "&Decline…", self.decline),
            ("merge", "&Merge into…", self.merge),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"queue_{name}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons[name] = button
        return buttons

    # -- data ------------------------------------------------------------------

    def refresh(self) -> None:
        ops.request_queue(self._ctx, self.status.currentData()).success(self._show).run(
            receiver=self
        )

    def _show(self, rows: list[RequestInfo]) -> None:
        reload_rows(self.table, self.model, rows, key=lambda request: request.id)
        self._update_buttons()

    def _changes_applied(self, changes: object) -> None:
        if getattr(changes, "requests", None):
            self.refresh()

    def current(self) -> RequestInfo | None:
        return current_row(self.table, self.model)

    def select(self, request_id: int) -> bool:
        return select_row(self.table, self.model, lambda request: request.id == request_id)

    def _update_buttons(self) -> None:
        request = self.current()
        active = request is not None and request.status in ("open", "in-progress")
        for button in self.buttons.values():
            button.setEnabled(active)
        if request is not None and request.status == "in-progress":
            self.buttons["progress"].setEnabled(False)
        self.details.setText(_describe(request) if request else "Select a request.")

    # -- actions ---------------------------------------------------------------

    def assign_to_me(self) -> None:
        request = self.current()
        if request is not None:
            ops.assign(self._ctx, request.id).success(self._done("Assigned to you.")).run(
                receiver=self
            )

    def mark_in_progress(self) -> None:
        request = self.current()
        if request is not None:
            op = ops.assign(self._ctx, request.id, request.assignee)
            op.success(self._done("Marked in progress.")).run(receiver=self)

    def fulfil(self) -> None:
        request = self.current()
        if request is None:
            return
        dialog = FulfilDialog(self._ctx, request, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.link_asset.connect(
            lambda asset_id, note: (
                ops.fulfil(self._ctx, request.id, asset_id, note)
                .success(self._done("Fulfilled; the requester sees it in My requests."))
                .run(receiver=self)
            )
        )
        dialog.import_file.connect(
            lambda path, note: (
                ops.import_and_fulfil(self._ctx, request, path, note)
                .success(self._imported)
                .run(receiver=self)
            )
        )
        dialog.open()
        self.fulfil_dialog = dialog

    def _imported(self, result: Fulfilled) -> None:
        text = "Imported and fulfilled; the requester sees it in My requests."
        if result.duplicate:
            text = "That file was already in the library; the request was fulfilled with it."
        if not result.published:
            text += " The new asset is a draft: tag and publish it so the requester can open it."
        self._done(text)(result.request)

    def decline(self) -> None:
        request = self.current()
        if request is None:
            return
        prompt = Prompt("Decline request", f"Why is “{request.title}” declined? "
                        "The requester will read this.", self, multiline=True)  # fmt: skip
        prompt.setObjectName("declinePrompt")
        prompt.accepted.connect(
            lambda: (
                ops.decline(self._ctx, request.id, str(prompt.value()))
                .success(self._done("Declined."))
                .run(receiver=self)
            )
        )
        prompt.open()
        self.prompt = prompt

    def merge(self) -> None:
        request = self.current()
        if request is None:
            return
        others = [
            (f"#{r.id} {r.title} ({r.votes} votes)", r.id)
            for r in self.model.rows
            if r.id != request.id and r.status in ("open", "in-progress")
        ]
        prompt = Prompt("Merge duplicate", f"Merge “{request.title}” into which request? "
                        "Its requester and votes become +1s there.", self,
                        choices=others)  # fmt: skip
        prompt.setObjectName("mergePrompt")
        prompt.accepted.connect(
            lambda: (
                ops.merge(self._ctx, request.id, int(prompt.value()))  # type: ignore[call-overload]
                .success(self._merged)
                .run(receiver=self)
            )
        )
        prompt.open()
        self.prompt = prompt

    def _merged(self, survivor: RequestInfo) -> None:
        self._done(f"Merged; “{survivor.title}” now has {survivor.votes} votes.")(survivor)
        self.select(survivor.id)

    def _done(self, text: str) -> Callable[[RequestInfo], None]:
        def show(request: RequestInfo) -> None:
            emit(self._ctx.hub.status, text)
            self.select(request.id)

        return show


def _describe(request: RequestInfo) -> str:
    lines = [f"#{request.id} {request.title} — filed by {request.requester} "
             f"on {request.created:%Y-%m-%d}, {request.votes} +1"]  # fmt: skip
    if request.details:
        lines.append(request.details)
    if request.resolution_note:
        lines.append(f"Answer: {request.resolution_note}")
    if request.fulfilling_asset_title:
        lines.append(f"Material: {request.fulfilling_asset_title}")
    return "\n".join(lines)
