"""The taxonomy as a tree: categories, their tags, tags nested under parent tags.

Built from the flat `TagDetail` list. Every node lives in one Python list and
an index carries the node's position in it as internal id (0 is the invisible
root), so `parent()` is a lookup and no Python object is handed to Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from .base import ROOT, AnyIndex, header_label, selectable_flags

if TYPE_CHECKING:
    from enablement.services.synonyms import TagDetail

TagRole = Qt.ItemDataRole.UserRole + 1
CategoryRole = Qt.ItemDataRole.UserRole + 2


@dataclass
class _Node:
    parent: int  # node id of the parent; -1 for the root
    row: int
    category: str  # slug
    label: str
    tag: TagDetail | None = None
    children: list[int] = field(default_factory=list)


class TaxonomyModel(QAbstractItemModel):
    COLUMNS = ("Category / tag", "Assets", "Synonyms")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._nodes: list[_Node] = [_Node(-1, 0, "", "")]

    def set_tags(self, categories: list[tuple[str, str]], tags: list[TagDetail]) -> None:
        """`categories` as (slug, label) in order; tags nest under their parent tag."""
        self.beginResetModel()
        self._nodes = [_Node(-1, 0, "", "")]
        by_slug: dict[str, int] = {}
        for slug, label in categories:
            by_slug[slug] = self._add(0, _Node(0, 0, slug, label))
        by_tag: dict[int, int] = {}
        pending = list(tags)
        known = {t.id for t in tags}
        while pending:  # parents first, whatever order the list came in
            later = []
            for tag in pending:
                parent_id = tag.parent_id if tag.parent_id in known else None
                if parent_id is not None and parent_id not in by_tag:
                    later.append(tag)
                    continue
                if parent_id is None and tag.category not in by_slug:
                    by_slug[tag.category] = self._add(
                        0, _Node(0, 0, tag.category, tag.category_label)
                    )
                parent = by_tag[parent_id] if parent_id is not None else by_slug[tag.category]
                by_tag[tag.id] = self._add(parent, _Node(parent, 0, tag.category, tag.label, tag))
            if len(later) == len(pending):  # a cycle: show the rest at the top of the category
                known -= {t.id for t in later}
            pending = later
        self.endResetModel()

    def _add(self, parent: int, node: _Node) -> int:
        node.parent = parent
        node.row = len(self._nodes[parent].children)
        self._nodes.append(node)
        self._nodes[parent].children.append(len(self._nodes) - 1)
        return len(self._nodes) - 1

    # -- access ------------------------------------------------------------------

    def _node(self, index: AnyIndex) -> _Node:
        if not index.isValid():
            return self._nodes[0]
        return self._nodes[index.internalId()]

    def tag_at(self, index: AnyIndex) -> TagDetail | None:
        return self._node(index).tag if index.isValid() else None

    def category_at(self, index: AnyIndex) -> str | None:
        return self._node(index).category if index.isValid() else None

    def index_of_tag(self, tag_id: int) -> QModelIndex:
        for node_id, node in enumerate(self._nodes):
            if node.tag is not None and node.tag.id == tag_id:
                return self.createIndex(node.row, 0, node_id)
        return QModelIndex()

    def index_of_category(self, slug: str) -> QModelIndex:
        for node_id in self._nodes[0].children:
            if self._nodes[node_id].category == slug:
                return self.createIndex(self._nodes[node_id].row, 0, node_id)
        return QModelIndex()

    # -- Qt model interface --------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = ROOT) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._node(parent).children
        if not (0 <= row < len(children) and 0 <= column < len(self.COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, child: AnyIndex = ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        parent_id = self._nodes[child.internalId()].parent
        if parent_id <= 0:
            return QModelIndex()
        return self.createIndex(self._nodes[parent_id].row, 0, parent_id)

    def rowCount(self, parent: AnyIndex = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = ROOT) -> int:
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        return header_label(self.COLUMNS, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return selectable_flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._nodes[index.internalId()]
        tag = node.tag
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(node, index.column(), role)
        if role == Qt.ItemDataRole.FontRole and tag is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and tag is not None and tag.retired:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                return app.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        if role == TagRole:
            return tag
        if role == CategoryRole:
            return node.category
        return None

    def _text(self, node: _Node, column: int, role: int) -> str:
        tag = node.tag
        if column == 0:
            suffix = " (retired)" if tag is not None and tag.retired else ""
            return node.label + suffix
        if tag is None:
            return ""
        if column == 1:
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"used by {tag.usage} assets"
            return str(tag.usage)
        return ", ".join(tag.synonyms)
