"""The asset editor: fields, tags per category, file versions and the status workflow.

`TagPicker` (one completing entry per category over the non-retired tags,
chosen tags listed beside it) is shared with the import and bulk-edit dialogs.
A save sends the row version the editor loaded; if someone else saved in
between, the editor says so and offers Reload instead of overwriting.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import message_for, show_message
from ..models.marketing_models import VersionsModel
from ..operations import marketing_assets as ops
from ..qtcompat import emit
from ..richtext import plain_tooltip

if TYPE_CHECKING:
    from enablement.ingest import ImportResult
    from enablement.services.assets import AssetInfo
    from enablement.services.taxonomy import CategoryInfo

    from ..context import AppContext

NO_DATE = QDate(2000, 1, 1)
STATUS_LABELS = {"draft": "Draft", "published": "Published", "archived": "Archived"}
AUDIENCE_LABELS = {"internal": "Internal", "customer-facing": "Customer-facing"}


class _TagEntry(QLineEdit):
    """Enter adds the typed tag and is not passed on to the dialog's default button."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            emit(self.entered)
            event.accept()
            return
        super().keyPressEvent(event)


class TagRow(QWidget):
    """The tags of one category: an entry completing over its vocabulary, the chosen list."""

    changed = Signal()

    def __init__(self, category: CategoryInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self._labels = {t.label.casefold(): t.label for t in category.tags if not t.retired}
        self.entry = _TagEntry(self)
        self.entry.setObjectName(f"tagEntry-{category.slug}")
        self.entry.setPlaceholderText(f"Add {category.label.lower()}…")
        self.entry.setAccessibleName(f"Add a {category.label.lower()} tag")
        completer = QCompleter(QStringListModel(list(self._labels.values()), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._completed)
        self.entry.setCompleter(completer)
        self.entry.entered.connect(lambda: self.add(self.entry.text()))
        self.chosen = QListWidget(self)
        self.chosen.setObjectName(f"tags-{category.slug}")
        self.chosen.setAccessibleName(f"{category.label} tags (Delete removes)")
        self.chosen.setFlow(QListView.Flow.LeftToRight)
        self.chosen.setWrapping(True)
        self.chosen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.chosen.setMaximumHeight(self.fontMetrics().height() * 2 + 10)
        self.chosen.setToolTip("Select and press Delete (or double-click) to remove")
        self.chosen.itemDoubleClicked.connect(lambda item: self._remove([item]))
        self.chosen.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entry, 1)
        layout.addWidget(self.chosen, 2)

    def _completed(self, text: str) -> None:
        self.add(text)

    def add(self, text: str) -> bool:
        label = self._labels.get(text.strip().casefold())
        if label is None:
            if text.strip():
                # what was typed goes in verbatim: '<img …>' must read as text
                self.entry.setToolTip(
                    plain_tooltip(f"'{text.strip()}' is not a {self.category.label} tag")
                )
            return False
        if label not in self.labels():
            QListWidgetItem(label, self.chosen)
            emit(self.changed)
        QTimer.singleShot(0, self.entry.clear)  # after the completer wrote its text
        self.entry.setToolTip("")
        return True

    def _remove(self, items: list[QListWidgetItem]) -> None:
        for item in items:
            self.chosen.takeItem(self.chosen.row(item))
        if items:
            emit(self.changed)

    def eventFilter(self, watched: object, event: object) -> bool:
        if (
            watched is self.chosen
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self._remove(self.chosen.selectedItems())
            return True
        return False

    def labels(self) -> list[str]:
        return [self.chosen.item(i).text() for i in range(self.chosen.count())]

    def set_labels(self, labels: tuple[str, ...] | list[str]) -> None:
        self.chosen.clear()
        for label in labels:
            item = QListWidgetItem(label, self.chosen)
            if label.casefold() not in self._labels:
                item.setToolTip("retired tag: it stays until removed, it cannot be added again")


class TagPicker(QWidget):
    """One `TagRow` per category; `values()` is the set of (category slug, tag label)."""

    changed = Signal()

    def __init__(
        self,
        taxonomy: tuple[CategoryInfo, ...] | list[CategoryInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.rows: dict[str, TagRow] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for category in taxonomy:
            row = TagRow(category, self)
            row.changed.connect(lambda: emit(self.changed))
            self.rows[category.slug] = row
            form.addRow(category.label, row)

    def values(self) -> frozenset[tuple[str, str]]:
        return frozenset((slug, label) for slug, row in self.rows.items() for label in row.labels())

    def set_values(self, tags: dict[str, tuple[str, ...]]) -> None:
        for slug, row in self.rows.items():
            row.set_labels(tags.get(slug, ()))


def date_edit(parent: QWidget, name: str) -> QDateEdit:
    """A date edit whose lowest value reads "none"."""
    edit = QDateEdit(parent)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("none")
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(NO_DATE)
    return edit


def date_of(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())


class AssetEditor(QDialog):
    saved = Signal(object)  # AssetInfo

    def __init__(self, ctx: AppContext, asset_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.asset_id = asset_id
        self.info: AssetInfo | None = None
        self.tags: TagPicker | None = None
        self.setObjectName("assetEditor")
        self.setWindowTitle("Edit material")
        self.resize(760, 720)

        self.title = QLineEdit(self)
        self.title.setObjectName("title")
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(90)
        self.owner = QComboBox(self)
        self.owner.setObjectName("owner")
        self.audience = QComboBox(self)
        self.audience.setObjectName("audience")
        for key, label in AUDIENCE_LABELS.items():
            self.audience.addItem(label, key)
        self.review_by = date_edit(self, "reviewBy")
        clear_date = QPushButton("No date", self)
        clear_date.clicked.connect(lambda: self.review_by.setDate(NO_DATE))
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_by, 1)
        review_row.addWidget(clear_date)
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Description", self.description)
        form.addRow("&Owner", self.owner)
        form.addRow("&Audience", self.audience)
        form.addRow("&Review by", review_row)
        form.addRow("&Status", self.status)

        self.tags_box = QGroupBox("Tags", self)
        self.tags_layout = QVBoxLayout(self.tags_box)

        self.versions = VersionsModel(self)
        self.versions_view = QTableView(self)
        self.versions_view.setObjectName("versions")
        self.versions_view.setModel(self.versions)
        self.versions_view.verticalHeader().hide()
        self.versions_view.horizontalHeader().setStretchLastSection(True)
        self.versions_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.change_note = QLineEdit(self)
        self.change_note.setObjectName("changeNote")
        self.change_note.setPlaceholderText("What changed in the new file?")
        self.replace_button = QPushButton("Replace &file…", self)
        self.replace_button.setObjectName("replaceFile")
        self.replace_button.clicked.connect(self.choose_replacement)
        replace_row = QHBoxLayout()
        replace_row.addWidget(self.change_note, 1)
        replace_row.addWidget(self.replace_button)
        versions_box = QGroupBox("Versions", self)
        versions_layout = QVBoxLayout(versions_box)
        versions_layout.addWidget(self.versions_view)
        versions_layout.addLayout(replace_row)

        self.message = QLabel(self)
        self.message.setObjectName("editorMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.reload_button = QPushButton("&Reload", self)
        self.reload_button.setObjectName("reload")
        self.reload_button.hide()
        self.reload_button.clicked.connect(self.load)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tags_box)
        layout.addWidget(versions_box, 1)
        layout.addLayout(buttons)
        self._set_busy(True)
        self.load()

    # -- loading -------------------------------------------------------------------

    def load(self) -> None:
        self.reload_button.hide()
        self._set_busy(True)
        self.message.setText("Loading…")
        op = ops.load_for_editing(self._ctx, self.asset_id)
        op.success(self._loaded).failure(self._failed).run(receiver=self)

    def _loaded(self, data: ops.EditorData) -> None:
        if self.tags is None:
            self.tags = TagPicker(data.taxonomy, self.tags_box)
            self.tags.setObjectName("tagPicker")
            self.tags_layout.addWidget(self.tags)
        self.owner.clear()
        for user in data.users:
            self.owner.addItem(f"{user.display_name} ({user.role})", user.name)
        self._show(data.info)
        self.message.setText("")
        self._set_busy(False)

    def _show(self, info: AssetInfo) -> None:
        self.info = info
        self.setWindowTitle(f"Edit material — {info.title}")
        self.title.setText(info.title)
        self.description.setPlainText(info.description)
        self.owner.setCurrentIndex(max(0, self.owner.findData(info.owner)))
        self.audience.setCurrentIndex(max(0, self.audience.findData(info.audience)))
        rb = info.review_by
        self.review_by.setDate(QDate(rb.year, rb.month, rb.day) if rb else NO_DATE)
        self.status.setCurrentIndex(max(0, self.status.findData(info.status)))
        for key, action in (("published", "PUBLISH"), ("archived", "ARCHIVE")):
            allowed = self._ctx.may(action) or info.status == key
            view = self.status.view()
            if isinstance(view, QListView):
                view.setRowHidden(self.status.findData(key), not allowed)
        if self.tags is not None:
            self.tags.set_values(info.tags)
        self.versions.set_rows(list(reversed(info.versions)))

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.replace_button.setEnabled(not busy)

    # -- saving --------------------------------------------------------------------

    def edit(self) -> ops.AssetEdit | None:
        if self.info is None or self.tags is None:
            return None
        return ops.AssetEdit(
            title=self.title.text(),
            description=self.description.toPlainText(),
            owner=str(self.owner.currentData() or ""),
            audience=str(self.audience.currentData()),
            review_by=date_of(self.review_by),
            tags=self.tags.values(),
            status=str(self.status.currentData()),
            expected_version=self.info.row_version,
        )

    def save(self) -> None:
        edit = self.edit()
        if edit is None:
            return
        self._set_busy(True)
        self.message.setText("Saving…")
        op = ops.save_asset(self._ctx, self.asset_id, edit)
        op.success(self._saved).failure(self._failed).run(receiver=self)

    def _saved(self, info: AssetInfo) -> None:
        self._show(info)
        self._set_busy(False)
        self.message.setText(f"Saved. Status: {STATUS_LABELS.get(info.status, info.status)}.")
        emit(self.saved, info)

    def _failed(self, error: BaseException) -> None:
        from enablement.errors import Conflict

        self._set_busy(self.info is None)
        text, _known = message_for(error)
        if isinstance(error, Conflict):
            text = f"{text}\nThis material was changed by someone else. Reload to see it."
            self.reload_button.show()
        self.message.setText(text)
        show_message(self, text)

    # -- versions ------------------------------------------------------------------

    def choose_replacement(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Replace with a new file")
        if path:
            self.replace_with(Path(path), self.change_note.text())

    def replace_with(self, path: Path, note: str) -> None:
        self._set_busy(True)
        self.message.setText(f"Adding {path.name} as a new version…")
        op = ops.replace_file(self._ctx, self.asset_id, path, note)
        op.success(self._replaced).failure(self._failed).run(receiver=self)

    def _replaced(self, outcome: tuple[ImportResult, AssetInfo]) -> None:
        result, info = outcome
        self._set_busy(False)
        if result.status != "imported":
            text = result.reason or f"'{result.name}' was not added"
            self.message.setText(text)
            show_message(self, text)
            return
        if self.info is not None:
            # keep unsaved field edits; take the new history and row version
            from dataclasses import replace

            self.info = replace(self.info, versions=info.versions, row_version=info.row_version)
        self.versions.set_rows(list(reversed(info.versions)))
        self.change_note.clear()
        self.message.setText(f"Version {info.versions[-1].number} added from {result.name}.")
