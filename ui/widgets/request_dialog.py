"""Request material, with deflection: before filing, show matching materials
and open requests, and offer "+1" on an existing request instead of a duplicate."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon, kind_icon
from ..operations import feedback
from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.requests import RequestInfo

    from ..context import AppContext
    from ..operations.feedback import Deflection

DEFLECT_AFTER_MS = 300
DataRole = Qt.ItemDataRole.UserRole


class RequestDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        *,
        title: str = "",
        filters: dict[str, list[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._seq = 0
        self.result_info: RequestInfo | None = None
        self.voted = False
        self.setObjectName("requestDialog")
        self.setWindowTitle("Request material")
        filters = filters or {}
        opened = ctx.opened

        self.title = QLineEdit(title, self)
        self.title.setObjectName("requestTitle")
        self.title.setAccessibleName("What is missing")
        self.title.setPlaceholderText("What do you need? e.g. ROI calculator for hospitals")
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("requestDetails")
        self.details.setAccessibleName("Details")
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(110)
        self.details.setPlaceholderText("Who is it for, what should it show, which deal…")
        self.situation = self._combo("requestSituation", "Situation", "situation", filters)
        self.segment = self._combo("requestSegment", "Segment", "segment", filters)
        self.has_date = QCheckBox("Needed by", self)
        self.needed_by = QDateEdit(QDate.currentDate().addDays(14), self)
        self.needed_by.setObjectName("requestNeededBy")
        self.needed_by.setAccessibleName("Needed by")
        self.needed_by.setCalendarPopup(True)
        self.needed_by.setMinimumDate(QDate.currentDate())
        self.needed_by.setEnabled(False)
        self.has_date.toggled.connect(self.needed_by.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.needed_by, 1)

        self.assets = QListWidget(self)
        self.assets.setObjectName("deflectAssets")
        self.assets.setAccessibleName("Materials that may already cover this")
        self.assets.itemActivated.connect(self._show_asset)
        self.requests = QListWidget(self)
        self.requests.setObjectName("deflectRequests")
        self.requests.setAccessibleName("Open requests like this one")
        # The icon reads "+1"; the label finishes the sentence.
        self.vote_button = QPushButton("this request instead", self)
        self.vote_button.setAccessibleName("+1 this request instead")
        self.vote_button.setObjectName("voteButton")
        self.vote_button.setToolTip(
            "Add your vote to the selected open request instead of filing a new one"
        )
        bind_icon(self.vote_button, "plus-one")
        self.vote_button.setEnabled(False)
        self.vote_button.clicked.connect(self._vote)
        self.requests.currentItemChanged.connect(self._request_selected)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)

        found = QGroupBox("Before you file: does this already exist?", self)
        found_layout = QVBoxLayout(found)
        found_layout.addWidget(QLabel("Materials in the library (double-click to look):", found))
        found_layout.addWidget(self.assets)
        found_layout.addWidget(QLabel("Open requests from colleagues:", found))
        found_layout.addWidget(self.requests)
        found_layout.addWidget(self.vote_button, 0, Qt.AlignmentFlag.AlignRight)
        found_layout.addWidget(self.hint)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.submit = self.buttons.addButton("File request", QDialogButtonBox.ButtonRole.AcceptRole)
        self.submit.setObjectName("fileRequest")
        self.buttons.accepted.connect(self._file)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("&Details:", self.details)
        form.addRow("&Situation:", self.situation)
        form.addRow("Se&gment:", self.segment)
        form.addRow(date_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(found, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 620)

        self._timer = QTimer(self, singleShot=True, interval=DEFLECT_AFTER_MS)
        self._timer.timeout.connect(self.deflect)
        self.title.textChanged.connect(self._changed)
        self.details.textChanged.connect(self._changed)
        self._changed()
        if opened is not None and not ctx.may("VOTE_REQUEST"):
            self.vote_button.hide()
        self.title.setFocus()

    def _combo(self, name: str, label: str, slug: str, filters: dict[str, list[str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        combo.addItem("—", None)
        for tag in self._ctx.opened.tag_labels(slug) if self._ctx.opened else []:
            combo.addItem(tag, tag)
        chosen = filters.get(slug) or []
        if chosen:
            combo.setCurrentIndex(max(0, combo.findData(chosen[0])))
        return combo

    def _changed(self) -> None:
        self.submit.setEnabled(bool(self.title.text().strip()))
        self._timer.start()

    def deflect(self) -> None:
        self._seq += 1
        seq = self._seq
        text = f"{self.title.text()} {self.details.toPlainText()}".strip()
        filters = {k: [v] for k, v in (("situation", self.situation.currentData()),
                                       ("segment", self.segment.currentData())) if v}  # fmt: skip
        op = feedback.deflect(self._ctx, text, filters)
        op.success(lambda found: self._show_deflection(seq, found)).run(receiver=self)

    def _show_deflection(self, seq: int, found: Deflection) -> None:
        # The answer can arrive after the dialog was closed and deleted.
        if seq != self._seq or not shiboken6.isValid(self.assets):
            return
        self.assets.clear()
        for hit in found.assets:
            item = QListWidgetItem(kind_icon(hit.kind), hit.title)
            item.setData(DataRole, hit.asset_id)
            self.assets.addItem(item)
        self.requests.clear()
        for request in found.requests:
            votes = f"{request.votes} vote{'s' if request.votes != 1 else ''}"
            mine = " · you voted" if request.voted_by_me else ""
            item = QListWidgetItem(f"{request.title}   ({request.status}, {votes}{mine})")
            item.setData(DataRole, request)
            self.requests.addItem(item)
        n_assets, n_requests = len(found.assets), len(found.requests)
        if n_assets or n_requests:
            self.hint.setText(
                f"{n_assets} material(s) and {n_requests} open request(s) look similar. "
                "A +1 on an existing request gets it answered faster than a duplicate."
            )
        else:
            self.hint.setText("Nothing similar yet — file your request.")

    def _request_selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        request = current.data(DataRole) if current else None
        me = self._ctx.opened.actor.name if self._ctx.opened else ""
        self.vote_button.setEnabled(
            request is not None and not request.voted_by_me and request.requester != me
        )

    def _vote(self) -> None:
        item = self.requests.currentItem()
        if item is None:
            return
        request: RequestInfo = item.data(DataRole)
        self.vote_button.setEnabled(False)

        def done(info: RequestInfo) -> None:
            self.result_info = info
            self.voted = True
            emit(self._ctx.hub.status, f"Your +1 was added to “{info.title}” ({info.votes} votes).")
            self.accept()

        feedback.vote(self._ctx, request.id).success(done).run(receiver=self)

    def _file(self) -> None:
        title = self.title.text().strip()
        if not title:
            return
        picked = self.needed_by.date()
        needed = (
            date(picked.year(), picked.month(), picked.day()) if self.has_date.isChecked() else None
        )
        self.submit.setEnabled(False)

        def done(info: RequestInfo) -> None:
            self.result_info = info
            text = f"Request filed: “{info.title}”. Follow it under My requests."
            if info.status == "queued":  # a team library offline
                text = (
                    f"Request “{info.title}” is kept on this computer and filed when the "
                    "connection is back."
                )
            emit(self._ctx.hub.status, text)
            self.accept()

        op = feedback.create_request(
            self._ctx,
            title,
            details=self.details.toPlainText().strip(),
            situation=self.situation.currentData(),
            segment=self.segment.currentData(),
            needed_by=needed,
        )
        op.success(done).failure(self._failed).run(receiver=self)

    def _failed(self, error: BaseException) -> None:
        from ..errors import report

        self.submit.setEnabled(True)
        report(error, action=True)

    def _show_asset(self, item: QListWidgetItem) -> None:
        emit(self._ctx.hub.show_asset, int(item.data(DataRole)))
        self.reject()
