"""Pitch kits panel: choose a kit, reorder its items, export it as a folder or zip."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon, kind_icon
from ..models.lists import KitItemsModel
from ..operations import kits
from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.collections import CollectionInfo

    from ..context import AppContext
    from ..operations.kits import KitView


class NewKitDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, may_share: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("New pitch kit")
        self.name = QLineEdit(self)
        self.name.setObjectName("kitName")
        self.name.setAccessibleName("Kit name")
        self.shared = QCheckBox("Share with the team", self)
        self.shared.setVisible(may_share)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow(self.shared)
        form.addRow(buttons)


class KitsPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("kitsPanel")
        self.kit: KitView | None = None
        self.choice = QComboBox(self)
        self.choice.setObjectName("kitChoice")
        self.choice.setAccessibleName("Pitch kit")
        self.choice.currentIndexChanged.connect(self._kit_chosen)
        self.model = KitItemsModel(self)
        self.model.icon_for = kind_icon
        self.items = QListView(self)
        self.items.setObjectName("kitItems")
        self.items.setAccessibleName("Items in the kit, in order")
        self.items.setModel(self.model)
        self.items.activated.connect(self._show_item)
        self.tools: dict[str, QToolButton] = {}
        row = QHBoxLayout()
        for name, icon_name, tip, slot in (
            ("new", "add", "New kit…", self.new_kit),
            ("up", "up", "Move up (Alt+Up)", lambda: self._move(-1)),
            ("down", "down", "Move down (Alt+Down)", lambda: self._move(+1)),
            ("remove", "remove", "Remove from kit", self._remove),
            ("folder", "folder", "Export kit as folder…", lambda: self.export(as_zip=False)),
            ("zip", "zip", "Export kit as zip…", lambda: self.export(as_zip=True)),
        ):
            button = QToolButton(self)
            button.setObjectName(f"kit_{name}")
            button.setToolTip(tip)
            button.setAccessibleName(tip.rstrip("…").split(" (")[0])
            bind_icon(button, icon_name)
            button.clicked.connect(slot)
            row.addWidget(button)
            self.tools[name] = button
        self.tools["up"].setShortcut("Alt+Up")
        self.tools["down"].setShortcut("Alt+Down")
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.choice)
        layout.addWidget(self.items, 1)
        layout.addLayout(row)
        ctx.hub.changes_applied.connect(self._changes_applied)

    # -- loading -----------------------------------------------------------------

    def refresh(self) -> None:
        kits.list_kits(self._ctx).success(self._show_kits).run(receiver=self)

    def _show_kits(self, found: list[CollectionInfo]) -> None:
        current = self.current_kit_id()
        self.choice.blockSignals(True)
        self.choice.clear()
        for kit in found:
            label = (
                kit.name
                + ("" if kit.mine else f" ({kit.owner})")
                + (" · shared" if kit.shared else "")
            )
            self.choice.addItem(label, kit.id)
        index = self.choice.findData(current) if current is not None else 0
        self.choice.setCurrentIndex(max(0, index) if found else -1)
        self.choice.blockSignals(False)
        self._kit_chosen()

    def current_kit_id(self) -> int | None:
        data = self.choice.currentData()
        return int(data) if data is not None else None

    def _kit_chosen(self, *_args: object) -> None:
        kit_id = self.current_kit_id()
        if kit_id is None:
            self.kit = None
            self.model.set_items([])
            return
        kits.load_kit(self._ctx, kit_id).success(self._show_kit).run(receiver=self)

    def _show_kit(self, view: KitView) -> None:
        if view.kit.id != self.current_kit_id():
            return
        self.kit = view
        self.model.set_items(view.items)

    def _changes_applied(self, changes: object) -> None:
        if getattr(changes, "collections", False):
            self.refresh()

    # -- actions -----------------------------------------------------------------

    def new_kit(self, then_add: list[int] | None = None) -> None:
        dialog = NewKitDialog(self, may_share=self._ctx.may("EDIT_ASSET"))

        def create() -> None:
            name = dialog.name.text().strip()
            if not name:
                return
            op = kits.create_kit(self._ctx, name, dialog.shared.isChecked())
            op.success(lambda view: self._created(view, then_add or [])).run(receiver=self)

        dialog.accepted.connect(create)
        dialog.open()

    def _created(self, view: KitView, then_add: list[int]) -> None:
        self.choice.addItem(view.kit.name, view.kit.id)
        self.choice.setCurrentIndex(self.choice.count() - 1)
        if then_add:
            self.add(then_add)

    def add(self, asset_ids: list[int]) -> None:
        kit_id = self.current_kit_id()
        if kit_id is None:
            self.new_kit(then_add=asset_ids)
            return
        op = kits.add_to_kit(self._ctx, kit_id, asset_ids)
        op.success(lambda view: emit(self._ctx.hub.status, f"Added to kit “{view.kit.name}”.")).run(
            receiver=self
        )

    def _move(self, delta: int) -> None:
        row = self.items.currentIndex().row()
        if self.kit is None or not self.model.move(row, row + delta):
            return
        self.items.setCurrentIndex(self.model.index(row + delta))
        kits.reorder_kit(self._ctx, self.kit.kit.id, self.model.asset_ids).run(receiver=self)

    def _remove(self) -> None:
        item = self.model.data(self.items.currentIndex(), Qt.ItemDataRole.UserRole + 1)
        if self.kit is not None and item is not None:
            kits.remove_from_kit(self._ctx, self.kit.kit.id, item.asset_id).run(receiver=self)

    def export(self, *, as_zip: bool, target: Path | None = None) -> None:
        if self.kit is None:
            return
        if target is None:
            if as_zip:
                name, _ = QFileDialog.getSaveFileName(
                    self, "Export kit as zip", f"{self.kit.kit.name}.zip", "Zip archive (*.zip)"
                )
            else:
                name = QFileDialog.getExistingDirectory(self, "Export kit into folder")
            if not name:
                return
            target = Path(name)
        op = kits.export_kit(self._ctx, self.kit.kit.id, target, as_zip=as_zip)
        op.success(lambda path: emit(self._ctx.hub.status, f"Kit exported to {path}")).run(
            receiver=self
        )

    def _show_item(self, index: QModelIndex) -> None:
        item = self.model.data(index, Qt.ItemDataRole.UserRole + 1)
        if item is not None:
            emit(self._ctx.hub.show_asset, item.asset_id)
