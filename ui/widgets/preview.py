"""Preview pane: PDFs rendered with QtPdf at the first matching page with the
terms highlighted; Word, PowerPoint and text files as page/slide texts.

QtPdf is imported the first time a PDF is shown, not at start-up. Titles are
plain text; page texts are escaped before the matching words are marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPointF, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon
from ..models.results import kind_label, pages_text, stars_text
from ..richtext import highlight_terms

if TYPE_CHECKING:
    from enablement.services.searching import Hit

    from ..operations.assets import PreviewData


class PreviewPane(QWidget):
    open_requested = Signal()
    export_requested = Signal()
    rate_requested = Signal()
    kit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview")
        self.data: PreviewData | None = None
        self.terms: list[str] = []
        self._hit_pages: list[int] = []  # 1-based pages with hits (text previews)
        self._hit_pos = 0
        self._pdf: Any = None  # (document, view, search model) once QtPdf is loaded

        self.title = QLabel(self)
        self.title.setObjectName("previewTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel(self)
        self.meta.setObjectName("previewMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, icon_name, tip in (
            ("open", "Open", "open", "Open in its application (Ctrl+O)"),
            ("export", "Export…", "export", "Copy the file to a folder (Ctrl+E)"),
            ("rate", "Rate…", "rate", "Rate this material (Ctrl+R)"),
            ("kit", "Add to kit", "kit-add", "Add to a pitch kit (Ctrl+D)"),
            ("previous", "", "previous", "Previous match (Shift+F3)"),
            ("next", "", "next", "Next match (F3)"),
        ):
            button = QToolButton(self)
            button.setObjectName(f"preview_{name}")
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                if text
                else Qt.ToolButtonStyle.ToolButtonIconOnly
            )
            bind_icon(button, icon_name)
            bar.addWidget(button)
            self.buttons[name] = button
            if name == "kit":
                bar.addStretch(1)
        self.hit_label = QLabel(self)
        self.hit_label.setObjectName("hitPosition")
        bar.insertWidget(bar.count() - 2, self.hit_label)
        self.buttons["open"].clicked.connect(self.open_requested)
        self.buttons["export"].clicked.connect(self.export_requested)
        self.buttons["rate"].clicked.connect(self.rate_requested)
        self.buttons["kit"].clicked.connect(self.kit_requested)
        self.buttons["previous"].clicked.connect(self.previous_hit)
        self.buttons["next"].clicked.connect(self.next_hit)

        self.placeholder = QLabel("Select a result to preview it here.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.text = QTextBrowser(self)
        self.text.setObjectName("textPreview")
        self.text.setAccessibleName("Document text")
        self.text.setOpenLinks(False)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.clear()

    # -- state -----------------------------------------------------------------

    def clear(self, message: str = "Select a result to preview it here.") -> None:
        self.data = None
        self.title.setText("")
        self.meta.setText("")
        self.placeholder.setText(message)
        self.stack.setCurrentWidget(self.placeholder)
        self.hit_label.setText("")
        for button in self.buttons.values():
            button.setEnabled(False)

    def show_hit_header(self, hit: Hit) -> None:
        """Show what is known at once while the file loads on the worker."""
        self.title.setText(hit.title)
        parts = [kind_label(hit.kind), f"updated {hit.updated:%Y-%m-%d}", stars_text(hit.rating)]
        if hit.rating_count:
            parts[-1] += f" ({hit.rating_count})"
        if hit.pages:
            parts.append("matches on " + pages_text(hit.pages, hit.kind))
        self.meta.setText("  ·  ".join(parts))

    def show_data(self, data: PreviewData, hit: Hit | None, terms: list[str]) -> None:
        self.data = data
        self.terms = terms
        self.title.setText(data.info.title)
        for button in self.buttons.values():
            button.setEnabled(True)
        pages = list(hit.pages) if hit else []
        if data.info.kind == "pdf":
            self._show_pdf(data, pages, terms)
        else:
            self._show_text(data, pages, terms)

    # -- text previews ---------------------------------------------------------

    def _show_text(self, data: PreviewData, pages: list[int], terms: list[str]) -> None:
        word = "Slide" if data.info.kind == "pptx" else "Page"
        parts = []
        for number, text in enumerate(data.pages, start=1):
            body = highlight_terms(text, terms).replace("\n", "<br>")
            parts.append(f"<h3><a name='page{number}'></a>{word} {number}</h3><p>{body}</p><hr>")
        if not parts:
            parts.append("<p><i>No text could be extracted from this file.</i></p>")
        self.text.setHtml("".join(parts))
        self._hit_pages = pages or self._pages_with_terms(data.pages, terms)
        self._hit_pos = 0
        self.stack.setCurrentWidget(self.text)
        self._go_text()

    @staticmethod
    def _pages_with_terms(pages: tuple[str, ...], terms: list[str]) -> list[int]:
        lowered = [t.lower() for t in terms]
        return [
            n for n, text in enumerate(pages, start=1) if any(t in text.lower() for t in lowered)
        ]

    def _go_text(self) -> None:
        if not self._hit_pages:
            self.hit_label.setText("")
            return
        page = self._hit_pages[self._hit_pos]
        self.text.scrollToAnchor(f"page{page}")
        self.hit_label.setText(f"match {self._hit_pos + 1} of {len(self._hit_pages)} (page {page})")

    # -- PDF previews ----------------------------------------------------------

    def _pdf_parts(self) -> Any:
        if self._pdf is None:
            from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
            from PySide6.QtPdfWidgets import QPdfView

            document = QPdfDocument(self)
            view = QPdfView(self)
            view.setObjectName("pdfPreview")
            view.setAccessibleName("PDF preview")
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setDocument(document)
            search = QPdfSearchModel(self)
            search.setDocument(document)
            view.setSearchModel(search)
            self.stack.addWidget(view)
            self._pdf = (document, view, search)
        return self._pdf

    def _show_pdf(self, data: PreviewData, pages: list[int], terms: list[str]) -> None:
        document, view, search = self._pdf_parts()
        document.close()
        document.load(str(data.path))
        self.stack.setCurrentWidget(view)
        search.setSearchString(max(terms, key=len) if terms else "")
        self._hit_pages = pages
        self._hit_pos = 0
        first = (pages[0] - 1) if pages else 0
        self.go_to_page(first)
        count = document.pageCount()
        self.hit_label.setText(
            f"page {first + 1} of {count}" + (f" · matches on {len(pages)} pages" if pages else "")
        )

    def go_to_page(self, page: int) -> None:
        _document, view, _search = self._pdf_parts()
        view.pageNavigator().jump(page, QPointF(), view.pageNavigator().currentZoom())

    def current_page(self) -> int:
        """0-based page shown in the PDF view, or the text preview's hit page - 1."""
        if self._pdf is not None and self.stack.currentWidget() is self._pdf[1]:
            view: Any = self._pdf[1]
            return int(view.pageNavigator().currentPage())
        return self._hit_pages[self._hit_pos] - 1 if self._hit_pages else 0

    def pdf_search_model(self) -> Any:
        return self._pdf[2] if self._pdf is not None else None

    # -- hit navigation --------------------------------------------------------

    def next_hit(self) -> None:
        self._step(+1)

    def previous_hit(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if self.data is None:
            return
        if self.data.info.kind == "pdf":
            self._step_pdf(delta)
            return
        if self._hit_pages:
            self._hit_pos = (self._hit_pos + delta) % len(self._hit_pages)
            self._go_text()

    def _step_pdf(self, delta: int) -> None:
        _document, view, search = self._pdf_parts()
        count = search.rowCount(QModelIndex())
        if count:
            position = (view.currentSearchResultIndex() + delta) % count
            view.setCurrentSearchResultIndex(position)
            link = search.resultAtIndex(position)
            view.pageNavigator().jump(link)
            self.hit_label.setText(f"match {position + 1} of {count} (page {link.page() + 1})")
        elif self._hit_pages:
            self._hit_pos = (self._hit_pos + delta) % len(self._hit_pages)
            self.go_to_page(self._hit_pages[self._hit_pos] - 1)
            self.hit_label.setText(f"page {self._hit_pages[self._hit_pos]}")
