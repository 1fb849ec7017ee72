"""Word documents with python-docx: a title, a heading per section, body, tables.

Core properties carry the title and author, so the importer picks up the real
title rather than inventing one from the file name. Everything else is plain
styles from the default template: what a marketer's Word file looks like.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.shared import Pt, RGBColor

from .spec import VENDOR, AssetSpec, Section

# A fixed timestamp keeps the files byte-identical between runs (determinism).
FIXED_TIME = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def render_docx(spec: AssetSpec, path: Path) -> Path:
    """Write `spec` as a .docx at `path`."""
    document = docx.Document()
    props = document.core_properties
    props.title = spec.title
    props.author = f"{VENDOR} Marketing"
    props.subject = spec.description[:250]
    props.language = {"German": "de-DE", "French": "fr-FR", "Spanish": "es-ES"}.get(
        spec.language, "en-US"
    )
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_heading(spec.title, level=0)
    byline = document.add_paragraph(f"{VENDOR} · {', '.join(spec.situation)}")
    byline.runs[0].font.color.rgb = RGBColor(0x1F, 0x5C, 0x99)
    for section in spec.sections:
        _add_section(document, section)
    document.save(str(path))
    return path


def _add_section(document: docx.document.Document, section: Section) -> None:
    document.add_heading(section.heading, level=1)
    for text in section.paragraphs:
        document.add_paragraph(text)
    for text in section.bullets:
        document.add_paragraph(text, style="List Bullet")
    if section.table:
        _add_table(document, section.table)
    if section.notes:
        note = document.add_paragraph()
        note.add_run(section.notes).italic = True


def _add_table(document: docx.document.Document, rows: tuple[tuple[str, ...], ...]) -> None:
    head, *body = rows
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = text
    for row in body:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.add_paragraph()
