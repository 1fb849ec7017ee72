"""Bulk edit, and the marketer's actions in the main window.

`BulkEditDialog` changes many selected results in one step (add/remove tags,
status, owner, review-by date); the step is undoable from Edit › Undo bulk
edit. `MarketerActions` adds what a marketer's role allows to the shared main
window — import (menu, Ctrl+I, drag and drop of files and folders), edit
(F2 / Enter on a result / context menu), bulk edit, suggested tags, undo —
and hides all of it from people whose role does not allow it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..errors import message_for
from ..operations import marketing_assets as ops
from ..qtcompat import emit
from .asset_editor import STATUS_LABELS, AssetEditor, TagPicker, date_edit, date_of

if TYPE_CHECKING:
    from enablement.services.assets import AssetSnapshot

    from ..context import AppContext
    from ..operations.library import Opened
    from .import_dialog import ImportDialog
    from .main_window import MainWindow
    from .suggestions import SuggestionsDialog


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
        self.set_review = QCheckBox("Set to", self)
        self.set_review.setObjectName("setReviewBy")
        self.review_by = date_edit(self, "bulkReviewBy")
        self.review_by.setEnabled(False)
        self.set_review.toggled.connect(self.review_by.setEnabled)
        review_row = QHBoxLayout()
        review_row.addWidget(self.set_review)
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
        ops.load_for_bulk(ctx, self.asset_ids).success(self._loaded).run()

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

    def change(self) -> object:
        from enablement.services.assets import BulkChange

        assert self.add_tags is not None and self.remove_tags is not None
        return BulkChange(
            add=tuple(sorted(self.add_tags.values())),
            remove=tuple(sorted(self.remove_tags.values())),
            status=self.status.currentData(),
            owner=self.owner.currentData(),
            review_by=date_of(self.review_by) if self.set_review.isChecked() else None,
        )

    def apply(self) -> None:
        from enablement.services.assets import BulkChange

        change = self.change()
        assert isinstance(change, BulkChange)
        if change == BulkChange():
            self.message.setText("Choose something to change first.")
            return
        self.apply_button.setEnabled(False)
        self.message.setText("Applying…")
        op = ops.bulk_edit(self._ctx, self.asset_ids, change)
        op.success(self._done).failure(self._failed).run()

    def _done(self, snapshots: list[AssetSnapshot]) -> None:
        emit(self.applied, snapshots, f"bulk edit of {len(snapshots)} materials")
        self.accept()

    def _failed(self, error: BaseException) -> None:
        text, _known = message_for(error)
        self.message.setText(f"Nothing was changed: {text}")
        self.apply_button.setEnabled(True)


class MarketerActions(QObject):
    """The marketer's entry points in the main window, shown only when the role allows."""

    undo_changed = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.undo_stack: list[tuple[list[AssetSnapshot], str]] = []
        self.import_dialogs: list[ImportDialog] = []
        self.editors: dict[int, AssetEditor] = {}
        self.bulk_dialog: BulkEditDialog | None = None
        self.suggestions_dialog: SuggestionsDialog | None = None
        self.rejected_suggestions: set[tuple[int, str, str]] = set()  # this session only
        a = window._action
        self.import_files = a("importFiles", "&Import files…", self.choose_files, "Ctrl+I", "add",
                              "Import files (or drop files and folders on the window)")  # fmt: skip
        self.import_folder = a(
            "importFolder", "Import &folder…", self.choose_folder, "Ctrl+Shift+I", "folder"
        )
        self.edit = a("editAsset", "&Edit material…", self.edit_current, "F2", "",
                      "Edit title, tags, versions and status (F2 or Enter)")  # fmt: skip
        self.bulk = a("bulkEdit", "Edit &selected together…", self.bulk_edit_selected,
                      "Ctrl+Shift+E", "", "Change tags, status, owner or review date")  # fmt: skip
        self.suggest = a("suggestTags", "S&uggested tags…", self.suggest_tags, "Ctrl+Shift+T")
        self.undo = a("undoBulk", "&Undo bulk edit", self.undo_bulk, QKeySequence.StandardKey.Undo)
        self.all = [self.import_files, self.import_folder, self.edit, self.bulk, self.suggest]
        for action in [*self.all, self.undo]:
            action.setVisible(False)
            action.setEnabled(False)
        self._add_to_menus()
        view = window.search.view
        view.addActions([self.edit, self.bulk, self.suggest])
        view.installEventFilter(self)
        window.installEventFilter(self)
        self.ctx.hub.library_opened.connect(self._opened)

    def _menu(self, title: str) -> QMenu | None:
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and menu.title().replace("&", "") == title:
                return menu
        return None

    def _add_to_menus(self) -> None:
        file_menu, edit_menu = self._menu("File"), self._menu("Edit")
        if file_menu is not None:
            first = file_menu.actions()[0] if file_menu.actions() else None
            file_menu.insertActions(first, [self.import_files, self.import_folder])  # type: ignore[arg-type]
            file_menu.insertSeparator(first)  # type: ignore[arg-type]
        if edit_menu is not None:
            first = edit_menu.actions()[0] if edit_menu.actions() else None
            edit_menu.insertAction(first, self.undo)  # type: ignore[arg-type]
            edit_menu.insertSeparator(first)  # type: ignore[arg-type]
            edit_menu.addSeparator()
            edit_menu.addActions([self.edit, self.bulk, self.suggest])

    def _opened(self, _opened: Opened) -> None:
        allowed = {
            self.import_files: "IMPORT",
            self.import_folder: "IMPORT",
            self.edit: "EDIT_ASSET",
            self.bulk: "EDIT_ASSET",
            self.suggest: "EDIT_ASSET",
        }
        for action, name in allowed.items():
            may = self.ctx.may(name)
            action.setVisible(may)
            action.setEnabled(may)
        self.undo.setVisible(self.ctx.may("EDIT_ASSET"))
        self.window.setAcceptDrops(self.ctx.may("IMPORT"))

    # -- import --------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self.window, "Import files")
        if names:
            self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> ImportDialog | None:
        if not paths or not self.ctx.may("IMPORT"):
            return None
        from .import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, paths, self.window)
        self.import_dialogs = [d for d in self.import_dialogs if d.running or d.isVisible()]
        self.import_dialogs.append(dialog)
        dialog.show()
        return dialog

    def _dropped_paths(self, event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if event.source() is not None or not mime.hasUrls() or not self.ctx.may("IMPORT"):
            return []  # drags from inside the app (a result dragged out) are not imports
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if isinstance(event, QDragEnterEvent | QDropEvent) and event.type() in (
                QEvent.Type.DragEnter,
                QEvent.Type.DragMove,
                QEvent.Type.Drop,
            ):
                paths = self._dropped_paths(event)
                if not paths:
                    return False
                event.acceptProposedAction()
                if event.type() == QEvent.Type.Drop:
                    self.import_paths(paths)
                return True
            return False
        if (
            watched is self.window.search.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.edit.isEnabled()
        ):
            self.edit_current()
        return False

    # -- editing -------------------------------------------------------------------

    def edit_current(self) -> AssetEditor | None:
        asset_id = self.window.current_asset_id()
        if asset_id is None or not self.ctx.may("EDIT_ASSET"):
            return None
        editor = self.editors.get(asset_id)
        if editor is None or not editor.isVisible():
            editor = AssetEditor(self.ctx, asset_id, self.window)
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            editor.destroyed.connect(lambda _obj=None, i=asset_id: self.editors.pop(i, None))
            self.editors[asset_id] = editor
        editor.show()
        editor.raise_()
        return editor

    def bulk_edit_selected(self) -> BulkEditDialog | None:
        ids = self.window.search.selected_ids()
        if not ids or not self.ctx.may("EDIT_ASSET"):
            return None
        dialog = BulkEditDialog(self.ctx, ids, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self._bulk_applied)
        dialog.open()
        self.bulk_dialog = dialog
        return dialog

    def _bulk_applied(self, snapshots: list[AssetSnapshot], what: str) -> None:
        self.undo_stack.append((snapshots, what))
        self._update_undo()
        emit(self.ctx.hub.status, f"Done: {what}. Undo with Ctrl+Z.")

    def undo_bulk(self) -> None:
        if not self.undo_stack:
            return
        snapshots, what = self.undo_stack.pop()
        self._update_undo()

        def failed(error: BaseException) -> None:
            self.undo_stack.append((snapshots, what))
            self._update_undo()
            from ..errors import report

            report(error, action=True)

        op = ops.undo_bulk(self.ctx, snapshots)
        op.success(lambda _none: emit(self.ctx.hub.status, f"Undone: {what}."))
        op.failure(failed).run()

    def _update_undo(self) -> None:
        last = self.undo_stack[-1][1] if self.undo_stack else ""
        self.undo.setText(f"&Undo {last}" if last else "&Undo bulk edit")
        self.undo.setEnabled(bool(self.undo_stack))
        emit(self.undo_changed)

    def suggest_tags(self) -> SuggestionsDialog | None:
        ids = self.window.search.selected_ids()
        if not ids or not self.ctx.may("EDIT_ASSET"):
            return None
        from .suggestions import SuggestionsDialog

        dialog = SuggestionsDialog(self.ctx, ids, self.window, rejected=self.rejected_suggestions)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.suggestions_dialog = dialog
        return dialog
