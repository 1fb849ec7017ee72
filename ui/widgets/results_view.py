"""The results list: a delegate that draws one hit per row, and drag-out of files.

Title, tags and dates are drawn with `drawText` (plain text, never parsed as
markup); the snippet is the only rich text, already sanitised by the model.
Dragging a row offers the prepared temporary copy of its file as a file URL,
so a file manager or mail client receives a real file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QAbstractTextDocumentLayout, QDrag, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..models.results import HitRole, SnippetRole, kind_label, pages_text, stars_text, tags_text

if TYPE_CHECKING:
    from enablement.services.searching import Hit

PAD = 6
ICON = 24


class ResultDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        return QSize(300, PAD * 2 + line * 4 + 4)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        hit: Hit | None = index.data(HitRole)
        if hit is None:
            return
        painter.save()
        widget = option.widget
        style = widget.style() if widget else None
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = type(opt.icon)()
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = option.rect
        metrics = option.fontMetrics
        line = metrics.height()
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            icon.paint(painter, QRect(rect.left() + PAD, rect.top() + PAD, ICON, ICON))
        left = rect.left() + PAD * 2 + ICON
        width = rect.right() - left - PAD
        y = rect.top() + PAD

        # line 1: title (plain, bold) … badge, stars, date on the right
        right_text = f"{stars_text(hit.rating)}  {hit.updated:%Y-%m-%d}"
        right_w = metrics.horizontalAdvance(right_text) + PAD
        badge_w = metrics.horizontalAdvance(" NEW ") + PAD if hit.is_new else 0
        painter.setPen(palette.color(text_role))
        title_font = painter.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        title_w = max(20, width - right_w - badge_w)
        title = painter.fontMetrics().elidedText(hit.title, Qt.TextElideMode.ElideRight, title_w)
        painter.drawText(QRect(left, y, title_w, line), Qt.TextFlag.TextSingleLine, title)
        title_font.setBold(False)
        painter.setFont(title_font)
        if hit.is_new:
            badge = QRect(left + title_w + 2, y + 1, badge_w - PAD, line - 2)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(badge, 4, 4)
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "NEW")
            painter.setPen(palette.color(text_role))
        painter.drawText(
            QRect(rect.right() - right_w, y, right_w - PAD, line),
            Qt.AlignmentFlag.AlignRight | Qt.TextFlag.TextSingleLine,
            right_text,
        )

        # line 2: type · pages · tags (plain, muted)
        y += line + 2
        muted = (
            palette.color(text_role)
            if selected
            else palette.color(QPalette.ColorRole.PlaceholderText)
        )
        painter.setPen(muted)
        meta = " · ".join(
            part
            for part in (kind_label(hit.kind), pages_text(hit.pages, hit.kind), tags_text(hit.tags))
            if part
        )
        painter.drawText(
            QRect(left, y, width, line),
            Qt.TextFlag.TextSingleLine,
            metrics.elidedText(meta, Qt.TextElideMode.ElideRight, width),
        )

        # lines 3-4: the highlighted snippet (sanitised rich text)
        y += line + 2
        snippet = index.data(SnippetRole) or ""
        if snippet:
            doc = QTextDocument()
            doc.setDefaultFont(painter.font())
            doc.setDocumentMargin(0)
            doc.setHtml(snippet)
            doc.setTextWidth(width)
            painter.translate(left, y)
            clip = QRect(0, 0, width, line * 2)
            painter.setClipRect(clip)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, palette.color(text_role))
            context.clip = clip.toRectF()
            doc.documentLayout().draw(painter, context)
        painter.restore()


class ResultsView(QListView):
    """A list that drags out real files: `drag_file` returns the prepared copy, if any."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(ResultDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.drag_file: Callable[[int], Path | None] = lambda _asset_id: None
        self.dragged_out: Callable[[int], None] = lambda _asset_id: None
        self.drag_not_ready: Callable[[int], None] = lambda _asset_id: None

    def mime_for(self, asset_id: int) -> QMimeData | None:
        path = self.drag_file(asset_id)
        if path is None:
            return None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        return mime

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        index = self.currentIndex()
        hit = index.data(HitRole) if index.isValid() else None
        if hit is None:
            return
        mime = self.mime_for(hit.asset_id)
        if mime is None:
            self.drag_not_ready(hit.asset_id)
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            drag.setPixmap(icon.pixmap(32, 32))
        if drag.exec(Qt.DropAction.CopyAction) != Qt.DropAction.IgnoreAction:
            self.dragged_out(hit.asset_id)
