"""Users and roles (admins only): list, add a user with a role and segments, change roles.

The users service refuses to demote the last admin; its message is shown in
the dialog as it is, so the admin knows what to do instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import message_for
from ..models.work_tables import ROLE_LABELS, UsersModel
from ..operations import marketing_work as ops
from ..qtcompat import emit
from .common import buddy_label, current_row, reload_rows, select_row

if TYPE_CHECKING:
    from enablement.services.users import UserInfo

    from ..context import AppContext


def _role_box(parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    for key, label in ROLE_LABELS.items():
        box.addItem(label, key)
    return box


class UserAdminDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("userAdmin")
        self.setWindowTitle("Users and roles")
        self.model = UsersModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setAccessibleName("Users")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._row_changed())
        self.role = _role_box(self)
        self.role.setObjectName("changeRole")
        self.role.setAccessibleName("New role for the selected user")
        self.set_role_button = QPushButton("&Change role", self)
        self.set_role_button.setObjectName("setRole")
        self.set_role_button.clicked.connect(self.change_role)
        self.message = QLabel(self)
        self.message.setObjectName("userAdminMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        change = QHBoxLayout()
        change.addWidget(buddy_label("&Role of the selected user:", self.role))
        change.addWidget(self.role)
        change.addWidget(self.set_role_button)
        change.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(change)
        layout.addWidget(self._build_add_form())
        layout.addWidget(self.message)
        self.resize(720, 560)
        self._row_changed()
        ctx.hub.changes_applied.connect(self._changes_applied)
        self.refresh()
        ops.segment_tags(ctx).success(self._set_segments).run(receiver=self)

    def _build_add_form(self) -> QGroupBox:
        group = QGroupBox("Add a user", self)
        self.new_name = QLineEdit(group)
        self.new_name.setObjectName("newUserName")
        self.new_name.setPlaceholderText("login name, e.g. jdoe")
        self.new_display = QLineEdit(group)
        self.new_display.setObjectName("newUserDisplay")
        self.new_role = _role_box(group)
        self.new_role.setObjectName("newUserRole")
        self.new_segments = QListWidget(group)
        self.new_segments.setObjectName("newUserSegments")
        self.new_segments.setAccessibleName("Segments the user covers")
        self.new_segments.setMaximumHeight(90)
        self.add_button = QPushButton("&Add user", group)
        self.add_button.setObjectName("addUser")
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_user)
        self.new_name.textChanged.connect(lambda t: self.add_button.setEnabled(bool(t.strip())))
        form = QFormLayout(group)
        form.addRow("&Login name:", self.new_name)
        form.addRow("&Display name:", self.new_display)
        form.addRow("R&ole:", self.new_role)
        form.addRow("&Segments:", self.new_segments)
        form.addRow(self.add_button)
        return group

    def _set_segments(self, segments: list[tuple[str, str]]) -> None:
        self.new_segments.clear()
        for slug, label in segments:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, slug)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.new_segments.addItem(item)

    def refresh(self) -> None:
        ops.list_users(self._ctx).success(self._show).run(receiver=self)

    def _show(self, users: list[UserInfo]) -> None:
        reload_rows(self.table, self.model, users, key=lambda user: user.name)
        self._row_changed()

    def _changes_applied(self, changes: object) -> None:
        if getattr(changes, "users", False):
            self.refresh()

    def current(self) -> UserInfo | None:
        return current_row(self.table, self.model)

    def select(self, name: str) -> None:
        select_row(self.table, self.model, lambda user: user.name == name)

    def _row_changed(self) -> None:
        user = self.current()
        self.set_role_button.setEnabled(user is not None)
        if user is not None:
            self.role.setCurrentIndex(self.role.findData(user.role))

    def _failed(self, error: BaseException) -> None:
        text, _known = message_for(error)
        self.message.setText(text)
        emit(self._ctx.hub.error, text, False)

    def change_role(self) -> None:
        user = self.current()
        if user is None:
            return
        role = str(self.role.currentData())
        op = ops.set_role(self._ctx, user.name, role)
        op.success(lambda info: self._say(f"{info.name} is now {ROLE_LABELS[info.role]}."))
        op.failure(self._failed).run(receiver=self)

    def add_user(self) -> None:
        segments = tuple(
            str(self.new_segments.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.new_segments.count())
            if self.new_segments.item(i).checkState() == Qt.CheckState.Checked
        )
        op = ops.add_user(self._ctx, self.new_name.text().strip(),
                          str(self.new_role.currentData()), self.new_display.text().strip(),
                          segments)  # fmt: skip
        op.success(self._added).failure(self._failed).run(receiver=self)

    def _added(self, info: UserInfo) -> None:
        self.new_name.clear()
        self.new_display.clear()
        self._say(f"Added {info.name} as {ROLE_LABELS[info.role]}.")

    def _say(self, text: str) -> None:
        self.message.setText(text)
        emit(self._ctx.hub.status, text)
