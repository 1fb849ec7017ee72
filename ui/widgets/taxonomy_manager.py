"""The taxonomy manager: categories and their tags as a tree, with usage counts.

Add, rename, nest under a parent, merge (re-tags every asset; asks first) and
retire tags, and keep each tag's synonyms, which also widen sellers' searches
("WFH" finds "Remote work"). Every change goes through the taxonomy services;
the tree reloads from the one `changes_applied` signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..models.work_taxonomy import TaxonomyModel
from ..operations import marketing_work as ops
from ..qtcompat import emit
from .common import Prompt, buddy_label

if TYPE_CHECKING:
    from enablement.services.synonyms import TagDetail

    from ..context import AppContext


class TaxonomyDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._categories: list[tuple[str, str]] = []
        self._tags: list[TagDetail] = []
        self._select_after: int | None = None
        self.setObjectName("taxonomyManager")
        self.setWindowTitle("Taxonomy")
        self.model = TaxonomyModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("taxonomyTree")
        self.tree.setAccessibleName("Categories and tags")
        self.tree.setModel(self.model)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.selectionModel().currentChanged.connect(lambda *_a: self._current_changed())
        self.synonyms = QPlainTextEdit(self)
        self.synonyms.setObjectName("synonyms")
        self.synonyms.setAccessibleName("Synonyms, one per line")
        self.synonyms.setPlaceholderText("One synonym per line, e.g. WFH")
        self.synonyms.setMaximumHeight(110)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (
            ("add", "&Add tag…", self.add_tag),
            ("rename", "&Rename…", self.rename_tag),
            ("nest", "&Nest under…", self.nest_tag),
            ("merge", "&Merge into…", self.merge_tag),
            ("retire", "Re&tire", self.retire_tag),
            ("synonyms", "&Save synonyms", self.save_synonyms),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"taxonomy_{name}")
            button.clicked.connect(lambda _c=False, s=slot: s())
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.heading)
        layout.addWidget(buddy_label("S&ynonyms (they also match in search):", self.synonyms))
        layout.addWidget(self.synonyms)
        layout.addLayout(row)
        self.resize(720, 640)
        self._current_changed()
        ctx.hub.changes_applied.connect(self._changes_applied)
        ops.category_labels(ctx).success(self._set_categories).run(receiver=self)

    # -- data ------------------------------------------------------------------

    def _set_categories(self, categories: list[tuple[str, str]]) -> None:
        self._categories = categories
        self.refresh()

    def refresh(self) -> None:
        ops.taxonomy_details(self._ctx).success(self._show).run(receiver=self)

    def _show(self, tags: list[TagDetail]) -> None:
        current = self.current_tag()
        category = self.current_category()
        self._tags = tags
        self.model.set_tags(self._categories, tags)
        self.tree.expandAll()
        wanted = self._select_after or (current.id if current else None)
        self._select_after = None
        index = self.model.index_of_tag(wanted) if wanted else QModelIndex()
        if not index.isValid() and category:
            index = self.model.index_of_category(category)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self._current_changed()

    def _changes_applied(self, changes: object) -> None:
        if getattr(changes, "taxonomy", False):
            self.refresh()

    def current_tag(self) -> TagDetail | None:
        return self.model.tag_at(self.tree.currentIndex())

    def current_category(self) -> str | None:
        return self.model.category_at(self.tree.currentIndex())

    def select_tag(self, category: str, label: str) -> bool:
        for tag in self._tags:
            if tag.category == category and tag.label == label:
                self.tree.setCurrentIndex(self.model.index_of_tag(tag.id))
                return True
        return False

    def _current_changed(self) -> None:
        tag = self.current_tag()
        self.buttons["add"].setEnabled(self.current_category() is not None)
        for name in ("rename", "nest", "merge", "retire", "synonyms"):
            self.buttons[name].setEnabled(tag is not None)
        self.synonyms.setEnabled(tag is not None)
        if tag is None:
            self.heading.setText("Select a tag to rename, nest, merge, retire or edit synonyms.")
            self.synonyms.setPlainText("")
            return
        self.buttons["retire"].setEnabled(not tag.retired)
        parent = next((t.label for t in self._tags if t.id == tag.parent_id), None)
        where = f" under {parent}" if parent else ""
        self.heading.setText(f"{tag.category_label} › {tag.label}{where}: used by {tag.usage} "
                             f"asset(s){' — retired' if tag.retired else ''}")  # fmt: skip
        self.synonyms.setPlainText("\n".join(tag.synonyms))

    def _siblings(self, tag: TagDetail) -> list[TagDetail]:
        return [t for t in self._tags if t.category == tag.category and t.id != tag.id]

    # -- actions ---------------------------------------------------------------

    def _ask(self, prompt: Prompt, run: Callable[[], None]) -> None:
        prompt.accepted.connect(run)
        prompt.open()
        self.prompt = prompt

    def add_tag(self) -> None:
        category = self.current_category()
        if category is None:
            return
        label = dict(self._categories).get(category, category)
        prompt = Prompt("Add tag", f"New {label.lower()} tag:", self)

        def run() -> None:
            op = ops.add_tag(self._ctx, category, str(prompt.value()))
            op.success(lambda info: self._after(info.id, f"Added “{info.label}”.")).run(
                receiver=self
            )

        self._ask(prompt, run)

    def rename_tag(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        prompt = Prompt("Rename tag", f"New name for “{tag.label}”:", self, value=tag.label)

        def run() -> None:
            op = ops.rename_tag(self._ctx, tag.category, tag.label, str(prompt.value()))
            op.success(lambda info: self._after(info.id, f"Renamed to “{info.label}”.")).run(
                receiver=self
            )

        self._ask(prompt, run)

    def nest_tag(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        choices: list[tuple[str, object]] = [("(top level)", None)]
        choices += [(t.label, t.label) for t in self._siblings(tag) if not t.retired]
        prompt = Prompt("Nest tag", f"Put “{tag.label}” under:", self, choices=choices,
                        required=False)  # fmt: skip
        current = next((t.label for t in self._tags if t.id == tag.parent_id), None)
        field = prompt.field
        if current and isinstance(field, QComboBox):
            field.setCurrentIndex(field.findData(current))

        def run() -> None:
            parent = prompt.value()
            op = ops.nest_tag(self._ctx, tag.category, tag.label, parent)  # type: ignore[arg-type]
            op.success(lambda info: self._after(info.id, "Nesting saved.")).run(receiver=self)

        self._ask(prompt, run)

    def merge_tag(self) -> None:
        tag = self.current_tag()
        if tag is None:
            return
        choices: list[tuple[str, object]] = [(t.label, t.label) for t in self._siblings(tag)]
        prompt = Prompt("Merge tag", f"Merge “{tag.label}” into:", self, choices=choices)
        prompt.accepted.connect(lambda: self._confirm_merge(tag, str(prompt.value())))
        prompt.open()
        self.prompt = prompt

    def _confirm_merge(self, tag: TagDetail, target: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Merge tags",
            f"Re-tag the {tag.usage} asset(s) tagged “{tag.label}” with “{target}” and delete "
            f"“{tag.label}”? Its name becomes a synonym of “{target}”. This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setObjectName("confirmMerge")

        def answered(_result: int) -> None:
            if box.clickedButton() is not box.button(QMessageBox.StandardButton.Yes):
                return
            op = ops.merge_tags(self._ctx, tag.category, tag.label, target)
            op.success(lambda info: self._after(info.id, f"Merged into “{info.label}”.")).run(
                receiver=self
            )

        box.finished.connect(answered)
        box.open()
        self.confirm_box = box

    def retire_tag(self) -> None:
        tag = self.current_tag()
        if tag is not None:
            op = ops.retire_tag(self._ctx, tag.category, tag.label)
            op.success(lambda info: self._after(info.id, f"Retired “{info.label}”.")).run(
                receiver=self
            )

    def save_synonyms(self) -> None:
        tag = self.current_tag()
        if tag is not None:
            lines = self.synonyms.toPlainText().splitlines()
            op = ops.set_synonyms(self._ctx, tag.category, tag.label, lines)
            op.success(lambda detail: self._after(detail.id, "Synonyms saved.")).run(receiver=self)

    def _after(self, tag_id: int, text: str) -> None:
        self._select_after = tag_id
        emit(self._ctx.hub.status, text)
