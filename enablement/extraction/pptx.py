"""PowerPoint (.pptx/.pptm) text per slide: every shape (groups, tables) plus notes.

Like :mod:`.docx`, the container passes :func:`.ooxml.open_checked` first: python-pptx
inflates every member of the archive, even unreferenced ones, so a bomb anywhere must
be refused before it opens. Title: core properties, else the first slide's title.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import ooxml
from .docx import WARN_MACROS, WARN_MISSING_PARTS, _reason
from .errors import ExtractionError
from .result import Draft

LABEL = "PowerPoint"
MAX_GROUP_DEPTH = 20


def extract_pptx(path: Path) -> Draft:
    """One entry per slide: shape text in reading order, then speaker notes."""
    draft = Draft()
    with ooxml.open_checked(path) as archive:
        if ooxml.missing_targets(archive) or ooxml.missing_rels_items(archive):
            draft.warn(WARN_MISSING_PARTS)
        if ooxml.has_macros(archive):
            draft.warn(WARN_MACROS)
        has_props = ooxml.has_core_properties(archive)
    presentation = _open(path)
    first_title: str | None = None
    try:
        for slide in presentation.slides:
            lines = list(_shape_lines(slide.shapes, 0))
            if slide.has_notes_slide:
                notes = slide.notes_slide.notes_text_frame
                if notes is not None and notes.text:
                    lines.append(notes.text)
            draft.pages.append("\n".join(lines))
            title_shape = slide.shapes.title
            if first_title is None and title_shape is not None and title_shape.has_text_frame:
                first_title = title_shape.text_frame.text or None
        props_title = presentation.core_properties.title if has_props else None
    except KeyError as exc:
        raise ExtractionError("invalid", "a required part is missing", label=LABEL) from exc
    draft.title = props_title or first_title
    return draft


def _open(path: Path) -> Any:
    import pptx
    from pptx.exc import PackageNotFoundError

    try:
        return pptx.Presentation(str(path))
    except PackageNotFoundError as exc:
        raise ExtractionError("invalid", "the file is damaged or truncated", label=LABEL) from exc
    except KeyError as exc:
        raise ExtractionError("invalid", "a required part is missing", label=LABEL) from exc
    except MemoryError:
        raise
    except Exception as exc:
        raise ExtractionError("invalid", _reason(exc), label=LABEL) from exc


def _shape_lines(shapes: Any, depth: int) -> Iterator[str]:
    from pptx.shapes.group import GroupShape

    if depth > MAX_GROUP_DEPTH:
        return
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shape_lines(shape.shapes, depth + 1)  # group shape
            continue
        if getattr(shape, "has_text_frame", False) and shape.text_frame.text:
            yield shape.text_frame.text
        if getattr(shape, "has_table", False):
            for row in shape.table.rows:
                yield "\t".join(cell.text for cell in row.cells)
