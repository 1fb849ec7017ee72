"""From the results to the preview: the current result loads its preview on the worker.

`ResultPreview` follows the search panel: a new current result cancels the
preview still loading and asks for the new one; only the newest answer is
shown (an older one still leaves its drag copy, so dragging works at once).
It also records clicks (once per search and asset) and drags out of the list.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ..errors import message_for
from ..richtext import query_terms, snippet_terms

if TYPE_CHECKING:
    from enablement.services.searching import Hit

    from ..context import AppContext
    from ..operations.assets import PreviewData
    from ..tasks import Job
    from .preview import PreviewPane
    from .search_panel import SearchPanel
    from .status import StatusArea


class ResultPreview(QObject):
    """Keeps the preview pane showing the current result (or an asset asked for by id)."""

    def __init__(
        self, ctx: AppContext, search: SearchPanel, preview: PreviewPane, status: StatusArea
    ) -> None:
        super().__init__(preview)
        self.ctx, self.search, self.preview, self.status = ctx, search, preview, status
        self._seq = 0
        self._job: Job | None = None
        self._drag_copies: dict[int, Path] = {}
        self._clicked: set[tuple[str | None, int]] = set()
        search.current_changed.connect(self._current_changed)
        search.activated.connect(self._record_click)
        search.outcome_shown.connect(self._outcome_shown)
        search.view.drag_file = self._drag_copies.get
        search.view.dragged_out = self._dragged_out
        search.view.drag_not_ready = self._drag_not_ready

    def _current_changed(self, hit: Hit | None) -> None:
        if hit is None:
            return
        self.load(hit.asset_id, hit)

    def load(self, asset_id: int, hit: Hit | None) -> None:
        self._seq += 1
        seq = self._seq
        if self._job is not None:
            self._job.cancel()
        if hit is not None:
            self.preview.show_hit_header(hit)
        op = _asset_ops().preview(self.ctx, asset_id)
        op.success(lambda data: self._loaded(seq, hit, data))
        op.failure(lambda error: self._failed(seq, error))
        self._job = op.run()

    def _loaded(self, seq: int, hit: Hit | None, data: PreviewData) -> None:
        self._drag_copies[data.info.id] = data.drag_copy
        if seq != self._seq:
            return
        terms = snippet_terms(hit.snippet) if hit else []
        terms = terms or query_terms(self.search.box.text())
        self.preview.show_data(data, hit, terms)

    def _failed(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        text, _known = message_for(error)
        self.preview.clear(f"This file cannot be previewed.\n\n{text}")
        self.status.show(text, 8000)

    def _outcome_shown(self, _outcome: object) -> None:
        hit = self.search.current_hit()
        if (
            hit is not None
            and self.preview.data is not None
            and self.preview.data.info.id == hit.asset_id
        ):
            self.preview.show_hit_header(hit)

    def _record_click(self, hit: Hit, rank: int) -> None:
        key = (self.search.search_key, hit.asset_id)
        if key in self._clicked:
            return
        self._clicked.add(key)
        _asset_ops().record_click(self.ctx, hit.asset_id, self.search.search_key, rank).run()

    def _dragged_out(self, asset_id: int) -> None:
        _asset_ops().record_drag_out(self.ctx, asset_id).run()

    def _drag_not_ready(self, asset_id: int) -> None:
        self.status.show("Preparing the file for dragging — try again in a moment.", 4000)


def _asset_ops() -> ModuleType:
    """Operations modules load on first use, keeping them out of the start-up path."""
    from ..operations import assets

    return assets
