"""PowerPoint decks with python-pptx: a title slide, then one slide per section.

Slides carry a title and short bullets; the paragraphs of a section become the
speaker notes, which is where real decks keep the talk track. Tables become a
slide table. Core properties carry the deck title for the importer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pptx
from pptx.util import Emu, Inches, Pt

from .render_docx import FIXED_TIME
from .spec import VENDOR, AssetSpec, Section

TITLE_LAYOUT, CONTENT_LAYOUT, TITLE_ONLY_LAYOUT = 0, 1, 5


def render_pptx(spec: AssetSpec, path: Path) -> Path:
    """Write `spec` as a .pptx at `path`."""
    deck = pptx.Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    props = deck.core_properties
    props.title = spec.title
    props.author = f"{VENDOR} Marketing"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    cover = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    cover.shapes.title.text = spec.title
    cover.placeholders[1].text = f"{VENDOR} · {spec.description.split('.')[0]}"
    for section in spec.sections:
        _add_slide(deck, section)
    deck.save(str(path))
    return path


def _add_slide(deck: Any, section: Section) -> None:
    if section.table:
        slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        slide.shapes.title.text = section.heading
        _add_table(deck, slide, section.table)
    else:
        slide = deck.slides.add_slide(deck.slide_layouts[CONTENT_LAYOUT])
        slide.shapes.title.text = section.heading
        frame = slide.placeholders[1].text_frame
        bullets = section.bullets or tuple(p.split(". ")[0] for p in section.paragraphs)
        frame.text = bullets[0] if bullets else ""
        for text in bullets[1:]:
            frame.add_paragraph().text = text
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(20)
    notes = "\n\n".join(section.paragraphs + ((section.notes,) if section.notes else ()))
    if notes:
        slide.notes_slide.notes_text_frame.text = notes


def _add_table(deck: Any, slide: Any, rows: tuple[tuple[str, ...], ...]) -> None:
    left, top = Inches(0.6), Inches(1.6)
    width = Emu(deck.slide_width - 2 * left)
    shape = slide.shapes.add_table(
        len(rows), len(rows[0]), left, top, width, Inches(0.4) * len(rows)
    )
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = shape.table.cell(r, c)
            cell.text = text
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(14)
