"""Multi-page PDFs drawn with Qt's own PDF writer (QPdfWriter + QTextDocument).

Each section starts a new page with a running header (vendor and title) and a
footer with the page number; a section longer than one page flows on. Runs
headless: when no Qt application exists, one is created on the offscreen
platform (a QApplication, so pytest-qt and widget tests can share it).
The module is named ``render_pdf`` rather than ``pdf`` so it can never be
mistaken for a PDF library on an import line.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from .spec import VENDOR, AssetSpec, Section

RESOLUTION = 144  # dots per inch; text stays vector, this only sets the layout grid
ACCENT = "#1f5c99"
_app: QApplication | None = None


def ensure_qt() -> None:
    """Make sure a Qt application exists; create an offscreen one if not."""
    global _app
    if QApplication.instance() is None:
        _app = QApplication(["enablement-demo", "-platform", "offscreen"])


def section_html(section: Section) -> str:
    """The body of one page as the rich-text subset QTextDocument understands."""
    parts = [f'<h2 style="color:{ACCENT}">{escape(section.heading)}</h2>']
    parts += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
    if section.bullets:
        parts.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in section.bullets) + "</ul>")
    if section.table:
        head, *rows = section.table
        cells = "".join(f'<th bgcolor="#dbe7f3">{escape(c)}</th>' for c in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows
        )
        table = '<table border="1" cellspacing="0" cellpadding="4" width="100%">'
        parts.append(f"{table}<tr>{cells}</tr>{body}</table>")
    if section.notes:
        parts.append(f"<p><i>{escape(section.notes)}</i></p>")
    return "".join(parts)


def render_pdf(spec: AssetSpec, path: Path) -> Path:
    """Write `spec` as a PDF at `path`, one or more pages per section."""
    ensure_qt()
    writer = QPdfWriter(str(path))
    writer.setTitle(spec.title)
    writer.setCreator(f"{VENDOR} Marketing")
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 22, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    try:
        width, height = float(writer.width()), float(writer.height())
        body = QRectF(0, 0.06 * height, width, 0.88 * height)
        number = 0
        for section in spec.sections:
            document = _document(section, writer, body.size())
            for page_in_section in range(max(1, document.pageCount())):
                if number:
                    writer.newPage()
                number += 1
                _chrome(painter, number, width, height)
                painter.save()
                painter.translate(body.left(), body.top())
                _draw_page(painter, document, body, page_in_section)
                painter.restore()
    finally:
        painter.end()
    return path


def _document(section: Section, writer: QPdfWriter, size: QSizeF) -> QTextDocument:
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(_font(10.5))
    document.setDocumentMargin(0)
    document.setPageSize(size)
    document.setHtml(section_html(section))
    return document


def _draw_page(
    painter: QPainter, document: QTextDocument, body: QRectF, page_in_section: int
) -> None:
    top = page_in_section * body.height()
    painter.translate(0, -top)
    document.drawContents(painter, QRectF(0, top, body.width(), body.height()))


def _chrome(painter: QPainter, number: int, width: float, height: float) -> None:
    """Running header and footer; their words are indexed too, kept short on purpose."""
    painter.save()
    painter.setFont(_font(8))
    painter.setPen(QColor(ACCENT))
    painter.drawText(QRectF(0, 0, width, 0.04 * height), Qt.AlignmentFlag.AlignLeft, VENDOR)
    painter.drawLine(0, int(0.045 * height), int(width), int(0.045 * height))
    painter.setPen(QColor("#666666"))
    footer = QRectF(0, 0.96 * height, width, 0.04 * height)
    painter.drawText(footer, Qt.AlignmentFlag.AlignRight, str(number))
    painter.restore()


def _font(points: float) -> QFont:
    """The body font without ligatures, so "workflow" is not extracted as "workﬂow"."""
    font = QFont("DejaVu Sans")
    font.setPointSizeF(points)
    for feature in ("liga", "clig"):
        font.setFeature(QFont.Tag(feature), 0)
    return font
