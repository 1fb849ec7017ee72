"""Small pieces the marketer's screens share: a buddy label, a one-value prompt, row tables.

`buddy_label` ties a mnemonic to its field; `Prompt` asks for one value (a
line, a longer text or a choice). `current_row`, `select_row` and
`reload_rows` work a `RowsModel` shown in a table, through a sort proxy or
not, keeping the person's current row across a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models.base import RowsModel

R = TypeVar("R")


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


def _source_row(table: QTableView, row_index: Any) -> int:
    proxy = table.model()
    if isinstance(proxy, QSortFilterProxyModel):
        row_index = proxy.mapToSource(row_index)
    return row_index.row() if row_index.isValid() else -1


def current_row(table: QTableView, model: RowsModel[R]) -> R | None:
    """The row object under the table's current index (mapped through a sort proxy)."""
    return model.row_at(_source_row(table, table.currentIndex()))


def select_row(table: QTableView, model: RowsModel[R], matches: Callable[[R], bool]) -> bool:
    """Make the first row that `matches` current; False when there is none."""
    for row, item in enumerate(model.rows):
        if matches(item):
            index = model.index(row, 0)
            proxy = table.model()
            if isinstance(proxy, QSortFilterProxyModel):
                index = proxy.mapFromSource(index)
            table.setCurrentIndex(index)
            return True
    return False


def reload_rows(
    table: QTableView, model: RowsModel[R], rows: Sequence[R], key: Callable[[R], object]
) -> None:
    """Replace the rows, keeping the current row current when it is still there."""
    keep = current_row(table, model)
    model.set_rows(rows)
    if keep is not None:
        select_row(table, model, lambda item: key(item) == key(keep))
