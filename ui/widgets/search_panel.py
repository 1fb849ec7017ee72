"""Search box, sort menu, results list and the empty/typo states.

Typing restarts a 150 ms timer; when it fires, an as-you-type search (not
logged) goes to the worker tagged with a sequence number, and any older
query still waiting is cancelled; a result whose number is not the latest is
dropped. When typing pauses (or on Enter, a filter or sort change) the same
query runs once more as a logged search, which gives the `search_key` that
clicks are recorded against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon, icon, kind_icon
from ..models.facets import FacetModel
from ..models.results import HitRole, ResultsModel
from ..operations.search import SORTS, Query, search
from ..qtcompat import emit
from .results_view import ResultsView

if TYPE_CHECKING:
    from enablement.services.searching import Hit, Outcome

    from ..context import AppContext
    from ..tasks import Job

REBUILD_POLL_MS = 1500
TYPING_DEBOUNCE_MS = 150
COMMIT_AFTER_MS = 1500


class SearchBox(QLineEdit):
    """Down arrow moves into the results, so the keyboard never needs the mouse."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            emit(self.down_pressed)
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    current_changed = Signal(object)  # Hit | None
    activated = Signal(object, int)  # Hit, rank (1-based)
    request_material = Signal(str, object)  # query text, filters
    outcome_shown = Signal(object)  # Outcome

    def __init__(self, ctx: AppContext, facets: FacetModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._facets = facets
        self._seq = 0
        self._pending: Job | None = None
        self._last_query: Query | None = None
        self.search_key: str | None = None
        self.outcome: Outcome | None = None
        self.ready = False

        self.box = SearchBox(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText("Search materials — title, text, tags…  (Ctrl+K)")
        self.box.setAccessibleName("Search materials")
        self.box.setToolTip("Search as you type; Enter records the search; ↓ moves to the results")
        self.box.setClearButtonEnabled(True)
        self.box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)

        self.sort_button = QToolButton(self)
        self.sort_button.setObjectName("sortButton")
        self.sort_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sort_button.setAccessibleName("Sort results")
        bind_icon(self.sort_button, "sort")
        self.sort_group = QActionGroup(self)
        sort_menu = QMenu("Sort by", self)
        for key, label in SORTS:
            action = QAction(label, self.sort_group, checkable=True)
            action.setData(key)
            sort_menu.addAction(action)
        self.sort_group.actions()[0].setChecked(True)
        self.sort_menu = sort_menu
        self.sort_button.setMenu(sort_menu)
        self.sort_group.triggered.connect(self._sort_changed)
        self._update_sort_label()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.box, 1)
        top.addWidget(self.sort_button)

        self.suggestion = QPushButton(self)
        self.suggestion.setObjectName("suggestion")
        self.suggestion.setFlat(True)
        self.suggestion.setCursor(Qt.CursorShape.PointingHandCursor)
        self.suggestion.hide()
        self.suggestion.clicked.connect(self._take_suggestion)
        self.summary = QLabel(self)
        self.summary.setObjectName("resultSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        info = QHBoxLayout()
        info.setContentsMargins(0, 0, 0, 0)
        info.addWidget(self.summary, 1)
        info.addWidget(self.suggestion)

        self.model = ResultsModel(self)
        self.model.icon_for = kind_icon
        self.view = ResultsView(self)
        self.view.setObjectName("results")
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.model)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)

        self.empty = QWidget(self)
        self.empty_label = QLabel(self.empty)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_request = QPushButton("Request this material…", self.empty)
        self.empty_request.setObjectName("requestFromEmpty")
        bind_icon(self.empty_request, "request")
        self.empty_request.clicked.connect(self._request_from_empty)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_request, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(info)
        layout.addWidget(self.stack, 1)

        self._typing = QTimer(self, singleShot=True, interval=TYPING_DEBOUNCE_MS)
        self._typing.timeout.connect(lambda: self.run(as_you_type=True))
        self._commit = QTimer(self, singleShot=True, interval=COMMIT_AFTER_MS)
        # While the index is rebuilt in the background, ask again now and then
        # so results fill in without the person retyping.
        self._while_rebuilding = QTimer(self, singleShot=True, interval=REBUILD_POLL_MS)
        self._while_rebuilding.timeout.connect(lambda: self.run(as_you_type=True, log=False))
        self._commit.timeout.connect(lambda: self.run(as_you_type=False))
        self.box.textEdited.connect(self._text_edited)
        self.box.returnPressed.connect(self.commit_now)
        self.box.down_pressed.connect(self.focus_results)
        facets.filters_changed.connect(self.commit_now)
        ctx.hub.changes_applied.connect(self._changes_applied)

    # -- queries ---------------------------------------------------------------

    def query(self) -> Query:
        return Query(self.box.text().strip(), self._facets.filters(), self.sort_key())

    def sort_key(self) -> str:
        checked = self.sort_group.checkedAction()
        return str(checked.data()) if checked else "relevance"

    def set_sort(self, key: str) -> None:
        for action in self.sort_group.actions():
            action.setChecked(action.data() == key)
        self._update_sort_label()

    def _text_edited(self, _text: str) -> None:
        self._typing.start()
        self._commit.start()

    def commit_now(self) -> None:
        self._typing.stop()
        self._commit.stop()
        self.run(as_you_type=False)

    def run(self, *, as_you_type: bool, log: bool = True) -> None:
        if not self.ready:
            return
        query = self.query()
        if not as_you_type and log and query == self._last_query and self.search_key:
            return  # this exact search is already logged and shown
        self._seq += 1
        seq = self._seq
        if self._pending is not None:
            self._pending.cancel()
        op = search(self._ctx, query, as_you_type=as_you_type, log=log)
        op.success(lambda outcome: self._show(seq, query, outcome, logged=log and not as_you_type))
        self._pending = op.run()

    def _show(self, seq: int, query: Query, outcome: Outcome, *, logged: bool) -> None:
        if seq != self._seq:
            return  # a newer query was typed; this answer is stale
        self._pending = None
        self.outcome = outcome
        if logged:
            self._last_query = query
            self.search_key = outcome.search_key
        elif query != self._last_query:
            self.search_key = None
        current = self.current_hit()
        self.model.set_hits(outcome.hits)
        self._facets.update_counts(outcome.facets)
        self._show_summary(query, outcome)
        if outcome.message and "rebuild" in outcome.message:
            self._while_rebuilding.start()
        if current is not None and self.current_hit() is None:
            row = self.model.row_of(current.asset_id)
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row))
        emit(self.outcome_shown, outcome)

    def _show_summary(self, query: Query, outcome: Outcome) -> None:
        shown = len(outcome.hits)
        text = f"{outcome.total} result{'s' if outcome.total != 1 else ''}"
        if shown < outcome.total:
            text += f" (showing {shown})"
        if outcome.message:
            text += f" — {outcome.message}"
        self.summary.setText(text)
        if outcome.suggestion:
            self.suggestion.setText(f"Did you mean “{outcome.suggestion}”?")
            self.suggestion.setAccessibleName(f"Did you mean {outcome.suggestion}")
            self.suggestion.show()
        else:
            self.suggestion.hide()
        if outcome.hits:
            self.stack.setCurrentWidget(self.view)
            return
        what = f"“{query.text}”" if query.text else "these filters"
        self.empty_label.setText(
            f"Nothing found for {what}.\nAsk marketing for it — they see what sellers are missing."
        )
        self.stack.setCurrentWidget(self.empty)

    def _take_suggestion(self) -> None:
        if self.outcome and self.outcome.suggestion:
            self.box.setText(self.outcome.suggestion)
            self.commit_now()

    def _request_from_empty(self) -> None:
        query = self.query()
        emit(self.request_material, query.text, query.clean_filters())

    def _sort_changed(self, _action: QAction) -> None:
        self._update_sort_label()
        self.commit_now()

    def _update_sort_label(self) -> None:
        checked = self.sort_group.checkedAction()
        self.sort_button.setText(checked.text() if checked else "Sort")
        self.sort_button.setToolTip("Sort results by relevance, date, rating or use")

    def _changes_applied(self, changes: object) -> None:
        if getattr(changes, "assets", None) or getattr(changes, "ratings", False):
            self.run(as_you_type=True, log=False)

    # -- results ---------------------------------------------------------------

    def current_hit(self) -> Hit | None:
        index = self.view.currentIndex()
        return index.data(HitRole) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        ids = [self.model.hits[r].asset_id for r in rows if r < len(self.model.hits)]
        current = self.current_hit()
        if not ids and current is not None:
            ids = [current.asset_id]
        return ids

    def focus_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def select_asset(self, asset_id: int) -> bool:
        row = self.model.row_of(asset_id)
        if row < 0:
            return False
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        emit(self.current_changed, current.data(HitRole) if current.isValid() else None)

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HitRole)
        if hit is not None:
            emit(self.activated, hit, index.row() + 1)
