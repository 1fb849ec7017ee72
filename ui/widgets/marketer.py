"""The marketer's part of the main window: their actions and the "Marketing" menu.

`MarketerActions` adds what a marketer's role allows to the shared main
window — import (menu, Ctrl+I, drag and drop of files and folders), edit
(F2 / Enter on a result / context menu), bulk edit, suggested tags, undo —
and hides all of it from people whose role does not allow it.
`MarketingMenu` puts the marketer's screens (request queue, taxonomy, needs
attention, users and roles) in a "Marketing" menu, each entry shown only to
roles that may use it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from ..operations import marketing_assets as ops
from ..qtcompat import emit
from .asset_editor import AssetEditor
from .bulk_edit import BulkEditDialog

if TYPE_CHECKING:
    from enablement.services.assets import AssetSnapshot

    from ..operations.library import Opened
    from .import_dialog import ImportDialog
    from .main_window import MainWindow
    from .suggestions import SuggestionsDialog


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
        self.rejected_suggestions: set[tuple[int, str, str]] = set()  # hidden until saved
        a = window.commands.add
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


# (action name, menu text, shortcut, permission, module, dialog class)
SCREENS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("requestQueue", "Request &queue", "Ctrl+Shift+Q", "WORK_REQUESTS",
     "request_queue", "RequestQueueDialog"),
    ("taxonomy", "&Taxonomy…", "", "MANAGE_TAXONOMY", "taxonomy_manager", "TaxonomyDialog"),
    ("needsAttention", "&Needs attention", "Ctrl+Shift+G", "EDIT_ASSET",
     "governance", "GovernanceDialog"),
    ("userAdmin", "&Users and roles…", "", "MANAGE_USERS", "user_admin", "UserAdminDialog"),
    ("libraryHealth", "Library &health…", "", "CLEAN_STORE", "library_health",
     "LibraryHealthDialog"),
)  # fmt: skip


class MarketingMenu(QObject):
    """The "Marketing" menu; hidden whole for sellers, each entry by its permission."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.dialogs: dict[str, QDialog] = {}
        self.menu = QMenu("Mar&keting", window)
        self.menu.setObjectName("marketingMenu")
        self.actions: dict[str, QAction] = {}
        for name, text, shortcut, _permission, _module, _cls in SCREENS:
            action = window.commands.add(name, text, partial(self.show, name), shortcut or None)
            action.setVisible(False)
            action.setEnabled(False)
            self.actions[name] = action
            self.menu.addAction(action)
        bar = window.menuBar()
        last = bar.actions()[-1] if bar.actions() else None  # before Help
        if last is not None:
            bar.insertMenu(last, self.menu)
        else:
            bar.addMenu(self.menu)
        self.menu.menuAction().setVisible(False)
        self.ctx.hub.library_opened.connect(self._opened)

    def _opened(self, _opened: Opened) -> None:
        for name, _text, _shortcut, permission, _module, _cls in SCREENS:
            allowed = self.ctx.may(permission)
            self.actions[name].setVisible(allowed)
            self.actions[name].setEnabled(allowed)
        self.menu.menuAction().setVisible(any(a.isVisible() for a in self.actions.values()))

    def show(self, name: str) -> QDialog | None:
        """Open (or raise) one screen; None when the person may not use it."""
        import importlib

        screen = next(s for s in SCREENS if s[0] == name)
        if not self.ctx.may(screen[3]):
            return None
        dialog = self.dialogs.get(name)
        if dialog is None:
            module: Any = importlib.import_module(f"{__package__}.{screen[4]}")
            dialog = module.__dict__[screen[5]](self.ctx, self.window)
            assert isinstance(dialog, QDialog)
            # Kept (hidden) when closed, not deleted: a reply still on its way from
            # the worker then never reaches a deleted widget.
            self.dialogs[name] = dialog
        elif not dialog.isVisible():
            dialog.refresh()  # type: ignore[attr-defined]  # every screen has one
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog
