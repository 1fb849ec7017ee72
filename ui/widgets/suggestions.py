"""Suggested tags for the selected materials: accept or reject, one or many at once.

Nothing is applied until the person accepts it. Each row says why the tag is
proposed ("mentions 'pricing' 7 times on pages 2–4"). A rejection is saved
in the library (`enablement.services.suggestions.reject`): the suggestion
stays away for that version of the material, after a restart and for the
other marketers too. The keyword rules behind the suggestions are edited in
`KeywordRulesDialog` (marketers and admins).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import message_for
from ..models.marketing_models import SuggestionsModel
from ..operations import marketing_assets as ops
from ..qtcompat import emit

if TYPE_CHECKING:
    from enablement.services.suggestions import KeywordRules, Suggestion

    from ..context import AppContext

Key = tuple[int, str, str]  # asset id, category slug, tag label


def _key(s: Suggestion) -> Key:
    return (s.asset_id, s.category, s.tag)


class SuggestionsDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        asset_ids: Sequence[int],
        parent: QWidget | None = None,
        *,
        rejected: set[Key] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.asset_ids = list(asset_ids)
        # Rejected in this session (shared by the window's dialogs): hides a
        # rejection at once, before the library has saved it.
        self.rejected_keys = rejected if rejected is not None else set()
        self.loaded = False
        self.setObjectName("suggestionsDialog")
        self.setWindowTitle(f"Suggested tags for {len(self.asset_ids)} material(s)")
        self.resize(820, 480)
        intro = QLabel(
            "Tags the text of the materials mentions. Nothing is added until you accept it. "
            "Check or select rows, then accept or reject them together.",
            self,
        )
        intro.setWordWrap(True)
        self.model = SuggestionsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("suggestions")
        self.table.setAccessibleName("Suggested tags")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.message = QLabel(self)
        self.message.setObjectName("suggestionsMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.accept_button = QPushButton("&Accept", self)
        self.accept_button.setObjectName("acceptSuggestions")
        self.accept_button.setToolTip("Add the checked tags (or the selected rows if none checked)")
        self.accept_button.clicked.connect(self.accept_chosen)
        self.reject_button = QPushButton("&Reject", self)
        self.reject_button.setObjectName("rejectSuggestions")
        self.reject_button.clicked.connect(self.reject_chosen)
        self.rules_button = QPushButton("&Keyword rules…", self)
        self.rules_button.setObjectName("keywordRules")
        self.rules_button.setVisible(ctx.may("MANAGE_TAXONOMY"))
        self.rules_button.clicked.connect(self.edit_rules)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rules_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.rules_dialog: KeywordRulesDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        self.loaded = False
        self.message.setText("Reading the materials…")
        op = ops.suggest_tags(self._ctx, self.asset_ids)
        op.success(self._show).failure(self._failed).run(receiver=self)

    def _show(self, found: list[Suggestion]) -> None:
        rows = [s for s in found if _key(s) not in self.rejected_keys]
        self.model.set_rows(rows)
        self.loaded = True
        self.message.setText(
            f"{len(rows)} suggestion(s)." if rows else "No new tags to suggest for these materials."
        )

    def _failed(self, error: BaseException) -> None:
        self.message.setText(message_for(error)[0])

    def chosen_rows(self) -> list[int]:
        checked = self.model.checked_rows()
        if checked:
            return checked
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def accept_chosen(self) -> None:
        rows = self.chosen_rows()
        picks = [_key(s) for r in rows if (s := self.model.row_at(r)) is not None]
        if not picks:
            self.message.setText("Check or select the suggestions to accept.")
            return
        self.accept_button.setEnabled(False)
        op = ops.accept_suggestions(self._ctx, picks)
        op.success(lambda _ids: self._accepted(rows, len(picks)))
        op.failure(self._accept_failed).run(receiver=self)

    def _accepted(self, rows: list[int], count: int) -> None:
        self.model.remove_rows(rows)
        self.accept_button.setEnabled(True)
        self.message.setText(f"Added {count} tag(s).")

    def _accept_failed(self, error: BaseException) -> None:
        self.accept_button.setEnabled(True)
        self.message.setText(f"Nothing was added: {message_for(error)[0]}")

    def reject_chosen(self) -> None:
        rows = self.chosen_rows()
        chosen = [s for r in rows if (s := self.model.row_at(r)) is not None]
        if not chosen:
            self.message.setText("Check or select the suggestions to reject.")
            return
        picks = [_key(s) for s in chosen]
        self.rejected_keys.update(picks)
        self.model.remove_rows(rows)
        self.message.setText(f"Rejected {len(picks)} suggestion(s).")
        op = ops.reject_suggestions(self._ctx, picks)
        op.failure(lambda error: self._reject_failed(chosen, error)).run(receiver=self)

    def _reject_failed(self, chosen: list[Suggestion], error: BaseException) -> None:
        """Show the suggestions again: they were not rejected after all."""
        self.rejected_keys.difference_update(_key(s) for s in chosen)
        self.model.set_rows([*self.model.rows, *chosen])
        self.message.setText(f"The rejection was not saved: {message_for(error)[0]}")

    def edit_rules(self) -> None:
        dialog = KeywordRulesDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _rules: self.refresh())
        dialog.open()
        self.rules_dialog = dialog


class KeywordRulesDialog(QDialog):
    """Edit the keyword rules of one tag: a word or phrase per line."""

    saved = Signal(object)  # KeywordRules

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rules: list[KeywordRules] = []
        self.setObjectName("keywordRulesDialog")
        self.setWindowTitle("Keyword rules for suggested tags")
        self.resize(520, 420)
        self.tag = QComboBox(self)
        self.tag.setObjectName("ruleTag")
        self.tag.currentIndexChanged.connect(self._tag_changed)
        help_text = QLabel(
            "One word or phrase per line. The tag's own name always counts. "
            "Case is ignored and only whole words match; short capitals such as IT "
            "match only as written.",
            self,
        )
        help_text.setWordWrap(True)
        self.lines = QPlainTextEdit(self)
        self.lines.setObjectName("ruleLines")
        self.lines.setTabChangesFocus(True)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setObjectName("saveRules")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tag)
        layout.addWidget(help_text)
        layout.addWidget(self.lines, 1)
        layout.addLayout(buttons)
        ops.keyword_rules(ctx).success(self._loaded).run(receiver=self)

    def _loaded(self, rules: list[KeywordRules]) -> None:
        self.rules = list(rules)
        self.tag.blockSignals(True)
        for r in self.rules:
            self.tag.addItem(f"{r.category_label}: {r.tag}", f"{r.category}\n{r.tag}")
        self.tag.blockSignals(False)
        self._tag_changed(self.tag.currentIndex())
        self.save_button.setEnabled(bool(self.rules))

    def select(self, category: str, tag: str) -> None:
        self.tag.setCurrentIndex(self.tag.findData(f"{category}\n{tag}"))

    def _tag_changed(self, row: int) -> None:
        if 0 <= row < len(self.rules):
            self.lines.setPlainText("\n".join(self.rules[row].lines))
            self.message.setText("")

    def save(self) -> None:
        row = self.tag.currentIndex()
        if not 0 <= row < len(self.rules):
            return
        rule = self.rules[row]
        op = ops.set_keywords(
            self._ctx, rule.category, rule.tag, self.lines.toPlainText().splitlines()
        )
        op.success(lambda saved: self._saved(row, saved))
        op.failure(lambda error: self.message.setText(message_for(error)[0])).run(receiver=self)

    def _saved(self, row: int, saved: KeywordRules) -> None:
        self.rules[row] = saved
        self.lines.setPlainText("\n".join(saved.lines))
        self.message.setText("Saved.")
        emit(self.saved, saved)
