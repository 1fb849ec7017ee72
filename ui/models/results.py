"""Search results: a list model over the `Hit` dataclasses of one `Outcome`.

Display text is the plain title; the delegate draws the rest (tags, stars,
date, "new" badge, snippet). Only `SnippetRole` is rich text, sanitised.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QObject, Qt

from ..qtcompat import emit
from ..richtext import plain_snippet, plain_tooltip, safe_snippet
from .base import ROOT, AnyIndex

if TYPE_CHECKING:
    from enablement.services.searching import Hit


HitRole = Qt.ItemDataRole.UserRole + 1
SnippetRole = Qt.ItemDataRole.UserRole + 2
AssetIdRole = Qt.ItemDataRole.UserRole + 3
KindRole = Qt.ItemDataRole.UserRole + 4

KIND_LABELS = {
    "pdf": "PDF",
    "docx": "Word document",
    "pptx": "Presentation",
    "text": "Text",
    "html": "Web page",
    "other": "File",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.upper() or "File")


def stars_text(rating: float | None) -> str:
    if rating is None:
        return "☆☆☆☆☆"
    full = max(0, min(5, round(rating)))
    return "★" * full + "☆" * (5 - full)


def pages_text(pages: tuple[int, ...], kind: str) -> str:
    if not pages:
        return ""
    word = "slide" if kind == "pptx" else "p."
    shown = ", ".join(str(p) for p in pages[:6]) + ("…" if len(pages) > 6 else "")
    return f"{word} {shown}"


def tags_text(tags: dict[str, tuple[str, ...]]) -> str:
    return " · ".join(label for labels in tags.values() for label in labels)


def describe(hit: Hit) -> str:
    """A plain one-paragraph description for screen readers and tooltips."""
    parts = [hit.title, kind_label(hit.kind)]
    if hit.is_new:
        parts.append("new")
    if hit.rating is not None:
        parts.append(f"rated {hit.rating:.1f} of 5 by {hit.rating_count}")
    if hit.pages:
        parts.append(pages_text(hit.pages, hit.kind))
    parts.append(f"updated {hit.updated:%Y-%m-%d}")
    tags = tags_text(hit.tags)
    if tags:
        parts.append(tags)
    snippet = plain_snippet(hit.snippet)
    if snippet:
        parts.append(snippet)
    return ", ".join(parts)


class ResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self.icon_for: Callable[[str], Any] | None = None  # kind -> QIcon

    @property
    def hits(self) -> list[Hit]:
        return list(self._hits)

    def set_hits(self, hits: list[Hit] | tuple[Hit, ...]) -> None:
        new = list(hits)
        if [h.asset_id for h in new] == [h.asset_id for h in self._hits] and new:
            self._hits = new  # same rows: refresh in place, keep selection and scroll
            emit(self.dataChanged, self.index(0), self.index(len(new) - 1))
            return
        self.beginResetModel()
        self._hits = new
        self.endResetModel()

    def hit_at(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, asset_id: int) -> int:
        for row, hit in enumerate(self._hits):
            if hit.asset_id == asset_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        hit = self.hit_at(index.row())
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon_for(hit.kind) if self.icon_for else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(describe(hit))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return describe(hit)
        if role == HitRole:
            return hit
        if role == SnippetRole:
            return safe_snippet(hit.snippet)
        if role == AssetIdRole:
            return hit.asset_id
        if role == KindRole:
            return hit.kind
        return None
