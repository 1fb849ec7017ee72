"""The request queue: marketing picks up, fulfils, declines and merges requests.

Every request with status, age, requester, situation, segment, needed-by and
+1 votes; sortable by any column (votes, age and needed-by sort by value) and
filtered by status. Fulfilling links an existing asset found with a search
picker, or imports a new file first; the requester then sees it in "My
requests". `Prompt` is the small ask-one-thing dialog the marketing screens share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models.lists import STATUS_LABELS
from ..models.work_tables import QueueModel, SortRole
from ..operations import marketing_work as ops
from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.requests import RequestInfo
    from enablement.services.searching import Hit

    from ..context import AppContext
    from ..operations.marketing_work import Fulfilled


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (&X) moves the focus to `buddy`."""
    label = QLabel(text, buddy.parentWidget())
    label.setBuddy(buddy)
    return label


class Prompt(QDialog):
    """Ask for one value: a line of text, a longer text or a choice; OK needs a value."""

    def __init__(
        self,
        title: str,
        text: str,
        parent: QWidget | None = None,
        *,
        choices: Sequence[tuple[str, object]] | None = None,
        multiline: bool = False,
        value: str = "",
        required: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("prompt")
        self.label = QLabel(text, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.field: QLineEdit | QPlainTextEdit | QComboBox
        if choices is not None:
            self.field = QComboBox(self)
            for shown, data in choices:
                self.field.addItem(shown, data)
        elif multiline:
            self.field = QPlainTextEdit(value, self)
            self.field.textChanged.connect(self._validate)
        else:
            self.field = QLineEdit(value, self)
            self.field.textChanged.connect(self._validate)
        self.field.setAccessibleName(text)
        self.label.setBuddy(self.field)
        self._required = required
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(self.buttons)
        self._validate()

    def value(self) -> object:
        if isinstance(self.field, QComboBox):
            return self.field.currentData()
        if isinstance(self.field, QPlainTextEdit):
            return self.field.toPlainText().strip()
        return self.field.text().strip()

    def _validate(self) -> None:
        empty = isinstance(self.field, QComboBox) and self.field.count() == 0
        empty = empty or (not isinstance(self.field, QComboBox) and not self.value())
        self.ok.setEnabled(not (self._required and empty))

    def accept(self) -> None:
        if self.ok.isEnabled():
            super().accept()


class FulfilDialog(QDialog):
    """Pick the asset that answers a request, or import a new file for it."""

    link_asset = Signal(int, str)  # asset id, note
    import_file = Signal(object, str)  # Path, note

    def __init__(self, ctx: AppContext, request: RequestInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._seq = 0
        self.setObjectName("fulfilDialog")
        self.setWindowTitle(f"Fulfil: {request.title}")
        self.search = QLineEdit(request.title, self)
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText("Search the library…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search for the material that answers the request")
        self.results = QListWidget(self)
        self.results.setObjectName("pickerResults")
        self.results.setAccessibleName("Matching material")
        self.note = QLineEdit(self)
        self.note.setObjectName("fulfilNote")
        self.note.setPlaceholderText("A note for the requester (optional)")
        self.link_button = QPushButton("&Link selected", self)
        self.link_button.setObjectName("linkAsset")
        self.link_button.setDefault(True)
        self.link_button.setEnabled(False)
        self.import_button = QPushButton("&Import a new file…", self)
        self.import_button.setObjectName("importFile")
        self.import_button.setVisible(ctx.may("IMPORT"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.link_button.clicked.connect(self._link)
        self.import_button.clicked.connect(lambda: self.choose_file())
        self.results.currentRowChanged.connect(lambda row: self.link_button.setEnabled(row >= 0))
        self.results.itemActivated.connect(lambda _item: self._link())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        form = QFormLayout()
        form.addRow("&Find:", self.search)
        form.addRow(self.results)
        form.addRow("&Note:", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 440)
        self._search()

    def _search(self) -> None:
        self._seq += 1
        seq = self._seq
        ops.find_assets(self._ctx, self.search.text()).success(
            lambda hits: self._show(seq, hits)
        ).run()

    def _show(self, seq: int, hits: list[Hit]) -> None:
        if seq != self._seq:
            return
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{hit.title}  ({hit.kind}, {hit.status})")
            item.setData(Qt.ItemDataRole.UserRole, hit.asset_id)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)

    def selected_asset(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _link(self) -> None:
        asset_id = self.selected_asset()
        if asset_id is not None:
            emit(self.link_asset, asset_id, self.note.text().strip())
            self.accept()

    def choose_file(self, path: Path | None = None) -> None:
        if path is None:
            start = str(self._ctx.settings.value("import/folder", str(Path.home())))
            chosen, _filter = QFileDialog.getOpenFileName(self, "Import a file", start)
            if not chosen:
                return
            path = Path(chosen)
            self._ctx.settings.setValue("import/folder", str(path.parent))
        emit(self.import_file, path, self.note.text().strip())
        self.accept()

    def done(self, result: int) -> None:
        self._timer.stop()
        self._seq += 1  # a search still running must not fill a closed (deleted) dialog
        super().done(result)


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
        ops.request_queue(self._ctx, self.status.currentData()).success(self._show).run()

    def _show(self, rows: list[RequestInfo]) -> None:
        keep = self.current()
        self.model.set_rows(rows)
        if keep is not None:
            self.select(keep.id)
        self._update_buttons()

    def _changes_applied(self, changes: object) -> None:
        if getattr(changes, "requests", None):
            self.refresh()

    def current(self) -> RequestInfo | None:
        index = self.proxy.mapToSource(self.table.currentIndex())
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, request_id: int) -> bool:
        for row, request in enumerate(self.model.rows):
            if request.id == request_id:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
                return True
        return False

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
            ops.assign(self._ctx, request.id).success(self._done("Assigned to you.")).run()

    def mark_in_progress(self) -> None:
        request = self.current()
        if request is not None:
            op = ops.assign(self._ctx, request.id, request.assignee)
            op.success(self._done("Marked in progress.")).run()

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
                .run()
            )
        )
        dialog.import_file.connect(
            lambda path, note: (
                ops.import_and_fulfil(self._ctx, request, path, note).success(self._imported).run()
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
                .run()
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
                .run()
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
