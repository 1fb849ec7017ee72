"""Two assembled views: "New for me" (my segments, last 30 days) and call prep
(situation + segment + industry → best-rated, most-used, fresh; grouped by type)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon, kind_icon
from ..models.lists import GroupedHitsModel, ItemRole
from ..models.results import HitRole, ResultsModel
from ..operations import feeds
from ..qtcompat import emit
from .results_view import ResultDelegate

if TYPE_CHECKING:
    from enablement.services.searching import Hit

    from ..context import AppContext
    from ..operations.feeds import CallPrep


class NewForMeDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("newForMe")
        self.setWindowTitle("New for me")
        segments = ctx.opened.segments if ctx.opened else ()
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setText(
            "Published or updated in the last 30 days"
            + (f" for {', '.join(segments)}" if segments else "")
            + " — looking…"
        )
        self.model = ResultsModel(self)
        self.model.icon_for = kind_icon
        self.view = QListView(self)
        self.view.setObjectName("newForMeList")
        self.view.setAccessibleName("New material")
        self.view.setItemDelegate(ResultDelegate(self.view))
        self.view.setModel(self.model)
        self.view.activated.connect(self._show)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)
        feeds.new_for_me(ctx, segments).success(self._loaded).run(receiver=self)

    def _loaded(self, hits: list[Hit]) -> None:
        self.model.set_hits(hits)
        text = self.summary.text().replace(" — looking…", "")
        self.summary.setText(f"{text}: {len(hits)} item(s). Enter or double-click shows one.")

    def _show(self, index: QModelIndex) -> None:
        hit = index.data(HitRole)
        if hit is not None:
            emit(self._ctx.hub.show_asset, hit.asset_id)


class CallPrepDialog(QDialog):
    open_assets = Signal(list)
    export_assets = Signal(list)
    kit_assets = Signal(list)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("callPrep")
        self.setWindowTitle("Call prep")
        self.situation = self._combo("prepSituation", "situation", "Situation", required=True)
        self.segment = self._combo("prepSegment", "segment", "Segment", required=True)
        self.industry = self._combo("prepIndustry", "industry", "Industry", required=False)
        if ctx.opened and ctx.opened.segments:
            self.segment.setCurrentIndex(max(0, self.segment.findData(ctx.opened.segments[0])))
        self.prepare = QPushButton("Assemble", self)
        self.prepare.setObjectName("prepAssemble")
        self.prepare.setDefault(True)
        bind_icon(self.prepare, "call-prep")
        self.prepare.clicked.connect(self.assemble)
        self.model = GroupedHitsModel(self)
        self.model.icon_for = kind_icon
        self.tree = QTreeView(self)
        self.tree.setObjectName("prepTree")
        self.tree.setAccessibleName("Materials for this call, grouped by type")
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.model)
        self.tree.activated.connect(self._show)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for name, text, icon_name, signal in (
            ("prepOpen", "Open checked", "open", self.open_assets),
            ("prepExport", "Export checked…", "export", self.export_assets),
            ("prepKit", "Add checked to kit", "kit-add", self.kit_assets),
        ):
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.setObjectName(name)
            bind_icon(button, icon_name)
            button.clicked.connect(lambda _c=False, s=signal: emit(s, self.model.checked_ids()))
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Situation:", self.situation)
        form.addRow("Se&gment:", self.segment)
        form.addRow("&Industry:", self.industry)
        form.addRow(self.prepare)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def _combo(self, name: str, slug: str, label: str, *, required: bool) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        if not required:
            combo.addItem("any", None)
        for tag in self._ctx.opened.tag_labels(slug) if self._ctx.opened else []:
            combo.addItem(tag, tag)
        return combo

    def filters(self) -> dict[str, list[str]]:
        chosen = {"situation": self.situation.currentData(), "segment": self.segment.currentData(),
                  "industry": self.industry.currentData()}  # fmt: skip
        return {k: [v] for k, v in chosen.items() if v}

    def assemble(self) -> None:
        self.summary.setText("Assembling…")
        feeds.call_prep(self._ctx, self.filters()).success(self._show_prep).run(receiver=self)

    def _show_prep(self, prep: CallPrep) -> None:
        self.model.set_hits(prep.hits, prep.reasons)
        self.tree.expandAll()
        what = ", ".join(v[0] for v in prep.filters.values())
        self.summary.setText(
            f"{len(prep.hits)} item(s) for {what}: best rated first, then most used, then fresh. "
            "Untick what you don't need, then open or export them together."
            if prep.hits
            else f"Nothing is tagged for {what} yet — consider requesting it."
        )

    def _show(self, index: QModelIndex) -> None:
        hit = index.data(ItemRole)
        if hit is not None:
            emit(self._ctx.hub.show_asset, hit.asset_id)
