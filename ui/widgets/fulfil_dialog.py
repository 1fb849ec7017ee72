"""Fulfilling a request: pick the asset that answers it, or import a new file for it.

`FulfilDialog` searches the library as the marketer types (debounced; only the
newest answer is shown) and emits `link_asset` with the chosen asset, or
`import_file` with a file to import first; the request queue runs the step.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..operations import marketing_work as ops
from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.requests import RequestInfo
    from enablement.services.searching import Hit

    from ..context import AppContext


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
        ).run(receiver=self)

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
