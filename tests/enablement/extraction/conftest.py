"""Fixtures for the extraction tests: small real files built on the fly, one shared pool."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from enablement.extraction import ExtractionPool

MIB = 1 << 20


def make_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    """Write a minimal, valid PDF with one line of Helvetica text per page."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    for index, text in enumerate(pages):
        content = b"BT /F1 18 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font_id, page_ids[index] + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Title (%s) >>" % (title or "").encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    info = b" /Info %d 0 R" % info_id if title else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, info, xref)
    path.write_bytes(bytes(out))
    return path


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Discovery call guide", level=1)
    document.add_paragraph("Ask about the budget before the demo.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Segment"
    table.cell(0, 1).text = "Healthcare"
    table.cell(1, 0).text = "Stage"
    table.cell(1, 1).text = "Discovery"
    document.sections[0].header.paragraphs[0].text = "Confidential header"
    document.sections[0].footer.paragraphs[0].text = "Footer page marker"
    document.save(str(path))
    return path


def make_pptx(path: Path) -> Path:
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    deck.core_properties.title = "Mid-market pitch"
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = "Why us"
    first.placeholders[1].text = "Fast onboarding"
    first.notes_slide.notes_text_frame.text = "Mention the pilot customer"
    second = deck.slides.add_slide(deck.slide_layouts[5])
    second.shapes.title.text = "Pricing"
    rows = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    rows.cell(0, 0).text = "Plan"
    rows.cell(1, 0).text = "Enterprise"
    deck.save(str(path))
    return path


@pytest.fixture(scope="module")
def pool() -> Iterator[ExtractionPool]:
    with ExtractionPool(workers=2, time_limit=30, memory_limit=512 * MIB) as shared:
        yield shared
