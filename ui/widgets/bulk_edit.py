"""Bulk edit: change many selected results in one step.

`BulkEditDialog` adds and removes tags and sets status, owner and review-by
date (or clears the date) for every selected asset at once; the step is undoable from Edit › Undo
bulk edit (kept by the marketer's actions in `marketer.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..errors import message_for
from ..operations import marketing_assets as ops
from ..qtcompat import emit
from .asset_editor import STATUS_LABELS, TagPicker, date_edit, date_of

if TYPE_CHECKING:
    from enablement.services.assets import AssetSnapshot

    from ..context import AppContext


class BulkEditDialog(QDialog):
    applied = Signal(object, str)  # list[AssetSnapshot], what was done

    def __init__(
        self, ctx: AppContext, asset_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.asset_ids = list(asset_ids)
        self.setObjectName("bulkEditDialog")
        self.setWindowTitle(f"Edit {len(asset_ids)} materials")
        self.resize(720, 600)
        self.which = QLabel(f"{len(asset_ids)} materials selected", self)
        self.which.setTextFormat(Qt.TextFormat.PlainText)
        self.which.setWordWrap(True)
        self.add_box = QGroupBox("Add tags", self)
        self.remove_box = QGroupBox("Remove tags", self)
        self.add_tags: TagPicker | None = None
        self.remove_tags: TagPicker | None = None
        self.status = QComboBox(self)
        self.status.setObjectName("bulkStatus")
        self.status.addItem("Keep as it is", None)
        for key, label in STATUS_LABELS.items():
            if ctx.may({"published": "PUBLISH", "archived": "ARCHIVE"}.get(key, "EDIT_ASSET")):
                self.status.addItem(label, key)
        self.owner = QComboBox(self)
        self.owner.setObjectName("bulkOwner")
        self.owner.addItem("Keep as it is", None)
        self.review_mode = QComboBox(self)
        self.review_mode.setObjectName("bulkReviewMode")
        self.review_mode.setAccessibleName("Review-by date")
        self.review_mode.addItem("Keep as it is", None)
        self.review_mode.addItem("Set to", "set")
        self.review_mode.addItem("Clear (no review date)", "clear")
        self.review_by = date_edit(self, "bulkReviewBy")
        self.review_by.setAccessibleName("New review-by date")
        self.review_by.setEnabled(False)
        self.review_mode.currentIndexChanged.connect(self._review_mode_changed)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_mode)
        review_row.addWidget(self.review_by, 1)
        form = QFormLayout()
        form.addRow("&Status", self.status)
        form.addRow("&Owner", self.owner)
        form.addRow("&Review by", review_row)
        self.message = QLabel(self)
        self.message.setObjectName("bulkMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.apply_button = QPushButton("&Apply to all", self)
        self.apply_button.setObjectName("applyBulk")
        self.apply_button.setEnabled(False)
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.which)
        for box in (self.add_box, self.remove_box):
            QVBoxLayout(box)
            layout.addWidget(box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        ops.load_for_bulk(ctx, self.asset_ids).success(self._loaded).run(receiver=self)

    def _loaded(self, data: ops.BulkData) -> None:
        self.add_tags = TagPicker(data.taxonomy, self.add_box)
        self.add_tags.setObjectName("addTags")
        self.remove_tags = TagPicker(data.taxonomy, self.remove_box)
        self.remove_tags.setObjectName("removeTags")
        for box, picker in ((self.add_box, self.add_tags), (self.remove_box, self.remove_tags)):
            box_layout = box.layout()
            if box_layout is not None:
                box_layout.addWidget(picker)
        for user in data.users:
            self.owner.addItem(f"{user.display_name} ({user.role})", user.name)
        titles = list(data.titles.values())
        shown = ", ".join(titles[:5]) + (f" and {len(titles) - 5} more" if len(titles) > 5 else "")
        self.which.setText(f"{len(self.asset_ids)} materials: {shown}")
        self.apply_button.setEnabled(True)

    def _review_mode_changed(self) -> None:
        setting = self.review_mode.currentData() == "set"
        self.review_by.setEnabled(setting)
        if setting and date_of(self.review_by) is None:
            # start from today rather than "none", which would read as clearing
            self.review_by.setDate(QDate.currentDate())

    def change(self) -> object:
        from enablement.services.assets import BulkChange

        assert self.add_tags is not None and self.remove_tags is not None
        mode = self.review_mode.currentData()
        return BulkChange(
            add=tuple(sorted(self.add_tags.values())),
            remove=tuple(sorted(self.remove_tags.values())),
            status=self.status.currentData(),
            owner=self.owner.currentData(),
            review_by=date_of(self.review_by) if mode == "set" else None,
            clear_review_by=mode == "clear",
        )

    def apply(self) -> None:
        from enablement.services.assets import BulkChange

        change = self.change()
        assert isinstance(change, BulkChange)
        if self.review_mode.currentData() == "set" and change.review_by is None:
            self.message.setText("Pick a review-by date, or choose Clear to remove it.")
            return
        if change == BulkChange():
            self.message.setText("Choose something to change first.")
            return
        self.apply_button.setEnabled(False)
        self.message.setText("Applying…")
        op = ops.bulk_edit(self._ctx, self.asset_ids, change)
        op.success(self._done).failure(self._failed).run(receiver=self)

    def _done(self, snapshots: list[AssetSnapshot]) -> None:
        emit(self.applied, snapshots, f"bulk edit of {len(snapshots)} materials")
        self.accept()

    def _failed(self, error: BaseException) -> None:
        text, _known = message_for(error)
        self.message.setText(f"Nothing was changed: {text}")
        self.apply_button.setEnabled(True)
